"""Read models of the notifications: a person's unread count (the bell), their list (unread first), their
preferences per kind, and each notification worded in the active language (the list, the API and the emails
word it the same way: ``message`` and ``detail``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from cadence.core.calendar_names import month_in_sentence
from cadence.core.models import ClientAccess, Membership, Role
from cadence.engagements import access as engagement_access
from cadence.notifications.domain.kinds import DEFAULTS, KINDS, Channel, channel_for
from cadence.notifications.models import Notification, Preference

PAGE_SIZE = 50


def kind_label(kind: str) -> str:
    labels = {
        "comment.mentioned": _("You are mentioned in a comment"),
        "plan.submitted": _("A plan waits for your approval"),
        "plan.approved": _("A plan is approved"),
        "plan.changes_requested": _("Changes are requested to a plan"),
        "post.review_requested": _("A post waits for approval"),
        "post.approved": _("A post is approved"),
        "post.changes_requested": _("Changes are requested to a post"),
        "task.assigned": _("A task is assigned to you"),
        "task.due_tomorrow": _("A task of yours is due tomorrow"),
        "kpi.status_worsened": _("A KPI's status worsened"),
        "hours.threshold": _("A month's hours reached 80 % or 100 %"),
        "import.finished": _("Your import is finished"),
        "import.failed": _("Your import failed"),
        "gate.passed": _("A gate is passed"),
        "report.sent": _("A monthly report is sent"),
    }
    return labels.get(kind, kind)


def channel_label(channel: str) -> str:
    labels = {Channel.APP.value: _("In the app"), Channel.EMAIL.value: _("Email immediately"),
              Channel.DIGEST.value: _("Daily digest"), Channel.OFF.value: _("Off")}
    return labels.get(channel, channel)


def _month_text(value: Any) -> str:
    """The month ("2026-11") inside a sentence."""
    try:
        year, month = (int(x) for x in str(value).split("-")[:2])
        return month_in_sentence(dt.date(year, month, 1))
    except (TypeError, ValueError):
        return str(value or "")


def message(n: Notification) -> str:
    """One sentence saying what happened, in the active language."""
    data = n.data or {}
    actor = n.actor.display_name if n.actor_id is not None and n.actor is not None else _("Someone")
    words: dict[str, Any] = {"actor": actor, "title": n.title, "version": data.get("version", ""),
                             "month": _month_text(data.get("month")), "level": data.get("level", ""),
                             "old": data.get("old_label") or data.get("old", ""),
                             "new": data.get("new_label") or data.get("new", "")}
    if n.kind == "kpi.status_worsened":
        from cadence.kpis import queries as kpi_queries

        words["old"] = kpi_queries.status_label(str(data.get("old", "")))
        words["new"] = kpi_queries.status_label(str(data.get("new", "")))
    texts = {
        "comment.mentioned": _("%(actor)s mentioned you in a comment on “%(title)s”."),
        "plan.submitted": _("%(actor)s asks for your approval of version %(version)s of the plan."),
        "plan.approved": _("%(actor)s approved version %(version)s of the plan."),
        "plan.changes_requested": _("%(actor)s asked for changes to version %(version)s of the plan."),
        "post.review_requested": _("The post “%(title)s” waits for your approval."),
        "post.approved": _("%(actor)s approved the post “%(title)s”."),
        "post.changes_requested": _("%(actor)s asked for changes to the post “%(title)s”."),
        "task.assigned": _("%(actor)s assigned the task “%(title)s” to you."),
        "task.due_tomorrow": _("The task “%(title)s” is due tomorrow."),
        "kpi.status_worsened": _("The status of the KPI “%(title)s” worsened from “%(old)s” to “%(new)s”."),
        "hours.threshold": _("The hours logged in %(month)s reached %(level)s %% of the hours available that month."),
        "import.finished": _("The import of “%(title)s” is finished."),
        "import.failed": _("The import of “%(title)s” failed."),
        "gate.passed": _("The gate “%(title)s” is passed."),
        "report.sent": _("%(actor)s sent the monthly report of %(month)s to the client."),
    }
    text = texts.get(n.kind)
    return text % words if text else n.title


def detail(n: Notification) -> str:
    """What the notification adds to its sentence (a comment's excerpt, a KPI's reason, an import's error)."""
    data = n.data or {}
    if n.kind == "kpi.status_worsened" and data.get("code"):
        from cadence.kpis import queries as kpi_queries

        return kpi_queries.status_reason(str(data["code"]), dict(data.get("params") or {}))
    if n.kind == "comment.mentioned":
        return str(data.get("excerpt", ""))
    if n.kind == "import.failed":
        return str(data.get("error", ""))
    return ""


def subject(n: Notification) -> str:
    """The email's subject (one line): the engagement's name and the sentence."""
    text = message(n)
    if n.engagement_id is not None and n.engagement is not None:
        text = _("%(engagement)s: %(message)s") % {"engagement": n.engagement.name, "message": text}
    return " ".join(text.split())[:250]


def link(n: Notification) -> str:
    return str(settings.SITE_URL).rstrip("/") + n.url if n.url.startswith("/") else n.url


def recipient_language(user: Any, workspace_id: int, engagement: Any = None) -> str:
    """The language of a person's emails: a client user's is their client's (the client of ``engagement`` when
    the email is about one: a person may have access to several clients); a team member's is their own (else
    the site's)."""
    known = {code for code, _label in settings.LANGUAGES}
    role = Membership.objects.filter(workspace_id=workspace_id, user=user).values_list("role", flat=True).first()
    if role == Role.CLIENT and engagement is not None and engagement.client.language in known:
        return str(engagement.client.language)
    if role == Role.CLIENT:
        language = (ClientAccess.objects.filter(workspace_id=workspace_id, membership__user=user)
                    .order_by("pk").values_list("client__language", flat=True).first())
        if language in known:
            return str(language)
    if getattr(user, "language", "") in known:
        return str(user.language)
    return str(settings.LANGUAGE_CODE)


# --- a person's notifications ------------------------------------------------------------------------------

def still_visible(membership: Membership) -> Q:
    """The notifications a person may still read: about no engagement, or about one they may see today (a client
    user whose access was withdrawn no longer reads what was said about that client; a subquery, no query)."""
    if membership.can("clients.view_all"):
        return Q()
    return Q(engagement__isnull=True) | Q(
        engagement_id__in=engagement_access.visible_engagements(membership).values("pk"))


def mine(membership: Membership) -> QuerySet[Notification]:
    return Notification.objects.filter(still_visible(membership), workspace_id=membership.workspace_id,
                                       user_id=membership.user_id)


def membership_of(user_id: int, workspace_id: int) -> Membership | None:
    return Membership.objects.filter(workspace_id=workspace_id, user_id=user_id).select_related("workspace").first()


def unread_count(membership: Membership) -> int:
    """The bell's number: one query."""
    return mine(membership).filter(read_at__isnull=True).count()


@dataclass(frozen=True)
class Row:
    uuid: str
    kind: str
    kind_label: str
    message: str
    detail: str
    engagement: str
    engagement_uuid: str | None
    url: str
    created_at: dt.datetime
    read: bool
    notification: Notification


def row_of(n: Notification) -> Row:
    return Row(uuid=str(n.uuid), kind=n.kind, kind_label=kind_label(n.kind), message=message(n), detail=detail(n),
               engagement=n.engagement.name if n.engagement is not None else "",
               engagement_uuid=str(n.engagement.uuid) if n.engagement is not None else None,
               url=n.url, created_at=n.created_at, read=n.read_at is not None, notification=n)


def rows(membership: Membership, *, unread_only: bool = False, limit: int = PAGE_SIZE) -> list[Row]:
    """The person's notifications, unread first, newest first: one query."""
    qs = mine(membership).select_related("actor", "engagement")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    qs = qs.order_by(F("read_at").asc(nulls_first=True), "-created_at", "-id")[:limit]
    return [row_of(n) for n in qs]


def chosen(user_ids: list[int]) -> dict[int, dict[str, str]]:
    """user id -> their own choices (kind -> channel): one query."""
    found: dict[int, dict[str, str]] = {uid: {} for uid in user_ids}
    for uid, kind, channel in Preference.objects.filter(user_id__in=user_ids).values_list("user_id", "kind", "channel"):
        found.setdefault(uid, {})[kind] = channel
    return found


@dataclass(frozen=True)
class PreferenceRow:
    kind: str
    label: str
    channel: str
    default: str
    default_label: str


def preferences(user: Any) -> list[PreferenceRow]:
    own = chosen([user.pk])[user.pk]
    return [PreferenceRow(kind=k, label=kind_label(k), channel=channel_for(k, own).value, default=DEFAULTS[k].value,
                          default_label=channel_label(DEFAULTS[k].value)) for k in KINDS]


def default_text(label: str) -> str:
    return _("Default: %(channel)s.") % {"channel": label}
