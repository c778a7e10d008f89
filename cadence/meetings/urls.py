"""Meeting screens, included under ``w/<slug:workspace>/``."""

from django.urls import path

from cadence.meetings import views

app_name = "meetings"

M = "e/<uuid:engagement>/meetings/<uuid:meeting>/"

urlpatterns = [
    path("e/<uuid:engagement>/meetings/", views.meeting_list, name="list"),
    path("e/<uuid:engagement>/meetings/new/", views.meeting_new, name="meeting-new"),
    path(M, views.meeting_page, name="meeting"),
    path(M + "edit/", views.meeting_edit, name="meeting-edit"),
    path(M + "cancel/", views.meeting_cancel, name="meeting-cancel"),
    path(M + "cancel-series/", views.series_cancel, name="series-cancel"),
    path(M + "minutes/", views.minutes_edit, name="minutes"),
    path(M + "close/", views.meeting_close, name="meeting-close"),
    path(M + "invitation.ics", views.meeting_ics, name="meeting-ics"),
    path(M + "agenda/", views.agenda_add, name="agenda-add"),
    path(M + "agenda/<uuid:agenda_item>/delete/", views.agenda_delete, name="agenda-delete"),
    path(M + "decisions/", views.decision_add, name="decision-add"),
    path(M + "decisions/<uuid:decision>/delete/", views.decision_delete, name="decision-delete"),
    path(M + "actions/", views.action_add, name="action-add"),
    path(M + "actions/<uuid:action_item>/delete/", views.action_delete, name="action-delete"),
    path(M + "actions/to-tasks/", views.actions_to_tasks, name="actions-to-tasks"),
]
