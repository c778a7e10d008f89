"""Bytes to rows: what kind of file it is (CSV or XLSX), its encoding and delimiter, and its rows streamed with
their line numbers. Nothing here reads a whole file into memory: the head (HEAD_BYTES) is read for detection,
then rows are streamed through an incremental decoder and ``csv.reader``; an XLSX is checked for a zip bomb
with ``zipfile`` (sizes from the central directory, nothing inflated) before python-calamine opens it."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

HEAD_BYTES = 64 * 1024
MAX_COLUMNS = 500
XLSX_MAX_UNCOMPRESSED = 400 * 1024 * 1024  # bytes, all members together
XLSX_MAX_RATIO = 200  # uncompressed / compressed, per member of any size worth a look
XLSX_MAX_ROWS = 2_000_000
DELIMITERS = (",", ";", "\t", "|")


class FileRefused(Exception):  # noqa: N818 -- the design's name
    """The file cannot be read at all: ``code`` says why (stable), ``line`` where when known."""

    def __init__(self, code: str, line: int | None = None) -> None:
        super().__init__(code if line is None else f"{code} (line {line})")
        self.code = code
        self.line = line


@dataclass(frozen=True)
class Sniffed:
    kind: str  # "csv" | "xlsx"
    encoding: str  # a Python codec name ("" for xlsx)
    delimiter: str  # "" for xlsx
    sep_line: bool  # the first line is Excel's "sep=X"


def _head(stream: BinaryIO) -> bytes:
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    return head


def detect_encoding(head: bytes) -> str:
    """A codec for the file: from its BOM, from zero bytes (UTF-16 without BOM), UTF-8 when it decodes, else
    what charset-normalizer finds among the Cyrillic and Central European code pages and Latin-1."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if not head:
        raise FileRefused("empty")
    sample = head[:4096]
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    half = len(sample) // 2
    if half and zeros_odd > half * 0.4 and zeros_even == 0:
        return "utf-16-le"
    if half and zeros_even > half * 0.4 and zeros_odd == 0:
        return "utf-16-be"
    if 0 in sample:
        raise FileRefused("binary")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < HEAD_BYTES)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if controls > len(sample) * 0.01:
        raise FileRefused("binary")
    from charset_normalizer import from_bytes  # noqa: PLC0415 -- only for files that are not UTF

    best = from_bytes(head, cp_isolation=["cp1251", "cp1250", "cp1252", "latin_1", "koi8_r", "iso8859_2"]).best()
    if best is None:
        raise FileRefused("encoding")
    return str(best.encoding)


def _sniff_delimiter(lines: list[str]) -> str:
    """The delimiter giving the most lines with the same number of cells (more than one)."""
    body = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    best, best_score = ",", (0, 0, 0)
    for rank, delim in enumerate(reversed(DELIMITERS)):
        try:
            widths = [len(r) for r in csv.reader(body, delimiter=delim)]
        except csv.Error:
            continue
        counts = Counter(w for w in widths if w > 1)
        if not counts:
            continue
        width, freq = counts.most_common(1)[0]
        score = (freq, width, rank)
        if score > best_score:
            best, best_score = delim, score
    return best


def sniff(stream: BinaryIO) -> Sniffed:
    head = _head(stream)
    if not head.strip(b"\x00\r\n\t \xef\xbb\xbf\xff\xfe"):
        raise FileRefused("empty")
    if head.startswith(b"PK\x03\x04"):
        return Sniffed("xlsx", "", "", False)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused("old_excel")
    encoding = detect_encoding(head)
    if len(head) == HEAD_BYTES and b"\n" not in head and b"\r" not in head:
        raise FileRefused("too_wide", 1)  # no line break in the first 64 KB: not a report
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=False)
    lines = text.splitlines()[:60]
    if len(head) == HEAD_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last may be cut
    if lines and lines[0].lower().startswith("sep=") and len(lines[0].strip()) == 5:
        return Sniffed("csv", encoding, lines[0].strip()[4], True)
    return Sniffed("csv", encoding, _sniff_delimiter(lines), False)


