"""The audit trail in words: one rendering for the workspace's activity and an engagement's history."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from cadence.core.models import AuditEntry

# Readable names of the dotted action codes the services record; unknown codes are shown as they are.
ACTION_LABELS: dict[str, Any] = {
    "workspace.created": _("created the workspace"),
    "workspace.updated": _("changed the workspace"),
    "client.created": _("added a client"),
    "client.updated": _("changed a client"),
    "member.invited": _("invited a person"),
    "member.joined": _("joined the workspace"),
    "member.invitation_revoked": _("revoked an invitation"),
    "member.invitation_email_failed": _("could not send an invitation email"),
    "member.role_changed": _("changed a role"),
    "member.removed": _("removed a member"),
    "template.copied": _("copied a process template"),
    "template.updated": _("changed a process template"),
    "engagement.created": _("created an engagement"),
    "engagement.updated": _("changed an engagement"),
    "engagement.phases_updated": _("changed the phases of an engagement"),
    "phase.completed": _("marked a phase completed"),
    "phase.reopened": _("reopened a phase"),
    "gate.passed": _("recorded a gate as passed"),
    "gate.reopened": _("reopened a gate"),
    "gate.client_approved": _("confirmed a checkpoint for the client"),
    "phase.kept_open": _("kept a phase open"),
    "time.logged": _("logged time"),
    "time.updated": _("changed a time entry"),
    "time.deleted": _("deleted a time entry"),
    "time.restored": _("restored a deleted time entry"),
    "time.override_added": _("allowed extra hours"),
    # a person's own account (entries without a workspace)
    "token.created": _("created an API token"),
    "token.revoked": _("revoked an API token"),
    "account.profile_updated": _("changed their profile"),
    "account.password_changed": _("changed their password"),
    "account.password_set": _("set a password"),
    "account.password_reset": _("reset their password"),
    "account.mfa_enabled": _("turned on two-factor authentication"),
    "account.mfa_disabled": _("turned off two-factor authentication"),
    "account.mfa_reset": _("reset a two-factor authenticator"),
    "account.mfa_codes_generated": _("generated recovery codes"),
    "account.mfa_codes_removed": _("removed the recovery codes"),
    "account.mfa_codes_regenerated": _("generated new recovery codes"),
    "engagement.terms_changed": _("changed the contract terms from a month on"),
    "month.closed": _("closed a month"),
    "month.reopened": _("reopened a month"),
}

FIELD_LABELS: dict[str, Any] = {
    "name": _("name"), "slug": _("address"), "start_date": _("start date"), "monthly_hours": _("hours per month"),
    "country": _("country"), "subdivision": _("region"), "time_zone": _("time zone"), "currency": _("currency"),
    "language": _("language"), "rollover_mode": _("unused hours"), "rollover_cap": _("carry-over cap"),
    "client": _("client"), "template": _("template"), "completed_on": _("completed on"),
    "passed_on": _("passed on"), "note": _("note"), "user": _("person"), "date": _("date"), "hours": _("hours"),
    "phase": _("phase"), "month": _("month"), "extra_hours": _("extra hours"), "reason": _("reason"),
    "order": _("order"), "kind": _("kind"), "effort_hours": _("effort"), "min_days": _("min. days"),
    "expected_days": _("expected days"), "max_days": _("max. days"), "share": _("share"),
    "not_before_month": _("not before month"), "alongside": _("runs alongside"),
    "requires_gates": _("gates required"), "description": _("explanation"), "category": _("category"),
    "key": _("key"), "role": _("role"), "email": _("email address"), "client_role": _("client role"),
    "website": _("website"), "notes": _("notes"), "phases": _("phases"), "from": _("copied from"),
    "gates": _("gates"), "names": _("name in each language"), "descriptions": _("explanation in each language"),
    "after_phase": _("passes after phase"), "client_approvable": _("the client approves it"),
    "full_name": _("full name"), "scope": _("access"), "valid_until": _("valid until"),
    "tokens_revoked": _("API tokens revoked"),
    "from_month": _("from month"), "contract_months": _("contract length (months)"),
    "close_after_days": _("days until a month closes"), "closed_month": _("closed month"),
    "approved_by": _("approved by (client side)"), "unused_hours": _("unused hours of the estimate"),
    "logged_hours": _("hours logged"), "keep_open_since": _("kept open since"),
    "remaining_hours": _("hours still to do"),
}


def _show(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, dict):  # texts per language: "ro: …; ru: …"
        return "; ".join(f"{k}: {_show(v)}" for k, v in value.items()) or "—"
    return str(value)


def change_rows(changes: Any, prefix: str = "") -> list[dict[str, Any]]:
    """{field: [old, new]} or {field: value} (nested per phase) -> rows of field, old, new, pair."""
    rows: list[dict[str, Any]] = []
    if not isinstance(changes, dict):
        return rows
    for key, value in changes.items():
        label = f"{prefix}{FIELD_LABELS.get(key, str(key).replace('_', ' '))}"
        if isinstance(value, list) and len(value) == 2 and (
                not isinstance(value[0], dict) or key in ("names", "descriptions")):
            rows.append({"field": label, "old": _show(value[0]), "new": _show(value[1]), "pair": True})
        elif isinstance(value, dict):
            rows.extend(change_rows(value, prefix=f"{key} · "))
        else:
            rows.append({"field": label, "old": None, "new": _show(value), "pair": False})
    return rows


def describe(entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """Attach ``label`` and ``rows`` to each entry for the ``core/_audit_table.html`` partial."""
    out = []
    for entry in entries:
        entry.label = ACTION_LABELS.get(entry.action, entry.action)  # type: ignore[attr-defined]
        entry.rows = change_rows(entry.changes)  # type: ignore[attr-defined]
        out.append(entry)
    return out
