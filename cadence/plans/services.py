"""Writes to the marketing plan: answers, the brief, records, versions and templates.

Keyword-only ``actor`` (and the actor's ``membership``); one transaction each; ``DomainError`` with a
translated message when a rule refuses (nothing is changed then); an audit entry for every change, in the
engagement's history (``thread=engagement``). Who may do what and when comes from ``domain/versions.py``:
the content changes only while a version is in draft; a manager submits; the client's approver approves or
asks for changes. Two people saving the same answer or record never overwrite each other: a save names the
revision it was loaded at, and a save over a newer revision raises ``EditConflict`` with both versions.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import F, Max
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from cadence import tenancy
from cadence.accounts.models import User
from cadence.core import audit, clock, events, validation
from cadence.core.errors import DomainError, InvalidInput
from cadence.core.models import Membership
from cadence.engagements import access as engagement_access
from cadence.engagements import services as engagement_services
from cadence.plans import access, queries, tasks
from cadence.plans.domain import snapshot as snapshots
from cadence.plans.domain import versions as rules
from cadence.plans.domain.findings import number_text
from cadence.plans.domain.metrics import METRICS
from cadence.plans.models import (
    Answer,
    BriefAnswer,
    ChangeRequest,
    Plan,
    PlanRow,
    PlanTemplate,
    PlanVersion,
    SectionChoice,
    StateChoice,
)
from cadence.plans.records import KINDS, RecordKind

ANSWER_MAX = 20000  # a guided answer or a brief answer (Markdown)
RECORD_TEXT_MAX = 10000  # a long text field of a record
COMMENT_MAX = validation.REASON_MAX
APPROVAL_NOTE_MAX = validation.NOTE_MAX
POSITION_MAX = 100000
COUNTRIES_MAX = 250
KEY_MAX = 60
GATE_KEY = "plan_approved"

# An engagement (``cadence.engagements``): apps reach each other only through their access, queries and
# services modules, so its model is not imported here.
Engagement = Any

# Numbers the forms and the API refuse outside these bounds (besides each column's digits).
NON_NEGATIVE = {"followers", "avg_likes", "avg_shares", "avg_comments", "budget", "budget_share"}
PERCENT = {"budget_share"}
POSITIVE = {"rank"}
# Dates of the past a plan tells (a company founded in 1890); every other date lies in the engine's bounds.
HISTORIC_DATES = {"founded_on"}
HISTORIC_MIN = dt.date(1800, 1, 1)


class EditConflict(DomainError):
    """Someone saved the same answer or record since it was loaded: nothing was saved. ``current`` holds the
    saved values, ``submitted`` the refused ones, so the page (and the API's error body) can show both."""

    def __init__(self, message: str, *, current: Mapping[str, Any], submitted: Mapping[str, Any],
                 field: str | None = None) -> None:
        super().__init__(message, code="edit_conflict", field=field)
        self.current: dict[str, Any] = _jsonable(dict(current))
        self.submitted: dict[str, Any] = _jsonable(dict(submitted))

    def payload(self) -> dict[str, Any]:
        return {"current": self.current, "submitted": self.submitted}


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return number_text(value) if value.is_finite() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | bool):
        return value
    return str(value)


# --- refusals of the version rules ------------------------------------------------------------------

def _state_label(state: Any) -> str:
    try:
        return str(StateChoice(str(state)).label)
    except ValueError:
        return str(state)


def refusal_error(refusal: rules.Refusal) -> DomainError:
    """A refusal of ``domain/versions.py`` as a translated DomainError."""
    p = refusal.params
    code = refusal.code
    if code in ("role_not_allowed", "unknown_role"):
        return DomainError(_("Your role does not allow this."), code="forbidden")
    if code == "no_draft":
        return DomainError(_("There is no draft to change. Start a new draft from the approved version first."),
                           code=code)
    if code == "review_locks_editing":
        return DomainError(_("Version %(version)s is in review: it cannot be changed until the client approves "
                             "it or asks for changes.") % {"version": p.get("version")}, code=code)
    if code == "open_version_exists":
        return DomainError(_("Version %(version)s is still open (%(state)s). Finish it before starting a new "
                             "draft.") % {"version": p.get("version"), "state": _state_label(p.get("state"))},
                           code=code)
    if code == "wrong_state":
        return DomainError(_("Version %(version)s is “%(state)s”: this cannot be done now.")
                           % {"version": p.get("version"), "state": _state_label(p.get("state"))}, code=code)
    if code == "no_such_version":
        return DomainError(_("There is no version %(version)s of this plan.") % {"version": p.get("version")},
                           code=code, field="number")
    if code == "comment_required":
        return InvalidInput(_("Say what should change: the comment cannot be empty."), code="required",
                            field="comment")
    return DomainError(_("This cannot be done now."), code=code)


