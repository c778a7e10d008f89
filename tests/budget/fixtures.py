"""Fixtures of the budget's tests: members by role and a small budget (Sep–Dec 2026, EUR) with an unspent
month (September) and an overspend (October)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cadence.core.models import Membership

D = Decimal
SEP, OCT, NOV, DEC = (dt.date(2026, m, 1) for m in (9, 10, 11, 12))


@pytest.fixture
def m(workspace, owner, manager, specialist, approver, viewer) -> dict[str, Membership]:
    users = {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer}
    return {name: Membership.objects.get(user=user, workspace=workspace) for name, user in users.items()}


@pytest.fixture
def budget(engagement, manager, m):
    """Meta ads 500/month, Google Ads 300/month, Canva 12/month; September spends 700 on ads (100 unspent),
    October 1000 (100 over what was available: taken from November)."""
    from cadence.budget import services

    mm = m["manager"]
    services.update_settings(actor=manager, membership=mm, engagement=engagement, first_month=SEP, months=4,
                             overspend_reduces_next=True)
    meta = services.create_line(actor=manager, membership=mm, engagement=engagement, category="advertising",
                                channel="meta", name="Reclame Meta")
    google = services.create_line(actor=manager, membership=mm, engagement=engagement, category="advertising",
                                  channel="google_ads", name="Google Ads")
    canva = services.create_line(actor=manager, membership=mm, engagement=engagement, category="software_tools",
                                 name="Canva Pro")
    spent = {(meta.pk, SEP): "450", (google.pk, SEP): "250", (meta.pk, OCT): "620.50", (google.pk, OCT): "379.50",
             (canva.pk, SEP): "12", (canva.pk, OCT): "12"}
    cells = []
    for month in (SEP, OCT, NOV, DEC):
        for line, planned in ((meta, "500"), (google, "300"), (canva, "12")):
            actual = spent.get((line.pk, month))
            cells.append(services.CellInput(line, month, planned=planned,
                                            actual=actual if actual is not None else services.UNSET))
    services.save_cells(actor=manager, membership=mm, engagement=engagement, cells=cells)
    return {"meta": meta, "google": google, "canva": canva}
