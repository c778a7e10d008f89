"""Uploading and deleting files through the services: checks by content, limits, previews, audit, rights."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from cadence.core.audit import AuditEntry
from cadence.core.errors import DomainError
from cadence.files import services, storage
from cadence.files.models import EngagementFile
from tests.files import samples
from tests.files.samples import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def up(engagement, manager, membership_of):
    def _up(*files, actor=None, description=""):
        actor = actor or manager
        return services.upload_many(actor=actor, membership=membership_of(actor), engagement=engagement,
                                    files=list(files), description=description)

    return _up


def test_a_png_named_pdf_is_stored_as_a_png_with_its_facts(up):
    data = samples.png((64, 32))
    [f] = up(upload("brand book.pdf", data, "application/pdf"), description="Logo, first draft")
    f.refresh_from_db()
    assert (f.kind, f.content_type, f.extension, f.name) == ("image", "image/png", ".png", "brand book.png")
    assert (f.width, f.height, f.size) == (64, 32, len(data))
    assert f.sha256 == hashlib.sha256(data).hexdigest()
    assert f.description == "Logo, first draft"
    assert f.blob.name.endswith(f"{f.uuid}.png") and "brand" not in f.blob.name
    with f.blob.open("rb") as handle:
        assert handle.read() == data
    with f.preview.open("rb") as handle:
        preview = Image.open(io.BytesIO(handle.read()))
    assert preview.format == "WEBP" and preview.size == (64, 32)


def test_the_preview_is_at_most_480_px_and_follows_the_exif_orientation(up):
    # a camera photo stored landscape (1200 x 600) with "rotate 90°" in its EXIF shows portrait
    [f] = up(upload("photo.jpg", samples.image("JPEG", (1200, 600), orientation=6)))
    assert (f.width, f.height) == (600, 1200)
    with f.preview.open("rb") as handle:
        preview = Image.open(io.BytesIO(handle.read()))
    assert preview.size == (240, 480)


def test_documents_videos_and_archives_have_no_preview_image(up):
    files = up(upload("brand.pdf", samples.pdf()), upload("reel.mp4", samples.mp4()),
               upload("tone.docx", samples.office("docx")), upload("photos.zip", samples.zip_of({"a": "b"})),
               upload("reach.csv", samples.CSV))
    assert [(f.kind, f.content_type) for f in files] == [
        ("document", "application/pdf"), ("video", "video/mp4"),
        ("document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("archive", "application/zip"), ("document", "text/csv")]
    assert not any(f.preview for f in files)
    assert all(f.width is None for f in files)


@pytest.mark.parametrize(("name", "data", "needle"), [
    ("setup.exe", samples.EXE, "is a program"),
    ("page.html", samples.HTML, "web page"),
    ("logo.svg", samples.SVG, "SVG"),
    ("photo.jpg", samples.zip_of({"a": "b"}), "ZIP archive renamed .jpg"),
    ("old.doc", samples.OLD_WORD, "old format"),
    ("empty.png", b"", "is empty"),
    ("broken.png", samples.png()[:40], "damaged image"),
])
def test_a_refused_file_is_named_with_its_reason_and_nothing_is_stored(up, name, data, needle, settings):
    with pytest.raises(services.UploadRefused) as exc:
        up(upload(name, data))
    assert needle in exc.value.message and "“" in exc.value.message
    assert EngagementFile.objects.count() == 0
    assert not AuditEntry.objects.filter(action="files.uploaded").exists()


def test_one_bad_file_refuses_the_whole_request_naming_each(up, tmp_path, settings):
    with pytest.raises(services.UploadRefused) as exc:
        up(upload("ok.png", samples.png()), upload("virus.jpg", samples.EXE), upload("x.svg", samples.SVG))
    assert exc.value.message == "Nothing was uploaded: 2 files cannot be uploaded."
    assert [r.field for r in exc.value.refusals] == ["virus.jpg", "x.svg"]
    assert exc.value.payload()["refusals"][0]["file"] == "virus.jpg"
    assert EngagementFile.objects.count() == 0
    media = tmp_path / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_size_limits_per_kind(up, settings):
    settings.CADENCE_FILE_MAX_MB = 1
    settings.CADENCE_VIDEO_MAX_MB = 2
    big_text = b"a,b\n" * (300 * 1024)  # 1.2 MB
    with pytest.raises(DomainError, match="Files larger than 1 MB cannot be uploaded"):
        up(upload("big.csv", big_text))
    video = samples.mp4() + b"\x00" * (1536 * 1024)  # 1.5 MB: a video may be larger
    [f] = up(upload("reel.mp4", video))
    assert f.kind == "video"
    with pytest.raises(DomainError, match="Videos larger than 2 MB cannot be uploaded"):
        up(upload("long.mp4", samples.mp4() + b"\x00" * (2100 * 1024)))


def test_a_decompression_bomb_is_refused_before_it_is_decoded(up, monkeypatch):
    from cadence.files import images

    monkeypatch.setattr(images, "MAX_PIXELS", 1000)
    with pytest.raises(DomainError, match="too many pixels"):
        up(upload("bomb.png", samples.png((100, 100))))


def test_bounds_of_the_request(up):
    with pytest.raises(DomainError, match="Choose at least one file"):
        up()
    with pytest.raises(DomainError, match="at most 20 files"):
        up(*[upload(f"{i}.txt", samples.TEXT) for i in range(21)])
    with pytest.raises(DomainError, match="control characters"):
        up(upload("a.txt", samples.TEXT), description="bad\x00")


def test_client_users_cannot_upload(engagement, approver, membership_of):
    with pytest.raises(DomainError) as exc:
        services.upload(actor=approver, membership=membership_of(approver), engagement=engagement,
                        uploaded=upload("a.png", samples.png()))
    assert exc.value.code == "forbidden"


def test_upload_and_delete_are_audited_in_the_engagements_history(up, engagement, manager, membership_of):
    [f] = up(upload("logo.png", samples.png()))
    entry = AuditEntry.objects.get(action="files.uploaded")
    assert entry.thread == engagement.uuid and entry.changes["name"] == "logo.png"
    assert entry.changes["sha256"] == f.sha256
    services.delete_file(actor=manager, membership=membership_of(manager), file=f)
    assert AuditEntry.objects.get(action="files.deleted").changes["name"] == "logo.png"


def test_who_may_delete(up, specialist, manager, owner, membership_of):
    theirs = up(upload("a.png", samples.png()))[0]  # the manager's
    own = up(upload("b.png", samples.png()), actor=specialist)[0]
    with pytest.raises(DomainError) as exc:
        services.delete_file(actor=specialist, membership=membership_of(specialist), file=theirs)
    assert exc.value.code == "forbidden"
    services.delete_file(actor=specialist, membership=membership_of(specialist), file=own)
    services.delete_file(actor=owner, membership=membership_of(owner), file=theirs)
    assert EngagementFile.objects.count() == 0


def test_the_bytes_go_only_when_the_delete_commits(up, manager, membership_of, django_capture_on_commit_callbacks):
    [f] = up(upload("a.png", samples.png()))
    blob, preview = f.blob.name, f.preview.name
    store = f.blob.storage
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.delete_file(actor=manager, membership=membership_of(manager), file=f)
    assert store.exists(blob) and store.exists(preview)  # not yet: the transaction could still roll back
    for callback in callbacks:
        callback()
    assert not store.exists(blob) and not store.exists(preview)


def test_a_lost_blob_opens_as_none(up):
    [f] = up(upload("a.png", samples.png()))
    f.blob.storage.delete(f.blob.name)
    assert storage.open_blob(f.blob) is None
