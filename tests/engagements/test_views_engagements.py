"""New engagement (and its live preview), edit, the phase editor and the history."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from cadence.core.models import AuditEntry
from cadence.engagements.models import Engagement, EngagementPhase, ProcessTemplate, TimeEntry

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def frozen_today(clock):
    clock.set(TODAY)


def url(name, engagement=None, workspace="agency-one", **kwargs):
    kw = {"workspace": workspace, **kwargs}
    if engagement is not None:
        kw["engagement"] = engagement.uuid
    return reverse(f"engagements:{name}", kwargs=kw)


def new_data(workspace, client_obj, **extra):
    template = ProcessTemplate.objects.get(workspace=workspace, key="retainer")
    return {"client": client_obj.uuid, "name": "Ads retainer", "template": template.uuid, "start_date": "2027-01-11",
            "monthly_hours": "40", "country": "RO", "subdivision": "", "time_zone": "", "currency": "EUR",
            "language": "ro", "rollover_mode": "none", "rollover_cap": "0", **extra}


# --- new engagement ---------------------------------------------------------------------------

def test_it_shows_the_new_engagement_form_with_a_preview(client, login, manager, workspace, client_obj):
    login(client, manager)
    r = client.get(url("engagement-new"), {"client": client_obj.uuid})
    assert r.status_code == 200
    body = r.content.decode()
    assert f'value="{client_obj.uuid}" selected' in body
    assert 'hx-post="' + url("engagement-preview") + '"' in body
    assert "Timeline preview" in body and "<svg" in body


def test_it_404s_a_prefill_with_a_client_the_user_cannot_see(client, login, manager, outsider, other_workspace):
    from cadence.core.models import Client

    foreign = Client.objects.create(workspace=other_workspace, name="Foreign")
    login(client, manager)
    assert client.get(url("engagement-new"), {"client": foreign.uuid}).status_code == 404


def test_it_creates_an_engagement(client, login, manager, workspace, client_obj):
    login(client, manager)
    r = client.post(url("engagement-new"), new_data(workspace, client_obj))
    e = Engagement.objects.get(name="Ads retainer")
    assert r.status_code == 302 and r["Location"] == url("engagement-detail", e)
    assert e.time_zone == "Europe/Bucharest"  # from the country
    assert e.client == client_obj and e.phases.count() == 5 and e.gates.count() == 2


def test_it_takes_the_time_zone_from_the_country(client, login, manager, workspace, client_obj):
    login(client, manager)
    client.post(url("engagement-new"), new_data(workspace, client_obj, country="MD", currency="MDL"))
    assert Engagement.objects.get(name="Ads retainer").time_zone == "Europe/Chisinau"


@pytest.mark.parametrize("bad", [
    {"monthly_hours": "0"}, {"monthly_hours": "abc"}, {"start_date": "someday"}, {"country": "XX"},
    {"client": str(uuid.uuid4())}, {"template": str(uuid.uuid4())}, {"rollover_mode": "carry", "rollover_cap": ""},
    {"subdivision": "ZZ"}, {"name": ""},
])
def test_it_refuses_bad_input_and_creates_nothing(client, login, manager, workspace, client_obj, bad):
    login(client, manager)
    r = client.post(url("engagement-new"), new_data(workspace, client_obj, **bad))
    assert r.status_code == 200
    assert "errorlist" in r.content.decode()
    assert not Engagement.objects.filter(name="Ads retainer").exists()


def test_it_refuses_a_client_of_another_workspace(client, login, manager, workspace, client_obj, other_workspace):
    from cadence.core.models import Client

    foreign = Client.objects.create(workspace=other_workspace, name="Foreign")
    login(client, manager)
    r = client.post(url("engagement-new"), new_data(workspace, client_obj, client=foreign.uuid))
    assert r.status_code == 200
    assert not Engagement.objects.filter(client=foreign).exists()


def test_it_lets_only_managers_create_engagements(client, login, specialist, viewer, outsider, workspace, client_obj):
    for user, status in ((specialist, 403), (viewer, 403), (outsider, 404)):
        login(client, user)
        assert client.get(url("engagement-new")).status_code == status
        assert client.post(url("engagement-new"), new_data(workspace, client_obj)).status_code == status
        assert client.post(url("engagement-preview"), new_data(workspace, client_obj)).status_code == status
    assert not Engagement.objects.filter(name="Ads retainer").exists()


def test_it_refuses_other_methods_on_new(client, login, manager):
    login(client, manager)
    assert client.put(url("engagement-new")).status_code == 405
    assert client.get(url("engagement-preview")).status_code == 405


def test_it_previews_the_timeline_without_saving(client, login, manager, workspace, client_obj):
    login(client, manager)
    before = (Engagement.objects.count(), AuditEntry.objects.count())
    r = client.post(url("engagement-preview"), new_data(workspace, client_obj, name=""), HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    body = r.content.decode()
    assert "<html" not in body
    assert "Campaign launch" in body and "<svg" in body
    assert "Campaigns can start on" in body
    assert (Engagement.objects.count(), AuditEntry.objects.count()) == before


def test_its_preview_follows_the_hours(client, login, manager, workspace, client_obj):
    login(client, manager)
    fast = client.post(url("engagement-preview"), new_data(workspace, client_obj, monthly_hours="80"))
    slow = client.post(url("engagement-preview"), new_data(workspace, client_obj, monthly_hours="10"))
    assert fast.context["preview"].phase("campaigns").start < slow.context["preview"].phase("campaigns").start


def test_its_preview_covers_the_contract_and_marks_its_end(client, login, manager, workspace, client_obj):
    login(client, manager)
    six = client.post(url("engagement-preview"), new_data(workspace, client_obj, contract_months="6"))
    chart = six.context["preview_gantt"].chart
    assert chart.split('data-month="')[-1].startswith("2027-07-01")  # 11 Jan 2027 + 6 months - 1 day
    assert 'class="contract-end"' in chart
    open_ended = client.post(url("engagement-preview"), new_data(workspace, client_obj)).context["preview_gantt"]
    assert open_ended.chart.split('data-month="')[-1].startswith("2028-01-01")  # 12 months
    assert 'class="contract-end"' not in open_ended.chart


def test_its_preview_asks_for_missing_values(client, login, manager, workspace, client_obj):
    login(client, manager)
    r = client.post(url("engagement-preview"), new_data(workspace, client_obj, monthly_hours=""))
    assert r.status_code == 200
    assert r.context["preview"] is None
    assert "Fill in the start date" in r.content.decode()


# --- edit -------------------------------------------------------------------------------------

def edit_data(**extra):
    return {"name": "Renamed", "start_date": "2026-09-07", "contract_months": "12", "country": "RO",
            "subdivision": "", "time_zone": "Europe/Bucharest", "currency": "RON", "language": "en",
            "close_after_days": "3", **extra}


def test_it_edits_an_engagement(client, login, manager, engagement):
    login(client, manager)
    assert client.get(url("engagement-edit", engagement)).status_code == 200
    r = client.post(url("engagement-edit", engagement), edit_data())
    assert r.status_code == 302
    engagement.refresh_from_db()
    assert (engagement.name, engagement.contract_months, engagement.close_after_days) == ("Renamed", 12, 3)
    assert engagement.monthly_hours == Decimal(40)  # the hours change through the contract terms, from a month on
    assert AuditEntry.objects.filter(thread=engagement.uuid, action="engagement.updated").exists()


def test_it_refuses_a_start_after_logged_time(client, login, manager, specialist, engagement):
    TimeEntry.objects.create(workspace=engagement.workspace, engagement=engagement, user=specialist,
                             phase=engagement.phases.get(key="research"), date=dt.date(2026, 9, 8), hours=Decimal(2))
    login(client, manager)
    r = client.post(url("engagement-edit", engagement), edit_data(start_date="2026-10-01"))
    assert r.status_code == 200
    assert "Time is already logged before that start date" in r.content.decode()
    engagement.refresh_from_db()
    assert engagement.start_date == dt.date(2026, 9, 7) and engagement.name == "Social & ads retainer"


def test_it_refuses_bad_edit_input(client, login, manager, engagement):
    login(client, manager)
    r = client.post(url("engagement-edit", engagement), edit_data(contract_months="0", name="Other"))
    assert r.status_code == 200
    engagement.refresh_from_db()
    assert (engagement.contract_months, engagement.name) == (None, "Social & ads retainer")


def test_it_guards_editing(client, login, specialist, approver, outsider, engagement):
    for user, status in ((specialist, 403), (approver, 403), (outsider, 404)):
        login(client, user)
        assert client.get(url("engagement-edit", engagement)).status_code == status
        assert client.post(url("engagement-edit", engagement), edit_data()).status_code == status
    engagement.refresh_from_db()
    assert engagement.name == "Social & ads retainer"


def test_it_refuses_other_methods_on_edit(client, login, manager, engagement):
    login(client, manager)
    assert client.delete(url("engagement-edit", engagement)).status_code == 405


# --- phases -----------------------------------------------------------------------------------

def phase_post(engagement, change=None, extra_rows=()):
    rows = []
    for i, p in enumerate(engagement.phases.all()):
        rows.append({"order": (i + 1) * 10, "key": p.key, "kind": p.kind,
                     "effort_hours": p.effort_hours, "min_days": p.min_days, "expected_days": p.expected_days,
                     "max_days": p.max_days, "share": p.share, "not_before_month": p.not_before_month or "",
                     "alongside": p.alongside, "requires_gates": list(p.requires_gates), "category": p.category,
                     **{f"names_{c}": p.names.get(c, "") for c in ("en", "ro", "ru")},
                     **{f"descriptions_{c}": p.descriptions.get(c, "") for c in ("en", "ro", "ru")}})
    if change:
        change(rows)
    rows.extend(extra_rows)
    data = {"phases-TOTAL_FORMS": len(rows), "phases-INITIAL_FORMS": len(rows), "phases-MIN_NUM_FORMS": 0,
            "phases-MAX_NUM_FORMS": 1000}
    for i, row in enumerate(rows):
        for k, v in row.items():
            data[f"phases-{i}-{k}"] = v
    return data


def test_it_shows_the_phase_editor(client, login, manager, engagement):
    login(client, manager)
    r = client.get(url("phase-edit", engagement))
    assert r.status_code == 200
    assert "Campaign launch" in r.content.decode()


def test_it_saves_phase_changes(client, login, manager, engagement):
    login(client, manager)

    def bigger(rows):
        rows[0]["effort_hours"] = "40"

    r = client.post(url("phase-edit", engagement), phase_post(engagement, bigger))
    assert r.status_code == 302
    assert engagement.phases.get(key="research").effort_hours == Decimal(40)


def test_it_adds_and_removes_phases(client, login, manager, engagement):
    login(client, manager)
    new = {"order": 35, "key": "seo", "names_en": "SEO audit", "kind": "effort", "effort_hours": "6", "min_days": 0,
           "expected_days": 0, "max_days": 0, "share": "0.5", "not_before_month": "", "alongside": "",
           "category": "", "descriptions_en": ""}

    def drop_expansion(rows):
        rows[-1]["DELETE"] = "on"

    client.post(url("phase-edit", engagement), phase_post(engagement, drop_expansion, [new]))
    keys = list(engagement.phases.order_by("order").values_list("key", flat=True))
    assert keys == ["research", "infrastructure", "campaigns", "seo", "optimisation"]


def test_it_shows_the_services_refusal_and_changes_nothing(client, login, manager, engagement):
    login(client, manager)

    def broken(rows):
        rows[0]["kind"] = "continuous"  # the first phase cannot be continuous

    r = client.post(url("phase-edit", engagement), phase_post(engagement, broken))
    assert r.status_code == 200
    assert "cannot be continuous" in r.content.decode()
    assert engagement.phases.get(key="research").kind == "effort"


def test_it_refuses_removing_a_phase_with_logged_time(client, login, manager, specialist, engagement):
    TimeEntry.objects.create(workspace=engagement.workspace, engagement=engagement, user=specialist,
                             phase=engagement.phases.get(key="expansion"), date=dt.date(2026, 11, 9), hours=Decimal(2))
    login(client, manager)

    def drop_expansion(rows):
        rows[-1]["DELETE"] = "on"
        rows[0]["names_en"] = "Research renamed"

    r = client.post(url("phase-edit", engagement), phase_post(engagement, drop_expansion))
    assert r.status_code == 200
    assert "has logged time and cannot be removed" in r.content.decode()
    assert EngagementPhase.objects.filter(engagement=engagement, key="expansion").exists()
    assert engagement.phases.get(key="research").name.startswith("Research, marketing plan")


def test_it_refuses_duplicate_keys_and_bad_numbers(client, login, manager, engagement):
    login(client, manager)

    def dup(rows):
        rows[1]["key"] = "research"
        rows[2]["effort_hours"] = "-3"

    r = client.post(url("phase-edit", engagement), phase_post(engagement, dup))
    assert r.status_code == 200
    assert engagement.phases.get(key="infrastructure").name == "Infrastructure and communication materials"


def test_it_guards_the_phase_editor(client, login, specialist, viewer, outsider, engagement):
    for user, status in ((specialist, 403), (viewer, 403), (outsider, 404)):
        login(client, user)
        assert client.get(url("phase-edit", engagement)).status_code == status
        assert client.post(url("phase-edit", engagement), phase_post(engagement)).status_code == status
    login(client, specialist)
    assert client.put(url("phase-edit", engagement)).status_code in (403, 405)


# --- history ----------------------------------------------------------------------------------

def test_it_shows_the_history(client, login, manager, engagement):
    login(client, manager)
    client.post(url("engagement-edit", engagement), edit_data())
    r = client.get(url("engagement-history", engagement))
    assert r.status_code == 200
    body = r.content.decode()
    assert "created an engagement" in body and "changed an engagement" in body
    assert "<del>Social &amp; ads retainer</del>" in body and "<ins>Renamed</ins>" in body


def test_it_guards_the_history(client, login, viewer, approver, outsider, manager, engagement):
    for user, status in ((viewer, 403), (approver, 403), (outsider, 404)):
        login(client, user)
        assert client.get(url("engagement-history", engagement)).status_code == status
    login(client, manager)
    assert client.post(url("engagement-history", engagement)).status_code == 405


# --- the client's defaults ----------------------------------------------------------------------

def _selected(body, name):
    """The value selected in the select ``name`` of an HTML page."""
    import re

    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', body, re.S)
    assert select, name
    chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(1))
    return chosen.group(1) if chosen else None


def test_a_new_engagement_takes_the_clients_country_currency_and_language(client, login, manager, workspace,
                                                                           other_client):
    other_client.currency = "EUR"  # a Moldovan client billed in euros
    other_client.save()
    login(client, manager)
    body = client.get(url("engagement-new"), {"client": other_client.uuid}).content.decode()
    assert (_selected(body, "country"), _selected(body, "currency"), _selected(body, "language")) == ("MD", "EUR", "ru")


def test_without_a_currency_the_client_countrys_currency_is_the_default(client, login, manager, workspace,
                                                                         other_client):
    login(client, manager)
    body = client.get(url("engagement-new"), {"client": other_client.uuid}).content.decode()
    assert _selected(body, "currency") == "MDL"


def test_without_a_client_in_the_url_the_first_clients_defaults_fill_the_form(client, login, manager, workspace,
                                                                              client_obj, other_client):
    other_client.name = "Aardvark SRL"  # now first in the select
    other_client.save()
    login(client, manager)
    body = client.get(url("engagement-new")).content.decode()
    assert _selected(body, "client") == str(other_client.uuid)
    assert (_selected(body, "country"), _selected(body, "language")) == ("MD", "ru")


def test_choosing_another_client_swaps_in_its_defaults(client, login, manager, workspace, client_obj, other_client):
    login(client, manager)
    data = new_data(workspace, other_client, defaults_for=client_obj.uuid, country="RO", currency="RON",
                    language="ro")
    body = client.post(url("engagement-preview"), data, HTTP_HX_REQUEST="true").content.decode()
    for name, value in (("country", "MD"), ("currency", "MDL"), ("language", "ru")):
        assert f'id="id_{name}"' in body and _selected(body, name) == value
    assert body.count('hx-swap-oob="true"') == 5  # country, time zone, currency, language, whose defaults
    import re

    hidden = re.search(r'<input type="hidden" name="defaults_for"[^>]*>', body).group(0)
    assert f'value="{other_client.uuid}"' in hidden and 'hx-swap-oob="true"' in hidden


def test_a_changed_field_is_kept_while_the_client_stays(client, login, manager, workspace, client_obj):
    login(client, manager)
    data = new_data(workspace, client_obj, defaults_for=client_obj.uuid, country="DE", currency="EUR")
    body = client.post(url("engagement-preview"), data, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-swap-oob" not in body


def test_the_preview_ignores_a_client_the_user_cannot_see(client, login, manager, workspace, client_obj,
                                                          other_workspace):
    from cadence.core.models import Client

    foreign = Client.objects.create(workspace=other_workspace, name="Foreign", country="DE")
    login(client, manager)
    r = client.post(url("engagement-preview"), new_data(workspace, client_obj, client=foreign.uuid))
    assert r.status_code == 200 and "hx-swap-oob" not in r.content.decode() and "Foreign" not in r.content.decode()


# --- contract terms ---------------------------------------------------------------------------

def test_the_contract_page_adds_terms_from_a_month_on(client, login, manager, specialist, engagement):
    login(client, specialist)
    assert client.get(url("engagement-terms", engagement)).status_code == 403
    login(client, manager)
    page = client.get(url("engagement-terms", engagement)).content.decode()
    assert "Month 3, open-ended" in page and 'value="2"' not in page  # past months are not offered
    r = client.post(url("engagement-terms", engagement), {"from_month": "4", "monthly_hours": "60",
                                                           "rollover_mode": "none", "rollover_cap": "0",
                                                           "reason": "Upsell"})
    assert r.status_code == 302
    assert list(engagement.contract_terms.values_list("from_month", "monthly_hours")) == [(1, 40), (4, 60)]
    r = client.post(url("engagement-terms", engagement), {"from_month": "2", "monthly_hours": "80",
                                                           "rollover_mode": "none", "rollover_cap": "0"})
    assert r.status_code == 200 and engagement.contract_terms.count() == 2
    detail = client.get(url("engagement-detail", engagement)).content.decode()
    assert "60 h from month 4" in detail and "Month 3, open-ended" in detail
