"""Writes to templates, engagements, phases, gates, time entries and overrides.

Keyword-only ``actor``; one transaction each; DomainError with a translated message when a
rule refuses; an audit entry for every change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cadence import tenancy
from cadence.accounts.models import User
from cadence.core import audit, events, validation
from cadence.core.errors import DomainError, InvalidInput
from cadence.core.models import Client, Membership, Role, Workspace
from cadence.engagements import phase_fields, queries
from cadence.engagements.builtin_templates import BUILTIN_TEMPLATES
from cadence.engagements.domain.rollover import RolloverMode, UsageLevel, check_change
from cadence.engagements.models import (
    ContractTerms,
    Engagement,
    EngagementGate,
    EngagementPhase,
    HoursOverride,
    MonthClose,
    ProcessTemplate,
    TemplateGate,
    TemplatePhase,
    TimeEntry,
)
from cadence.engagements.schedule import (
    PROBLEM_TEXTS,
    GateSpec,
    PhaseKind,
    PhaseSpec,
    TemplateSpec,
    blocking_gate,
    month_index,
)
from cadence.engagements.templatetags.cadence_tags import format_hours

ENGAGEMENT_FIELDS = (
    "name", "start_date", "country", "subdivision", "time_zone", "currency", "language", "contract_months",
    "close_after_days",
)
# The first contract terms are given when an engagement is created; later ones through change_terms.
TERMS_FIELDS = ("monthly_hours", "rollover_mode", "rollover_cap")
# The audited fields of a phase and of a gate: every column of cadence/engagements/phase_fields.py.
PHASE_FIELDS = phase_fields.columns(phase_fields.PHASE_FIELDS)
GATE_FIELDS = phase_fields.columns(phase_fields.GATE_FIELDS)
APPROVED_BY_MAX = 200

# Per-language texts by phase or gate key: {key: {"names": {...}, "descriptions": {...}}}.
Texts = dict[str, dict[str, dict[str, str]]]


def _texts_of(rows: Iterable[Any]) -> Texts:
    return {r.key: {"names": dict(r.names or {}), "descriptions": dict(r.descriptions or {})} for r in rows}


def _phase_kwargs(spec: PhaseSpec, order: int, texts: Texts | None = None) -> dict[str, Any]:
    own = (texts or {}).get(spec.key, {})
    return {
        "order": order, "key": spec.key, "name": spec.name, "kind": spec.kind.value,
        "effort_hours": spec.effort_hours, "min_days": spec.min_days, "expected_days": spec.expected_days,
        "max_days": spec.max_days, "share": spec.share, "not_before_month": spec.not_before_month,
        "alongside": spec.alongside or "", "requires_gates": list(spec.requires_gates),
        "category": spec.category, "description": spec.description,
        "names": own.get("names", {}), "descriptions": own.get("descriptions", {}),
    }


def _gate_kwargs(spec: GateSpec, texts: Texts | None = None) -> dict[str, Any]:
    own = (texts or {}).get(spec.key, {})
    return {"key": spec.key, "name": spec.name, "after_phase": spec.after_phase, "description": spec.description,
            "client_approvable": spec.client_approvable,
            "names": own.get("names", {}), "descriptions": own.get("descriptions", {})}


def _source_and_texts(row: Mapping[str, Any], source_field: str, texts_field: str,
                      existing: str, max_length: int | None = None) -> tuple[str, dict[str, str]]:
    """The source text and the per-language texts of a posted name or explanation.

    A row without the source field (the editor sends only per-language texts) keeps the built-in text it
    had, so built-in phases stay translated by the catalogs; custom text becomes its own source (English
    first), so code that needs one string has one.
    """
    texts = phase_fields.clean_texts(row.get(texts_field), max_length)
    source = str(row.get(source_field) or "").strip()
    if max_length is not None and len(source) > max_length:
        raise ValueError("text too long")
    if source_field not in row and existing in queries.builtin_texts():
        source = existing
    if source not in queries.builtin_texts() and texts:
        source = texts.get("en") or next(iter(texts.values()))
    return source, texts


def row_changes(before: Mapping[str, Mapping[str, Any]], after: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Phases or gates by key before and after a save -> {key: "added" | "removed" | {field: [old, new]}}."""
    changes: dict[str, Any] = {}
    for key, values in after.items():
        if key not in before:
            changes[key] = "added"
        elif delta := audit.diff(before[key], values):
            changes[key] = delta
    changes.update({key: "removed" for key in before if key not in after})
    return changes


def problem_text(problem: Any) -> str:
    """A template problem of the pure engine as a translated sentence."""
    return _(PROBLEM_TEXTS[problem.code]) % dict(problem.params)


def phase_specs(rows: Iterable[Mapping[str, Any]], existing: Mapping[str, Any] | None = None,
                ) -> tuple[list[PhaseSpec], Texts]:
    """Parse phase rows (as the editor and the API give them) without writing: for previews."""
    return _clean_phase_rows(rows, existing)


def gate_specs(rows: Iterable[Mapping[str, Any]], existing: Mapping[str, Any] | None = None,
               ) -> tuple[list[GateSpec], Texts]:
    return _clean_gate_rows(rows, existing)


def _validate_spec(spec: TemplateSpec) -> None:
    problems = spec.problems()
    if problems:
        text = " ".join(problem_text(p) for p in problems)
        raise DomainError(_("The phases do not form a valid process: %(problems)s") % {"problems": text},
                          code="invalid_template")


# --- templates -------------------------------------------------------------------------------

def install_builtin_templates(workspace: Workspace) -> None:
    """Give a new workspace its own copies of the templates that ship with Cadence (idempotent)."""
    for spec in BUILTIN_TEMPLATES.values():
        template, created = ProcessTemplate.objects.get_or_create(
            workspace=workspace, key=spec.key,
            defaults={"name": spec.name, "description": spec.description, "builtin": True},
        )
        if created:
            _write_template_rows(template, spec)


def _write_template_rows(template: ProcessTemplate, spec: TemplateSpec, phase_texts: Texts | None = None,
                         gate_texts: Texts | None = None) -> None:
    TemplatePhase.objects.bulk_create(
        TemplatePhase(workspace=template.workspace, template=template, **_phase_kwargs(p, i, phase_texts))
        for i, p in enumerate(spec.phases)
    )
    TemplateGate.objects.bulk_create(
        TemplateGate(workspace=template.workspace, template=template, **_gate_kwargs(g, gate_texts))
        for g in spec.gates
    )


def template_spec(template: ProcessTemplate) -> TemplateSpec:
    return TemplateSpec(
        key=template.key, name=template.name, description=template.description,
        phases=tuple(p.to_spec() for p in template.phases.all()),
        gates=tuple(g.to_spec() for g in template.gates.all()),
    )


