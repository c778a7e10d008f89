"""The S3 path: upload, preview, download and delete through django-storages against a local S3-compatible
server (moto's server mode, started by the test session on a free port), configured by the same settings as
production (``CADENCE_S3_*`` as settings.py reads them)."""

from __future__ import annotations

import socket

import pytest
from django.test import Client
from django.urls import reverse

from cadence.files import services
from cadence.files.models import EngagementFile
from tests.files import samples
from tests.files.samples import upload

pytestmark = pytest.mark.django_db
BUCKET = "cadence-test-files"
KEYS = {"access_key": "testing", "secret_key": "testing", "region_name": "eu-central-1"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(settings, s3_endpoint, monkeypatch):
    """settings.py's S3 block, run with the CADENCE_S3_* variables pointing at moto; returns a boto3 client."""
    import importlib

    import boto3

    client = boto3.client("s3", endpoint_url=s3_endpoint, aws_access_key_id=KEYS["access_key"],
                          aws_secret_access_key=KEYS["secret_key"], region_name=KEYS["region_name"])
    try:
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": KEYS["region_name"]})
    except client.exceptions.BucketAlreadyOwnedByYou:
        pass
    for name, value in {"CADENCE_S3_BUCKET": BUCKET, "CADENCE_S3_ENDPOINT_URL": s3_endpoint,
                        "CADENCE_S3_ACCESS_KEY_ID": KEYS["access_key"],
                        "CADENCE_S3_SECRET_ACCESS_KEY": KEYS["secret_key"],
                        "CADENCE_S3_REGION": KEYS["region_name"]}.items():
        monkeypatch.setenv(name, value)
    import cadence.settings as production

    configured = importlib.reload(production).STORAGES["default"]
    monkeypatch.undo()
    importlib.reload(production)
    assert configured["BACKEND"] == "storages.backends.s3.S3Storage"
    settings.STORAGES = {**settings.STORAGES, "default": configured}
    return client


def _keys(client) -> set[str]:
    return {o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_files_live_in_the_bucket_from_upload_to_delete(s3, engagement, manager, membership_of, login,
                                                        django_capture_on_commit_callbacks):
    m = membership_of(manager)
    before = _keys(s3)
    photo = samples.image("JPEG", (900, 300))
    f = services.upload(actor=manager, membership=m, engagement=engagement, uploaded=upload("photo.jpg", photo))
    from django.core.files.storage import storages

    assert type(storages["default"]).__name__ == "S3Storage"
    stored = _keys(s3) - before
    assert stored == {f.blob.name, f.preview.name}
    head = s3.head_object(Bucket=BUCKET, Key=f.blob.name)
    assert head["ContentLength"] == len(photo)
    # private: the object has no public grant
    grants = s3.get_object_acl(Bucket=BUCKET, Key=f.blob.name)["Grants"]
    assert not any(g["Grantee"].get("URI", "").endswith("AllUsers") for g in grants)

    client = login(Client(), manager)
    ws, eng = engagement.workspace.slug, engagement.uuid
    download = client.get(reverse("files:file-download", args=[ws, eng, f.uuid]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == photo
    preview = client.get(reverse("files:file-preview", args=[ws, eng, f.uuid]))
    body = b"".join(preview.streaming_content)
    assert preview["Content-Type"] == "image/webp" and body[8:12] == b"WEBP"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("files:file-delete", args=[ws, eng, f.uuid]))
    assert response.status_code == 302
    assert not EngagementFile.objects.filter(pk=f.pk).exists()
    assert not (_keys(s3) & stored)


def test_a_key_missing_from_the_bucket_is_a_404(s3, engagement, manager, membership_of, login):
    f = services.upload(actor=manager, membership=membership_of(manager), engagement=engagement,
                        uploaded=upload("notes.txt", samples.TEXT))
    s3.delete_object(Bucket=BUCKET, Key=f.blob.name)
    client = login(Client(), manager)
    url = reverse("files:file-download", args=[engagement.workspace.slug, engagement.uuid, f.uuid])
    assert client.get(url).status_code == 404
