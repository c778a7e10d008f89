"""Engagement screens, included under ``w/<slug:workspace>/`` (every view gets ``workspace``)."""

from django.urls import path

from cadence.engagements.views import contract, engagements, templates, time, timeline, timesheet

app_name = "engagements"

urlpatterns = [
    # engagements
    path("engagements/new/", engagements.engagement_new, name="engagement-new"),
    path("engagements/new/preview/", engagements.engagement_preview, name="engagement-preview"),
    path("e/<uuid:engagement>/", timeline.engagement_detail, name="engagement-detail"),
    path("e/<uuid:engagement>/gantt.svg", timeline.engagement_gantt, name="engagement-gantt"),
    path("e/<uuid:engagement>/timeline.png", timeline.engagement_timeline_download, {"fmt": "png"},
         name="engagement-timeline-png"),
    path("e/<uuid:engagement>/timeline.pdf", timeline.engagement_timeline_download, {"fmt": "pdf"},
         name="engagement-timeline-pdf"),
    path("e/<uuid:engagement>/timeline.svg", timeline.engagement_timeline_download, {"fmt": "svg"},
         name="engagement-timeline-svg"),
    path("e/<uuid:engagement>/edit/", engagements.engagement_edit, name="engagement-edit"),
    path("e/<uuid:engagement>/phases/", engagements.phase_edit, name="phase-edit"),
    path("e/<uuid:engagement>/phases/preview/", engagements.phase_preview, name="phase-preview"),
    path("e/<uuid:engagement>/phases/<slug:phase>/complete/", timeline.phase_complete, name="phase-complete"),
    path("e/<uuid:engagement>/phases/<slug:phase>/keep-open/", timeline.phase_keep_open, name="phase-keep-open"),
    path("e/<uuid:engagement>/gates/<slug:gate>/", timeline.gate_record, name="gate-record"),
    path("e/<uuid:engagement>/gates/<slug:gate>/approve/", timeline.gate_approve, name="gate-approve"),
    path("e/<uuid:engagement>/history/", engagements.engagement_history, name="engagement-history"),
    path("e/<uuid:engagement>/contract/", contract.terms_list, name="engagement-terms"),
    # time
    path("e/<uuid:engagement>/time/", time.time_list, name="time-list"),
    path("e/<uuid:engagement>/time/<uuid:entry>/edit/", time.time_edit, name="time-edit"),
    path("e/<uuid:engagement>/time/<uuid:entry>/delete/", time.time_delete, name="time-delete"),
    path("e/<uuid:engagement>/time/<uuid:entry>/restore/", time.time_restore, name="time-restore"),
    path("time/week/", timesheet.time_week, name="time-week"),
    path("e/<uuid:engagement>/overrides/new/", time.override_new, name="override-new"),
    path("e/<uuid:engagement>/time/months/<int:month>/", time.month_close, name="time-month-close"),
    # process templates
    path("templates/", templates.template_list, name="template-list"),
    path("templates/<uuid:template>/", templates.template_detail, name="template-detail"),
    path("templates/<uuid:template>/copy/", templates.template_copy, name="template-copy"),
    path("templates/<uuid:template>/edit/", templates.template_edit, name="template-edit"),
    path("templates/<uuid:template>/preview/", templates.template_preview, name="template-preview"),
]