@transaction.atomic
def copy_template(*, actor: User, template: ProcessTemplate, name: str) -> ProcessTemplate:
    name = validation.clean_name(name, field="name") if name and name.strip() else ""
    name = name or _("Copy of %(name)s") % {"name": template.name}
    base = f"{template.key}-copy"
    key, n = base, 2
    while ProcessTemplate.objects.filter(workspace=template.workspace, key=key).exists():
        key, n = f"{base}-{n}", n + 1
    copy = ProcessTemplate.objects.create(
        workspace=template.workspace, key=key, name=name, description=template.description, builtin=False
    )
    _write_template_rows(copy, template_spec(template), _texts_of(template.phases.all()),
                         _texts_of(template.gates.all()))
    audit.record(workspace=template.workspace, actor=actor, action="template.copied", obj=copy,
                 changes={"from": template.name, "name": name})
    return copy


def _row_texts(row: Mapping[str, Any], existing: Mapping[str, Any] | None,
               fields: tuple[phase_fields.PhaseField, ...]) -> tuple[str, Any, str, str, dict[str, dict[str, str]]]:
    """A posted phase or gate row's key, its current row (or None), its source name and explanation, and
    its per-language texts (``names``, ``descriptions``), bounded by ``fields``."""
    key = str(row["key"]).strip()
    old = (existing or {}).get(key)
    name, names = _source_and_texts(row, "name", "names", old.name if old else "",
                                    phase_fields.max_length_of(fields, "names"))
    description, descriptions = _source_and_texts(row, "description", "descriptions",
                                                  old.description if old else "",
                                                  phase_fields.max_length_of(fields, "descriptions"))
    return key, old, name, description, {"names": names, "descriptions": descriptions}


def _clean_phase_rows(rows: Iterable[Mapping[str, Any]],
                      existing: Mapping[str, Any] | None = None) -> tuple[list[PhaseSpec], Texts]:
    """Posted phase rows -> specs for the engine and per-language texts; ``existing``: current rows by key."""
    specs, texts = [], {}
    for i, row in enumerate(rows):
        try:
            key, old, name, description, row_texts = _row_texts(row, existing, phase_fields.PHASE_FIELDS)
            if not name:
                raise ValueError("a phase needs a name")
            specs.append(PhaseSpec(
                key=key, name=name, kind=PhaseKind(row["kind"]),
                effort_hours=Decimal(str(row.get("effort_hours") or 0)),
                min_days=int(row.get("min_days") or 0), expected_days=int(row.get("expected_days") or 0),
                max_days=int(row.get("max_days") or 0), share=Decimal(str(row.get("share") or "0.5")),
                not_before_month=int(row["not_before_month"]) if row.get("not_before_month") else None,
                alongside=(row.get("alongside") or None), requires_gates=tuple(row.get("requires_gates") or ()),
                category=str(row.get("category") or ""), description=description,
            ))
            texts[key] = row_texts
        except (KeyError, ValueError, InvalidOperation, TypeError):
            raise DomainError(_("Phase %(n)s has a missing or invalid value.") % {"n": i + 1}, code="invalid_phase") from None
    return specs, texts


def _clean_gate_rows(rows: Iterable[Mapping[str, Any]],
                     existing: Mapping[str, Any] | None = None) -> tuple[list[GateSpec], Texts]:
    specs, texts = [], {}
    for i, row in enumerate(rows):
        try:
            key, old, name, description, row_texts = _row_texts(row, existing, phase_fields.GATE_FIELDS)
            if not name:
                raise ValueError("a gate needs a name")
            # A row that does not say whether the client approves the gate keeps what the gate of that key had.
            approvable = (bool(row["client_approvable"]) if "client_approvable" in row
                          else bool(old.client_approvable) if old else False)
            specs.append(GateSpec(key=key, name=name, after_phase=str(row["after_phase"]).strip(),
                                  description=description, client_approvable=approvable))
            texts[key] = row_texts
        except (KeyError, ValueError, TypeError):
            raise DomainError(_("Gate %(n)s has a missing or invalid value.") % {"n": i + 1}, code="invalid_gate") from None
    return specs, texts


@transaction.atomic
def update_template(
    *, actor: User, template: ProcessTemplate, name: str, description: str,
    phases: Iterable[Mapping[str, Any]], gates: Iterable[Mapping[str, Any]],
) -> ProcessTemplate:
    if template.builtin:
        raise DomainError(_("Templates that ship with Cadence cannot be changed; copy one and edit the copy."),
                          code="builtin_template")
    name = validation.clean_name(name, field="name")
    description = validation.clean_text(description, field="description", max_length=validation.NOTES_MAX)
    phase_specs, phase_texts = _clean_phase_rows(phases, {p.key: p for p in template.phases.all()})
    gate_specs, gate_texts = _clean_gate_rows(gates, {g.key: g for g in template.gates.all()})
    spec = TemplateSpec(key=template.key, name=name, phases=tuple(phase_specs), gates=tuple(gate_specs))
    _validate_spec(spec)
    before = {"name": template.name, "description": template.description}
    phases_before = {p.key: audit.snapshot(p, PHASE_FIELDS) for p in template.phases.all()}
    gates_before = {g.key: audit.snapshot(g, GATE_FIELDS) for g in template.gates.all()}
    template.name, template.description = name.strip() or template.name, description
    template.save(update_fields=["name", "description"])
    template.phases.all().delete()
    template.gates.all().delete()
    _write_template_rows(template, spec, phase_texts, gate_texts)
    changes: dict[str, Any] = audit.diff(before, {"name": template.name, "description": template.description})
    phase_changes = row_changes(phases_before, {p.key: audit.snapshot(p, PHASE_FIELDS) for p in template.phases.all()})
    gate_changes = row_changes(gates_before, {g.key: audit.snapshot(g, GATE_FIELDS) for g in template.gates.all()})
    if phase_changes:
        changes["phases"] = phase_changes
    if gate_changes:
        changes["gates"] = gate_changes
    if changes:
        audit.record(workspace=template.workspace, actor=actor, action="template.updated", obj=template,
                     changes=changes)
    return template


# --- engagements ------------------------------------------------------------------------------

def team_members(workspace: Any) -> list[User]:
    """The workspace's team (owners, managers, specialists): who may be an engagement's account manager."""
    return [m.user for m in Membership.objects.filter(workspace=workspace).exclude(role=Role.CLIENT)
            .select_related("user").order_by("user__full_name", "user__email")]


def _clean_manager(engagement: Engagement, value: Any) -> User | None:
    """The engagement's account manager (a member of its team: KPI alerts go to them), given as a user or a
    user's uuid; empty clears it (the alerts then go to the workspace's owners and managers)."""
    if value in (None, ""):
        return None
    wanted = str(getattr(value, "uuid", value))
    for user in team_members(engagement.workspace):
        if str(user.uuid) == wanted:
            return user
    raise DomainError(_("Choose a member of the team."), code="invalid_choice", field="manager")


