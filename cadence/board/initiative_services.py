"""Writes to the roadmap: initiatives, their finish-to-start dependencies, the shift of late successors, and
the import of the approved marketing plan's initiatives.

Keyword-only ``actor`` and ``membership``; one transaction each; ``DomainError`` with a translated message when
a rule refuses (nothing changes then); an audit entry for every change (``board.initiative.*``,
``board.dependency.*``) in the engagement's history. Only members with ``roadmap.edit`` write.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cadence import tenancy
from cadence.accounts.models import User
from cadence.board import initiative_queries as queries
from cadence.board.domain import roadmap as rules
from cadence.board.models import Initiative, InitiativeDependency, InitiativeStatusChoice
from cadence.core import audit, validation
from cadence.core.errors import DomainError, InvalidInput
from cadence.core.models import Membership, Role
from cadence.engagements import queries as engagement_queries

TITLE_MAX = 200
DESCRIPTION_MAX = validation.NOTES_MAX
BUDGET_MAX = Decimal("999999999999.99")  # the column's 14 digits, 2 after the point
FIELDS = ("title", "description", "objective_uid", "owner", "start", "deadline", "status", "budget")

Engagement = Any  # cadence.engagements' model: apps reach each other only through queries, services, access


@dataclass(frozen=True)
class UpdateResult:
    """The saved initiative and the initiatives downstream of it that now start before their predecessor
    ends (``conflicts``: the shift that would fix each; empty when none)."""

    initiative: Initiative
    conflicts: list[rules.Shift[int]]


def _require(membership: Membership, engagement: Engagement) -> None:
    if engagement.workspace_id != membership.workspace_id:
        raise DomainError(_("There is no such item, or you cannot see it."), code="not_found")
    tenancy.require(membership, "roadmap.edit")


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise InvalidInput(_("The budget must be a number."), code="invalid_number", field="budget") from None
    if not number.is_finite() or number < 0 or number > BUDGET_MAX:
        raise InvalidInput(_("The budget must be between 0 and %(max)s.") % {"max": "999 999 999 999.99"},
                           code="out_of_range", field="budget")
    if number != number.quantize(Decimal("0.01")):
        raise DomainError(_("The budget has at most two digits after the decimal point."), code="invalid_number",
                          field="budget")
    return number


def _owner(membership: Membership, value: Any) -> User | None:
    if value is None:
        return None
    if not isinstance(value, User) or not Membership.objects.filter(
            workspace_id=membership.workspace_id, user=value).exclude(role=Role.CLIENT).exists():
        raise DomainError(_("The owner must be a member of the agency's team."), code="invalid_owner", field="owner")
    return value


def _objective(engagement: Engagement, value: Any) -> uuid.UUID | None:
    if value is None or value == "":
        return None
    try:
        uid = value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        uid = None
    if uid is None or str(uid) not in queries.objective_titles(engagement):
        raise DomainError(_("Choose an objective of this engagement's marketing plan."), code="invalid_objective",
                          field="objective_uid")
    return uid


def _clean(membership: Membership, engagement: Engagement, data: Mapping[str, Any],
           current: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise InvalidInput(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
                           code="unknown_field", field=sorted(unknown)[0])
    values = dict(current)
    if "title" in data:
        values["title"] = validation.clean_name(data["title"], field="title", max_length=TITLE_MAX)
    if "description" in data:
        values["description"] = validation.clean_text(data["description"], field="description",
                                                      max_length=DESCRIPTION_MAX)
    if "objective_uid" in data:
        values["objective_uid"] = _objective(engagement, data["objective_uid"])
    if "owner" in data:
        values["owner"] = _owner(membership, data["owner"])
    if "start" in data:
        values["start"] = validation.clean_date(data["start"], field="start")
    if "deadline" in data:
        values["deadline"] = validation.clean_date(data["deadline"], field="deadline")
    if "status" in data:
        values["status"] = validation.clean_choice(data["status"], field="status",
                                                   choices=InitiativeStatusChoice.choices)
    if "budget" in data:
        values["budget"] = _decimal(data["budget"])
    if values.get("start") is None or values.get("deadline") is None:
        raise InvalidInput(_("An initiative needs a start and a deadline."), code="required",
                           field="start" if values.get("start") is None else "deadline")
    if values["deadline"] < values["start"]:
        raise DomainError(_("The deadline cannot be before the start."), code="deadline_before_start",
                          field="deadline")
    return values


def _shown(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values as the audit trail keeps them (the owner by name, the objective by its plan title)."""
    out = dict(values)
    owner = out.pop("owner", None)
    out["owner"] = owner.display_name if owner is not None else None
    out["objective"] = str(out.pop("objective_uid")) if out.get("objective_uid") else None
    return out


