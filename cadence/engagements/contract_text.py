"""Sentences for the reasons the contract gives (kept apart from reasons.py so both can change freely)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cadence.engagements.schedule import Reason
from cadence.engagements.templatetags.cadence_tags import hours_text

CONTRACT_CODES = frozenset({"contract_changed"})


def explain_contract(reason: Reason, *, client: bool) -> str:
    """``contract_changed``: "From month 5 the contract is 60 h a month (it was 40 h)."."""
    p = reason.params
    values = {"month": p.get("month"), "hours": hours_text(p.get("hours")), "previous": hours_text(p.get("previous"))}
    if client:
        return _("From month %(month)s our contract is %(hours)s a month instead of %(previous)s, "
                 "so the dates after it change.") % values
    return _("From month %(month)s the contract is %(hours)s a month (it was %(previous)s).") % values