def _bounded_engagement_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The bounds of an engagement's own fields (the same for the forms and the API)."""
    out = {k: v for k, v in fields.items() if k in ENGAGEMENT_FIELDS or k in TERMS_FIELDS}
    if "name" in out:
        out["name"] = validation.clean_name(out["name"], field="name", max_length=validation.NAME_MAX)
    if "start_date" in out:
        out["start_date"] = validation.clean_date(out["start_date"], field="start_date")
    if out.get("monthly_hours") is not None:
        out["monthly_hours"] = validation.clean_hours(out["monthly_hours"], field="monthly_hours",
                                                      minimum=Decimal("0.5"), maximum=Decimal(1000))
    if out.get("rollover_cap") is not None:
        out["rollover_cap"] = validation.clean_hours(out["rollover_cap"], field="rollover_cap",
                                                     minimum=Decimal(0), maximum=Decimal(1000))
    for key, pattern in (("country", validation.COUNTRY_RE), ("currency", validation.CURRENCY_RE)):
        if key in out:
            out[key] = validation.clean_code(out[key], field=key, pattern=pattern)
    for key, max_length in (("subdivision", 10), ("time_zone", 64)):
        if key in out:
            out[key] = validation.clean_text(out[key], field=key, max_length=max_length, multiline=False)
    return out


def _clean_engagement(engagement: Engagement) -> None:
    try:
        engagement.full_clean(exclude=["workspace", "client", "template"])
    except ValidationError as exc:
        messages = [f"{field}: {' '.join(errs)}" for field, errs in exc.message_dict.items()]
        field = next(iter(exc.message_dict), None)
        raise InvalidInput("; ".join(messages), code="invalid_engagement",
                           field=None if field == "__all__" else field) from None
    if not queries.country_supported(engagement.country, engagement.subdivision):
        raise DomainError(_("Cadence does not know the public holidays of that country or region."),
                          field="country", code="unknown_country")
    if not queries.time_zone_valid(engagement.time_zone):
        raise DomainError(_("Unknown time zone."), field="time_zone", code="unknown_time_zone")


@transaction.atomic
def create_engagement(
    *, actor: User, workspace: Workspace, client: Client, template: ProcessTemplate, **fields: Any
) -> Engagement:
    if client.workspace_id != workspace.pk or template.workspace_id != workspace.pk:
        raise DomainError(_("That client or template is not in this workspace."))
    fields = _bounded_engagement_fields(fields)
    engagement = Engagement(workspace=workspace, client=client, template=template,
                            **{k: v for k, v in fields.items() if k in ENGAGEMENT_FIELDS})
    _clean_engagement(engagement)
    monthly_hours: Any = fields.get("monthly_hours")  # the input as given: _clean_terms refuses a missing one
    rollover_cap = fields.get("rollover_cap")
    terms = _clean_terms(ContractTerms(
        workspace=workspace, from_month=1, monthly_hours=monthly_hours,
        rollover_mode=fields.get("rollover_mode") or RolloverMode.NONE.value,
        rollover_cap=rollover_cap if rollover_cap is not None else Decimal(0),
        created_by=actor,
    ))
    engagement.save()
    terms.engagement = engagement
    terms.save()
    spec = template_spec(template)
    _validate_spec(spec)
    phase_texts, gate_texts = _texts_of(template.phases.all()), _texts_of(template.gates.all())
    EngagementPhase.objects.bulk_create(
        EngagementPhase(workspace=workspace, engagement=engagement, **_phase_kwargs(p, i, phase_texts))
        for i, p in enumerate(spec.phases)
    )
    EngagementGate.objects.bulk_create(
        EngagementGate(workspace=workspace, engagement=engagement, **_gate_kwargs(g, gate_texts))
        for g in spec.gates
    )
    audit.record(workspace=workspace, actor=actor, action="engagement.created", obj=engagement,
                 thread=engagement,
                 changes={**audit.snapshot(engagement, ENGAGEMENT_FIELDS), **audit.snapshot(terms, TERMS_FIELDS),
                          "client": client.name, "template": template.name})
    return engagement


def _clean_terms(terms: ContractTerms) -> ContractTerms:
    if terms.monthly_hours is None:
        raise DomainError(_("Give the hours per month."), field="monthly_hours", code="invalid_terms")
    try:
        terms.monthly_hours = Decimal(str(terms.monthly_hours))
        terms.rollover_cap = Decimal(str(terms.rollover_cap))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Hours must be a number."), field="monthly_hours", code="invalid_terms") from None
    try:
        terms.full_clean(exclude=["workspace", "engagement", "created_by", "from_month"])
    except ValidationError as exc:
        messages = [f"{field}: {' '.join(errs)}" for field, errs in exc.message_dict.items()]
        field = next(iter(exc.message_dict), None)
        raise DomainError("; ".join(messages), code="invalid_terms",
                          field=field if field != "__all__" else None) from None
    if terms.rollover_mode == RolloverMode.CARRY.value and not terms.rollover_cap:
        raise DomainError(_("Say how many unused hours may carry over."), field="rollover_cap", code="invalid_terms")
    if terms.rollover_mode == RolloverMode.NONE.value:
        terms.rollover_cap = Decimal(0)
    return terms


