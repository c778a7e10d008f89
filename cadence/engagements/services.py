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
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cadence.accounts.models import User
from cadence.core import audit
from cadence.core.errors import DomainError
from cadence.core.models import Client, Membership, Workspace
from cadence.engagements import phase_fields, queries
from cadence.engagements.builtin_templates import BUILTIN_TEMPLATES
from cadence.engagements.models import (
    Engagement,
    EngagementGate,
    EngagementPhase,
    HoursOverride,
    ProcessTemplate,
    TemplateGate,
    TemplatePhase,
    TimeEntry,
)
from cadence.engagements.rollover import UsageLevel, check_entry
from cadence.engagements.schedule import (
    PROBLEM_TEXTS,
    GateSpec,
    PhaseKind,
    PhaseSpec,
    TemplateSpec,
    blocking_gate,
    month_index,
)

ENGAGEMENT_FIELDS = (
    "name", "start_date", "monthly_hours", "country", "subdivision", "time_zone", "currency", "language",
    "rollover_mode", "rollover_cap",
)
# The audited fields of a phase and of a gate: every column of cadence/engagements/phase_fields.py.
PHASE_FIELDS = phase_fields.columns(phase_fields.PHASE_FIELDS)
GATE_FIELDS = phase_fields.columns(phase_fields.GATE_FIELDS)

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
    name = name.strip() or _("Copy of %(name)s") % {"name": template.name}
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


def _clean_phase_rows(rows: Iterable[Mapping[str, Any]],
                      existing: Mapping[str, Any] | None = None) -> tuple[list[PhaseSpec], Texts]:
    """Posted phase rows -> specs for the engine and per-language texts; ``existing``: current rows by key."""
    specs, texts = [], {}
    for i, row in enumerate(rows):
        try:
            key = str(row["key"]).strip()
            old = (existing or {}).get(key)
            name, names = _source_and_texts(row, "name", "names", old.name if old else "",
                                            phase_fields.max_length_of(phase_fields.PHASE_FIELDS, "names"))
            description, descriptions = _source_and_texts(
                row, "description", "descriptions", old.description if old else "",
                phase_fields.max_length_of(phase_fields.PHASE_FIELDS, "descriptions"))
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
            texts[key] = {"names": names, "descriptions": descriptions}
        except (KeyError, ValueError, InvalidOperation, TypeError):
            raise DomainError(_("Phase %(n)s has a missing or invalid value.") % {"n": i + 1}, code="invalid_phase") from None
    return specs, texts


def _clean_gate_rows(rows: Iterable[Mapping[str, Any]],
                     existing: Mapping[str, Any] | None = None) -> tuple[list[GateSpec], Texts]:
    specs, texts = [], {}
    for i, row in enumerate(rows):
        try:
            key = str(row["key"]).strip()
            old = (existing or {}).get(key)
            name, names = _source_and_texts(row, "name", "names", old.name if old else "",
                                            phase_fields.max_length_of(phase_fields.GATE_FIELDS, "names"))
            description, descriptions = _source_and_texts(
                row, "description", "descriptions", old.description if old else "",
                phase_fields.max_length_of(phase_fields.GATE_FIELDS, "descriptions"))
            if not name:
                raise ValueError("a gate needs a name")
            specs.append(GateSpec(key=key, name=name, after_phase=str(row["after_phase"]).strip(),
                                  description=description))
            texts[key] = {"names": names, "descriptions": descriptions}
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

def _clean_engagement(engagement: Engagement) -> None:
    try:
        engagement.full_clean(exclude=["workspace", "client", "template"])
    except ValidationError as exc:
        messages = [f"{field}: {' '.join(errs)}" for field, errs in exc.message_dict.items()]
        raise DomainError("; ".join(messages), code="invalid_engagement") from None
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
    engagement = Engagement(workspace=workspace, client=client, template=template,
                            **{k: v for k, v in fields.items() if k in ENGAGEMENT_FIELDS})
    _clean_engagement(engagement)
    engagement.save()
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
                 engagement=engagement,
                 changes={**audit.snapshot(engagement, ENGAGEMENT_FIELDS), "client": client.name,
                          "template": template.name})
    return engagement


