"""The files pages: the list with previews and the upload form, download, preview and delete."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cadence.files import services
from cadence.files.models import EngagementFile
from tests.files import samples
from tests.files.samples import upload

pytestmark = pytest.mark.django_db


def url(name, engagement, *args):
    return reverse(f"files:{name}", args=[engagement.workspace.slug, engagement.uuid, *args])


@pytest.fixture
def stored(engagement, manager, membership_of):
    return {f.name: f for f in services.upload_many(
        actor=manager, membership=membership_of(manager), engagement=engagement,
        files=[upload("logo.png", samples.png()), upload("brand.pdf", samples.pdf()),
               upload("tone.docx", samples.office("docx"))])}


@pytest.fixture
def as_user(login):
    def _as(user):
        return login(Client(), user)

    return _as


@pytest.mark.parametrize(("language", "delete"), [("en", "Delete"), ("ro", "Ștergeți"), ("ru", "Удалить")])
def test_the_list_shows_each_file_with_its_preview_in_each_language(engagement, stored, as_user, manager,
                                                                    language, delete):
    client = as_user(manager)
    client.cookies["django_language"] = language
    response = client.get(url("file-list", engagement))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'lang="{language}"' in page
    for name in ("logo.png", "brand.pdf", "tone.docx"):
        assert name in page
    assert url("file-preview", engagement, stored["logo.png"].uuid) in page  # the image's thumbnail
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page and "multiple" in page
    assert delete in page and "Mihai Manager" in page


def test_the_list_takes_a_constant_number_of_queries(engagement, stored, as_user, manager, membership_of,
                                                    django_assert_max_num_queries):
    client = as_user(manager)
    client.get(url("file-list", engagement))
    for i in range(10):
        services.upload(actor=manager, membership=membership_of(manager), engagement=engagement,
                        uploaded=upload(f"n{i}.txt", samples.TEXT))
    with django_assert_max_num_queries(12):
        assert client.get(url("file-list", engagement)).status_code == 200


def test_uploading_through_the_page(engagement, as_user, specialist):
    client = as_user(specialist)
    response = client.post(url("file-list", engagement), {
        "files": [upload("a.png", samples.png()), upload("notes.txt", samples.TEXT)], "description": "Kick-off"})
    assert response.status_code == 302
    assert sorted(EngagementFile.objects.values_list("name", flat=True)) == ["a.png", "notes.txt"]
    page = client.get(response["Location"]).content.decode()
    assert "Uploaded: " in page


def test_a_refused_upload_names_each_file_and_stores_nothing(engagement, as_user, specialist):
    client = as_user(specialist)
    response = client.post(url("file-list", engagement), {
        "files": [upload("a.png", samples.png()), upload("photo.jpg", samples.zip_of({"a": "b"})),
                  upload("page.html", samples.HTML)]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was uploaded: 2 files cannot be uploaded." in page
    assert "“photo.jpg” is a ZIP archive renamed .jpg" in page and "“page.html” is a web page" in page
    assert EngagementFile.objects.count() == 0
    empty = client.post(url("file-list", engagement), {"description": "no file"})
    assert empty.status_code == 400 and "Choose at least one file to upload." in empty.content.decode()


def test_download_headers(engagement, stored, as_user, viewer):
    client = as_user(viewer)  # the client's viewer reads their engagement's files
    image = client.get(url("file-download", engagement, stored["logo.png"].uuid))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image["Content-Disposition"].startswith("inline")  # a safe image
    assert image["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in image["Content-Security-Policy"] and "default-src 'none'" in image["Content-Security-Policy"]
    assert b"".join(image.streaming_content) == samples.png()
    doc = client.get(url("file-download", engagement, stored["tone.docx"].uuid))
    assert doc["Content-Disposition"] == 'attachment; filename="tone.docx"'
    assert b"".join(doc.streaming_content) == samples.office("docx")


def test_previews(engagement, stored, as_user, approver):
    client = as_user(approver)
    image = client.get(url("file-preview", engagement, stored["logo.png"].uuid))
    assert image.status_code == 200 and image["Content-Type"] == "image/webp"
    assert b"".join(image.streaming_content)[8:12] == b"WEBP"
    pdf = client.get(url("file-preview", engagement, stored["brand.pdf"].uuid))
    assert pdf["Content-Type"] == "application/pdf" and pdf["Content-Disposition"].startswith("inline")
    assert "sandbox" not in pdf["Content-Security-Policy"]
    assert client.get(url("file-preview", engagement, stored["tone.docx"].uuid)).status_code == 404


def test_a_non_ascii_name_is_sent_encoded(engagement, manager, membership_of, as_user):
    f = services.upload(actor=manager, membership=membership_of(manager), engagement=engagement,
                        uploaded=upload("брендбук «Горизонт».pdf", samples.pdf()))
    response = as_user(manager).get(url("file-download", engagement, f.uuid))
    assert "filename*=utf-8''" in response["Content-Disposition"]


def test_access(engagement, stored, as_user, owner, other_client, outsider, workspace, specialist, manager,
                membership_of):
    from cadence.core.models import ClientAccess, ClientRole, Membership, Role
    from tests.conftest import make_user

    file = stored["logo.png"]
    # a client user of another client: the engagement and its files do not exist for them
    stranger = make_user("stranger@other.test", "Stranger")
    m = Membership.objects.create(workspace=workspace, user=stranger, role=Role.CLIENT)
    ClientAccess.objects.create(workspace=workspace, membership=m, client=other_client, role=ClientRole.VIEWER)
    for name in ("file-download", "file-preview"):
        assert as_user(stranger).get(url(name, engagement, file.uuid)).status_code == 404
        assert as_user(outsider).get(url(name, engagement, file.uuid)).status_code == 404
    assert as_user(stranger).get(url("file-list", engagement)).status_code == 404
    # a file of another engagement under this engagement's address: 404
    other = _other_engagement(workspace, other_client, owner)
    moved = url("file-download", other, file.uuid)
    assert as_user(owner).get(moved).status_code == 404
    # the specialist cannot delete another's file: refused with a message, the file stays
    response = as_user(specialist).post(url("file-delete", engagement, file.uuid), follow=True)
    assert "Only the owner, a manager or the person who uploaded a file can delete it." in response.content.decode()
    assert EngagementFile.objects.filter(pk=file.pk).exists()
    # a client user cannot delete at all (403), the manager can
    viewer_like = as_user(stranger)
    assert viewer_like.post(url("file-delete", engagement, file.uuid)).status_code == 404
    assert as_user(manager).post(url("file-delete", engagement, file.uuid)).status_code == 302
    assert not EngagementFile.objects.filter(pk=file.pk).exists()
    assert as_user(manager).get(url("file-download", engagement, file.uuid)).status_code == 404


def test_client_users_see_files_but_no_upload_form_nor_delete(engagement, stored, as_user, approver):
    page = as_user(approver).get(url("file-list", engagement)).content.decode()
    assert "logo.png" in page and 'type="file"' not in page and "file-delete" not in page
    assert "/delete/" not in page
    assert as_user(approver).post(url("file-list", engagement), {}).status_code == 403
    assert as_user(approver).post(url("file-delete", engagement, stored["logo.png"].uuid)).status_code == 403


def test_a_lost_blob_is_a_404_not_a_500(engagement, stored, as_user, manager):
    f = stored["tone.docx"]
    f.blob.storage.delete(f.blob.name)
    assert as_user(manager).get(url("file-download", engagement, f.uuid)).status_code == 404


def test_the_engagement_page_links_to_the_files(engagement, as_user, viewer):
    page = as_user(viewer).get(reverse("engagements:engagement-detail",
                                       args=[engagement.workspace.slug, engagement.uuid])).content.decode()
    assert url("file-list", engagement) in page


def _other_engagement(workspace, client, owner):
    import datetime as dt
    from decimal import Decimal

    from cadence.engagements import services as eng
    from cadence.engagements.models import ProcessTemplate

    return eng.create_engagement(
        actor=owner, workspace=workspace, client=client, template=ProcessTemplate.objects.get(
            workspace=workspace, key="retainer"), name="Other", start_date=dt.date(2026, 9, 7),
        monthly_hours=Decimal(10), country="RO", time_zone="Europe/Bucharest", currency="EUR", language="ro")
