"""The phase editor and the template editor: per-language texts, kinds in words, decimal comma, live preview."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import models as dj_models
from django.urls import reverse
from django.utils import translation

from cadence.core.models import AuditEntry
from cadence.engagements import admin as engagements_admin
from cadence.engagements import queries, services
from cadence.engagements.api import schemas
from cadence.engagements.forms import PhaseForm
from cadence.engagements.models import (
    EngagementPhase,
    GateFields,
    PhaseFields,
    ProcessTemplate,
    TemplatePhase,
)
from cadence.engagements.phase_fields import GATE_FIELDS, PHASE_FIELDS, columns
from tests.api import api_fixture, fast_fixture  # noqa: F401
from tests.test_form_roundtrip import post_forms

TODAY = dt.date(2026, 10, 20)


@pytest.fixture(autouse=True)
def frozen_today(clock):
    clock.set(TODAY)


def edit_url(engagement, name="phase-edit"):
    return reverse(f"engagements:{name}", kwargs={"workspace": "agency-one", "engagement": engagement.uuid})


def rendered_form(client, url, action_suffix="/phases/"):
    html = client.get(url).content.decode()
    (form,) = [f for f in post_forms(html, url) if f.action.endswith(action_suffix)]
    return form.data(), html


def post_changed(client, url, data, **changes):
    data = {**data, **{k: [v] for k, v in changes.items()}}
    return client.post(url, data)


def field(data, key, name):
    """The form field name of phase ``key``'s ``name`` in the rendered data."""
    index = next(k.split("-")[1] for k, v in data.items() if k.endswith("-key") and v == [key])
    return f"phases-{index}-{name}"


# --- one list of fields -------------------------------------------------------------------------------


def test_the_phase_fields_are_listed_once_and_everything_follows_the_list():
    model_columns = {f.name for f in PhaseFields._meta.get_fields() if isinstance(f, dj_models.Field)} - {"id"}
    assert set(columns(PHASE_FIELDS)) == model_columns
    assert services.PHASE_FIELDS == columns(PHASE_FIELDS)
    form_fields = set(PhaseForm.base_fields)
    for spec in PHASE_FIELDS:
        names = {f"{spec.name}_{c}" for c in ("en", "ro", "ru")} if spec.type == "texts" else {spec.name}
        assert names <= form_fields, spec.name
    assert list(schemas.PhaseFieldsOut.model_fields) == list(columns(PHASE_FIELDS))
    assert set(schemas.PhaseIn.model_fields) == set(columns(PHASE_FIELDS))
    assert engagements_admin.TemplatePhaseInline.fields == list(columns(PHASE_FIELDS))
    assert engagements_admin.EngagementPhaseInline.fields == [*columns(PHASE_FIELDS), "completed_on"]


def test_the_gate_fields_are_listed_once_too_client_approvable_included():
    model_columns = {f.name for f in GateFields._meta.get_fields() if isinstance(f, dj_models.Field)} - {"id"}
    assert set(columns(GATE_FIELDS)) == model_columns
    assert "client_approvable" in columns(GATE_FIELDS)
    assert services.GATE_FIELDS == columns(GATE_FIELDS)
    assert list(schemas.GateFieldsOut.model_fields) == list(columns(GATE_FIELDS))
    assert engagements_admin.TemplateGateInline.fields == list(columns(GATE_FIELDS))


def test_the_template_editor_keeps_and_changes_whether_the_client_approves_a_gate(client, login, manager, owner,
                                                                                   workspace):
    copy = services.copy_template(actor=owner, template=ProcessTemplate.objects.get(workspace=workspace,
                                                                                    key="retainer"), name="Ours")
    login(client, manager)
    url = reverse("engagements:template-edit", kwargs={"workspace": "agency-one", "template": copy.uuid})
    html = client.get(url).content.decode()
    (form,) = [f for f in post_forms(html, url) if f.action == url]
    data = form.data()
    gate_index = next(k.split("-")[1] for k, v in data.items() if k.startswith("gates-") and v == ["plan_approved"])
    box = f"gates-{gate_index}-client_approvable"
    assert box in form.names and data[box] == ["on"]  # rendered checked
    data[f"gates-{gate_index}-names_ro"] = ["Planul aprobat"]
    assert client.post(url, data).status_code == 302
    gate = copy.gates.get(key="plan_approved")
    assert gate.client_approvable is True and gate.names == {"ro": "Planul aprobat"}
    del data[box]  # unchecked: the browser sends nothing
    assert client.post(url, data).status_code == 302
    assert copy.gates.get(key="plan_approved").client_approvable is False
    changes = AuditEntry.objects.filter(action="template.updated").order_by("-id").first().changes
    assert changes["gates"]["plan_approved"] == {"client_approvable": [True, False]}


