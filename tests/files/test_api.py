"""The files API: list, upload (multipart), metadata, download, delete; the same permissions as the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from cadence.files import services
from cadence.files.models import EngagementFile
from tests.api import token_for
from tests.files import samples
from tests.files.samples import upload

pytestmark = pytest.mark.django_db


def base(engagement) -> str:
    return f"/api/v1/workspaces/{engagement.workspace.slug}/engagements/{engagement.uuid}/files"


def auth(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_for(user)}"}


@pytest.fixture
def logo(engagement, manager, membership_of):
    return services.upload(actor=manager, membership=membership_of(manager), engagement=engagement,
                           uploaded=upload("logo.png", samples.png((40, 20))))


def test_upload_list_detail_download_delete(engagement, specialist):
    client, headers = Client(), auth(specialist)
    response = client.post(base(engagement), {"files": [upload("logo.pdf", samples.png((40, 20))),
                                                        upload("reach.csv", samples.CSV)],
                                              "description": "From the kick-off"}, **headers)
    assert response.status_code == 201, response.content
    created = response.json()
    assert [(f["name"], f["content_type"], f["kind"]) for f in created] == [
        ("logo.png", "image/png", "image"), ("reach.csv", "text/csv", "document")]
    assert created[0]["width"] == 40 and created[0]["preview_url"] and created[1]["preview_url"] is None
    assert created[0]["description"] == "From the kick-off" and created[0]["uploaded_by"] == "Sofia Specialist"
    listed = client.get(base(engagement), **headers).json()
    assert {f["uuid"] for f in listed} == {f["uuid"] for f in created}
    one = client.get(f"{base(engagement)}/{created[1]['uuid']}", **headers).json()
    assert one["sha256"] == created[1]["sha256"] and one["size"] == len(samples.CSV)
    download = client.get(f"{base(engagement)}/{created[1]['uuid']}/download", **headers)
    assert download.status_code == 200 and b"".join(download.streaming_content) == samples.CSV
    assert download["Content-Disposition"] == 'attachment; filename="reach.csv"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert client.delete(f"{base(engagement)}/{created[1]['uuid']}", **headers).status_code == 204
    assert EngagementFile.objects.count() == 1


def test_a_refused_upload_is_a_400_naming_each_file(engagement, manager):
    response = Client().post(base(engagement), {"files": [upload("ok.png", samples.png()),
                                                          upload("x.svg", samples.SVG),
                                                          upload("setup.pdf", samples.EXE)]}, **auth(manager))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "files_refused" and body["field"] == "files"
    assert [r["file"] for r in body["refusals"]] == ["x.svg", "setup.pdf"]
    assert "SVG" in body["refusals"][0]["detail"] and "program" in body["refusals"][1]["detail"]
    assert EngagementFile.objects.count() == 0
    single = Client().post(base(engagement), {"files": [upload("a.jpg", samples.zip_of({"a": "b"}))]},
                           **auth(manager))
    assert single.status_code == 400 and single.json()["code"] == "file_disguised_archive"
    assert "ZIP archive renamed .jpg" in single.json()["detail"]
    nothing = Client().post(base(engagement), {}, **auth(manager))
    assert nothing.status_code == 400 and nothing.json()["field"] == "files"


def test_permissions(engagement, logo, approver, viewer, specialist, owner, outsider):
    for reader in (approver, viewer):
        assert Client().get(base(engagement), **auth(reader)).status_code == 200
        assert Client().get(f"{base(engagement)}/{logo.uuid}/download", **auth(reader)).status_code == 200
        posted = Client().post(base(engagement), {"files": [upload("a.png", samples.png())]}, **auth(reader))
        assert posted.status_code == 403
        assert Client().delete(f"{base(engagement)}/{logo.uuid}", **auth(reader)).status_code == 403
    refused = Client().delete(f"{base(engagement)}/{logo.uuid}", **auth(specialist))
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert Client().get(f"{base(engagement)}/{logo.uuid}", **auth(outsider)).status_code == 404
    assert Client().get(f"{base(engagement)}/00000000-0000-0000-0000-000000000000",
                        **auth(owner)).status_code == 404
    assert Client().delete(f"{base(engagement)}/{logo.uuid}", **auth(owner)).status_code == 204


def test_a_client_user_of_another_client_gets_404(engagement, logo, workspace, other_client):
    from cadence.core.models import ClientAccess, ClientRole, Membership, Role
    from tests.conftest import make_user

    stranger = make_user("stranger@other.test")
    m = Membership.objects.create(workspace=workspace, user=stranger, role=Role.CLIENT)
    ClientAccess.objects.create(workspace=workspace, membership=m, client=other_client, role=ClientRole.APPROVER)
    assert Client().get(base(engagement), **auth(stranger)).status_code == 404
    assert Client().get(f"{base(engagement)}/{logo.uuid}/download", **auth(stranger)).status_code == 404
