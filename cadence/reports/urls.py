"""Report screens, included under ``w/<slug:workspace>/``."""

from django.urls import path

from cadence.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/settings/", views.report_settings, name="settings"),
    path("e/<uuid:engagement>/reports/", views.report_list, name="list"),
    path("e/<uuid:engagement>/reports/open/", views.report_open, name="report-open"),
    path("e/<uuid:engagement>/reports/archive/", views.archive, name="archive"),
    path("e/<uuid:engagement>/reports/archive/<uuid:delivery>.pdf", views.delivery_pdf, name="delivery-pdf"),
    path("e/<uuid:engagement>/reports/<uuid:report>/", views.report_page, name="report"),
    path("e/<uuid:engagement>/reports/<uuid:report>/report.pdf", views.report_pdf, name="report-pdf"),
    path("e/<uuid:engagement>/reports/<uuid:report>/narrative/", views.narrative, name="narrative"),
    path("e/<uuid:engagement>/reports/<uuid:report>/narrative/reset/", views.narrative_reset, name="narrative-reset"),
    path("e/<uuid:engagement>/reports/<uuid:report>/send/", views.send, name="send"),
]
