# The board's revision (cadence/board/revisions.py), and a board row for every engagement that has none, so
# every write finds the revision it bumps.

from django.db import migrations, models


def boards_for_every_engagement(apps, schema_editor):
    Engagement = apps.get_model("engagements", "Engagement")
    EngagementBoard = apps.get_model("board", "EngagementBoard")
    have = set(EngagementBoard._base_manager.values_list("engagement_id", flat=True))
    rows = [EngagementBoard(engagement_id=pk, workspace_id=workspace_id)
            for pk, workspace_id in Engagement._base_manager.values_list("pk", "workspace_id") if pk not in have]
    EngagementBoard._base_manager.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('board', '0002_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='engagementboard',
            name='revision',
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(boards_for_every_engagement, migrations.RunPython.noop),
    ]
