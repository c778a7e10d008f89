"""Notification screens, included under ``w/<slug:workspace>/``."""

from django.urls import path

from cadence.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/bell/", views.bell, name="bell"),
    path("notifications/read/", views.mark_read, name="read"),
    path("notifications/open/", views.follow, name="follow"),
    path("notifications/settings/", views.preferences, name="preferences"),
]
