"""Views of the marketing plan, split by feature.

* ``overview``: the workspace's plans, an engagement's plan (versions, completeness, the actions the
  reader's role allows), submit, review (approve / request changes), new draft, templates.
* ``sections``: the brief, a section's guided questions and records (add, edit, delete).
* ``goals``: the goal tree (objectives -> SMM tasks with KPI -> actions -> metrics), SMART and 7-step.
* ``versions``: the versions, a version's read view, the diff of two, the exports.

Views stay thin: a form parses, a service writes, a ``DomainError`` becomes a form error or a message.
Client users only ever read the client-visible version (never a draft); the team reads the live draft.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from cadence import tenancy
from cadence.core.forms import country_name
from cadence.core.models import Membership
from cadence.http import WorkspaceRequest
from cadence.plans import access, queries
from cadence.plans.domain import versions as version_rules
from cadence.plans.domain.completeness import SECTIONS, Section
from cadence.plans.domain.metrics import METRICS
from cadence.plans.models import ChangeRequest, Plan, PlanVersion, SectionChoice, StateChoice
from cadence.plans.records import KINDS, RecordKind
from cadence.plans.types import Engagement

SECTION_LABELS: dict[str, Any] = dict(SectionChoice.choices)


@dataclass
class PlanView:
    """Who reads which plan, and what they may do with it now."""

    membership: Membership
    engagement: Engagement
    plan: Plan | None
    role: str  # versions.py's role name
    is_client: bool
    versions: list[PlanVersion]
    open: PlanVersion | None  # draft or in review
    approved: PlanVersion | None
    shown: PlanVersion | None  # the version the page reads (client: the client-visible one; team: the open one)
    document: dict[str, Any] | None  # what the page shows: the live draft (team) or a frozen snapshot
    can_edit: bool
    can_submit: bool
    can_review: bool
    can_brief: bool
    can_start: bool  # start the plan, or a new draft after approval
    can_templates: bool
    edit_refusal: str  # why the content cannot be changed now ("" when it can)

    @property
    def draft(self) -> PlanVersion | None:
        return self.open if self.open is not None and self.open.state == StateChoice.DRAFT else None

    @property
    def in_review(self) -> PlanVersion | None:
        return self.open if self.open is not None and self.open.state == StateChoice.IN_REVIEW else None


def plan_view(request: WorkspaceRequest, engagement: Engagement) -> PlanView:
    m = request.membership
    plan = access.find_plan(engagement)
    role = access.plan_role(m, engagement)
    is_client = m.is_client
    versions = queries.versions_of(plan) if plan is not None else []
    domain = queries.domain_versions(versions)
    open_one = next((v for v in versions if v.state in (StateChoice.DRAFT, StateChoice.IN_REVIEW)), None)
    approved = next((v for v in versions if v.state == StateChoice.APPROVED), None)
    visible_rule = version_rules.client_visible(domain)
    client_visible = next((v for v in versions if visible_rule is not None and v.number == visible_rule.number), None)
    if is_client:
        versions = [v for v in versions if v.state != StateChoice.DRAFT]
        shown = client_visible
        document = queries.version_snapshot(shown) if shown is not None else None
    else:
        shown = open_one or approved
        document = queries.live_document(plan) if plan is not None else None
    refusal = version_rules.may_edit(domain, role) if plan is not None else None
    editor = tenancy.can(m, "plans.edit")
    return PlanView(
        membership=m, engagement=engagement, plan=plan, role=role, is_client=is_client, versions=versions,
        open=open_one, approved=approved, shown=shown, document=document,
        can_edit=plan is not None and editor and refusal is None,
        can_submit=plan is not None and tenancy.can(m, "plans.submit") and open_one is not None
        and open_one.state == StateChoice.DRAFT,
        can_review=plan is not None and tenancy.can(m, "plans.review", client=engagement.client)
        and open_one is not None and open_one.state == StateChoice.IN_REVIEW,
        can_brief=plan is not None and tenancy.can(m, "plans.brief", client=engagement.client),
        can_start=editor and (plan is None or open_one is None),
        can_templates=tenancy.can(m, "plans.templates"),
        edit_refusal=edit_refusal_text(refusal, open_one) if editor and plan is not None else "",
    )


def edit_refusal_text(refusal: version_rules.Refusal | None, open_one: PlanVersion | None) -> str:
    if refusal is None:
        return ""
    if refusal.code == "review_locks_editing":
        return _("Version %(version)s is with the client for review: the content cannot change until they "
                 "approve it or ask for changes.") % {"version": refusal.params.get("version")}
    if refusal.code == "no_draft":
        return _("The plan is approved. Start a new draft to change it; the approved version stays as it is.")
    return _("You cannot change this plan.")


def state_label(state: str) -> str:
    return str(dict(StateChoice.choices).get(state, state))


# --- reading a document's records ------------------------------------------------------------------

def names_of(document: Mapping[str, Any] | None) -> dict[str, str]:
    """uid -> a readable name of every record of the document (for foreign keys and findings)."""
    out: dict[str, str] = {}
    if not document:
        return out
    for kind, rows in queries.document_records(document).items():
        spec = KINDS.get(kind)
        for r in rows:
            out[str(r["uid"])] = record_title(spec, r)
    return out


TITLE_FIELDS = ("title", "name", "text", "person", "channel", "description")


def _title_field(row: Mapping[str, Any]) -> str:
    return next((n for n in TITLE_FIELDS if isinstance(row.get(n), str) and row[n].strip()), "")


def record_title(spec: RecordKind | None, row: Mapping[str, Any]) -> str:
    name = _title_field(row)
    if name:
        value = str(row[name])
        return value if len(value) <= 80 else value[:79] + "…"
    if spec is not None and spec.kind == "journey_step":
        return display_value(spec, "step", row.get("step"), {})
    return str(spec.label) if spec is not None else ""


def display_value(spec: RecordKind, name: str, value: Any, names: Mapping[str, str]) -> str:
    """A stored value as the reader's language writes it."""
    if value is None or value == "" or value == []:
        return ""
    field = spec.field(name)
    if isinstance(field, models.ForeignKey):
        return names.get(str(value), "")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if name == "countries":
        return ", ".join(country_name(c) for c in value)
    if name == "metric_key":
        metric = METRICS.get(str(value))
        return f"{_(metric.label)} ({value})" if metric else str(value)
    if isinstance(field, models.DateField):
        try:
            return date_format(dt.date.fromisoformat(str(value)[:10]), "SHORT_DATE_FORMAT")
        except ValueError:
            return str(value)
    if isinstance(field, models.DecimalField | models.IntegerField):
        try:
            return number_format(Decimal(str(value)).normalize(), use_l10n=True, force_grouping=True)
        except (InvalidOperation, ValueError):
            return str(value)
    return str(value)


