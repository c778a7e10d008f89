"""Marketing plan screens, included under ``w/<slug:workspace>/`` (every view gets ``workspace``)."""

from django.urls import path

from cadence.plans.views import goals, overview, sections, versions

app_name = "plans"

urlpatterns = [
    path("plans/", overview.plan_list, name="plan-list"),
    path("e/<uuid:engagement>/plan/", overview.plan_overview, name="plan-overview"),
    path("e/<uuid:engagement>/plan/start/", overview.plan_start, name="plan-start"),
    path("e/<uuid:engagement>/plan/submit/", overview.plan_submit, name="plan-submit"),
    path("e/<uuid:engagement>/plan/review/", overview.plan_review, name="plan-review"),
    path("e/<uuid:engagement>/plan/save-template/", overview.template_save, name="template-save"),
    path("e/<uuid:engagement>/plan/from-template/", overview.template_start, name="template-start"),
    path("e/<uuid:engagement>/plan/brief/", sections.plan_brief, name="plan-brief"),
    path("e/<uuid:engagement>/plan/goals/", goals.plan_goals, name="plan-goals"),
    path("e/<uuid:engagement>/plan/s/<slug:section>/", sections.plan_section, name="plan-section"),
    path("e/<uuid:engagement>/plan/r/<slug:kind>/new/", sections.record_new, name="record-new"),
    path("e/<uuid:engagement>/plan/r/<slug:kind>/<uuid:record>/edit/", sections.record_edit, name="record-edit"),
    path("e/<uuid:engagement>/plan/r/<slug:kind>/<uuid:record>/delete/", sections.record_delete,
         name="record-delete"),
    path("e/<uuid:engagement>/plan/versions/", versions.version_list, name="version-list"),
    path("e/<uuid:engagement>/plan/versions/compare/", versions.version_compare, name="version-compare"),
    path("e/<uuid:engagement>/plan/v/<int:version>/", versions.version_detail, name="version-detail"),
    path("e/<uuid:engagement>/plan/v/<int:version>/plan.pdf", versions.version_export, {"fmt": "pdf"},
         name="version-export-pdf"),
    path("e/<uuid:engagement>/plan/v/<int:version>/plan.docx", versions.version_export, {"fmt": "docx"},
         name="version-export-docx"),
    path("e/<uuid:engagement>/plan/v/<int:version>/plan.md", versions.version_export, {"fmt": "md"},
         name="version-export-md"),
]
