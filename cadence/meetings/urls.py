"""Meeting screens, included under ``w/<slug:workspace>/``."""

from django.urls import path

from cadence.meetings import views

app_name = "meetings"

M = "e/<uuid:engagement>/meetings/<uuid:meeting>/"

urlpatterns = [
    path("e/<uuid:engagement>/meetings/", views.meeting_list, name="list"),
]