@transaction.atomic
def update_engagement(*, actor: User, engagement: Engagement, **fields: Any) -> Engagement:
    before = audit.snapshot(engagement, ENGAGEMENT_FIELDS)
    for key, value in fields.items():
        if key in ENGAGEMENT_FIELDS:
            setattr(engagement, key, value)
    _clean_engagement(engagement)
    first_entry = engagement.time_entries.order_by("date").values_list("date", flat=True).first()
    if first_entry is not None and engagement.start_date > first_entry:
        raise DomainError(_("Time is already logged before that start date (%(date)s).")
                          % {"date": date_format(first_entry)}, field="start_date")
    engagement.save()
    changes = audit.diff(before, audit.snapshot(engagement, ENGAGEMENT_FIELDS))
    if changes:
        audit.record(workspace=engagement.workspace, actor=actor, action="engagement.updated", obj=engagement,
                     engagement=engagement, changes=changes)
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
    for key, phase in existing.items():
        if key not in new_keys:
            if phase.time_entries.exists():
                raise DomainError(_("Phase “%(name)s” has logged time and cannot be removed.")
                                  % {"name": queries.display_name(phase, fallback=engagement.language)},
                                  code="phase_in_use")
            phase.delete()
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
                     obj=engagement, engagement=engagement, changes=changes)


@transaction.atomic
def set_phase_completed(*, actor: User, phase: EngagementPhase, completed_on: dt.date | None) -> EngagementPhase:
    engagement = phase.engagement
    if completed_on is not None:
        today = queries.engagement_today(engagement)
        if completed_on > today:
            raise DomainError(_("A phase cannot be completed in the future."), field="completed_on")
        if completed_on < engagement.start_date:
            raise DomainError(_("That date is before the engagement starts."), field="completed_on")
    old = phase.completed_on
    phase.completed_on = completed_on
    phase.save(update_fields=["completed_on"])
    audit.record(workspace=phase.workspace, actor=actor,
                 action="phase.completed" if completed_on else "phase.reopened", obj=phase, engagement=engagement,
                 changes={"completed_on": [old.isoformat() if old else None,
                                           completed_on.isoformat() if completed_on else None]})
    return phase


@transaction.atomic
def record_gate(
    *, actor: User, gate: EngagementGate, passed_on: dt.date | None, note: str = ""
) -> EngagementGate:
    engagement = gate.engagement
    if passed_on is not None:
        if passed_on > queries.engagement_today(engagement):
            raise DomainError(_("A gate can only be recorded as passed on a day that has come."), field="passed_on")
        if passed_on < engagement.start_date:
            raise DomainError(_("That date is before the engagement starts."), field="passed_on")
    old = gate.passed_on
    gate.passed_on = passed_on
    gate.note = note
    gate.recorded_by = actor if passed_on else None
    gate.save(update_fields=["passed_on", "note", "recorded_by"])
    audit.record(workspace=gate.workspace, actor=actor, action="gate.passed" if passed_on else "gate.reopened",
                 obj=gate, engagement=engagement,
                 changes={"passed_on": [old.isoformat() if old else None, passed_on.isoformat() if passed_on else None],
                          "note": note})
    return gate


# --- time tracking ----------------------------------------------------------------------------

def _parse_hours(hours: Any) -> Decimal:
    try:
        value = Decimal(str(hours))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Hours must be a number."), field="hours") from None
    if not value.is_finite() or value <= 0 or value > 24:
        raise DomainError(_("Hours must be more than 0 and at most 24."), field="hours")
    if value * 4 != (value * 4).to_integral_value():
        raise DomainError(_("Log hours in quarters of an hour (0.25, 0.5, 0.75…)."), field="hours")
    return value