@transaction.atomic
def change_terms(
    *, actor: User, engagement: Engagement, from_month: int, monthly_hours: Any, rollover_mode: str,
    rollover_cap: Any = 0, reason: str = "",
) -> ContractTerms:
    """The contract's hours and rollover rule from ``from_month`` on (the current month or a later one).

    Months before it keep their terms, and the baseline plan keeps the original terms: the timeline
    names the change as the reason its dates moved. A change in a closed month is refused.
    """
    Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
    today = queries.engagement_today(engagement)
    current = max(queries.current_month(engagement, today), 1)
    try:
        from_month = int(from_month)
    except (TypeError, ValueError):
        raise DomainError(_("Choose the month the new terms start in."), field="from_month") from None
    if from_month < current:
        raise DomainError(_("Contract terms change from the current month (month %(month)s) or a later one, "
                            "never for a month that has passed.") % {"month": current},
                          field="from_month", code="terms_past_month")
    if engagement.contract_months is not None and from_month > engagement.contract_months:
        raise DomainError(_("The contract ends after month %(months)s.") % {"months": engagement.contract_months},
                          field="from_month", code="terms_after_contract")
    if from_month > 120:
        raise DomainError(_("Choose a month within the next ten years."), field="from_month")
    if queries.month_is_closed(engagement, from_month, today):
        raise DomainError(_("Month %(month)s is closed; its terms cannot change.") % {"month": from_month},
                          field="from_month", code="month_closed")
    monthly_hours = validation.clean_hours(monthly_hours, field="monthly_hours", minimum=Decimal("0.5"),
                                           maximum=Decimal(1000))
    rollover_cap = validation.clean_hours(rollover_cap or 0, field="rollover_cap", minimum=Decimal(0),
                                          maximum=Decimal(1000))
    reason = validation.clean_text(reason, field="reason", max_length=validation.REASON_MAX)
    terms = _clean_terms(ContractTerms(
        workspace=engagement.workspace, engagement=engagement, from_month=from_month, monthly_hours=monthly_hours,
        rollover_mode=rollover_mode or RolloverMode.NONE.value, rollover_cap=rollover_cap or Decimal(0),
        reason=(reason or "").strip(), created_by=actor,
    ))
    existing = engagement.contract_terms.filter(from_month=from_month).first()
    before = audit.snapshot(existing or engagement.terms_in(from_month), TERMS_FIELDS)
    if existing is not None:
        for name in (*TERMS_FIELDS, "reason", "created_by"):
            setattr(existing, name, getattr(terms, name))
        existing.save()
        terms = existing
    else:
        terms.save()
    if hasattr(engagement, "_prefetched_objects_cache"):
        engagement._prefetched_objects_cache.pop("contract_terms", None)
    audit.record(workspace=engagement.workspace, actor=actor, action="engagement.terms_changed", obj=engagement,
                 thread=engagement,
                 changes={"from_month": from_month, **audit.diff(before, audit.snapshot(terms, TERMS_FIELDS)),
                          "reason": terms.reason})
    return terms


@transaction.atomic
def update_engagement(*, actor: User, engagement: Engagement, **fields: Any) -> Engagement:
    """Change the engagement's own fields. The contract's hours and rollover rule change from a month on,
    through ``change_terms``: asking for them here is refused rather than rewriting past months."""
    manager_given = "manager" in fields
    manager = _clean_manager(engagement, fields.get("manager")) if manager_given else None
    fields = _bounded_engagement_fields(fields)
    asked = [k for k in TERMS_FIELDS if k in fields and fields[k] is not None]
    if asked:
        current = engagement.current_terms
        if any(Decimal(str(fields[k])) != Decimal(getattr(current, k)) if k != "rollover_mode"
               else fields[k] != current.rollover_mode for k in asked):
            raise DomainError(_("The hours per month and the rollover rule change from a chosen month on: "
                                "add new contract terms instead."), field=asked[0], code="use_terms")
    before = audit.snapshot(engagement, ENGAGEMENT_FIELDS)
    for key, value in fields.items():
        if key in ENGAGEMENT_FIELDS:
            setattr(engagement, key, value)
    _clean_engagement(engagement)
    first_entry = engagement.time_entries.order_by("date").values_list("date", flat=True).first()
    if first_entry is not None and engagement.start_date > first_entry:
        raise DomainError(_("Time is already logged before that start date (%(date)s).")
                          % {"date": date_format(first_entry)}, field="start_date")
    last_terms = max(t.from_month for t in engagement.terms_history())
    if engagement.contract_months is not None and engagement.contract_months < last_terms:
        raise DomainError(_("Contract terms start in month %(month)s; the contract cannot end before it.")
                          % {"month": last_terms}, field="contract_months")
    old_manager = engagement.manager
    if manager_given:
        engagement.manager = manager
    engagement.save()
    changes = audit.diff(before, audit.snapshot(engagement, ENGAGEMENT_FIELDS))
    if manager_given and old_manager != manager:
        changes["manager"] = [old_manager.email if old_manager else None, manager.email if manager else None]
    if changes:
        audit.record(workspace=engagement.workspace, actor=actor, action="engagement.updated", obj=engagement,
                     thread=engagement, changes=changes)
    return engagement


@transaction.atomic
def update_phases(*, actor: User, engagement: Engagement, phases: Iterable[Mapping[str, Any]]) -> None:
    """Edit the engagement's copy of its phases (estimates, durations, order, names).

    Keys of phases with logged time cannot disappear; new keys are added, missing ones removed.
    """
    existing = {p.key: p for p in engagement.phases.all()}
    specs, texts = _clean_phase_rows(phases, existing)
    gates = tuple(g.to_spec() for g in engagement.gates.all())
    spec = TemplateSpec(key=str(engagement.uuid), name=engagement.name, phases=tuple(specs), gates=gates)
    _validate_spec(spec)
    new_keys = {s.key for s in specs}
    for key, old_phase in existing.items():
        if key not in new_keys:
            if old_phase.time_entries.exists():
                raise DomainError(_("Phase “%(name)s” has logged time and cannot be removed.")
                                  % {"name": queries.display_name(old_phase, fallback=engagement.language)},
                                  code="phase_in_use")
            # Deleted entries of a removed phase can no longer be restored.
            TimeEntry.all_objects.filter(phase=old_phase).delete()
            old_phase.delete()
    changes: dict[str, Any] = {}
    for order, s in enumerate(specs):
        values = _phase_kwargs(s, order, texts)
        phase = existing.get(s.key)
        if phase is None:
            EngagementPhase.objects.create(workspace=engagement.workspace, engagement=engagement, **values)
            changes[s.key] = "added"
            continue
        before = audit.snapshot(phase, PHASE_FIELDS)
        for k, v in values.items():
            setattr(phase, k, v)
        phase.save()
        delta = audit.diff(before, audit.snapshot(phase, PHASE_FIELDS))
        if delta:
            changes[s.key] = delta
    for key in existing.keys() - new_keys:
        changes[key] = "removed"
    if changes:
        audit.record(workspace=engagement.workspace, actor=actor, action="engagement.phases_updated",
                     obj=engagement, thread=engagement, changes=changes)


def _unused_hours(phase: EngagementPhase, logged: Decimal) -> Decimal:
    if phase.kind != PhaseKind.EFFORT.value or logged >= Decimal(phase.effort_hours):
        return Decimal(0)
    return Decimal(phase.effort_hours) - logged