def csv_rows(stream: BinaryIO, sniffed: Sniffed) -> Iterator[tuple[int, list[str]]]:
    """Every row with the 1-based line it starts on; refuses a file cut inside a quoted field, a broken quote,
    an over-wide row or a cell over csv's field limit. The lines are counted by ``csv.reader`` itself (the
    decoding and splitting run in C: this is the hot loop of a million-row import)."""
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=sniffed.encoding, newline="", errors="strict")
    reader = csv.reader(text, delimiter=sniffed.delimiter, strict=True)
    start = 1
    try:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError:
                raise FileRefused("encoding", _undecodable_line(stream, sniffed.encoding)) from None
            except csv.Error as exc:
                message = str(exc)
                if "field larger" in message:
                    raise FileRefused("cell_too_long", start) from None
                raise FileRefused("truncated_quote" if "end of data" in message else "bad_quote", start) from None
            if len(row) > MAX_COLUMNS:
                raise FileRefused("too_wide", start)
            yield start, row
            start = reader.line_num + 1
    finally:
        text.detach()  # leave the caller's stream open


def _undecodable_line(stream: BinaryIO, encoding: str) -> int | None:
    """The 1-based line holding the first byte that does not decode (the text layer reads ahead by chunks, so
    its line count is not where the error is); None when it cannot be told (UTF-16)."""
    if encoding.startswith("utf-16"):
        return None
    stream.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)()
    for number, raw in enumerate(stream, start=1):
        try:
            decoder.decode(raw)
        except UnicodeDecodeError:
            return number
    return None


def ends_with_newline(stream: BinaryIO, encoding: str) -> bool:
    """Whether the file's last line ends with a line break (a file cut in its last line does not)."""
    unit = 2 if encoding.startswith("utf-16") else 1
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    if size < unit:
        return False
    stream.seek(size - unit)
    tail = stream.read(unit)
    stream.seek(0)
    if unit == 2:
        big = encoding == "utf-16-be" or (encoding == "utf-16" and _utf16_big(stream))
        tail = tail[::-1] if big else tail
        return tail in (b"\n\x00", b"\r\x00")
    return tail in (b"\n", b"\r")


def _utf16_big(stream: BinaryIO) -> bool:
    stream.seek(0)
    big = stream.read(2) == codecs.BOM_UTF16_BE
    stream.seek(0)
    return big


# ---- XLSX -------------------------------------------------------------------------------------------------

def check_zip(stream: BinaryIO) -> None:
    """Refuses an XLSX whose members would inflate beyond the limits (the central directory's sizes)."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            total = 0
            names = set()
            for info in archive.infolist():
                names.add(info.filename)
                total += info.file_size
                if total > XLSX_MAX_UNCOMPRESSED:
                    raise FileRefused("zip_bomb")
                if info.file_size > 1024 * 1024 and info.file_size > XLSX_MAX_RATIO * max(info.compress_size, 1):
                    raise FileRefused("zip_bomb")
    except zipfile.BadZipFile:
        raise FileRefused("bad_xlsx") from None
    finally:
        stream.seek(0)
    if "xl/workbook.xml" not in names:
        raise FileRefused("bad_xlsx")


def cell_text(value: object) -> str:
    """An XLSX cell as the text a CSV would hold (numbers without a trailing ``.0``, dates ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def xlsx_rows(stream: BinaryIO) -> Iterator[tuple[int, list[str]]]:
    """The first sheet's rows as text with their 1-based row numbers (a formula gives its cached value)."""
    check_zip(stream)
    from python_calamine import CalamineWorkbook  # noqa: PLC0415 -- only for XLSX

    stream.seek(0)
    try:
        book = CalamineWorkbook.from_filelike(stream)
        if not book.sheet_names:
            raise FileRefused("bad_xlsx")
        sheet = book.get_sheet_by_index(0)
        if sheet.width > MAX_COLUMNS:
            raise FileRefused("too_wide")
        if sheet.height > XLSX_MAX_ROWS:
            raise FileRefused("too_long")
        first = sheet.start[0] if sheet.start else 0
        rows = sheet.iter_rows()
    except FileRefused:
        raise
    except Exception:  # noqa: BLE001 -- calamine raises its own errors for broken workbooks
        raise FileRefused("bad_xlsx") from None
    for number, row in enumerate(rows, start=first + 1):
        cells = [cell_text(v) for v in row]
        while cells and cells[-1] == "":
            cells.pop()
        yield number, cells
