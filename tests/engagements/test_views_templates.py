"""Process templates: list, detail with preview, copy, edit (built-in ones refuse)."""

from __future__ import annotations

import uuid

from django.urls import reverse

from cadence.engagements.models import ProcessTemplate


def url(name, template=None, workspace="agency-one"):
    kw = {"workspace": workspace}
    if template is not None:
        kw["template"] = template.uuid
    return reverse(f"engagements:{name}", kwargs=kw)


def builtin(workspace, key="retainer"):
    return ProcessTemplate.objects.get(workspace=workspace, key=key)


def test_it_lists_the_templates(client, login, specialist, workspace):
    login(client, specialist)
    r = client.get(url("template-list"))
    assert r.status_code == 200
    body = r.content.decode()
    assert "Recurring digital marketing (5 categories)" in body and "Marketing plan (SOSTAC)" in body


def test_it_keeps_templates_from_clients_and_outsiders(client, login, viewer, outsider, workspace):
    t = builtin(workspace)
    login(client, viewer)
    assert client.get(url("template-list")).status_code == 403
    assert client.get(url("template-detail", t)).status_code == 403
    login(client, outsider)
    assert client.get(url("template-list")).status_code == 404
    assert client.get(url("template-detail", t)).status_code == 404


def test_it_shows_a_template_with_a_preview(client, login, specialist, workspace):
    login(client, specialist)
    r = client.get(url("template-detail", builtin(workspace, "sostac")))
    assert r.status_code == 200
    body = r.content.decode()
    assert "Situation analysis" in body and "<svg" in body and "Romania" in body


def test_it_404s_another_workspaces_template(client, login, manager, workspace, other_workspace):
    login(client, manager)
    foreign = ProcessTemplate.objects.get(workspace=other_workspace, key="retainer")
    assert client.get(url("template-detail", foreign)).status_code == 404
    assert client.post(url("template-copy", foreign)).status_code == 404
    missing = reverse("engagements:template-detail", kwargs={"workspace": "agency-one", "template": uuid.uuid4()})
    assert client.get(missing).status_code == 404


def test_it_copies_a_template(client, login, manager, workspace):
    login(client, manager)
    r = client.post(url("template-copy", builtin(workspace)), {"name": "Our retainer"})
    copy = ProcessTemplate.objects.get(workspace=workspace, name="Our retainer")
    assert r.status_code == 302 and r["Location"] == url("template-edit", copy)
    assert not copy.builtin and copy.phases.count() == 5 and copy.gates.count() == 2


def test_it_lets_only_template_managers_copy(client, login, specialist, viewer, workspace):
    t = builtin(workspace)
    for user in (specialist, viewer):
        login(client, user)
        assert client.post(url("template-copy", t), {"name": "x"}).status_code == 403
    assert ProcessTemplate.objects.filter(workspace=workspace).count() == 2
    login(client, specialist)
    assert client.get(url("template-copy", t)).status_code in (403, 405)


def test_it_refuses_get_on_copy(client, login, manager, workspace):
    login(client, manager)
    assert client.get(url("template-copy", builtin(workspace))).status_code == 405


def _post(template, **changes):
    phases = list(template.phases.all())
    gates = list(template.gates.all())
    data = {"name": changes.pop("name", template.name), "description": template.description,
            "phases-TOTAL_FORMS": len(phases), "phases-INITIAL_FORMS": len(phases),
            "gates-TOTAL_FORMS": len(gates), "gates-INITIAL_FORMS": len(gates)}
    for i, p in enumerate(phases):
        for k in ("key", "name", "kind", "effort_hours", "min_days", "expected_days", "max_days", "share",
                  "alongside", "category", "description"):
            data[f"phases-{i}-{k}"] = getattr(p, k)
        data[f"phases-{i}-order"] = i
        data[f"phases-{i}-not_before_month"] = p.not_before_month or ""
        data[f"phases-{i}-requires_gates"] = list(p.requires_gates)
    for i, g in enumerate(gates):
        for k in ("key", "name", "after_phase", "description"):
            data[f"gates-{i}-{k}"] = getattr(g, k)
    data.update(changes)
    return data


def test_it_edits_an_own_template(client, login, manager, workspace, owner):
    from cadence.engagements import services

    copy = services.copy_template(actor=owner, template=builtin(workspace), name="Ours")
    login(client, manager)
    assert client.get(url("template-edit", copy)).status_code == 200
    r = client.post(url("template-edit", copy), _post(copy, name="Ours, faster", **{"phases-0-effort_hours": "20"}))
    assert r.status_code == 302
    copy.refresh_from_db()
    assert copy.name == "Ours, faster"
    assert copy.phases.get(key="research").effort_hours == 20


def test_it_refuses_to_edit_a_builtin_template(client, login, manager, workspace):
    t = builtin(workspace)
    login(client, manager)
    r = client.post(url("template-edit", t), _post(t, name="Hacked"))
    assert r.status_code == 200
    assert "cannot be changed; copy one and edit the copy" in r.content.decode()
    t.refresh_from_db()
    assert t.name == "Recurring digital marketing (5 categories)"


def test_it_shows_the_services_refusal_on_a_broken_template(client, login, manager, workspace, owner):
    from cadence.engagements import services

    copy = services.copy_template(actor=owner, template=builtin(workspace), name="Ours")
    login(client, manager)
    r = client.post(url("template-edit", copy), _post(copy, **{"gates-0-after_phase": "nowhere"}))
    assert r.status_code == 200
    assert "unknown phase" in r.content.decode()
    assert copy.gates.get(key="plan_approved").after_phase == "research"


def test_it_lets_only_template_managers_edit(client, login, specialist, viewer, outsider, workspace, owner):
    from cadence.engagements import services

    copy = services.copy_template(actor=owner, template=builtin(workspace), name="Ours")
    for user, status in ((specialist, 403), (viewer, 403), (outsider, 404)):
        login(client, user)
        assert client.get(url("template-edit", copy)).status_code == status
        assert client.post(url("template-edit", copy), _post(copy, name="x")).status_code == status
    copy.refresh_from_db()
    assert copy.name == "Ours"


def test_it_refuses_other_methods_on_templates(client, login, manager, workspace):
    login(client, manager)
    assert client.post(url("template-list")).status_code == 405
    assert client.post(url("template-detail", builtin(workspace))).status_code == 405
    assert client.put(url("template-edit", builtin(workspace))).status_code == 405
