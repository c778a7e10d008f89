"""The empty slots of a frequency plan: where the calendar proposes a post that the plan asks for and no
post fills yet. Pure: given each channel's weekly target and preferred weekdays, the days shown and the
dates that already have a post on each channel, it returns the days still to fill.

A week (Monday to Sunday) counts every post of the channel in it; the missing ones go first to the
preferred weekdays (in the order given), then to the days that spread the week evenly. A day that already
has a post on the channel, or is before ``not_before`` (the past cannot be planned), gets no slot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """How many posts a week a channel should have, and the weekdays to put them on (Monday = 0)."""

    per_week: int
    weekdays: tuple[int, ...] = ()


@dataclass(frozen=True, order=True)
class Slot:
    day: dt.date
    channel: str


def spread(count: int) -> list[int]:
    """``count`` weekdays spread over a week, Monday first: 1 -> [0], 3 -> [0, 2, 4], 7 -> every day."""
    count = max(0, min(count, 7))
    if count == 0:
        return []
    step = 7 / count
    days: list[int] = []
    for i in range(count):
        day = int(i * step)
        while day in days:
            day += 1
        days.append(day % 7)
    return days


def _order(target: Target) -> list[int]:
    """The weekdays in the order slots fill them: the preferred ones, then the even spread, then the rest."""
    order: list[int] = []
    for day in (*target.weekdays, *spread(target.per_week), *range(7)):
        if 0 <= day <= 6 and day not in order:
            order.append(day)
    return order


def empty_slots(targets: Mapping[str, Target], days: Sequence[dt.date],
                posted: Mapping[str, Iterable[dt.date]], *, not_before: dt.date | None = None) -> list[Slot]:
    """The slots to fill among ``days``, sorted by day then channel.

    ``posted[channel]``: the dates (in the engagement's time zone) of that channel's posts, also those
    outside ``days``: a week partly shown counts all its posts.
    """
    shown = set(days)
    weeks = sorted({d - dt.timedelta(days=d.weekday()) for d in days})
    slots: list[Slot] = []
    for channel, target in targets.items():
        if target.per_week <= 0:
            continue
        dates = set(posted.get(channel, ()))
        for monday in weeks:
            week = [monday + dt.timedelta(days=i) for i in range(7)]
            have = sum(1 for d in week if d in dates)
            missing = target.per_week - have
            if missing <= 0:
                continue
            for weekday in _order(target):
                if missing <= 0:
                    break
                day = week[weekday]
                if day in dates:
                    continue
                missing -= 1  # the slot counts even when not shown (another month, the past): the week's target
                if day in shown and (not_before is None or day >= not_before):
                    slots.append(Slot(day, channel))
    return sorted(slots)


__all__ = ["Slot", "Target", "empty_slots", "spread"]