@transaction.atomic
def set_phase_completed(*, actor: User, phase: EngagementPhase, completed_on: dt.date | None) -> EngagementPhase:
    """Mark a phase completed on a day (its end), or reopen it (``None``: it stays open, not asked again).

    Only where it means something: a phase with hours logged, not continuous. The unused part of an
    effort phase's estimate is recorded in the audit entry.
    """
    engagement = phase.engagement
    old = phase.completed_on
    changes: dict[str, Any] = {}
    if completed_on is not None:
        completed_on = validation.clean_date(completed_on, field="completed_on")
        if phase.kind == PhaseKind.CONTINUOUS.value:
            raise DomainError(_("A continuous phase runs every month; it cannot be marked completed."),
                              code="phase_continuous")
        first, _last = queries.logged_days(phase)
        if first is None:
            raise DomainError(_("No hours are logged on “%(phase)s”, so there is nothing to mark completed.")
                              % {"phase": queries.display_name(phase, fallback=phase.engagement.language)}, code="phase_not_started")
        today = queries.engagement_today(engagement)
        if completed_on > today:
            raise DomainError(_("A phase cannot be completed in the future."), field="completed_on")
        if completed_on < engagement.start_date:
            raise DomainError(_("That date is before the engagement starts."), field="completed_on")
        if completed_on < first:
            raise DomainError(_("Work on “%(phase)s” began on %(date)s; it cannot be completed before that.")
                              % {"phase": queries.display_name(phase, fallback=phase.engagement.language), "date": date_format(first)},
                              field="completed_on")
        logged = queries.logged_total(phase)
        changes["logged_hours"] = logged
        unused = _unused_hours(phase, logged)
        if unused:
            changes["unused_hours"] = unused
    else:
        # Reopened by the manager: the decision is "keep it open", so it is not asked about again.
        phase.keep_open_since = phase.keep_open_since or queries.engagement_today(engagement)
    phase.completed_on = completed_on
    phase.save(update_fields=["completed_on", "keep_open_since"])
    changes["completed_on"] = [old.isoformat() if old else None, completed_on.isoformat() if completed_on else None]
    audit.record(workspace=phase.workspace, actor=actor,
                 action="phase.completed" if completed_on else "phase.reopened", obj=phase, thread=engagement,
                 changes=changes)
    return phase


@transaction.atomic
def complete_phase_at_last_logged_day(*, actor: User, phase: EngagementPhase) -> EngagementPhase:
    """The answer "it is finished" to a phase awaiting confirmation: it ends on its last day of work."""
    _first, last = queries.logged_days(phase)
    if last is None:
        raise DomainError(_("No hours are logged on “%(phase)s”, so there is nothing to mark completed.")
                          % {"phase": queries.display_name(phase, fallback=phase.engagement.language)}, code="phase_not_started")
    return set_phase_completed(actor=actor, phase=phase, completed_on=last)


@transaction.atomic
def keep_phase_open(*, actor: User, phase: EngagementPhase) -> EngagementPhase:
    """The answer "it is not finished": its remaining hours are planned from today; not asked again."""
    if phase.completed_on is not None:
        raise DomainError(_("“%(phase)s” is marked completed; reopen it instead.") % {"phase": queries.display_name(phase, fallback=phase.engagement.language)},
                          code="phase_completed")
    if phase.kind != PhaseKind.EFFORT.value:
        raise DomainError(_("Only a phase that needs a number of hours can be kept open."), code="phase_kind")
    if phase.keep_open_since is not None:
        return phase
    phase.keep_open_since = queries.engagement_today(phase.engagement)
    phase.save(update_fields=["keep_open_since"])
    logged = queries.logged_total(phase)
    audit.record(workspace=phase.workspace, actor=actor, action="phase.kept_open", obj=phase,
                 thread=phase.engagement,
                 changes={"keep_open_since": phase.keep_open_since.isoformat(), "logged_hours": logged,
                          "remaining_hours": max(Decimal(phase.effort_hours) - logged, Decimal(0))})
    return phase


def _check_gate_order(gate: EngagementGate, passed_on: dt.date) -> None:
    """A gate passes after its phase has started (hours logged or marked completed), on a day that has come."""
    engagement = gate.engagement
    passed_on = validation.clean_date(passed_on, field="passed_on")
    if passed_on > queries.engagement_today(engagement):
        raise DomainError(_("A gate can only be recorded as passed on a day that has come."), field="passed_on")
    if passed_on < engagement.start_date:
        raise DomainError(_("That date is before the engagement starts."), field="passed_on")
    phase = engagement.phases.filter(key=gate.after_phase).first()
    if phase is None:
        return
    first, _last = queries.logged_days(phase)
    values = {"gate": queries.display_name(gate, fallback=gate.engagement.language), "phase": queries.display_name(phase, fallback=phase.engagement.language)}
    if first is None and phase.completed_on is None:
        raise DomainError(
            _("“%(gate)s” comes after “%(phase)s”, which has not started: no hours are logged on it and it is not "
              "marked completed. Log its first hours before recording the gate.") % values,
            code="phase_not_started", field="passed_on")
    if first is not None and passed_on < first:
        raise DomainError(
            _("“%(gate)s” comes after “%(phase)s”, whose work began on %(date)s; it cannot pass before that.")
            % {**values, "date": date_format(first)}, code="gate_before_phase", field="passed_on")


@transaction.atomic
def record_gate(
    *, actor: User, gate: EngagementGate, passed_on: dt.date | None, note: str = "", approved_by: str = "",
    reason: str = "",
) -> EngagementGate:
    """Record a gate as passed on a day, with a note and who approved it on the client's side.

    ``passed_on=None`` reopens a passed gate; that needs a reason, kept in the audit trail.
    """
    if passed_on is None:
        return reopen_gate(actor=actor, gate=gate, reason=reason)
    engagement = gate.engagement
    note = validation.clean_text(note, field="note", max_length=validation.GATE_NOTE_MAX)
    approved_by = validation.clean_text(approved_by, field="approved_by", max_length=APPROVED_BY_MAX, multiline=False)
    _check_gate_order(gate, passed_on)
    if gate.client_approvable and not approved_by:
        raise DomainError(_("Say who approved it on the client's side (e.g. “Ion Popescu, director”)."),
                          field="approved_by", code="approved_by_missing")
    old = gate.passed_on
    gate.passed_on, gate.note, gate.approved_by, gate.recorded_by = passed_on, note, approved_by, actor
    gate.save(update_fields=["passed_on", "note", "approved_by", "recorded_by"])
    audit.record(workspace=gate.workspace, actor=actor, action="gate.passed", obj=gate, thread=engagement,
                 changes={"passed_on": [old.isoformat() if old else None, passed_on.isoformat()],
                          "note": note, "approved_by": approved_by})
    if old is None:
        _emit_gate(gate, engagement, actor)
    return gate


def _emit_gate(gate: EngagementGate, engagement: Engagement, actor: Any) -> None:
    """``gate.passed`` (audience: the team) once the write commits."""
    events.emit("gate.passed", workspace=gate.workspace_id, engagement=engagement, actor=actor, subject=gate,
                subject_title=queries.display_name(gate, fallback=engagement.language), audience=("team",),
                data={"gate": gate.key, "passed_on": gate.passed_on.isoformat() if gate.passed_on else None,
                      "url": queries.engagement_path(engagement.workspace.slug, engagement.uuid)})


