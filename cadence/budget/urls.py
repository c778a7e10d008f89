"""Budget screens, included under ``w/<slug:workspace>/``."""

from django.urls import path

from cadence.budget import views

app_name = "budget"

urlpatterns = [
    path("e/<uuid:engagement>/budget/", views.budget, name="budget"),
    path("e/<uuid:engagement>/budget/export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("e/<uuid:engagement>/budget/settings/", views.budget_settings, name="settings"),
    path("e/<uuid:engagement>/budget/month/", views.month_edit, name="month-edit"),
    path("e/<uuid:engagement>/budget/lines/new/", views.line_new, name="line-new"),
    path("e/<uuid:engagement>/budget/lines/<uuid:budget_line>/edit/", views.line_edit, name="line-edit"),
    path("e/<uuid:engagement>/budget/lines/<uuid:budget_line>/delete/", views.line_delete, name="line-delete"),
    path("e/<uuid:engagement>/budget/lines/<uuid:budget_line>/move/", views.line_move, name="line-move"),
]
