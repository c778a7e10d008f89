"""The type of a file comes from its bytes (cadence/files/domain/sniff.py), on real tiny files."""

from __future__ import annotations

import io

import pytest

from cadence.files.domain import sniff
from tests.files import samples


def detect(data: bytes, name: str = "") -> sniff.FileType | sniff.Refusal:
    return sniff.detect(io.BytesIO(data), name)


@pytest.mark.parametrize(("data", "name", "key"), [
    (samples.image("JPEG"), "a.jpg", "jpeg"),
    (samples.png(), "a.png", "png"),
    (samples.image("WEBP"), "a.webp", "webp"),
    (samples.image("GIF"), "a.gif", "gif"),
    (samples.pdf(), "brand.pdf", "pdf"),
    (samples.office("docx"), "tone.docx", "docx"),
    (samples.office("xlsx"), "kpi.xlsx", "xlsx"),
    (samples.office("pptx"), "pitch.pptx", "pptx"),
    (samples.mp4(), "reel.mp4", "mp4"),
    (samples.mp4(b"mp42"), "reel.mp4", "mp4"),
    (samples.mov(), "clip.mov", "mov"),
    (samples.webm(), "clip.webm", "webm"),
    (samples.zip_of({"a.txt": "x"}), "photos.zip", "zip"),
    (samples.TEXT, "notes.txt", "txt"),
    (samples.CSV, "reach.csv", "csv"),
])
def test_it_recognises_each_allowed_type(data, name, key):
    found = detect(data, name)
    assert isinstance(found, sniff.FileType), found
    assert found.key == key


@pytest.mark.parametrize(("data", "what"), [
    (samples.EXE, "program"), (samples.ELF, "program"), (samples.HTML, "web_page"), (samples.SVG, "svg"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "svg"), (samples.SCRIPT, "script"),
    (samples.RAR, "archive_other"), (samples.OLD_WORD, "old_office"), (samples.mkv(), "mkv"),
    (samples.office("docx", macro=True), "macro_office"), (samples.BINARY, "unknown"),
    (b"  \n<html><p>hi</p></html>", "web_page"), (b"<?xml version='1.0'?><a/>", "xml"),
    (samples.mp4(b"heic"), "heif"),
])
def test_it_refuses_what_is_not_on_the_allow_list(data, what):
    found = detect(data, "innocent.jpg")
    assert isinstance(found, sniff.Refusal)
    assert found.code == "not_allowed" and found.what == what


def test_the_name_never_decides_the_type():
    assert detect(samples.png(), "brand-book.pdf").key == "png"  # type: ignore[union-attr]
    assert isinstance(detect(samples.EXE, "photo.png"), sniff.Refusal)
    assert isinstance(detect(samples.HTML, "notes.txt"), sniff.Refusal)


def test_a_zip_named_as_something_else_is_refused_as_a_disguised_archive():
    found = detect(samples.zip_of({"x.exe": b"MZ"}), "photo.jpg")
    assert found == sniff.Refusal("disguised_archive", "zip", extension=".jpg")
    # a ZIP that claims to be Office but names no document part is a ZIP too
    fake_docx = samples.zip_of({"[Content_Types].xml": "<Types/>", "a": "b"})
    assert detect(fake_docx, "report.docx") == sniff.Refusal("disguised_archive", "zip", extension=".docx")
    assert detect(fake_docx, "report.zip").key == "zip"  # type: ignore[union-attr]


def test_empty_and_damaged_files():
    assert detect(b"", "a.png") == sniff.Refusal("empty")
    assert detect(b"PK\x03\x04broken", "a.zip").code == "damaged"  # type: ignore[union-attr]


def test_text_that_is_not_utf8_is_refused():
    assert isinstance(detect("Tonul vocii".encode("utf-16"), "a.txt"), sniff.Refusal)
    assert isinstance(detect(b"caf\xe9 cr\xe8me", "a.txt"), sniff.Refusal)


@pytest.mark.parametrize(("raw", "clean"), [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\ana\\Desktop\\logo final.png", "logo final.png"),
    ("logo\u202egnp.exe", "logognp.exe"),
    ("re\x00port\n.pdf", "report.pdf"),
    ("  ..  ", "file"),
    ("  many    spaces   .jpg", "many spaces .jpg"),
    ("", "file"),
])
def test_it_cleans_names(raw, clean):
    assert sniff.clean_name(raw) == clean


def test_a_long_name_keeps_its_extension():
    name = sniff.clean_name("x" * 400 + ".docx")
    assert len(name) == sniff.NAME_MAX and name.endswith(".docx")


def test_the_shown_name_gets_the_extension_of_what_the_file_is():
    assert sniff.name_for("logo.pdf", sniff.TYPES["png"]) == "logo.png"
    assert sniff.name_for("photo.JPEG", sniff.TYPES["jpeg"]) == "photo.JPEG"
    assert sniff.name_for("README", sniff.TYPES["txt"]) == "README.txt"
    assert sniff.extension_of(".bashrc") == ""