# --- names and explanations per language --------------------------------------------------------------


def test_a_romanian_explanation_no_longer_overwrites_the_russian_one(client, login, manager, engagement):
    login(client, manager)
    url = edit_url(engagement)
    data, _html = rendered_form(client, url)
    r = post_changed(client, url, data, **{field(data, "research", "descriptions_ro"): "Analizăm piața."})
    assert r.status_code == 302
    data, _html = rendered_form(client, url)
    assert data[field(data, "research", "descriptions_ro")] == ["Analizăm piața."]
    r = post_changed(client, url, data, **{field(data, "research", "descriptions_ru"): "Изучаем рынок."})
    assert r.status_code == 302
    research = engagement.phases.get(key="research")
    assert research.descriptions == {"ro": "Analizăm piața.", "ru": "Изучаем рынок."}
    assert queries.display_description(research, language="ro") == "Analizăm piața."
    assert queries.display_description(research, language="ru") == "Изучаем рынок."
    # The built-in name was not touched: it stays translated by the catalogs.
    assert research.name == "Research, marketing plan and first implementation" and research.names == {}
    assert AuditEntry.objects.filter(action="engagement.phases_updated").count() == 2


def test_names_fall_back_to_the_engagements_language_then_english(engagement):
    research = engagement.phases.get(key="research")  # the engagement is in Romanian
    research.names = {"ro": "Cercetare", "en": "Research"}
    research.save()
    assert queries.display_name(research, language="ro") == "Cercetare"
    assert queries.display_name(research, language="en") == "Research"
    with translation.override("ru"):  # no custom Russian name: the built-in translation
        assert queries.display_name(research) == translation.gettext(research.name)
    custom = EngagementPhase(key="seo", name="Audit SEO", names={"ro": "Audit SEO", "en": "SEO audit"})
    assert queries.display_name(custom, fallback="ro", language="ru") == "Audit SEO"
    assert queries.display_name(custom, language="ru") == "SEO audit"
    assert queries.display_name(EngagementPhase(key="x", name="Only source"), language="ru") == "Only source"


def test_every_place_shows_the_readers_language(client, login, manager, engagement, api):
    research = engagement.phases.get(key="research")
    research.names = {"ro": "Cercetare de piață", "ru": "Исследование рынка"}
    research.save()
    login(client, manager)
    detail = reverse("engagements:engagement-detail", kwargs={"workspace": "agency-one", "engagement": engagement.uuid})
    gantt = reverse("engagements:engagement-gantt", kwargs={"workspace": "agency-one", "engagement": engagement.uuid})
    for language, name in (("ro", "Cercetare de piață"), ("ru", "Исследование рынка")):
        client.cookies["django_language"] = language
        assert name in client.get(detail).content.decode()
        if language == engagement.language:  # the download is drawn in the engagement's language
            assert name in client.get(gantt).content.decode()
        base = f"/workspaces/agency-one/engagements/{engagement.uuid}"
        phases = api(manager).get(base + "/phases", HTTP_ACCEPT_LANGUAGE=language).json()
        assert phases[0]["name"] == name and phases[0]["names"] == research.names
        schedule = api(manager).get(base + "/schedule", HTTP_ACCEPT_LANGUAGE=language).json()
        assert schedule["phases"][0]["name"] == name


def test_the_clients_gate_list_shows_the_readers_language(engagement, approver, api):
    gate = engagement.gates.get(key="plan_approved")
    gate.names = {"ro": "Planul aprobat", "ru": "План утверждён"}
    gate.save()
    base = f"/workspaces/agency-one/engagements/{engagement.uuid}"
    for language, name in (("ro", "Planul aprobat"), ("ru", "План утверждён")):
        gates = api(approver).get(base + "/gates", HTTP_ACCEPT_LANGUAGE=language).json()
        assert "note" not in gates[0]  # the client's view of the gates
        assert next(g["name"] for g in gates if g["key"] == "plan_approved") == name


def test_the_api_saves_names_per_language_and_keeps_built_in_texts(api, manager, engagement):
    base = f"/workspaces/agency-one/engagements/{engagement.uuid}/phases"
    rows = api(manager).get(base).json()
    body = [{k: v for k, v in row.items() if k not in ("name", "description", "completed_on")} for row in rows]
    body[0]["names"] = {"ru": "Исследование"}
    body[0]["effort_hours"] = 40
    r = api(manager).request("PUT", base, body)
    assert r.status_code == 200, r.content
    research = engagement.phases.get(key="research")
    assert research.names == {"ru": "Исследование"} and research.effort_hours == 40
    assert research.name == "Research, marketing plan and first implementation"
    entry = AuditEntry.objects.get(action="engagement.phases_updated")
    assert entry.changes["research"]["names"] == [{}, {"ru": "Исследование"}]