@dataclass(frozen=True)
class ShownRecord:
    uid: str
    title: str
    fields: list[tuple[str, str, bool]]  # (label, value, long text)
    row: Mapping[str, Any]


def shown_records(spec: RecordKind, rows: Sequence[Mapping[str, Any]], names: Mapping[str, str]) -> list[ShownRecord]:
    out = []
    for r in rows:
        fields = []
        title = _title_field(r)
        short_title = title and len(str(r[title])) <= 80
        for name in spec.fields:
            if short_title and name == title:
                continue  # it is the card's title
            value = display_value(spec, name, r.get(name), names)
            if value:
                fields.append((str(spec.field(name).verbose_name), value,
                               isinstance(spec.field(name), models.TextField)))
        out.append(ShownRecord(str(r["uid"]), record_title(spec, r), fields, r))
    return out


def section_change_requests(view: PlanView, section: str | None = None) -> list[ChangeRequest]:
    """The approver's change requests (on one section, or all), newest first; clients see theirs too."""
    out = [c for v in view.versions for c in v.change_requests.all() if section is None or c.section == section]
    return sorted(out, key=lambda c: c.created_at, reverse=True)


def stage_dates(view: PlanView) -> dict[str, dict[str, dt.date]]:
    raw: Mapping[str, Mapping[str, str]] = (view.document or {}).get("plan", {}).get("stage_dates") or {}
    if not raw and not view.is_client:
        raw = queries.section_dates(view.engagement)
    out: dict[str, dict[str, dt.date]] = {}
    for key, span in raw.items():
        try:
            out[key] = {"start": dt.date.fromisoformat(span["start"]), "end": dt.date.fromisoformat(span["end"])}
        except (KeyError, ValueError):
            continue
    return out


def sections_nav() -> list[tuple[str, Any]]:
    return [(s.value, SECTION_LABELS[s.value]) for s in SECTIONS]


def section_or_404(key: str) -> Section:
    from django.http import Http404

    try:
        return Section(key)
    except ValueError:
        raise Http404 from None


__all__ = ["SECTION_LABELS", "PlanView", "ShownRecord", "display_value", "names_of", "plan_view", "record_title",
           "section_change_requests", "section_or_404", "sections_nav", "shown_records", "stage_dates",
           "state_label"]
