"""What the draft narrative of a monthly report mentions, from the month's numbers.

The app pre-fills the narrative the manager edits with a few sentences. This module only picks the facts and
their order, as ``Fact(code, params)``; the services word each code in the engagement's language (one
gettext sentence per code). Facts, in order:

* ``hours``: hours used of those available (and ``hours_over`` when more were used than available);
* ``kpi_improved`` / ``kpi_worsened``: each KPI whose value moved in its good / bad direction since the
  previous period (at most ``MAX_KPIS`` each, the largest relative change first); ``kpi_on_track`` counts
  the KPIs on track;
* ``spend``: advertising spent against what was available (``spend_under`` / ``spend_over`` when they differ
  by more than ``SPEND_TOLERANCE``);
* ``posts``: posts published (``posts_none`` when none);
* ``next``: the next steps (the current phase, the next gate), ``decisions``: control decisions taken.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

MAX_KPIS = 3
SPEND_TOLERANCE = Decimal("0.05")  # 5 % of what was available
Params = Mapping[str, str | int | Decimal]


@dataclass(frozen=True)
class Fact:
    code: str
    params: Params = field(default_factory=dict)


@dataclass(frozen=True)
class KpiMove:
    name: str
    previous: Decimal | None
    current: Decimal | None
    higher_is_better: bool
    on_track: bool = False


@dataclass(frozen=True)
class Numbers:
    hours_used: Decimal | None = None
    hours_available: Decimal | None = None
    kpis: Sequence[KpiMove] = ()
    ad_available: Decimal | None = None
    ad_spent: Decimal | None = None
    posts: int = 0
    channels: int = 0
    current_phase: str = ""
    next_gate: str = ""
    decisions: int = 0


def _relative(move: KpiMove) -> Decimal:
    assert move.previous is not None and move.current is not None
    base = abs(move.previous) if move.previous else Decimal(1)
    return (move.current - move.previous) / base


def kpi_facts(kpis: Sequence[KpiMove]) -> list[Fact]:
    improved: list[tuple[Decimal, KpiMove]] = []
    worsened: list[tuple[Decimal, KpiMove]] = []
    for k in kpis:
        if k.previous is None or k.current is None or k.current == k.previous:
            continue
        change = _relative(k)
        good = (change > 0) == k.higher_is_better
        (improved if good else worsened).append((abs(change), k))
    out = [Fact("kpi_improved", {"name": k.name}) for _c, k in sorted(improved, key=lambda p: -p[0])[:MAX_KPIS]]
    out += [Fact("kpi_worsened", {"name": k.name}) for _c, k in sorted(worsened, key=lambda p: -p[0])[:MAX_KPIS]]
    on_track = sum(1 for k in kpis if k.on_track)
    if kpis:
        out.append(Fact("kpi_on_track", {"count": on_track, "total": len(kpis)}))
    return out


def facts(n: Numbers) -> list[Fact]:
    """The facts a draft mentions, in the order it mentions them."""
    out: list[Fact] = []
    if n.hours_used is not None and n.hours_available is not None:
        out.append(Fact("hours", {"used": n.hours_used, "available": n.hours_available}))
        if n.hours_used > n.hours_available:
            out.append(Fact("hours_over", {"over": n.hours_used - n.hours_available}))
    out += kpi_facts(n.kpis)
    if n.ad_available is not None and n.ad_spent is not None and (n.ad_available or n.ad_spent):
        code = "spend"
        gap = n.ad_spent - n.ad_available
        if n.ad_available and abs(gap) > n.ad_available * SPEND_TOLERANCE:
            code = "spend_over" if gap > 0 else "spend_under"
        out.append(Fact(code, {"spent": n.ad_spent, "available": n.ad_available, "gap": abs(gap)}))
    if n.posts:
        out.append(Fact("posts", {"count": n.posts, "channels": n.channels}))
    else:
        out.append(Fact("posts_none"))
    if n.decisions:
        out.append(Fact("decisions", {"count": n.decisions}))
    if n.current_phase:
        out.append(Fact("next", {"phase": n.current_phase, "gate": n.next_gate}))
    return out