def test_the_api_refuses_phase_edits_from_weak_roles(api, specialist, viewer, engagement):
    base = f"/workspaces/agency-one/engagements/{engagement.uuid}/phases"
    for user, status in ((specialist, 403), (viewer, 403)):
        assert api(user).request("PUT", base, []).status_code == status
    assert engagement.phases.count() == 5


def test_a_new_phase_needs_a_name_in_some_language(client, login, manager, engagement):
    login(client, manager)
    url = edit_url(engagement)
    data, _html = rendered_form(client, url)
    r = post_changed(client, url, data, **{"phases-5-key": "seo", "phases-5-order": "35", "phases-5-effort_hours": "6"})
    assert r.status_code == 200
    assert "Give it a name in at least one language." in r.content.decode()
    r = post_changed(client, url, data, **{"phases-5-key": "seo", "phases-5-order": "35", "phases-5-effort_hours": "6",
                                           "phases-5-names_ro": "Audit SEO"})
    assert r.status_code == 302
    seo = engagement.phases.get(key="seo")
    assert (seo.name, seo.names) == ("Audit SEO", {"ro": "Audit SEO"})


def test_the_template_editor_keeps_each_language(client, login, manager, owner, workspace):
    copy = services.copy_template(actor=owner, template=ProcessTemplate.objects.get(workspace=workspace,
                                                                                    key="retainer"), name="Ours")
    login(client, manager)
    url = reverse("engagements:template-edit", kwargs={"workspace": "agency-one", "template": copy.uuid})
    html = client.get(url).content.decode()
    (form,) = [f for f in post_forms(html, url) if f.action == url]
    data = form.data()
    gate_index = next(k.split("-")[1] for k, v in data.items() if k.startswith("gates-") and v == ["plan_approved"])
    data[field(data, "research", "names_ru")] = ["Исследование"]
    data[f"gates-{gate_index}-descriptions_ro"] = ["Aprobați planul."]
    assert client.post(url, data).status_code == 302
    assert TemplatePhase.objects.get(template=copy, key="research").names == {"ru": "Исследование"}
    assert copy.gates.get(key="plan_approved").descriptions == {"ro": "Aprobați planul."}
    changes = AuditEntry.objects.get(action="template.updated").changes
    assert changes["gates"]["plan_approved"]["descriptions"] == [{}, {"ro": "Aprobați planul."}]


def test_the_migration_moves_custom_text_under_the_engagements_language(engagement):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("cadence.engagements.migrations.0005_phase_texts_per_language")
    engagement.phases.filter(key="research").update(name="Cercetare proprie", description="Explicația noastră")
    migration.texts_per_language(apps, None)
    research = engagement.phases.get(key="research")
    assert research.names == {"ro": "Cercetare proprie"} and research.descriptions == {"ro": "Explicația noastră"}
    assert engagement.phases.get(key="campaigns").names == {}  # built-in text: still translated


# --- kinds in words, decimal comma --------------------------------------------------------------------


def test_each_kind_is_explained_and_only_its_fields_are_marked_for_it(client, login, manager, engagement):
    login(client, manager)
    html = client.get(edit_url(engagement)).content.decode()
    assert "Needs 32 h; how long it takes follows from the hours bought each month." in html
    assert "Takes between 0 and 0 working days, whatever the hours." in html
    assert "Takes a guaranteed 50 % of every month from its start" in html
    assert 'class="f-effort_hours for-effort"' in html and 'class="f-min_days for-duration"' in html
    assert 'class="f-share for-continuous"' in html
    assert "<script" not in html.split("<main", 1)[1] and "style=" not in html.split("<main", 1)[1]


def test_the_explanation_follows_the_numbers_typed(client, login, manager, engagement):
    login(client, manager)
    url = edit_url(engagement)
    data, _html = rendered_form(client, url)
    index = field(data, "research", "effort_hours").split("-")[1]
    r = client.post(edit_url(engagement, "phase-preview"), {**data, field(data, "research", "effort_hours"): ["45"]},
                    HTTP_HX_REQUEST="true")
    body = r.content.decode()
    start = body.index(f'id="phases-{index}-kind-help" hx-swap-oob="true"')
    assert "Needs 45 h;" in body[start:start + 400]


