"""Part of the content app's URLs (``content/urls.py`` joins them under the ``content`` namespace): the
calendar (month, week, list), posts, approval, the settings and the frequency plan, and the approvals inbox."""

from django.urls import URLPattern, path

from cadence.content.views import approvals, calendar, posts, setup

urlpatterns: list[URLPattern] = [
    path("e/<uuid:engagement>/calendar/", calendar.month, name="calendar"),
    path("e/<uuid:engagement>/calendar/week/", calendar.week, name="calendar-week"),
    path("e/<uuid:engagement>/calendar/list/", calendar.post_list, name="calendar-list"),
    path("e/<uuid:engagement>/calendar/settings/", setup.calendar_settings, name="calendar-settings"),
    path("e/<uuid:engagement>/calendar/frequency/", setup.frequency, name="calendar-frequency"),
    path("e/<uuid:engagement>/posts/new/", posts.post_new, name="post-new"),
    path("e/<uuid:engagement>/posts/<uuid:post>/", posts.post_detail, name="post-detail"),
    path("e/<uuid:engagement>/posts/<uuid:post>/edit/", posts.post_edit, name="post-edit"),
    path("e/<uuid:engagement>/posts/<uuid:post>/status/", posts.post_status, name="post-status"),
    path("e/<uuid:engagement>/posts/<uuid:post>/approve/", posts.post_approve, name="post-approve"),
    path("e/<uuid:engagement>/posts/<uuid:post>/request-changes/", posts.post_request_changes,
         name="post-request-changes"),
    path("e/<uuid:engagement>/posts/<uuid:post>/delete/", posts.post_delete, name="post-delete"),
    path("approvals/", approvals.approvals, name="approvals"),
]
