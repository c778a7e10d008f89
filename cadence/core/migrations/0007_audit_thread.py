"""Audit entries stop pointing to engagements.Engagement (core knows no app's models): ``thread`` keeps the
public id of the object whose history an entry belongs to. Existing entries keep their link (the
engagement's uuid); the history's newest-first index moves to the new column."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def engagement_to_thread(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    Engagement = apps.get_model("engagements", "Engagement")
    AuditEntry.objects.filter(engagement__isnull=False).update(
        thread=Subquery(Engagement.objects.filter(pk=OuterRef("engagement_id")).values("uuid")[:1]))


def thread_to_engagement(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    Engagement = apps.get_model("engagements", "Engagement")
    AuditEntry.objects.filter(thread__isnull=False).update(
        engagement=Subquery(Engagement.objects.filter(uuid=OuterRef("thread")).values("pk")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0006_perf_audit_indexes"),
        ("engagements", "0006_perf_summaries_snapshots"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="thread",
            field=models.UUIDField(blank=True, null=True),
        ),
        migrations.RunPython(engagement_to_thread, thread_to_engagement),
        migrations.RemoveIndex(model_name="auditentry", name="audit_engagement_newest"),
        migrations.RemoveField(model_name="auditentry", name="engagement"),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["thread", "-created_at"], name="audit_thread_newest"),
        ),
    ]
