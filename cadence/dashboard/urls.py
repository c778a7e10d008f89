"""The dashboard's screen, included under ``w/<slug:workspace>/``."""

from django.urls import path

from cadence.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("e/<uuid:engagement>/dashboard/", views.dashboard, name="dashboard"),
]