@transaction.atomic
def reopen_gate(*, actor: User, gate: EngagementGate, reason: str) -> EngagementGate:
    reason = validation.clean_text(reason, field="reason", max_length=validation.GATE_NOTE_MAX)
    if gate.passed_on is None:
        raise DomainError(_("“%(gate)s” has not been recorded as passed.") % {"gate": queries.display_name(gate, fallback=gate.engagement.language)},
                          code="gate_open")
    if not reason:
        raise DomainError(_("Say why the gate is reopened; the reason is kept in the history."), field="reason",
                          code="reason_missing")
    old = gate.passed_on
    changes = {"passed_on": [old.isoformat(), None], "reason": reason, "note": gate.note,
               "approved_by": gate.approved_by}
    gate.passed_on, gate.note, gate.approved_by, gate.recorded_by = None, "", "", None
    gate.save(update_fields=["passed_on", "note", "approved_by", "recorded_by"])
    audit.record(workspace=gate.workspace, actor=actor, action="gate.reopened", obj=gate, thread=gate.engagement,
                 changes=changes)
    return gate


@transaction.atomic
def approve_gate_as_client(*, actor: User, membership: Membership, gate: EngagementGate,
                           note: str = "") -> EngagementGate:
    """The client's approver confirms a gate meant for the client (e.g. the plan approval), today."""
    engagement = gate.engagement
    if not tenancy.can(membership, "client.approve", client=engagement.client):
        raise DomainError(_("Only the client's approver can confirm this."), code="forbidden")
    if not gate.client_approvable:
        raise DomainError(_("The agency records this checkpoint; it is not for the client to confirm."),
                          code="gate_not_for_client")
    if gate.passed_on is not None:
        raise DomainError(_("“%(gate)s” is already confirmed.") % {"gate": queries.display_name(gate, fallback=gate.engagement.language)},
                          code="gate_passed")
    note = validation.clean_text(note, field="note", max_length=validation.GATE_NOTE_MAX)
    today = queries.engagement_today(engagement)
    _check_gate_order(gate, today)
    gate.passed_on, gate.note, gate.recorded_by = today, note, actor
    gate.approved_by = actor.display_name[:APPROVED_BY_MAX]
    gate.save(update_fields=["passed_on", "note", "approved_by", "recorded_by"])
    audit.record(workspace=gate.workspace, actor=actor, action="gate.client_approved", obj=gate,
                 thread=engagement, changes={"passed_on": [None, today.isoformat()], "note": note,
                                                 "approved_by": gate.approved_by})
    _emit_gate(gate, engagement, actor)
    return gate


# --- time tracking ----------------------------------------------------------------------------

def _parse_hours(hours: Any) -> Decimal:
    return validation.clean_hours(hours, field="hours", minimum=validation.QUARTER, maximum=Decimal(24))


def require_open_month(*, actor: User, membership: Membership, engagement: Engagement, month: int,
                       reason: str = "", today: dt.date | None = None) -> str:
    """Refuse a change to a closed month's time entries unless a manager gives a reason; returns the reason.

    Services that add, change or delete entries call this for every month they touch.
    """
    reason = (reason or "").strip()
    if not queries.month_is_closed(engagement, month, today):
        return reason
    if not membership.can("time.manage"):
        raise DomainError(_("Month %(month)s is closed: only a manager can change its time entries.")
                          % {"month": month}, code="month_closed", field="date")
    if not reason:
        raise DomainError(_("Month %(month)s is closed. Give a reason to change its time entries; "
                            "it is kept in the engagement's history.") % {"month": month},
                          code="reason_required", field="reason")
    return reason


def check_month_hours(engagement: Engagement, month: int, delta: Decimal,
                      today: dt.date | None = None, *, freed: tuple[int, Decimal] | None = None,
                      announce: bool = False, actor: Any = None) -> UsageLevel:
    """Refuse ``delta`` more hours in ``month`` when it or a later month would pass its available hours.

    Fewer unused hours in a month carry less into the next one, so every month up to the current one is
    checked. Call it with the engagement row locked (``select_for_update``). Returns the month's level after.
    """
    today = today or queries.engagement_today(engagement)
    count = max(queries.current_month(engagement, today), month, 1)
    if freed is not None:
        count = max(count, freed[0])
    i = queries.month_inputs(engagement, count, today=today)
    result = check_change(i.contracted, i.logged, i.rules, closed_months=i.closed_months, extra=i.extra,
                          month=month, delta=delta, freed=freed)
    if result.over_month == month:
        raise DomainError(
            _("This would bring month %(month)s to %(after)s h of %(available)s h available. "
              "A manager must record an override with a reason before more hours can be logged.")
            % {"month": month, "after": format_hours(result.over_logged),
               "available": format_hours(result.over_available)},
            code="hours_exceeded", field="hours",
        )
    if result.over_month is not None:
        raise DomainError(
            _("Fewer unused hours of month %(changed)s would carry over, so month %(month)s would be at "
              "%(after)s h of %(available)s h available. A manager must record an override for month "
              "%(month)s first.")
            % {"changed": month, "month": result.over_month, "after": format_hours(result.over_logged),
               "available": format_hours(result.over_available)},
            code="hours_exceeded", field="hours",
        )
    if announce:
        before = check_change(i.contracted, i.logged, i.rules, closed_months=i.closed_months, extra=i.extra,
                              month=month, delta=Decimal(0), freed=None).level
        _announce_hours(engagement, month, before, result.level, actor=actor)
    return result.level


_LEVEL_RANK = {UsageLevel.OK: 0, UsageLevel.WARNING: 1, UsageLevel.FULL: 2, UsageLevel.OVER: 2}


def _announce_hours(engagement: Engagement, month: int, before: UsageLevel, after: UsageLevel, *, actor: Any) -> None:
    """``hours.threshold`` when a month's logged hours cross 80 % or 100 % of its available hours (audience: the
    manager), once the write commits."""
    was, now = _LEVEL_RANK.get(before, 0), _LEVEL_RANK.get(after, 0)
    if now <= was:
        return
    from cadence.engagements.domain.calendar import month_bounds

    first, _last = month_bounds(engagement.start_date, month)
    events.emit("hours.threshold", workspace=engagement.workspace_id, engagement=engagement, actor=actor,
                subject=engagement, subject_title=engagement.name, audience=("manager",),
                data={"month": first.isoformat()[:7], "month_index": month, "level": 100 if now == 2 else 80,
                      "url": queries.engagement_path(engagement.workspace.slug, engagement.uuid)})


