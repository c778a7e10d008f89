"""The background jobs of imports: queued after the commit, run in the batch's workspace, a refusing queue."""

import os
import subprocess
import sys

import pytest

from cadence.metrics import services, tasks
from cadence.metrics.models import ImportBatch, MetricFact, Status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.CADENCE_IMPORT_INLINE_KB = 0  # every file goes to the queue


def test_the_database_queue_holds_the_job_until_a_worker_runs_it(settings, upload, specialist, members,
                                                                 django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with django_capture_on_commit_callbacks(execute=True):
        batch = upload("meta_ads_daily_eur.csv")
    batch.refresh_from_db()
    assert batch.status == Status.UPLOADED and batch.task_id
    job = DBTaskResult.objects.get(id=batch.task_id)
    assert job.args_kwargs["args"] == [batch.pk]
    # what the worker does with it
    assert tasks.analyse_import.call(batch.pk) == Status.READY
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm(actor=specialist, membership=members[specialist], batch=ImportBatch.objects.get(pk=batch.pk))
    assert ImportBatch.objects.get(pk=batch.pk).status == Status.WRITING and not MetricFact.objects.exists()
    assert tasks.write_import.call(batch.pk) == Status.DONE
    assert MetricFact.objects.count() == 14


def test_a_job_of_a_discarded_batch_does_nothing():
    assert tasks.analyse_import.call(987654) == "gone"
    assert tasks.write_import.call(987654) == "gone"


def test_a_queue_that_refuses_fails_the_batch(upload, monkeypatch, django_capture_on_commit_callbacks):
    class Refusing:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("queue down")

    monkeypatch.setattr(tasks, "analyse_import", Refusing())
    with django_capture_on_commit_callbacks(execute=True):
        batch = upload("meta_ads_daily_eur.csv")
    batch.refresh_from_db()
    assert batch.status == Status.FAILED and "background" in batch.error


@pytest.mark.parametrize("env, expected", [
    ({}, "django_tasks_db.DatabaseBackend"),
    ({"CADENCE_TASKS_BACKEND": "redis", "REDIS_URL": "redis://127.0.0.1:6379/5"}, "django_tasks_redis.RedisTaskBackend"),
])
def test_the_queue_is_chosen_by_environment(env, expected):
    code = ("import django; django.setup(); from django.conf import settings; "
            "t = settings.TASKS['default']; print(t['BACKEND']); print(t.get('OPTIONS', {}).get('REDIS_URL', '')); "
            "print('django_tasks_redis' in settings.INSTALLED_APPS)")
    environ = {k: v for k, v in os.environ.items() if k not in ("CADENCE_TASKS_BACKEND", "REDIS_URL")}
    environ.update(env, DJANGO_SETTINGS_MODULE="cadence.settings")
    out = subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=True)
    lines = out.stdout.split("\n")
    assert lines[0] == expected
    assert lines[1] == env.get("REDIS_URL", "")
    assert lines[2] == str(bool(env))


def test_redis_without_a_url_is_a_configuration_error():
    environ = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CADENCE_TASKS_REDIS_URL")}
    environ.update(CADENCE_TASKS_BACKEND="redis", DJANGO_SETTINGS_MODULE="cadence.settings")
    out = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=environ, capture_output=True,
                         text=True)
    assert out.returncode != 0 and "REDIS_URL" in out.stderr
