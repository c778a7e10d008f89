"""What a file is, read from its bytes (never from its name), and whether Cadence accepts it.

The allow-list: JPEG, PNG, WebP and GIF images; MP4, MOV and WebM videos; PDF, Word, Excel and PowerPoint
documents (Office Open XML: a ZIP whose ``[Content_Types].xml`` names the document's main part), plain text
and CSV; ZIP archives. Everything else is refused with a reason the app layer words: programs, web pages and
SVG drawings (they can run scripts in a browser), macro-enabled and old binary Office files, other archives,
and whatever is not recognised.

A file whose content is an allowed type but whose name says another (a PNG named ``logo.pdf``) is kept as
what it is: the name's extension is corrected. A ZIP archive named as something else (``photo.jpg``) is
refused: an archive in disguise is how unwanted content is slipped past a reader.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

import puremagic

HEAD = 4096  # bytes read to recognise a type
CHUNK = 1 << 16
CONTENT_TYPES_MAX = 1 << 20  # a [Content_Types].xml larger than this is not an Office document's
NAME_MAX = 180


@dataclass(frozen=True)
class FileType:
    key: str
    content_type: str
    extension: str  # the extension a stored file of this type gets
    kind: str  # image | video | document | archive
    aliases: tuple[str, ...] = ()  # other extensions a name of this type may keep
    safe_inline: bool = False  # a raster image a browser may show in place

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.aliases)


TYPES: dict[str, FileType] = {t.key: t for t in (
    FileType("jpeg", "image/jpeg", ".jpg", "image", (".jpeg", ".jpe", ".jfif"), safe_inline=True),
    FileType("png", "image/png", ".png", "image", safe_inline=True),
    FileType("webp", "image/webp", ".webp", "image", safe_inline=True),
    FileType("gif", "image/gif", ".gif", "image", safe_inline=True),
    FileType("mp4", "video/mp4", ".mp4", "video", (".m4v",)),
    FileType("mov", "video/quicktime", ".mov", "video", (".qt",)),
    FileType("webm", "video/webm", ".webm", "video"),
    FileType("pdf", "application/pdf", ".pdf", "document"),
    FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "document"),
    FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "document"),
    FileType("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx",
             "document"),
    FileType("txt", "text/plain", ".txt", "document", (".text", ".md", ".log")),
    FileType("csv", "text/csv", ".csv", "document"),
    FileType("zip", "application/zip", ".zip", "archive"),
)}
IMAGE_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}  # Pillow's names

# The main part of each Office Open XML document, as [Content_Types].xml names it.
OFFICE_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
OFFICE_MACRO = ("macroenabled", "vbaproject")

MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"M4VH",
              b"M4VP", b"dash", b"mmp4", b"MSNV", b"f4v "}
MOV_ATOMS = {b"moov", b"mdat", b"wide", b"pnot", b"skip"}
MARKUP = re.compile(rb"<\s*(!doctype\s+html|html|head|body|script|iframe|object|embed|meta|style|a\s|img\s|div|p>)")
BINARY = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")  # control characters no text file carries


@dataclass(frozen=True)
class Refusal:
    """Why a file is refused. ``code``: empty | disguised_archive | not_allowed | damaged; ``what``: what the
    file is (program, script, web_page, svg, xml, macro_office, old_office, archive_other, mkv, heif, office,
    zip, unknown); ``detail``: a name for it when nothing better is known (from puremagic); ``extension``:
    the name's extension, for a disguised archive."""

    code: str
    what: str = "unknown"
    detail: str = ""
    extension: str = ""


def _ftyp(head: bytes) -> FileType | Refusal | None:
    if len(head) < 12:
        return None
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        compatible = {head[i:i + 4] for i in range(16, min(len(head), 64), 4)}
        if brand == b"qt  ":
            return TYPES["mov"]
        if brand in MP4_BRANDS or (brand not in {b"heic", b"heix", b"mif1", b"msf1", b"avif", b"M4A ", b"M4B "}
                                   and compatible & MP4_BRANDS):
            return TYPES["mp4"]
        if brand in {b"heic", b"heix", b"mif1", b"msf1", b"avif"}:
            return Refusal("not_allowed", "heif")
        return Refusal("not_allowed", "unknown", detail=brand.decode("latin-1").strip())
    if head[4:8] in MOV_ATOMS:
        return TYPES["mov"]
    return None


