"""The demo: the specialist's current week has hours on several clients, so "My week" looks real."""

from __future__ import annotations

import datetime as dt

import pytest

from cadence.engagements import queries
from cadence.engagements.models import TimeEntry


@pytest.mark.django_db
def test_the_demo_specialists_week_has_hours_on_several_clients(demo_build, client):
    entries = list(TimeEntry.objects.filter(user__email="specialist@demo.cadence.test")
                   .select_related("engagement__client"))
    this_week = [e for e in entries
                 if e.date >= queries.engagement_today(e.engagement) - dt.timedelta(
                     days=queries.engagement_today(e.engagement).weekday())]
    assert len({e.engagement.client_id for e in this_week}) >= 2
    assert all(e.date <= queries.engagement_today(e.engagement) for e in entries)
    client.force_login(entries[0].user, backend="django.contrib.auth.backends.ModelBackend")
    body = client.get("/w/demo/time/week/").content.decode()
    assert sum(name in body for name in ("Mobila Codru", "Brutăria Spicul de Aur", "Горизонт")) >= 2