@transaction.atomic
def log_time(
    *, actor: User, membership: Membership, engagement: Engagement, phase: EngagementPhase,
    date: dt.date, hours: Any, note: str = "", user: User | None = None,
) -> tuple[TimeEntry, UsageLevel]:
    """Log hours on a phase. Refuses what breaks a gate or the month's hours (unless overridden).

    Returns the entry and the month's usage level after it, so the caller can warn at 80 %.
    """
    person = user or actor
    if person.pk != actor.pk and not membership.can("time.manage"):
        raise DomainError(_("Only a manager can log time for someone else."), code="forbidden")
    if not Membership.objects.filter(workspace=engagement.workspace, user=person).exclude(role="client").exists():
        raise DomainError(_("That person is not on the agency's team."), field="user")
    if phase.engagement_id != engagement.pk:
        raise DomainError(_("That phase is not part of this engagement."), field="phase")
    value = _parse_hours(hours)
    if date < engagement.start_date:
        raise DomainError(_("The engagement starts on %(date)s; time cannot be logged before it.")
                          % {"date": date_format(engagement.start_date)}, field="date")
    if date > queries.engagement_today(engagement):
        raise DomainError(_("Time can only be logged for work already done, not for a future date."), field="date")
    # Lock the engagement row so two concurrent entries cannot both squeeze under the limit.
    Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
    spec = engagement.template_spec()
    gate = blocking_gate(spec, queries.gates_passed(engagement), on=date, phase_key=phase.key)
    if gate is not None:
        raise DomainError(
            _("“%(phase)s” cannot start before the gate “%(gate)s” is passed. Record the gate first.")
            % {"phase": queries.display_name(phase, fallback=engagement.language),
               "gate": queries.display_name(engagement.gates.get(key=gate.key), fallback=engagement.language)},
            code="gate_closed", field="phase",
        )
    k = month_index(engagement.start_date, date)
    month = queries.month_hours(engagement, upto=k)[k - 1]
    allowed_extra = queries.override_hours(engagement, k)
    result = check_entry(month, value)
    if result.logged_after > month.available + allowed_extra:
        raise DomainError(
            _("This would bring month %(month)s to %(after)s h of %(available)s h available. "
              "A manager must record an override with a reason before more hours can be logged.")
            % {"month": k, "after": result.logged_after.normalize(), "available": (month.available + allowed_extra).normalize()},
            code="hours_exceeded", field="hours",
        )
    entry = TimeEntry.objects.create(
        workspace=engagement.workspace, engagement=engagement, user=person, phase=phase, date=date,
        hours=value, note=note.strip()[:500],
    )
    audit.record(workspace=engagement.workspace, actor=actor, action="time.logged", obj=entry, engagement=engagement,
                 changes={"user": person.email, "date": date, "hours": value, "phase": phase.key, "note": entry.note})
    return entry, result.level


@transaction.atomic
def delete_time_entry(*, actor: User, membership: Membership, entry: TimeEntry) -> None:
    if entry.user_id != actor.pk and not membership.can("time.manage"):
        raise DomainError(_("Only a manager can delete someone else's time."), code="forbidden")
    audit.record(workspace=entry.workspace, actor=actor, action="time.deleted", obj=entry, engagement=entry.engagement,
                 changes={"user": entry.user.email, "date": entry.date, "hours": entry.hours, "phase": entry.phase.key})
    entry.delete()


@transaction.atomic
def add_override(
    *, actor: User, engagement: Engagement, month: int, extra_hours: Any, reason: str
) -> HoursOverride:
    reason = reason.strip()
    if not reason:
        raise DomainError(_("An override needs a reason the client can read."), field="reason")
    try:
        extra = Decimal(str(extra_hours))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Hours must be a number."), field="extra_hours") from None
    if not extra.is_finite() or extra <= 0 or extra > 1000:
        raise DomainError(_("Extra hours must be more than 0."), field="extra_hours")
    current = month_index(engagement.start_date, queries.engagement_today(engagement))
    if month < 1 or month > max(current, 1):
        raise DomainError(_("Overrides are for the current month or a past one."), field="month")
    override = HoursOverride.objects.create(
        workspace=engagement.workspace, engagement=engagement, month_index=month, extra_hours=extra,
        reason=reason, created_by=actor,
    )
    audit.record(workspace=engagement.workspace, actor=actor, action="time.override_added", obj=override,
                 engagement=engagement, changes={"month": month, "extra_hours": extra, "reason": reason})
    return override
