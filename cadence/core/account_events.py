"""Audit entries for what allauth does to an account: password changes and two-factor authentication.

allauth performs these writes itself; its signals are where Cadence records them (connected in
``CoreConfig.ready``). A new password has already revoked the user's API tokens (``User.save``); the
entry says how many. These entries belong to no workspace and are only created here (a scoped manager's
``create`` needs no scope; the account page reads them through ``AuditEntry.account_entries``), so the
handlers run outside any workspace's scope without escaping it.
"""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals

from cadence.core import services


def _password(action: str) -> Any:
    def handler(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
        if user is None:
            return
        services.record_account_event(actor=user, action=action,
                                      changes={"tokens_revoked": getattr(user, "tokens_revoked_by_password", 0)})

    return handler


def _authenticator(action: str, codes_action: str) -> Any:
    """``codes_action`` when the authenticator is the set of recovery codes, ``action`` otherwise."""

    def handler(sender: Any, request: Any = None, user: Any = None, authenticator: Any = None, **kwargs: Any) -> None:
        if user is None:
            return
        kind = str(getattr(authenticator, "type", "") or "")
        services.record_account_event(actor=user, action=codes_action if kind == "recovery_codes" else action,
                                      changes={"kind": kind} if kind else None)

    return handler


# Module-level so the (weak) signal references stay alive.
on_password_changed = _password("account.password_changed")
on_password_set = _password("account.password_set")
on_password_reset = _password("account.password_reset")
on_authenticator_added = _authenticator("account.mfa_enabled", "account.mfa_codes_generated")
on_authenticator_removed = _authenticator("account.mfa_disabled", "account.mfa_codes_removed")
on_authenticator_reset = _authenticator("account.mfa_reset", "account.mfa_codes_regenerated")


def connect() -> None:
    uid = "cadence.core.account_events"
    account_signals.password_changed.connect(on_password_changed, dispatch_uid=f"{uid}.changed")
    account_signals.password_set.connect(on_password_set, dispatch_uid=f"{uid}.set")
    account_signals.password_reset.connect(on_password_reset, dispatch_uid=f"{uid}.reset")
    mfa_signals.authenticator_added.connect(on_authenticator_added, dispatch_uid=f"{uid}.mfa_added")
    mfa_signals.authenticator_removed.connect(on_authenticator_removed, dispatch_uid=f"{uid}.mfa_removed")
    mfa_signals.authenticator_reset.connect(on_authenticator_reset, dispatch_uid=f"{uid}.mfa_reset")