def _office(stream: BinaryIO) -> FileType | Refusal:
    """A ZIP: an Office document when its [Content_Types].xml names a document's main part, else an archive."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                return TYPES["zip"]
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_MAX:
                return Refusal("damaged", "office")
            content_types = archive.read(info).decode("utf-8", "replace").lower()
            has_macros = any(n.lower().endswith("vbaproject.bin") for n in names)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError):
        return Refusal("damaged", "zip")
    if has_macros or any(m in content_types for m in OFFICE_MACRO):
        return Refusal("not_allowed", "macro_office")
    for main, key in OFFICE_MAIN.items():
        if f'contenttype="{main}"' in content_types.replace("'", '"'):
            return TYPES[key]
    return TYPES["zip"]


def _text(stream: BinaryIO, head: bytes, name: str) -> FileType | Refusal:
    """UTF-8 text without markup: CSV when the name says so, plain text otherwise. A web page, an SVG drawing
    or an XML file is refused (a browser runs what they carry), and so is a script."""
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(b"#!"):
        return Refusal("not_allowed", "script")
    if b"<svg" in lowered:
        return Refusal("not_allowed", "svg")
    if lowered.startswith(b"<?xml"):
        return Refusal("not_allowed", "xml")
    if MARKUP.match(lowered) or re.search(rb"<\s*(script|iframe|html)[\s>]", lowered):
        return Refusal("not_allowed", "web_page")
    decoder = codecs.getincrementaldecoder("utf-8")()
    stream.seek(0)
    try:
        while chunk := stream.read(CHUNK):
            if BINARY.search(decoder.decode(chunk)):
                return Refusal("not_allowed", "unknown", detail=_guess(head))
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return Refusal("not_allowed", "unknown", detail=_guess(head))
    return TYPES["csv"] if extension_of(name) == ".csv" else TYPES["txt"]


def _guess(head: bytes) -> str:
    """A name for a type outside the allow-list (for the message only; never a reason to accept)."""
    try:
        found = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return ""
    best = max(found, key=lambda m: m.confidence, default=None)
    return str(best.name) if best is not None and best.confidence >= 0.8 else ""


def detect(stream: BinaryIO, name: str = "") -> FileType | Refusal:
    """The type of the file's content (``stream`` is read from the start; its position is left anywhere)."""
    stream.seek(0)
    head = stream.read(HEAD)
    if not head:
        return Refusal("empty")
    found: FileType | Refusal | None = None
    if head.startswith(b"\xff\xd8\xff"):
        found = TYPES["jpeg"]
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        found = TYPES["png"]
    elif head[:6] in (b"GIF87a", b"GIF89a"):
        found = TYPES["gif"]
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        found = TYPES["webp"]
    elif head.startswith(b"%PDF-"):
        found = TYPES["pdf"]
    elif head.startswith(b"\x1a\x45\xdf\xa3"):
        found = TYPES["webm"] if b"webm" in head[:64] else Refusal("not_allowed", "mkv")
    elif head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        found = _office(stream)
    elif head.startswith((b"MZ", b"\x7fELF", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe",
                          b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"\x00asm", b"dex\n")):
        found = Refusal("not_allowed", "program")
    elif head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        found = Refusal("not_allowed", "old_office")
    elif head.startswith((b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")) or (
            len(head) > 262 and head[257:262] == b"ustar"):
        found = Refusal("not_allowed", "archive_other")
    else:
        found = _ftyp(head)
    if found is None:
        found = _text(stream, head, name)
    if isinstance(found, FileType) and found.key == "zip":
        ext = extension_of(name)
        if ext and ext != ".zip":
            return Refusal("disguised_archive", "zip", extension=ext)
    return found


# --- names ----------------------------------------------------------------------------------------------

# C0, DEL, C1 and the bidirectional embedding, override and isolate marks (as cadence.core.validation).
_BAD = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


def extension_of(name: str) -> str:
    """The lower-case extension of a name (``".jpg"``), or "" (a leading dot alone is no extension)."""
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    return f".{ext.lower()}" if dot and stem.strip(" .") and ext and len(ext) <= 10 and " " not in ext else ""


def clean_name(raw: str, *, max_length: int = NAME_MAX) -> str:
    """A file name safe to show and to send back: no folders, no control characters or direction marks,
    spaces collapsed, no leading or trailing dots, at most ``max_length`` characters (the extension kept)."""
    base = raw.replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", base)
    base = _BAD.sub("", base)
    base = _SPACES.sub(" ", base).strip(" .")
    if not base:
        return "file"
    if len(base) > max_length:
        ext = extension_of(base)
        stem = base[: len(base) - len(ext)] if ext else base
        base = stem[: max_length - len(ext)].rstrip(" .") + ext
    return base


def name_for(clean: str, filetype: FileType) -> str:
    """The shown name of a file of ``filetype``: its extension corrected when the name says another type."""
    ext = extension_of(clean)
    if ext in filetype.extensions:
        return clean
    stem = clean[: len(clean) - len(ext)] if ext else clean
    stem = stem[: NAME_MAX - len(filetype.extension)].rstrip(" .") or "file"
    return stem + filetype.extension