def _record(actor: User, action: str, initiative: Initiative, changes: Mapping[str, Any]) -> None:
    audit.record(workspace=initiative.workspace, actor=actor, action=action, obj=initiative, changes=changes,
                 thread=initiative.engagement)


@transaction.atomic
def create_initiative(*, actor: User, membership: Membership, engagement: Engagement, title: str, start: dt.date,
                      deadline: dt.date, **fields: Any) -> Initiative:
    _require(membership, engagement)
    values = _clean(membership, engagement, {"title": title, "start": start, "deadline": deadline, **fields},
                    {"description": "", "objective_uid": None, "owner": None, "status": InitiativeStatusChoice.PLANNED,
                     "budget": None})
    last = Initiative.objects.filter(engagement=engagement).aggregate(m=Max("position"))["m"]
    initiative = Initiative.objects.create(workspace_id=engagement.workspace_id, engagement=engagement,
                                           position=(last or 0) + 1, **values)
    _record(actor, "board.initiative.created", initiative, _shown(values))
    return initiative


def _locked(initiative: Initiative) -> Initiative:
    return Initiative.objects.select_for_update(of=("self",)).select_related("engagement", "owner").get(pk=initiative.pk)


def _spans_and_edges(engagement: Engagement) -> tuple[dict[int, rules.Span], list[tuple[int, int]]]:
    spans = {pk: rules.Span(start, deadline) for pk, start, deadline in
             Initiative.objects.filter(engagement=engagement).values_list("pk", "start", "deadline")}
    edges = list(InitiativeDependency.objects.filter(predecessor__engagement=engagement)
                 .values_list("predecessor_id", "successor_id"))
    return spans, edges


def conflicts_of(initiative: Initiative) -> list[rules.Shift[int]]:
    """The initiatives downstream of ``initiative`` that start before their predecessor ends, with their shift."""
    spans, edges = _spans_and_edges(initiative.engagement)
    return rules.shift_plan(spans, edges, root=initiative.pk)


@transaction.atomic
def update_initiative(*, actor: User, membership: Membership, initiative: Initiative, **changes: Any) -> UpdateResult:
    _require(membership, initiative.engagement)
    row = _locked(initiative)
    current = {name: getattr(row, name) for name in FIELDS}
    values = _clean(membership, row.engagement, changes, current)
    diff = audit.diff(_shown(current), _shown(values))
    if diff:
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
        _record(actor, "board.initiative.updated", row, diff)
    return UpdateResult(initiative=row, conflicts=conflicts_of(row))


@transaction.atomic
def shift_successors(*, actor: User, membership: Membership, initiative: Initiative) -> list[Initiative]:
    """Move every initiative downstream of ``initiative`` that starts before its predecessor ends to the day
    after, transitively, keeping durations; returns the moved ones (in dependency order)."""
    _require(membership, initiative.engagement)
    list(Initiative.objects.select_for_update().filter(engagement=initiative.engagement).values_list("pk"))
    shifts = conflicts_of(initiative)
    rows = Initiative.objects.select_related("engagement").in_bulk([s.key for s in shifts])
    moved = []
    for s in shifts:
        row = rows[s.key]
        row.start, row.deadline = s.new_start, s.new_deadline
        row.save(update_fields=["start", "deadline", "updated_at"])
        _record(actor, "board.initiative.shifted", row, {
            "start": [s.start, s.new_start], "deadline": [s.deadline, s.new_deadline],
            "predecessor": initiative.title})
        moved.append(row)
    return moved


@transaction.atomic
def delete_initiative(*, actor: User, membership: Membership, initiative: Initiative) -> None:
    """Its dependencies go with it; its tasks stay on the board without an initiative."""
    _require(membership, initiative.engagement)
    row = _locked(initiative)
    _record(actor, "board.initiative.deleted", row, {"title": row.title})
    row.delete()