def _versions(plan: Plan) -> list[PlanVersion]:
    """The plan's versions, locked for the transaction (two transitions never cross)."""
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    return queries.versions_of(plan)


def require_edit(membership: Membership, plan: Plan) -> None:
    """Refuse unless the member edits and the plan has a draft."""
    refusal = rules.may_edit(queries.domain_versions(_versions(plan)), access.plan_role(membership, plan.engagement))
    if refusal is not None:
        raise refusal_error(refusal)


def _apply(plan: Plan, membership: Membership, action: rules.Action, *, number: int | None = None,
           comment: str = "") -> tuple[rules.Outcome, list[PlanVersion]]:
    versions = _versions(plan)
    outcome = rules.apply(queries.domain_versions(versions), action, access.plan_role(membership, plan.engagement),
                          number=number, comment=comment)
    if isinstance(outcome, rules.Refusal):
        raise refusal_error(outcome)
    return outcome, versions


def _record(plan: Plan, actor: User, action: str, obj: models.Model | None, changes: Mapping[str, Any]) -> None:
    audit.record(workspace=plan.workspace, actor=actor, action=action, obj=obj, changes=_jsonable(dict(changes)),
                 thread=plan.engagement)


# --- the plan --------------------------------------------------------------------------------------

@transaction.atomic
def ensure_plan(*, actor: User, engagement: Engagement) -> Plan:
    """The engagement's plan, created with its first draft (version 1) on first use."""
    plan = queries_plan = Plan.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement).first()
    if queries_plan is not None:
        return queries_plan
    try:
        with transaction.atomic():
            plan = Plan.objects.create(workspace_id=engagement.workspace_id, engagement=engagement)
    except IntegrityError:  # created meanwhile by another request
        return Plan.objects.get(workspace_id=engagement.workspace_id, engagement=engagement)
    PlanVersion.objects.create(workspace_id=plan.workspace_id, plan=plan, number=1, state=StateChoice.DRAFT,
                               created_by=actor)
    _record(plan, actor, "plan.created", plan, {"version": 1})
    return plan


# --- answers and the brief ------------------------------------------------------------------------

def _clean_key(key: Any, known: Iterable[str], prefixes: Iterable[str], *, field: str = "key") -> str:
    """A question key: one of ``known`` when the questions are connected, else a slug with a known prefix."""
    if not isinstance(key, str) or not key or len(key) > KEY_MAX or validation.has_control_chars(key):
        raise InvalidInput(_("There is no such question."), code="unknown_question", field=field)
    known = list(known)
    if known:
        ok = key in known
    else:
        head, _dot, tail = key.partition(".")
        ok = head in set(prefixes) and bool(tail) and all(c.isalnum() or c in "_-." for c in tail)
    if not ok:
        raise InvalidInput(_("There is no such question."), code="unknown_question", field=field)
    return key


def section_of_key(key: str) -> str:
    for section, keys in queries.section_question_keys().items():
        if key in keys:
            return section
    return key.partition(".")[0]


@transaction.atomic
def save_answer(*, actor: User, membership: Membership, plan: Plan, key: str, text: str,
                expected_revision: int | None) -> Answer:
    """Save the answer to a guided question. ``expected_revision``: the answer's revision when it was loaded
    (None: there was no answer yet)."""
    require_edit(membership, plan)
    known = [k for keys in queries.section_question_keys().values() for k in keys]
    key = _clean_key(key, known, [s.value for s in SectionChoice])
    text = validation.clean_text(text, field="text", max_length=ANSWER_MAX)
    row = Answer.objects.select_for_update().filter(workspace_id=plan.workspace_id, plan=plan, key=key).first()
    current_revision = row.revision if row is not None else None
    if current_revision != expected_revision:
        raise EditConflict(_("Someone saved this answer after you opened it. Compare both versions below, then "
                             "save again."), current={"text": row.text if row else "", "revision": current_revision},
                           submitted={"text": text}, field="text")
    if row is None:
        try:
            with transaction.atomic():  # someone answering at the same moment: a conflict, never a 500
                row = Answer.objects.create(workspace_id=plan.workspace_id, plan=plan, key=key,
                                            section=section_of_key(key), text=text, updated_by=actor)
        except IntegrityError:
            saved = Answer.objects.get(workspace_id=plan.workspace_id, plan=plan, key=key)
            raise EditConflict(_("Someone saved this answer after you opened it. Compare both versions below, "
                                 "then save again."), current={"text": saved.text, "revision": saved.revision},
                               submitted={"text": text}, field="text") from None
        _record(plan, actor, "plan.answer_saved", row, {"key": key, "text": ["", text]})
        return row
    if row.text == text:
        return row
    old = row.text
    row.text, row.revision, row.updated_by = text, row.revision + 1, actor
    row.save(update_fields=["text", "revision", "updated_by", "updated_at"])
    _record(plan, actor, "plan.answer_saved", row, {"key": key, "text": [old, text]})
    return row


