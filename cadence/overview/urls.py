"""The overview's screens, included under ``w/<slug:workspace>/``."""

from django.urls import path

from cadence.overview import views

app_name = "overview"

urlpatterns = [
    path("overview/", views.overview, name="overview"),
    path("overview/capacity/", views.capacity, name="capacity"),
]
