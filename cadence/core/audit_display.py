"""The audit trail in words: one rendering for the workspace's activity, a thread's history (an engagement's)
and a person's own account."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from cadence.core import registry
from cadence.core.models import AuditEntry, Workspace

# Core's own action codes (workspace, clients, members, a person's own account) and field names; each
# capability app registers its own (cadence/core/registry.py). Unknown codes are shown as they are.
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
    "member.capacity_changed": _("changed a weekly capacity"),
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
}

FIELD_LABELS: dict[str, Any] = {
    "name": _("name"), "slug": _("address"), "country": _("country"), "currency": _("currency"),
    "language": _("language"), "client": _("client"), "kind": _("kind"), "role": _("role"),
    "email": _("email address"), "client_role": _("client role"), "website": _("website"), "notes": _("notes"),
    "full_name": _("full name"), "scope": _("access"), "valid_until": _("valid until"),
    "tokens_revoked": _("API tokens revoked"), "weekly_capacity": _("weekly capacity (hours)"),
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
        label = f"{prefix}{registry.field_label(str(key))}"
        if isinstance(value, list) and len(value) == 2 and (
                not isinstance(value[0], dict) or key in ("names", "descriptions")):
            rows.append({"field": label, "old": _show(value[0]), "new": _show(value[1]), "pair": True})
        elif isinstance(value, dict):
            rows.extend(change_rows(value, prefix=f"{key} · "))
        else:
            rows.append({"field": label, "old": None, "new": _show(value), "pair": False})
    return rows


def describe(entries: Iterable[AuditEntry], *, workspace: Workspace | None = None) -> list[AuditEntry]:
    """Attach ``label`` and ``rows`` to each entry for the ``core/_audit_table.html`` partial; with a
    ``workspace``, also ``thread`` (a ``registry.Link`` to the object the entry belongs to, from the app that
    owns it: one query per app for the whole page)."""
    out = list(entries)
    links = registry.thread_links(workspace, {e.thread for e in out if e.thread}) if workspace else {}
    for entry in out:
        entry.label = registry.action_label(entry.action)  # type: ignore[attr-defined]
        entry.rows = change_rows(entry.changes)  # type: ignore[attr-defined]
        entry.thread_link = links.get(entry.thread) if entry.thread else None  # type: ignore[attr-defined]
    return out