@transaction.atomic
def save_brief(*, actor: User, membership: Membership, plan: Plan, answers: Mapping[str, str],
               revisions: Mapping[str, int | None]) -> None:
    """Save the client's brief (the client's approver, or the team on the client's behalf), in any state.

    ``revisions``: each answer's revision when the form was loaded (None: no answer yet); a key whose answer
    was saved since is a conflict, and then nothing is saved.
    """
    if not tenancy.can(membership, "plans.brief", client=plan.engagement.client):
        raise DomainError(_("Only the client's approver or the agency's team can fill in the brief."),
                          code="forbidden")
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    known = queries.brief_question_keys()
    cleaned = {_clean_key(k, known, ["brief"], field=f"answers.{k}" if isinstance(k, str) else "answers"):
               validation.clean_text(v, field=f"answers.{k}", max_length=ANSWER_MAX) for k, v in answers.items()}
    rows = {r.key: r for r in BriefAnswer.objects.select_for_update().filter(workspace_id=plan.workspace_id,
                                                                               plan=plan, key__in=list(cleaned))}
    stale = [k for k in cleaned if (rows[k].revision if k in rows else None) != revisions.get(k)]
    if stale:
        raise EditConflict(
            _("Someone saved the brief after you opened it. Compare both versions below, then save again."),
            current={k: {"text": rows[k].text if k in rows else "", "revision": rows[k].revision if k in rows else None}
                     for k in stale},
            submitted={k: {"text": cleaned[k]} for k in stale}, field="answers")
    changes: dict[str, Any] = {}
    for key, text in cleaned.items():
        row = rows.get(key)
        if row is None:
            if text:  # the plan row is locked above: no one else creates this answer meanwhile
                BriefAnswer.objects.create(workspace_id=plan.workspace_id, plan=plan, key=key, text=text,
                                           updated_by=actor)
                changes[key] = ["", text]
        elif row.text != text:
            changes[key] = [row.text, text]
            row.text, row.revision, row.updated_by = text, row.revision + 1, actor
            row.save(update_fields=["text", "revision", "updated_by", "updated_at"])
    if changes:
        _record(plan, actor, "plan.brief_saved", plan, changes)


# --- records --------------------------------------------------------------------------------------

def _number(value: Any, *, field: str) -> Decimal:
    if isinstance(value, bool):
        raise InvalidInput(_("Enter a number."), code="invalid_number", field=field)
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError, TypeError):
        raise InvalidInput(_("Enter a number."), code="invalid_number", field=field) from None
    if not number.is_finite():
        raise InvalidInput(_("Enter a number."), code="invalid_number", field=field)
    return number


def _clean_decimal(f: models.DecimalField[Any, Any], value: Any, name: str) -> Decimal:
    number = _number(value, field=name)
    places = f.decimal_places or 0
    limit = Decimal(10) ** ((f.max_digits or 18) - places)
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -places:
        raise InvalidInput(_("Use at most %(places)s decimal places.") % {"places": places}, code="too_precise",
                           field=name)
    if abs(number) >= limit:
        raise InvalidInput(_("This number is too large."), code="out_of_range", field=name)
    if name in NON_NEGATIVE and number < 0:
        raise InvalidInput(_("This number cannot be negative."), code="out_of_range", field=name)
    if name in PERCENT and number > 100:
        raise InvalidInput(_("A share is at most 100 %."), code="out_of_range", field=name)
    return number


