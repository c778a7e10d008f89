"""One set of input bounds, in the services: the forms and the API refuse the same things (issue 6)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from cadence.core import services as core_services
from cadence.core import validation
from cadence.core.errors import InvalidInput
from cadence.core.models import AuditEntry, Client, Membership
from cadence.engagements import services as eng_services
from cadence.engagements.models import HoursOverride, TimeEntry

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def frozen_today(clock):
    clock.set(TODAY)


# --- the pure helpers -------------------------------------------------------------------------------

def test_clean_name_trims_and_refuses_blank_control_characters_and_length():
    assert validation.clean_name("  Tom & Jerry  ", field="name") == "Tom & Jerry"
    for bad, code in (("   ", "required"), ("a\r\nb", "control_characters"), ("a\x00", "control_characters"),
                      ("x" * 161, "too_long"), (5, "invalid_type")):
        with pytest.raises(InvalidInput) as exc:
            validation.clean_name(bad, field="name")
        assert (exc.value.code, exc.value.field) == (code, "name")


def test_clean_text_refuses_over_long_text_instead_of_cutting_it():
    assert validation.clean_text("line one\r\nline two\ttab", field="notes", max_length=100) == \
        "line one\r\nline two\ttab"
    with pytest.raises(InvalidInput) as exc:
        validation.clean_text("x" * 501, field="note", max_length=500)
    assert exc.value.code == "too_long"
    with pytest.raises(InvalidInput):
        validation.clean_text("a\nb", field="note", max_length=500, multiline=False)
    with pytest.raises(InvalidInput):
        validation.clean_text("a\x00b", field="note", max_length=500)


def test_clean_hours_wants_quarters_within_bounds():
    assert validation.clean_hours("1.75", field="hours") == Decimal("1.75")
    assert validation.clean_hours(2.5, field="hours") == Decimal("2.5")
    for bad, code in (("0.1", "out_of_range"), ("0", "out_of_range"), ("24.25", "out_of_range"),
                      ("1.3", "not_quarter"), ("NaN", "out_of_range"), ("abc", "invalid_number")):
        with pytest.raises(InvalidInput) as exc:
            validation.clean_hours(bad, field="hours")
        assert exc.value.code == code, bad


def test_clean_date_keeps_dates_in_a_sane_range():
    assert validation.clean_date(dt.date(2026, 1, 5), field="d") == dt.date(2026, 1, 5)
    for bad in (dt.date(9999, 6, 1), dt.date(1, 1, 1), dt.date(1999, 12, 31), dt.date(2101, 1, 1)):
        with pytest.raises(InvalidInput) as exc:
            validation.clean_date(bad, field="start_date")
        assert (exc.value.code, exc.value.field) == ("out_of_range", "start_date")


# --- the services -------------------------------------------------------------------------------------

def test_the_services_refuse_what_the_forms_refuse(owner, manager, specialist, workspace, client_obj, engagement):
    before = (AuditEntry.objects.count(), HoursOverride.objects.count(), TimeEntry.objects.count())
    cases = [
        lambda: eng_services.add_override(actor=manager, engagement=engagement, month=3, extra_hours="0.1",
                                          reason="Launch"),
        lambda: eng_services.add_override(actor=manager, engagement=engagement, month=3, extra_hours=2,
                                          reason="x" * 200_000),
        lambda: core_services.create_client(actor=owner, workspace=workspace, name="   "),
        lambda: core_services.update_client(actor=owner, client=client_obj, name="A\r\nB"),
        lambda: core_services.create_workspace(actor=owner, name="Evil\r\nBcc: x@y.z"),
        lambda: eng_services.update_engagement(actor=owner, engagement=engagement, name=" \t "),
        lambda: eng_services.update_engagement(actor=owner, engagement=engagement, start_date=dt.date(9999, 6, 1)),
        lambda: eng_services.update_engagement(actor=owner, engagement=engagement, start_date=dt.date(1, 1, 1)),
        lambda: eng_services.log_time(actor=specialist, membership=Membership.objects.get(user=specialist),
                                      engagement=engagement, phase=engagement.phases.get(key="research"),
                                      date=dt.date(2026, 11, 9), hours=1, note="n" * 600),
        lambda: eng_services.record_gate(actor=owner, gate=engagement.gates.get(key="plan_approved"),
                                         passed_on=dt.date(2026, 11, 20), note="g" * 1001),
    ]
    for i, call in enumerate(cases):
        with pytest.raises(InvalidInput):
            call()
            pytest.fail(f"case {i} was accepted")
    assert (AuditEntry.objects.count(), HoursOverride.objects.count(), TimeEntry.objects.count()) == before
    engagement.refresh_from_db()
    client_obj.refresh_from_db()
    assert engagement.start_date == dt.date(2026, 9, 7)
    assert client_obj.name == "Brutărie Dulce"
    assert not Client.objects.filter(name="   ").exists()


# --- the same refusals through the forms ------------------------------------------------------------

def _eng_url(name, engagement):
    return reverse(f"engagements:{name}", kwargs={"workspace": engagement.workspace.slug,
                                                  "engagement": engagement.uuid})


def _edit_data(engagement, **extra):
    return {"name": engagement.name, "start_date": engagement.start_date.isoformat(), "monthly_hours": "40",
            "country": "RO", "subdivision": "", "time_zone": "Europe/Bucharest", "currency": "EUR",
            "language": "ro", "rollover_mode": "none", "rollover_cap": "0", **extra}


@pytest.mark.parametrize("day", ["9999-06-01", "0001-01-01"])
def test_the_edit_form_refuses_an_absurd_start_date(client, login, manager, engagement, day):
    login(client, manager)
    r = client.post(_eng_url("engagement-edit", engagement), _edit_data(engagement, start_date=day))
    assert r.status_code == 200  # the form again, with the error
    engagement.refresh_from_db()
    assert engagement.start_date == dt.date(2026, 9, 7)
    assert client.get(_eng_url("engagement-detail", engagement)).status_code == 200


def test_the_forms_refuse_the_same_override_note_and_name(client, login, manager, engagement, workspace):
    login(client, manager)
    before = (HoursOverride.objects.count(), TimeEntry.objects.count(), Client.objects.count())
    for data in ({"month": 3, "extra_hours": "0.1", "reason": "Launch"},
                 {"month": 3, "extra_hours": "2", "reason": "x" * 200_000}):
        assert client.post(_eng_url("override-new", engagement), data).status_code in (200, 400)
    client.post(_eng_url("time-list", engagement),
                {"date": "2026-11-09", "hours": "1", "phase": "research", "note": "n" * 600})
    client.post(reverse("core:client-new", kwargs={"workspace": workspace.slug}),
                {"name": "   ", "country": "RO", "language": "ro"})
    assert (HoursOverride.objects.count(), TimeEntry.objects.count(), Client.objects.count()) == before
