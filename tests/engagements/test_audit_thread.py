"""An engagement's history through the audit trail's ``thread`` (core keeps no foreign key to engagements)."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from cadence.core import audit, registry
from cadence.core.models import AuditEntry
from cadence.engagements import services
from cadence.engagements.models import Engagement


def test_the_activity_page_links_each_entry_to_its_engagement(client, login, owner, workspace, engagement):
    services.update_engagement(actor=owner, engagement=engagement, name="Renamed engagement")
    unknown_thread = AuditEntry.objects.create(workspace=workspace, actor=owner, action="client.updated",
                                                       object_type="client", thread=uuid.uuid4())
    login(client, owner)
    r = client.get(reverse("core:audit-list", kwargs={"workspace": workspace.slug}))
    html = r.content.decode()
    link = reverse("engagements:engagement-detail", args=[workspace.slug, engagement.uuid])
    assert f'<a href="{link}">Renamed engagement</a>' in html
    entries = {e.pk: e for e in r.context["entries"]}
    assert entries[unknown_thread.pk].thread_link is None  # a thread no app knows: no link


def test_an_engagement_from_another_workspace_is_never_linked(owner, workspace, engagement, other_workspace):
    assert registry.thread_links(other_workspace, {engagement.uuid}) == {}
    assert registry.thread_links(workspace, {engagement.uuid})[engagement.uuid].label == engagement.name


def test_the_history_is_the_engagements_thread_newest_first(owner, engagement):
    services.update_engagement(actor=owner, engagement=engagement, name="Second name")
    actions = list(engagement.audit_entries.values_list("action", flat=True))
    assert actions == ["engagement.updated", "engagement.created"]
    assert list(audit.history(engagement.workspace, engagement.uuid)) == list(engagement.audit_entries)


def test_deleting_an_engagement_deletes_its_history(owner, workspace, engagement):
    kept = AuditEntry.objects.filter(workspace=workspace).exclude(thread=engagement.uuid).count()
    assert engagement.audit_entries.exists()
    Engagement.objects.filter(pk=engagement.pk).delete()
    assert not AuditEntry.objects.filter(thread=engagement.uuid).exists()
    assert AuditEntry.objects.filter(workspace=workspace).count() == kept


@pytest.mark.single_database  # unapplies and reapplies every later migration: a minute and a half a pass
@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_each_entrys_engagement():
    before = [("core", "0006_perf_audit_indexes"), ("engagements", "0006_perf_summaries_snapshots")]
    after = [("core", "0007_audit_thread")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    workspace = old.get_model("core", "Workspace").objects.create(slug="w", name="W")
    client = old.get_model("core", "Client").objects.create(workspace=workspace, name="C")
    engagement = old.get_model("engagements", "Engagement").objects.create(
        workspace=workspace, client=client, name="E", start_date="2026-01-05", country="RO")
    Entry = old.get_model("core", "AuditEntry")
    linked = Entry.objects.create(workspace=workspace, action="engagement.created", object_type="engagement",
                                  engagement=engagement)
    alone = Entry.objects.create(workspace=workspace, action="client.created", object_type="client")

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps.get_model("core", "AuditEntry")
    assert new.objects.get(pk=linked.pk).thread == engagement.uuid
    assert new.objects.get(pk=alone.pk).thread is None

    executor = MigrationExecutor(connection)
    executor.migrate(before)  # and back
    assert Entry.objects.get(pk=linked.pk).engagement_id == engagement.pk
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