def _clean_integer(f: models.Field[Any, Any], value: Any, name: str) -> int:
    if isinstance(value, float) and value.is_integer():  # JSON's 3.0
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidInput(_("Enter a whole number."), code="invalid_number", field=name)
    try:
        number = int(value)
    except ValueError:
        raise InvalidInput(_("Enter a whole number."), code="invalid_number", field=name) from None
    maximum = 32767 if isinstance(f, models.PositiveSmallIntegerField) else 2_000_000_000
    minimum = 1 if name in POSITIVE else 0
    if not minimum <= number <= maximum:
        raise InvalidInput(_("Enter a whole number between %(min)s and %(max)s.") % {"min": minimum, "max": maximum},
                           code="out_of_range", field=name)
    return number


def _clean_date_value(value: Any, name: str) -> dt.date:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInput(_("Enter a valid date."), code="invalid_date", field=name) from None
    if name in HISTORIC_DATES and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        if not HISTORIC_MIN <= value <= validation.MAX_DATE:
            raise InvalidInput(_("Dates must lie between %(min)s and %(max)s.")
                               % {"min": HISTORIC_MIN.isoformat(), "max": validation.MAX_DATE.isoformat()},
                               code="out_of_range", field=name)
        return value
    return validation.clean_date(value, field=name)


def _clean_countries(value: Any, name: str) -> list[str]:
    if isinstance(value, str):
        value = [c for c in (p.strip().upper() for p in value.replace(";", ",").split(",")) if c]
    if not isinstance(value, list | tuple):
        raise InvalidInput(_("Give the countries as a list of two-letter codes (e.g. RO, MD)."),
                           code="invalid_type", field=name)
    if len(value) > COUNTRIES_MAX:
        raise InvalidInput(_("Too many countries."), code="too_long", field=name)
    out: list[str] = []
    for code in value:
        clean = validation.clean_code(code, field=name, pattern=validation.COUNTRY_RE)
        if clean not in out:
            out.append(clean)
    return out


def _clean_value(plan: Plan, kind: RecordKind, name: str, value: Any) -> Any:
    f = kind.field(name)
    if isinstance(f, models.ForeignKey):
        if value in (None, ""):
            if not f.null:
                raise InvalidInput(_("This field cannot be empty."), code="required", field=name)
            return None
        target = KINDS[kind.target_kind(name)]
        try:
            ref = uuid.UUID(str(value))
        except ValueError:
            raise InvalidInput(_("There is no such item in this plan."), code="unknown_record", field=name) from None
        row = target.model.objects.filter(workspace_id=plan.workspace_id, plan=plan, uuid=ref).first()
        if row is None:
            raise InvalidInput(_("There is no such item in this plan."), code="unknown_record", field=name)
        return row
    if value is None and f.null:
        return None
    if isinstance(f, models.BooleanField):
        if not isinstance(value, bool):
            raise InvalidInput(_("Choose yes or no."), code="invalid_type", field=name)
        return value
    if isinstance(f, models.DateField):
        if value in (None, ""):
            if f.null:
                return None
            raise InvalidInput(_("This field cannot be empty."), code="required", field=name)
        return _clean_date_value(value, name)
    if isinstance(f, models.DecimalField):
        return None if value == "" and f.null else _clean_decimal(f, value, name)
    if isinstance(f, models.PositiveIntegerField | models.PositiveSmallIntegerField):
        return None if value == "" and f.null else _clean_integer(f, value, name)
    if isinstance(f, models.JSONField):
        return _clean_countries(value, name)
    if isinstance(f, models.CharField | models.TextField):
        multiline = isinstance(f, models.TextField)
        text = validation.clean_text(value, field=name, multiline=multiline,
                                     max_length=f.max_length or RECORD_TEXT_MAX, required=not f.blank)
        if f.choices and text:
            text = validation.clean_choice(text, field=name, choices=f.choices)
        if name == "metric_key" and text and text not in METRICS:
            raise InvalidInput(_("Choose a metric from the list, or “Entered by hand”."), code="invalid_choice",
                               field=name)
        return text
    raise InvalidInput(_("This field cannot be changed."), code="not_editable", field=name)