def _check_month_limit(
    *, engagement: Engagement, date: dt.date, hours: Decimal, replacing: TimeEntry | None = None,
    today: dt.date | None = None, actor: Any = None,
) -> UsageLevel:
    """The hours limit every write of time goes through (logging, editing, restoring, the timesheet).

    ``hours`` are to be counted on ``date``; ``replacing`` is an entry whose hours stop counting (an edit).
    Every month whose available hours the change affects is checked (``check_month_hours``). Returns the
    month's usage level after the change.
    """
    k = month_index(engagement.start_date, date)
    freed = None
    if replacing is not None and replacing.pk and replacing.deleted_at is None:
        freed = (month_index(engagement.start_date, replacing.date), Decimal(replacing.hours))
    return check_month_hours(engagement, k, Decimal(hours), today, freed=freed, announce=True, actor=actor)


def require_gate_passed(engagement: Engagement, phase: EngagementPhase, *, on: dt.date) -> None:
    """The gate rule of a phase, for time entries and for every other kind of work on the phase (a card moved
    to "In progress" on the board): a phase whose gate has not passed by ``on`` takes no work, and the refusal
    names the gate. ``DomainError(code="gate_closed", field="phase")``."""
    spec = engagement.template_spec()
    gate = blocking_gate(spec, queries.gates_passed(engagement), on=on, phase_key=phase.key)
    if gate is not None:
        raise DomainError(
            _("“%(phase)s” cannot start before the gate “%(gate)s” is passed. Record the gate first.")
            % {"phase": queries.display_name(phase, fallback=engagement.language),
               "gate": queries.display_name(engagement.gates.get(key=gate.key), fallback=engagement.language)},
            code="gate_closed", field="phase",
        )


def _check_entry(
    *, actor: User, membership: Membership, engagement: Engagement, phase: EngagementPhase, date: dt.date,
    hours: Decimal, replacing: TimeEntry | None = None, reason: str = "",
) -> tuple[UsageLevel, str]:
    """The rules an entry must keep, whether it is logged, edited or restored.

    Returns the month's usage level after the change and the reason given for changing a closed month
    ("" when the months touched are open).
    """
    date = validation.clean_date(date, field="date")
    if phase.engagement_id != engagement.pk:
        raise DomainError(_("That phase is not part of this engagement."), field="phase")
    if date < engagement.start_date:
        raise DomainError(_("The engagement starts on %(date)s; time cannot be logged before it.")
                          % {"date": date_format(engagement.start_date)}, field="date")
    today = queries.engagement_today(engagement)
    if date > today:
        raise DomainError(_("Time can only be logged for work already done, not for a future date."), field="date")
    # Lock the engagement row so two concurrent entries cannot both squeeze under the limit.
    Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
    require_gate_passed(engagement, phase, on=date)
    reason = _require_open_months(actor=actor, membership=membership, engagement=engagement, dates=(date,),
                                  replacing=replacing, reason=reason, today=today)
    level = _check_month_limit(engagement=engagement, date=date, hours=hours, replacing=replacing, today=today,
                               actor=actor)
    return level, reason


def _require_open_months(
    *, actor: User, membership: Membership, engagement: Engagement, dates: Iterable[dt.date],
    replacing: TimeEntry | None, reason: str, today: dt.date,
) -> str:
    """``require_open_month`` for every month a write touches (an edit touches its old month too)."""
    months = {month_index(engagement.start_date, d) for d in dates}
    if replacing is not None and replacing.pk:
        months.add(month_index(engagement.start_date, replacing.date))
    for k in sorted(months):
        reason = require_open_month(actor=actor, membership=membership, engagement=engagement, month=k,
                                    reason=reason, today=today)
    return reason


def _entry_snapshot(entry: TimeEntry) -> dict[str, Any]:
    return {"date": entry.date, "hours": entry.hours, "phase": entry.phase.key, "note": entry.note}


@transaction.atomic
def log_time(
    *, actor: User, membership: Membership, engagement: Engagement, phase: EngagementPhase,
    date: dt.date, hours: Any, note: str = "", user: User | None = None, reason: str = "",
) -> tuple[TimeEntry, UsageLevel]:
    """Log hours on a phase. Refuses what breaks a gate or the month's hours (unless overridden), and
    entries in a closed month unless a manager gives a ``reason`` (kept in the audit trail).

    Returns the entry and the month's usage level after it, so the caller can warn at 80 %.
    """
    person = user or actor
    if person.pk != actor.pk and not membership.can("time.manage"):
        raise DomainError(_("Only a manager can log time for someone else."), code="forbidden")
    if not Membership.objects.filter(workspace=engagement.workspace, user=person).exclude(role="client").exists():
        raise DomainError(_("That person is not on the agency's team."), field="user")
    if phase.engagement_id != engagement.pk:
        raise DomainError(_("That phase is not part of this engagement."), field="phase")
    note = validation.clean_text(note, field="note", max_length=validation.NOTE_MAX, multiline=False)
    value = _parse_hours(hours)
    level, reason = _check_entry(actor=actor, membership=membership, engagement=engagement, phase=phase,
                                 date=date, hours=value, reason=reason)
    k = month_index(engagement.start_date, date)
    entry = TimeEntry.objects.create(
        workspace=engagement.workspace, engagement=engagement, user=person, phase=phase, date=date,
        hours=value, note=note,
    )
    changes: dict[str, Any] = {"user": person.email, "date": date, "hours": value, "phase": phase.key,
                               "note": entry.note}
    if reason:
        changes.update(closed_month=k, reason=reason)
    audit.record(workspace=engagement.workspace, actor=actor, action="time.logged", obj=entry, thread=engagement,
                 changes=changes)
    return entry, level


def may_change_time_entry(actor: User, membership: Membership, entry: TimeEntry) -> bool:
    """The entry's author with time.log, or a manager (time.manage)."""
    if membership.workspace_id != entry.workspace_id:
        return False
    if membership.can("time.manage"):
        return True
    return entry.user_id == actor.pk and membership.can("time.log")


TIME_ENTRY_CHANGES = ("date", "hours", "phase", "note")


