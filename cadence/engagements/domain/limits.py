"""Limits every entry point shares (model, forms, API, ``cadence schedule``), so they never disagree.

Plain constants, no Django import: the DB-less CLI uses them too.
"""

from __future__ import annotations

from decimal import Decimal

MIN_MONTHLY_HOURS = Decimal("0.5")
MAX_MONTHLY_HOURS = Decimal(1000)