def _clean_record(plan: Plan, kind: RecordKind, data: Mapping[str, Any], base: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` cleaned and merged over ``base`` (the current values, or the defaults of a new record)."""
    unknown = [k for k in data if k not in kind.fields and k != "position"]
    if unknown:
        raise InvalidInput(_("“%(field)s” is not a field of this record.") % {"field": unknown[0]},
                           code="unknown_field", field=str(unknown[0]))
    values = dict(base)
    for name in kind.fields:
        if name in data:
            values[name] = _clean_value(plan, kind, name, data[name])
        elif name not in values:
            values[name] = _clean_value(plan, kind, name, _default(kind, name))
    if "position" in data:
        values["position"] = _clean_integer(kind.model._meta.get_field("position"), data["position"], "position")
    _check_record(kind, values)
    return values


def _default(kind: RecordKind, name: str) -> Any:
    f = kind.field(name)
    if isinstance(f, models.ForeignKey) or f.null:
        return None
    if f.has_default():
        return f.get_default()
    return ""


def _check_record(kind: RecordKind, values: Mapping[str, Any]) -> None:
    """Rules across fields: a span ends on or after its start; a task's department task is its objective's."""
    for start, end in (("horizon_start", "horizon_end"), ("start", "end")):
        if values.get(start) and values.get(end) and values[end] < values[start]:
            raise InvalidInput(_("The end cannot be before the start."), code="end_before_start", field=end)
    if kind.kind == "smm_task" and values.get("department_task") is not None:
        if values["department_task"].objective_id != getattr(values.get("objective"), "pk", None):
            raise InvalidInput(_("Choose one of this objective's department tasks."), code="unknown_record",
                               field="department_task")


def _current_values(kind: RecordKind, row: PlanRow) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(row, name) for name in kind.fields}
    values["position"] = row.position
    return values


def _shown(kind: RecordKind, values: Mapping[str, Any]) -> dict[str, Any]:
    """Values as the audit trail and a conflict show them (records by uid)."""
    return {k: (str(v.uuid) if isinstance(v, PlanRow) else v) for k, v in values.items()}


def record_values(kind: RecordKind, row: PlanRow) -> dict[str, Any]:
    """A row's editable values with its revision, records by uid (what an edit conflict shows as current)."""
    return {**_shown(kind, _current_values(kind, row)), "uid": str(row.uuid), "revision": row.revision}


def _kind(kind: str | RecordKind) -> RecordKind:
    if isinstance(kind, RecordKind):
        return kind
    found = KINDS.get(str(kind))
    if found is None:
        raise InvalidInput(_("There is no such kind of record."), code="unknown_kind", field="kind")
    return found


@transaction.atomic
def create_record(*, actor: User, membership: Membership, plan: Plan, kind: str | RecordKind,
                  data: Mapping[str, Any]) -> PlanRow:
    spec = _kind(kind)
    require_edit(membership, plan)
    values = _clean_record(plan, spec, data, {})
    rows = spec.model.objects.filter(workspace_id=plan.workspace_id, plan=plan)
    if spec.singleton and rows.exists():
        raise DomainError(_("The plan has one of these already (there is only one per plan): change it instead."),
                          code="singleton_exists")
    if "position" not in values:
        values["position"] = (rows.aggregate(m=Max("position"))["m"] or 0) + 1
    try:
        with transaction.atomic():  # a one-per-plan record created at the same moment: refused, never a 500
            row = spec.model.objects.create(workspace_id=plan.workspace_id, plan=plan, updated_by=actor, **values)
    except IntegrityError:
        raise DomainError(_("The plan has one of these already (there is only one per plan): change it instead."),
                          code="singleton_exists") from None
    _record(plan, actor, "plan.record_created", row, {"kind": spec.kind, **_shown(spec, values)})
    return row


def _locked(plan: Plan, spec: RecordKind, uid: Any) -> PlanRow:
    row = access.get_record(plan, spec, uid)
    return spec.model.objects.select_for_update().get(pk=row.pk)


@transaction.atomic
def update_record(*, actor: User, membership: Membership, plan: Plan, kind: str | RecordKind, uid: Any,
                  data: Mapping[str, Any], expected_revision: int) -> PlanRow:
    spec = _kind(kind)
    access.get_record(plan, spec, uid)  # another plan's record is a 404 before any refusal
    require_edit(membership, plan)
    row = _locked(plan, spec, uid)
    current = _current_values(spec, row)
    if row.revision != expected_revision:
        raise EditConflict(
            _("Someone saved this record after you opened it. Compare both versions below, then save again."),
            current=record_values(spec, row), submitted=dict(data))
    values = _clean_record(plan, spec, data, current)
    changes = audit.diff(_shown(spec, current), _shown(spec, values))
    if not changes:
        return row
    for name, value in values.items():
        setattr(row, name, value)
    row.revision, row.updated_by = row.revision + 1, actor
    row.save()
    _record(plan, actor, "plan.record_updated", row, {"kind": spec.kind, **changes})
    return row


@transaction.atomic
def delete_record(*, actor: User, membership: Membership, plan: Plan, kind: str | RecordKind, uid: Any,
                  expected_revision: int) -> None:
    """Delete a record and the records under it (a competitor's channels and SWOT, an objective's tasks...);
    records that only pointed at it (an initiative's objective) lose the link and get a new revision."""
    spec = _kind(kind)
    access.get_record(plan, spec, uid)  # another plan's record is a 404 before any refusal
    require_edit(membership, plan)
    row = _locked(plan, spec, uid)
    if row.revision != expected_revision:
        raise EditConflict(
            _("Someone changed this record after you opened it, so it was not deleted. Look at the saved version "
              "first."),
            current=record_values(spec, row), submitted={})
    for other in KINDS.values():
        for name in other.foreign_keys:
            f = other.field(name)
            remote = f.remote_field
            if f.related_model is spec.model and remote is not None and remote.on_delete is models.SET_NULL:
                other.model.objects.filter(plan=plan, **{name: row}).update(revision=F("revision") + 1)
    shown = record_values(spec, row)
    row.delete()
    _record(plan, actor, "plan.record_deleted", None, {"kind": spec.kind, **shown})


# --- versions -------------------------------------------------------------------------------------

@transaction.atomic
def submit(*, actor: User, membership: Membership, plan: Plan) -> PlanVersion:
    """Freeze the draft (``queries.live_document``) as the version the client reviews."""
    open_version = queries.open_version(plan)
    outcome, versions = _apply(plan, membership, rules.Action.SUBMIT,
                               number=open_version.number if open_version else None)
    version = next(v for v in versions if v.number == outcome.version.number)
    now = clock.now()
    frozen = queries.live_snapshot(plan, at=now, by=actor.display_name, state=StateChoice.IN_REVIEW)
    version.state, version.snapshot, version.sha256 = StateChoice.IN_REVIEW, frozen.canonical, frozen.sha256
    version.schema_version, version.submitted_at, version.submitted_by = snapshots.SCHEMA_VERSION, now, actor
    version.save(update_fields=["state", "snapshot", "sha256", "schema_version", "submitted_at", "submitted_by"])
    version.change_requests.filter(resolved_at=None).update(resolved_at=now)
    _record(plan, actor, "plan.submitted", version, {"version": version.number, "sha256": frozen.sha256})
    _emit("plan.submitted", plan, actor, version, audience=("approvers",))
    tasks.render_after_commit(version.pk)  # its PDF, DOCX and Markdown, ready before the client opens them
    return version


def _gate_note(engagement: Engagement, number: int, note: str) -> str:
    with translation.override(engagement.language):
        text = _("Marketing plan version %(version)s approved in Cadence.") % {"version": number}
    return f"{text}\n{note}" if note else text


@transaction.atomic
def approve(*, actor: User, membership: Membership, plan: Plan, number: int, note: str = "") -> PlanVersion:
    """The client's approver approves a version in review. The first approval passes the engagement's "plan
    approved" gate (its note names the version), so the timeline moves; a later approval supersedes the
    previous one and leaves the gate as it was.

    The approval is the client's decision and stands even when the gate service refuses the gate (e.g. the
    phase before it has no hours logged yet): the gate then stays open for the team to record, and the
    audit entry keeps the gate service's reason (``gate_refused``).
    """
    note = validation.clean_text(note, field="note", max_length=APPROVAL_NOTE_MAX)
    outcome, versions = _apply(plan, membership, rules.Action.APPROVE, number=number)
    by_number = {v.number: v for v in versions}
    now = clock.now()
    superseded = next((int(e.params["version"]) for e in outcome.effects if e.code == "superseded"), None)
    if superseded is not None:
        previous = by_number[superseded]
        previous.state = StateChoice.SUPERSEDED
        previous.save(update_fields=["state"])
    version = by_number[number]
    version.state, version.decided_at, version.decided_by = StateChoice.APPROVED, now, actor
    version.save(update_fields=["state", "decided_at", "decided_by"])
    gate_passed, gate_refused = False, ""
    engagement = plan.engagement
    if superseded is None and any(e.code == "open_gate" for e in outcome.effects):
        try:
            gate = engagement_access.get_gate(engagement, GATE_KEY)
        except Http404:  # an engagement whose process has no such gate
            gate = None
        if gate is not None and gate.passed_on is None:
            try:
                with transaction.atomic():  # a refused gate leaves the approval standing
                    engagement_services.approve_gate_as_client(actor=actor, membership=membership, gate=gate,
                                                               note=_gate_note(engagement, number, note))
                gate_passed = True
            except DomainError as exc:
                gate_refused = str(exc.message)
    _record(plan, actor, "plan.approved", version, {"version": number, "superseded": superseded,
                                                    "gate": GATE_KEY if gate_passed else None,
                                                    "gate_refused": gate_refused, "note": note})
    _emit("plan.approved", plan, actor, version, audience=("manager",))
    tasks.render_after_commit(version.pk)  # the files' footer now names the approval
    return version


@transaction.atomic
def request_changes(*, actor: User, membership: Membership, plan: Plan, number: int, section: str,
                    comment: str) -> ChangeRequest:
    """The client's approver sends a version in review back to the team with a comment on one section."""
    section = validation.clean_choice(section, field="section", choices=SectionChoice.choices)
    comment = validation.clean_text(comment, field="comment", max_length=COMMENT_MAX)
    outcome, versions = _apply(plan, membership, rules.Action.REQUEST_CHANGES, number=number, comment=comment)
    version = next(v for v in versions if v.number == number)
    version.state = StateChoice.DRAFT
    version.save(update_fields=["state"])
    request = ChangeRequest.objects.create(workspace_id=plan.workspace_id, version=version, section=section,
                                           comment=comment, author=actor)
    _record(plan, actor, "plan.changes_requested", request,
            {"version": number, "section": section, "comment": comment})
    _emit("plan.changes_requested", plan, actor, version, audience=("manager",), section=section)
    return request


def _emit(kind: str, plan: Plan, actor: Any, version: PlanVersion, *, audience: tuple[str, ...],
          section: str = "") -> None:
    """Tell who must know (``cadence.core.events``: the notifications, the webhooks) once the write commits."""
    from django.urls import reverse

    engagement = plan.engagement
    data: dict[str, Any] = {"version": version.number,
                            "url": reverse("plans:version-detail",
                                           args=[engagement.workspace.slug, engagement.uuid, version.number])}
    if section:
        data["section"] = section
    events.emit(kind, workspace=plan.workspace_id, engagement=engagement, actor=actor, subject=version,
                subject_title=str(engagement.name), data=data, audience=audience)


@transaction.atomic
def start_draft(*, actor: User, membership: Membership, plan: Plan) -> PlanVersion:
    """A new draft after approval: numbered after the last version, its content the approved version's."""
    outcome, versions = _apply(plan, membership, rules.Action.START_DRAFT)
    draft = outcome.version
    source = next((int(e.params["version"]) for e in outcome.effects if e.code == "copy_content"), None)
    if source is not None:
        approved = next(v for v in versions if v.number == source)
        _write_document(plan, queries.stored_snapshot(approved).document, actor=actor, keep_uids=True)
    version = PlanVersion.objects.create(workspace_id=plan.workspace_id, plan=plan, number=draft.number,
                                         state=StateChoice.DRAFT, based_on=draft.based_on, created_by=actor)
    _record(plan, actor, "plan.draft_started", version, {"version": draft.number, "based_on": draft.based_on})
    return version


# --- writing a whole document back into the live rows ----------------------------------------------

def _from_document(kind: RecordKind, name: str, value: Any, pks: Mapping[str, Mapping[str, int]]) -> Any:
    f = kind.field(name)
    if isinstance(f, models.ForeignKey):
        return pks[kind.target_kind(name)].get(str(value)) if value else None
    if value is None:
        return None if f.null else _default(kind, name)
    if isinstance(f, models.DateField):
        return dt.date.fromisoformat(str(value)[:10])
    if isinstance(f, models.DecimalField):
        return Decimal(str(value))
    return value


def _write_document(plan: Plan, document: Mapping[str, Any], *, actor: User, keep_uids: bool) -> None:
    """Make the live rows (answers and records) say what ``document`` says. ``keep_uids``: the records keep
    their uids (a new draft from the approved version: rows still there are updated in place, with a new
    revision when they differ); else every record gets a new uid (a template)."""
    records = queries.document_records(document)
    wanted_uids = {name: {str(r["uid"]) for r in records.get(name, ())} if keep_uids else set() for name in KINDS}
    for name, spec in reversed(KINDS.items()):  # first what goes (children first): no unique row is doubled
        gone = [r.pk for r in spec.model.objects.filter(workspace_id=plan.workspace_id, plan=plan)
                if str(r.uuid) not in wanted_uids[name]]
        spec.model.objects.filter(pk__in=gone).delete()
    pks: dict[str, dict[str, int]] = {}
    for name, spec in KINDS.items():  # then parents before children
        existing = {str(r.uuid): r for r in spec.model.objects.filter(workspace_id=plan.workspace_id, plan=plan)}
        pks[name] = {}
        for rec in records.get(name, ()):
            uid = str(rec["uid"])
            values: dict[str, Any] = {}
            for field_name in spec.fields:
                f = spec.field(field_name)
                key = f.attname if isinstance(f, models.ForeignKey) else field_name
                values[key] = _from_document(spec, field_name, rec.get(field_name), pks)
            values["position"] = int(rec.get("position") or 0)
            row = existing.get(uid)
            if row is None:
                row = spec.model.objects.create(workspace_id=plan.workspace_id, plan=plan, updated_by=actor,
                                                uuid=uuid.UUID(uid) if keep_uids else uuid.uuid4(), **values)
            elif any(getattr(row, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(row, k, v)
                row.revision, row.updated_by = row.revision + 1, actor
                row.save()
            pks[name][uid] = row.pk
    wanted: dict[str, tuple[str, str]] = {}
    for section, content in document.get("sections", {}).items():
        for key, text in content.get("answers", {}).items():
            wanted[key] = (section, text)
    for answer in Answer.objects.filter(workspace_id=plan.workspace_id, plan=plan):
        section, text = wanted.pop(answer.key, (answer.section, ""))
        if answer.text != text:
            answer.text, answer.revision, answer.updated_by = text, answer.revision + 1, actor
            answer.save(update_fields=["text", "revision", "updated_by", "updated_at"])
    for key, (section, text) in wanted.items():
        Answer.objects.create(workspace_id=plan.workspace_id, plan=plan, key=key, section=section, text=text,
                              updated_by=actor)


# --- templates ------------------------------------------------------------------------------------

def _require_templates(membership: Membership) -> None:
    if not membership.can("plans.templates"):
        raise DomainError(_("Your role does not allow this."), code="forbidden")


@transaction.atomic
def save_as_template(*, actor: User, membership: Membership, plan: Plan, name: str) -> PlanTemplate:
    """The plan's structure, questions and answers (as examples) as a workspace template; the client's facts
    (engagement, client, brief, dates) are left out."""
    _require_templates(membership)
    name = validation.clean_name(name, field="name", max_length=validation.NAME_MAX)
    if PlanTemplate.objects.filter(workspace_id=plan.workspace_id, name=name).exists():
        raise DomainError(_("A plan template with this name exists already."), code="duplicate", field="name")
    live = queries.live_document(plan)
    facts = {"language": plan.engagement.language, "questions": live["plan"].get("questions", {})}
    frozen = snapshots.freeze(facts, live["sections"])
    template = PlanTemplate.objects.create(workspace_id=plan.workspace_id, name=name,
                                           language=plan.engagement.language, document=frozen.canonical,
                                           created_by=actor)
    _record(plan, actor, "plan.template_saved", template, {"name": name})
    return template


@transaction.atomic
def start_from_template(*, actor: User, membership: Membership, plan: Plan, template: PlanTemplate) -> None:
    """Fill a draft that has no content yet from a template (its records get new uids)."""
    _require_templates(membership)
    require_edit(membership, plan)
    if template.workspace_id != plan.workspace_id:
        raise DomainError(_("There is no such template."), code="not_found", field="template")
    if not queries.content_is_empty(plan):
        raise DomainError(_("This draft already has content: a template can only start an empty plan."),
                          code="plan_not_empty")
    try:
        document = snapshots.load(template.document).document
    except snapshots.SnapshotError:
        raise DomainError(_("This template cannot be read."), code="template_unreadable") from None
    _write_document(plan, document, actor=actor, keep_uids=False)
    _record(plan, actor, "plan.template_applied", plan, {"template": template.name})


__all__ = [
    "EditConflict", "approve", "create_record", "delete_record", "ensure_plan", "record_values", "request_changes",
    "require_edit", "save_answer", "save_as_template", "save_brief", "start_draft", "start_from_template", "submit",
    "update_record",
]