@transaction.atomic
def update_time_entry(
    *, actor: User, membership: Membership, entry: TimeEntry, reason: str = "", **changes: Any
) -> tuple[TimeEntry, UsageLevel]:
    """Change an entry's date, hours, phase or note, under the same rules as logging it.

    ``phase`` is an ``EngagementPhase`` of the entry's engagement. Returns the entry and the usage level of
    its month after the change.
    """
    if not may_change_time_entry(actor, membership, entry):
        raise DomainError(_("Only a manager can change someone else's time."), code="forbidden")
    if entry.deleted_at is not None:
        raise DomainError(_("This time entry was deleted; restore it first."), code="deleted")
    unknown = set(changes) - set(TIME_ENTRY_CHANGES)
    if unknown:
        raise DomainError(_("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))}, code="invalid")
    engagement = entry.engagement
    before = _entry_snapshot(entry)
    date = changes.get("date") or entry.date
    phase = changes.get("phase") or entry.phase
    value = _parse_hours(changes["hours"]) if changes.get("hours") is not None else Decimal(entry.hours)
    note = (validation.clean_text(changes["note"], field="note", max_length=validation.NOTE_MAX, multiline=False)
            if changes.get("note") is not None else entry.note)
    if not isinstance(phase, EngagementPhase) or phase.engagement_id != engagement.pk:
        raise DomainError(_("That phase is not part of this engagement."), field="phase")
    if (date, phase.pk, value) == (entry.date, entry.phase_id, Decimal(entry.hours)):
        # only the note changes: a gate reopened since (or a later start) does not block fixing a note
        reason = _require_open_months(actor=actor, membership=membership, engagement=engagement, dates=(date,),
                                      replacing=entry, reason=reason, today=queries.engagement_today(engagement))
        level = _check_month_limit(engagement=engagement, date=date, hours=value, replacing=entry, actor=actor)
    else:
        level, reason = _check_entry(actor=actor, membership=membership, engagement=engagement, phase=phase,
                                     date=date, hours=value, replacing=entry, reason=reason)
    entry.date, entry.phase, entry.hours, entry.note = date, phase, value, note
    entry.save(update_fields=["date", "phase", "hours", "note"])
    delta = audit.diff(before, _entry_snapshot(entry))
    if delta:
        audit.record(workspace=entry.workspace, actor=actor, action="time.updated", obj=entry, thread=engagement,
                     changes={"user": entry.user.email, **delta, **({"reason": reason} if reason else {})})
    return entry, level


@transaction.atomic
def delete_time_entry(*, actor: User, membership: Membership, entry: TimeEntry, reason: str = "") -> None:
    """Delete an entry; it stays in the database (``deleted_at``) so ``restore_time_entry`` can undo it.

    A closed month's entry is deleted only by a manager with a ``reason`` (kept in the audit trail).
    """
    if not may_change_time_entry(actor, membership, entry):
        raise DomainError(_("Only a manager can delete someone else's time."), code="forbidden")
    if entry.deleted_at is not None:
        return
    engagement = entry.engagement
    k = month_index(engagement.start_date, entry.date)
    reason = require_open_month(actor=actor, membership=membership, engagement=engagement, month=k, reason=reason)
    changes: dict[str, Any] = {"user": entry.user.email, "date": entry.date, "hours": entry.hours,
                               "phase": entry.phase.key}
    if reason:
        changes.update(closed_month=k, reason=reason)
    audit.record(workspace=entry.workspace, actor=actor, action="time.deleted", obj=entry, thread=engagement,
                 changes=changes)
    entry.deleted_at = timezone.now()
    entry.deleted_by = actor
    entry.save(update_fields=["deleted_at", "deleted_by"])


@transaction.atomic
def restore_time_entry(
    *, actor: User, membership: Membership, entry: TimeEntry, reason: str = ""
) -> tuple[TimeEntry, UsageLevel]:
    """Undo a deletion. The month's hours are checked again: they may have been used up since."""
    if not may_change_time_entry(actor, membership, entry):
        raise DomainError(_("Only a manager can restore someone else's time."), code="forbidden")
    if entry.deleted_at is None:
        raise DomainError(_("This time entry is not deleted."), code="not_deleted")
    level, reason = _check_entry(actor=actor, membership=membership, engagement=entry.engagement, phase=entry.phase,
                                 date=entry.date, hours=Decimal(entry.hours), reason=reason)
    entry.deleted_at = None
    entry.deleted_by = None
    entry.save(update_fields=["deleted_at", "deleted_by"])
    changes: dict[str, Any] = {"user": entry.user.email, "date": entry.date, "hours": entry.hours,
                               "phase": entry.phase.key}
    if reason:
        changes["reason"] = reason
    audit.record(workspace=entry.workspace, actor=actor, action="time.restored", obj=entry, thread=entry.engagement,
                 changes=changes)
    return entry, level


def _month_in_range(engagement: Engagement, month: Any, today: dt.date) -> int:
    current = queries.current_month(engagement, today)
    try:
        number = int(month)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= current:
        raise DomainError(_("Choose a month that has begun (1 to %(current)s).") % {"current": max(current, 1)},
                          field="month", code="invalid_month")
    return number


@transaction.atomic
def close_month(*, actor: User, engagement: Engagement, month: Any, reason: str = "") -> MonthClose:
    """Close a month's time entries before its grace days are over (a manager's decision, audited)."""
    today = queries.engagement_today(engagement)
    k = _month_in_range(engagement, month, today)
    if queries.month_is_closed(engagement, k, today):
        raise DomainError(_("Month %(month)s is already closed.") % {"month": k}, code="already_closed",
                          field="month")
    row = MonthClose.objects.create(workspace=engagement.workspace, engagement=engagement, month_index=k,
                                    closed=True, reason=(reason or "").strip(), created_by=actor)
    audit.record(workspace=engagement.workspace, actor=actor, action="month.closed", obj=engagement,
                 thread=engagement, changes={"month": k, "reason": row.reason})
    return row


@transaction.atomic
def reopen_month(*, actor: User, engagement: Engagement, month: Any, reason: str) -> MonthClose:
    """Open a closed month's time entries again; needs a reason (audited)."""
    today = queries.engagement_today(engagement)
    k = _month_in_range(engagement, month, today)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the month is reopened."), field="reason", code="reason_required")
    if not queries.month_is_closed(engagement, k, today):
        raise DomainError(_("Month %(month)s is open.") % {"month": k}, code="already_open", field="month")
    row = MonthClose.objects.create(workspace=engagement.workspace, engagement=engagement, month_index=k,
                                    closed=False, reason=reason, created_by=actor)
    audit.record(workspace=engagement.workspace, actor=actor, action="month.reopened", obj=engagement,
                 thread=engagement, changes={"month": k, "reason": reason})
    return row


@transaction.atomic
def add_override(
    *, actor: User, engagement: Engagement, month: int, extra_hours: Any, reason: str
) -> HoursOverride:
    reason = validation.clean_text(reason, field="reason", max_length=validation.REASON_MAX)
    if not reason:
        raise InvalidInput(_("An override needs a reason the client can read."), code="required", field="reason")
    extra = validation.clean_hours(extra_hours, field="extra_hours", minimum=validation.QUARTER,
                                   maximum=Decimal(1000))
    current = month_index(engagement.start_date, queries.engagement_today(engagement))
    if month < 1 or month > max(current, 1):
        raise DomainError(_("Overrides are for the current month or a past one."), field="month")
    override = HoursOverride.objects.create(
        workspace=engagement.workspace, engagement=engagement, month_index=month, extra_hours=extra,
        reason=reason, created_by=actor,
    )
    audit.record(workspace=engagement.workspace, actor=actor, action="time.override_added", obj=override,
                 thread=engagement, changes={"month": month, "extra_hours": extra, "reason": reason})
    return override
