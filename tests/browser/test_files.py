"""The files page in a browser: upload two files through the real form (one refused first), see the grid with
the image's preview, download. Screenshot: /tmp/cadence-files.png (regenerate with
``.venv/bin/python -m pytest -q tests/browser/test_files.py``)."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.files import samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


def test_uploading_and_seeing_files(page, sign_in, specialist, engagement, tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(samples.image("JPEG", (1200, 800)))
    fake = tmp_path / "logo.jpg"
    fake.write_bytes(samples.zip_of({"a.txt": "x"}))
    brand = tmp_path / "brand.pdf"
    brand.write_bytes(samples.pdf())
    sign_in(page, specialist.email, PASSWORD)
    page.goto(f"/w/{engagement.workspace.slug}/e/{engagement.uuid}/files/")
    page.set_input_files("input[type=file]", [str(photo), str(fake)])
    page.click("form.file-upload button[type=submit]")
    page.wait_for_load_state()
    assert "“logo.jpg” is a ZIP archive renamed .jpg" in page.content()
    assert page.locator(".file-card").count() == 0
    page.set_input_files("input[type=file]", [str(photo), str(brand)])
    page.fill("input[name=description]", "Kick-off material")
    page.click("form.file-upload button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".file-card").count() == 2
    thumb = page.locator(".file-thumb img")
    assert thumb.count() == 1
    assert page.evaluate("img => img.complete && img.naturalWidth", thumb.element_handle()) == 480
    page.screenshot(path="/tmp/cadence-files.png", full_page=True)
    with page.expect_download() as download:
        page.locator(".file-card", has_text="brand.pdf").get_by_role("link", name="Download").click()
    assert download.value.suggested_filename == "brand.pdf"
