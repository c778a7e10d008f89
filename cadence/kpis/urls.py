"""KPI screens, included under ``w/<slug:workspace>/``."""

from django.urls import path

from cadence.kpis import views

app_name = "kpis"

K = "e/<uuid:engagement>/kpis/<uuid:kpi>/"

urlpatterns = [
    path("e/<uuid:engagement>/kpis/", views.kpi_list, name="list"),
    path("e/<uuid:engagement>/kpis/new/", views.kpi_new, name="kpi-new"),
    path("e/<uuid:engagement>/kpis/import-plan/", views.import_plan, name="import-plan"),
    path(K, views.kpi_page, name="kpi"),
    path(K + "edit/", views.kpi_edit, name="kpi-edit"),
    path(K + "delete/", views.kpi_delete, name="kpi-delete"),
    path(K + "entries/", views.entry_add, name="entry-add"),
    path(K + "entries/<uuid:kpi_entry>/delete/", views.entry_delete, name="entry-delete"),
    path(K + "reviews/", views.control_point_add, name="control-point-add"),
    path(K + "reviews/<uuid:kpi_review>/decision/", views.decision_record, name="decision-record"),
    path(K + "reviews/<uuid:kpi_review>/delete/", views.control_point_delete, name="control-point-delete"),
    path("kpi-alerts/", views.alert_list, name="alerts"),
    path("kpi-alerts/read/", views.alerts_read, name="alerts-read"),
]