@pytest.mark.parametrize("language", ["ro", "ru"])
def test_effort_takes_and_shows_the_decimal_comma(client, login, manager, engagement, language):
    login(client, manager)
    client.cookies["django_language"] = language
    url = edit_url(engagement)
    data, html = rendered_form(client, url)
    assert data[field(data, "research", "share")] == ["0,5"]
    r = post_changed(client, url, data, **{field(data, "research", "effort_hours"): "32,5"})
    assert r.status_code == 302
    assert engagement.phases.get(key="research").effort_hours == Decimal("32.5")
    data, _html = rendered_form(client, url)
    assert data[field(data, "research", "effort_hours")] == ["32,5"]


# --- the live preview ---------------------------------------------------------------------------------


def test_the_phase_editor_previews_the_timeline_without_saving(client, login, manager, engagement):
    login(client, manager)
    url = edit_url(engagement)
    data, html = rendered_form(client, url)
    assert 'id="preview"' in html and "<svg" in html  # the saved timeline right away
    before = (AuditEntry.objects.count(), engagement.phases.get(key="research").effort_hours)
    preview = edit_url(engagement, "phase-preview")
    small = client.post(preview, data, HTTP_HX_REQUEST="true")
    big = client.post(preview, {**data, field(data, "research", "effort_hours"): ["120"]}, HTTP_HX_REQUEST="true")
    assert small.status_code == big.status_code == 200
    assert "<html" not in small.content.decode() and "<svg" in small.content.decode()
    assert big.context["preview"].phase("campaigns").start > small.context["preview"].phase("campaigns").start
    assert (AuditEntry.objects.count(), engagement.phases.get(key="research").effort_hours) == before


def test_the_preview_names_what_to_fix(client, login, manager, engagement):
    login(client, manager)
    url = edit_url(engagement)
    data, _html = rendered_form(client, url)
    r = client.post(edit_url(engagement, "phase-preview"), {**data, field(data, "research", "kind"): ["continuous"]})
    assert r.context["preview"] is None
    assert "cannot be continuous" in r.content.decode()


def test_the_template_editor_previews_too(client, login, manager, owner, workspace, viewer):
    copy = services.copy_template(actor=owner, template=ProcessTemplate.objects.get(workspace=workspace,
                                                                                    key="retainer"), name="Ours")
    kw = {"workspace": "agency-one", "template": copy.uuid}
    login(client, manager)
    url = reverse("engagements:template-edit", kwargs=kw)
    html = client.get(url).content.decode()
    assert "<svg" in html
    (form,) = [f for f in post_forms(html, url) if f.action == url]
    r = client.post(reverse("engagements:template-preview", kwargs=kw), form.data())
    assert r.status_code == 200 and r.context["preview"].phase("campaigns").start is not None
    login(client, viewer)
    assert client.post(reverse("engagements:template-preview", kwargs=kw), form.data()).status_code == 403


def test_the_phase_preview_is_for_managers_only(client, login, specialist, outsider, engagement):
    for user, status in ((specialist, 403), (outsider, 404)):
        login(client, user)
        assert client.post(edit_url(engagement, "phase-preview"), {}).status_code == status
    login(client, specialist)
    assert client.get(edit_url(engagement, "phase-preview")).status_code in (403, 405)


def test_the_history_shows_per_language_changes(client, login, manager, engagement):
    login(client, manager)
    url = edit_url(engagement)
    data, _html = rendered_form(client, url)
    post_changed(client, url, data, **{field(data, "research", "names_ru"): "Исследование"})
    history = reverse("engagements:engagement-history", kwargs={"workspace": "agency-one",
                                                                 "engagement": engagement.uuid})
    body = client.get(history).content.decode()
    assert "Исследование" in body
    json.dumps(AuditEntry.objects.latest("id").changes)  # stored as plain JSON


def test_names_have_the_same_bounds_in_the_api_and_the_service(api, manager, engagement):
    base = f"/workspaces/agency-one/engagements/{engagement.uuid}/phases"
    rows = api(manager).get(base).json()
    body = [{k: v for k, v in row.items() if k not in ("name", "description", "completed_on")} for row in rows]
    body[0]["names"] = {"ro": "x" * 161}
    assert api(manager).request("PUT", base, body).status_code == 422
    rows = [{**row, "names": {"ro": "x" * 161}} for row in engagement.phases.values()]
    from cadence.core.errors import DomainError

    with pytest.raises(DomainError):
        services.update_phases(actor=manager, engagement=engagement, phases=rows)
    assert engagement.phases.get(key="research").names == {}


def test_the_history_shows_texts_per_language_as_old_and_new():
    from cadence.core.audit_display import change_rows

    rows = change_rows({"research": {"names": [{}, {"ru": "Исследование", "ro": "Cercetare"}]}})
    assert rows == [{"field": "research · name in each language", "old": "—", "new": "ru: Исследование; ro: Cercetare",
                     "pair": True}]
