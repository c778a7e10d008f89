"""The demo's files: per engagement a brand book (PDF), a product photo and a logo, uploaded through the
services (they pass the same checks as a real upload), two attached to the furniture shop's matching cards."""

from __future__ import annotations

import pytest

from cadence.core.demo import DemoWorkspace
from cadence.core.models import Membership
from cadence.files import demo
from cadence.files.models import EngagementFile

pytestmark = pytest.mark.django_db


def test_the_demo_uploads_checked_files_and_attaches_two_to_furniture_cards(workspace, client_obj, engagement,
                                                                            owner, manager):
    from cadence.board import services as board
    from cadence.board.models import TaskAttachment

    memberships = {m.user_id: m for m in Membership.objects.filter(workspace=workspace)}
    m = memberships[manager.pk]
    brand = board.create_task(actor=manager, membership=m, engagement=engagement, title="Manual de brand")
    photos = board.create_task(actor=manager, membership=m, engagement=engagement, title="Fotografii produse")
    board.create_task(actor=manager, membership=m, engagement=engagement, title="Conturi: 2FA")
    summary = demo.build(DemoWorkspace(workspace=workspace, users={"owner": owner, "manager": manager},
                                       clients={"furniture": client_obj}, memberships=memberships))
    assert summary == "3 files (2 attached to cards)"
    files = {f.content_type: f for f in EngagementFile.objects.filter(engagement=engagement)}
    assert set(files) == {"application/pdf", "image/jpeg", "image/png"}
    assert files["application/pdf"].name == "manual-de-brand.pdf"  # the engagement's language (ro)
    assert files["image/jpeg"].width == 1600 and files["image/jpeg"].preview
    assert {(a.task_id, a.file.content_type) for a in TaskAttachment.objects.all()} == {
        (brand.pk, "application/pdf"), (photos.pk, "image/jpeg")}
    demo.delete(workspace)
    assert not EngagementFile.objects.exists()