@transaction.atomic
def add_dependency(*, actor: User, membership: Membership, predecessor: Initiative,
                   successor: Initiative) -> InitiativeDependency:
    """``successor`` starts after ``predecessor`` ends; a dependency that would close a loop is refused and
    the loop named ("A → B → A")."""
    _require(membership, successor.engagement)
    if predecessor.engagement_id != successor.engagement_id:
        raise DomainError(_("Both initiatives must belong to the same engagement."), code="other_engagement",
                          field="predecessor")
    # Every initiative of the engagement is locked: two dependencies added at once cannot close a loop.
    titles = dict(Initiative.objects.select_for_update().filter(engagement_id=successor.engagement_id)
                  .values_list("pk", "title"))
    _spans, edges = _spans_and_edges(successor.engagement)
    if (predecessor.pk, successor.pk) in edges:
        raise DomainError(_("“%(successor)s” already depends on “%(predecessor)s”.")
                          % {"successor": successor.title, "predecessor": predecessor.title},
                          code="dependency_exists", field="predecessor")
    cycle = rules.find_cycle(edges, (predecessor.pk, successor.pk))
    if cycle is not None:
        raise DomainError(_("This dependency would make a loop: %(cycle)s.")
                          % {"cycle": " → ".join(titles.get(pk, "?") for pk in cycle)},
                          code="dependency_cycle", field="predecessor")
    link = InitiativeDependency.objects.create(workspace_id=successor.workspace_id, predecessor=predecessor,
                                               successor=successor)
    _record(actor, "board.dependency.added", successor, {"predecessor": predecessor.title})
    return link


@transaction.atomic
def remove_dependency(*, actor: User, membership: Membership, predecessor: Initiative, successor: Initiative) -> None:
    _require(membership, successor.engagement)
    deleted, _rows = InitiativeDependency.objects.filter(predecessor=predecessor, successor=successor).delete()
    if not deleted:
        raise DomainError(_("“%(successor)s” does not depend on “%(predecessor)s”.")
                          % {"successor": successor.title, "predecessor": predecessor.title},
                          code="no_dependency", field="predecessor")
    _record(actor, "board.dependency.removed", successor, {"predecessor": predecessor.title})


def _plan_owner(membership: Membership, name: str) -> User | None:
    """The team member whose name or email is the plan's owner text, if exactly one is."""
    text = name.strip().casefold()
    if not text:
        return None
    found = [m.user for m in Membership.objects.filter(workspace_id=membership.workspace_id)
             .exclude(role=Role.CLIENT).select_related("user")
             if text in (m.user.display_name.casefold(), m.user.email.casefold())]
    return found[0] if len(found) == 1 else None


@transaction.atomic
def import_from_plan(*, actor: User, membership: Membership, engagement: Engagement) -> int:
    """The approved marketing plan's initiatives (its 90-day action plan) that are not on the roadmap yet:
    each becomes an initiative with its dates, budget, objective and (when it names a team member) owner.
    Dates missing in the plan: the start is the engagement's today, the deadline the start. Returns how many."""
    _require(membership, engagement)
    items = queries.plan_initiatives(engagement)
    if items is None:
        raise DomainError(_("The marketing plan has no approved version yet: there is nothing to import."),
                          code="no_approved_plan")
    done = set(Initiative.objects.filter(engagement=engagement, plan_initiative_uid__isnull=False)
               .values_list("plan_initiative_uid", flat=True))
    objectives = queries.objective_titles(engagement)
    today = engagement_queries.engagement_today(engagement)
    last = Initiative.objects.filter(engagement=engagement).aggregate(m=Max("position"))["m"] or 0
    created = 0
    for item in items:
        if item.uid in done:
            continue
        title = " ".join(item.title.split())[:TITLE_MAX] or _("Initiative")
        start = item.start or item.end or today
        deadline = max(item.end or start, start)
        values: dict[str, Any] = {
            "title": title, "start": start, "deadline": deadline,
            "objective_uid": item.objective if item.objective and str(item.objective) in objectives else None,
            "owner": _plan_owner(membership, item.owner),
            "budget": item.budget if item.budget is not None and 0 <= item.budget <= BUDGET_MAX else None,
        }
        last += 1
        initiative = Initiative.objects.create(workspace_id=engagement.workspace_id, engagement=engagement,
                                               plan_initiative_uid=item.uid, position=last, **values)
        _record(actor, "board.initiative.created", initiative, {**_shown(values), "from_plan": True})
        created += 1
    return created
