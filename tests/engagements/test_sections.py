"""What engagements adds to core's pages through the registry: core's views import nothing of it."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils.html import escape

from cadence.core import registry
from cadence.engagements.models import Engagement


def _buttons(html: str) -> list[str]:
    head = html[html.index('<div class="actions">'):]
    head = head[:head.index("</div>")]
    return [re.sub(r"\s+", " ", label).strip() for label in re.findall(r'<a class="btn[^"]*" href="[^"]*">([^<]*)</a>', head)]


def test_the_dashboard_shows_the_engagements_section_and_its_button_first(client, login, manager, workspace,
                                                                           engagement):
    login(client, manager)
    html = client.get(reverse("core:dashboard", kwargs={"workspace": workspace.slug})).content.decode()
    assert _buttons(html) == ["New engagement", "New client", "Activity"]
    assert "Your clients, their engagements and the hours of each engagement&#x27;s current month." in html
    assert escape(engagement.name) in html


def test_a_specialist_gets_no_new_engagement_button(client, login, specialist, workspace, engagement, client_obj):
    login(client, specialist)
    html = client.get(reverse("core:dashboard", kwargs={"workspace": workspace.slug})).content.decode()
    assert _buttons(html) == ["Activity"]
    page = client.get(reverse("core:client-detail", args=[workspace.slug, client_obj.uuid])).content.decode()
    assert _buttons(page) == [] and escape(engagement.name) in page


def test_the_client_page_lists_its_engagements_and_offers_one_for_this_client(client, login, manager, workspace,
                                                                              engagement, client_obj):
    login(client, manager)
    html = client.get(reverse("core:client-detail", args=[workspace.slug, client_obj.uuid])).content.decode()
    assert _buttons(html) == ["New engagement", "Edit"]
    new = reverse("engagements:engagement-new", args=[workspace.slug])
    assert f'href="{new}?client={client_obj.uuid}"' in html
    assert reverse("engagements:engagement-detail", args=[workspace.slug, engagement.uuid]) in html


def test_the_client_list_counts_active_engagements_only(client, login, owner, workspace, engagement, client_obj):
    Engagement.objects.create(workspace=workspace, client=client_obj, name="Old", start_date=engagement.start_date,
                              country="RO", archived=True)
    login(client, owner)
    r = client.get(reverse("core:client-list", args=[workspace.slug]))
    assert [c.attr for c in r.context["columns"]] == ["active_engagements"]
    assert "Active engagements" in r.content.decode()
    (row,) = [c for c in r.context["clients"] if c.pk == client_obj.pk]
    assert row.figures == [1]


def test_the_registry_holds_each_apps_part_once():
    # ready() may run again (tests that reload apps): registering twice must not show a section twice
    from django.apps import apps

    before = (registry.demo_parts(), len(registry._registry.threads),
              len(registry._registry.workspace_hooks), {k: len(v) for k, v in registry._registry.sections.items()})
    apps.get_app_config("engagements").ready()
    after = (registry.demo_parts(), len(registry._registry.threads),
             len(registry._registry.workspace_hooks), {k: len(v) for k, v in registry._registry.sections.items()})
    assert after == before
    assert [c.attr for c in registry.client_columns()] == ["active_engagements"]


def _nav(html: str) -> list[str]:
    nav = html[html.index('<nav class="mainnav"'):]
    nav = nav[:nav.index("</nav>")]
    return re.findall(r'<a href="[^"]*">([^<]*)</a>', nav)


def test_the_navigation_is_what_core_and_the_apps_register_for_each_role(client, login, manager, approver, workspace,
                                                                         engagement):
    login(client, manager)
    html = client.get(reverse("core:dashboard", kwargs={"workspace": workspace.slug})).content.decode()
    assert _nav(html) == ["Dashboard", "Overview", "Clients", "My week", "My work", "Marketing plans", "Templates",
                          "Team"]
    assert f'href="{reverse("engagements:time-week", args=[workspace.slug])}"' in html
    client.logout()
    login(client, approver)
    html = client.get(reverse("core:dashboard", kwargs={"workspace": workspace.slug})).content.decode()
    # a client user: no team links; "Approvals" for the client's approver (cal, issue 9: content.approve)
    assert _nav(html) == ["Dashboard", "Clients", "Approvals", "Marketing plans"]


def test_a_nav_link_needs_its_capability(manager, owner, workspace):
    from cadence.core.models import Membership

    registry.nav("Settings", "core:workspace-settings", order=95, capability="workspace.manage")
    try:
        def names(user):
            membership = Membership.objects.get(workspace=workspace, user=user)
            return [item.url_name for item in registry.nav_items(membership)]

        assert "core:workspace-settings" not in names(manager)  # managers do not manage the workspace
        assert "core:workspace-settings" in names(owner)
    finally:
        registry._registry.nav.pop("core:workspace-settings")
