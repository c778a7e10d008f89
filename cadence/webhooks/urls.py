"""Webhook screens, included under ``w/<slug:workspace>/``."""

from django.urls import path

from cadence.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("webhooks/", views.endpoint_list, name="endpoint-list"),
    path("webhooks/new/", views.endpoint_new, name="endpoint-new"),
    path("webhooks/<uuid:endpoint>/", views.endpoint_detail, name="endpoint"),
    path("webhooks/<uuid:endpoint>/edit/", views.endpoint_edit, name="endpoint-edit"),
    path("webhooks/<uuid:endpoint>/delete/", views.endpoint_delete, name="endpoint-delete"),
    path("webhooks/<uuid:endpoint>/rotate-secret/", views.rotate_secret, name="endpoint-rotate"),
    path("webhooks/<uuid:endpoint>/test/", views.send_test, name="endpoint-test"),
    path("webhooks/<uuid:endpoint>/deliveries/<uuid:webhook_delivery>/redeliver/", views.redeliver,
         name="delivery-redeliver"),
]
