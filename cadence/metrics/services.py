"""Imports of ad and analytics exports: upload, read (the preview), map the columns, confirm, write, undo.

The steps of a batch (``ImportBatch.status``)::

    upload -> UPLOADED -> analyse -> ANALYSING -> READY | NEEDS_MAPPING | FAILED
    NEEDS_MAPPING/READY -> apply_mapping -> (analyse again)
    READY -> confirm -> WRITING -> write -> DONE | FAILED        DONE -> undo -> UNDONE
    READY | NEEDS_MAPPING | FAILED | UPLOADED -> discard (deleted with its file)

``analyse`` and ``write`` are the bodies of the background jobs (``tasks.py``); a file of at most
``CADENCE_IMPORT_INLINE_KB`` runs them in the request instead. ``write`` is ONE transaction: the facts are
upserted by their identity (``store.py``), then the budget's imported advertising actuals of the months the
batch touched are recomputed from the store (``budget.services.set_imported_advertising``); any error rolls it
all back and the batch is FAILED with the reason. The job's progress lives outside that transaction
(``progress.py``).

Keyword-only ``actor`` and ``membership`` on the user's steps: ``metrics.import`` (``metrics.manage`` for
deleting a mapping profile), an audit entry ``metrics.import.<verb>`` in the engagement's history, a
``DomainError`` with a translated message and a stable code when a rule refuses (nothing changes then).
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import logging
import os
import re
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import Sum
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from cadence import tenancy
from cadence.budget import services as budget_services
from cadence.core import audit, events, validation
from cadence.core.errors import DomainError, InvalidInput
from cadence.core.models import Membership
from cadence.metrics import problems, progress, store
from cadence.metrics.domain import reader
from cadence.metrics.domain.facts import DIMENSIONS, ERROR, MEASURES, Summary
from cadence.metrics.models import ImportBatch, Level, MappingProfile, MetricFact, Platform, Status

log = logging.getLogger(__name__)

Engagement = Any  # cadence.engagements' model: apps reach each other only through queries, services, access

CHUNK = 1024 * 1024
RATE_MAX = Decimal("1000000")
PROFILE_NAME_MAX = 120
# platform -> the budget's advertising channel its spend is counted in
CHANNELS: dict[str, str] = {Platform.META_ADS: "meta", Platform.GOOGLE_ADS: "google_ads",
                            Platform.TIKTOK_ADS: "tiktok", Platform.LINKEDIN_ADS: "linkedin"}
# Sent after the commit of an import written or undone (``workspace_id``, ``engagement_id``): the KPIs listen
# (``cadence.kpis`` connects in its ``ready()``; metrics comes first and imports nothing of it).
facts_changed = Signal()
DISCARDABLE = frozenset({Status.UPLOADED, Status.READY, Status.NEEDS_MAPPING, Status.FAILED})
_CURRENCY = re.compile(r"^[A-Z]{3}$")


# --- checks ---------------------------------------------------------------------------------------

def _require(membership: Membership, capability: str, workspace_id: int) -> None:
    if membership.workspace_id != workspace_id:
        raise DomainError(_("There is no such item, or you cannot see it."), code="not_found")
    if not tenancy.can(membership, capability):
        raise DomainError(_("You are not allowed to do this."), code="forbidden")


def _record(actor: Any, verb: str, batch: ImportBatch, changes: Mapping[str, Any] | None = None) -> None:
    audit.record(workspace=batch.workspace, actor=actor, action=f"metrics.import.{verb}", obj=batch,
                 changes=changes or {}, thread=batch.engagement)


def _max_bytes() -> int:
    return int(settings.CADENCE_IMPORT_MAX_MB) * 1024 * 1024


def _inline(batch: ImportBatch) -> bool:
    return batch.file_size <= int(settings.CADENCE_IMPORT_INLINE_KB) * 1024


def _too_big() -> DomainError:
    return DomainError(_("This file is larger than %(max)s MB, the largest an import accepts.")
                       % {"max": settings.CADENCE_IMPORT_MAX_MB}, code="too_large", field="file")


MULTIPART_SLACK = 64 * 1024  # the form's other fields and boundaries around the file


def refuse_oversized_body(content_length: Any) -> None:
    """Before a request's body is read: refuse an upload whose declared length is already over the limit, so a
    200 MB file is turned away without being received (the form's slack allowed for)."""
    try:
        length = int(content_length or 0)
    except (TypeError, ValueError):
        return
    if length > _max_bytes() + MULTIPART_SLACK:
        raise _too_big()


# --- upload ---------------------------------------------------------------------------------------

def _copy(stream: BinaryIO) -> tuple[Any, str, int]:
    """The upload copied to a temporary file while hashing it (refused as soon as it passes the limit)."""
    limit = _max_bytes()
    digest = hashlib.sha256()
    size = 0
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the caller
    try:
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                break
            if isinstance(chunk, str):  # a text stream: not an upload
                raise DomainError(_("The file could not be read."), code="unreadable", field="file")
            size += len(chunk)
            if size > limit:
                raise _too_big()
            digest.update(chunk)
            handle.write(chunk)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return handle, digest.hexdigest(), size


def _clean_file_name(file_name: str) -> str:
    name = os.path.basename(str(file_name or "").replace("\\", "/"))
    name = re.sub(f"[{validation.CONTROL_CHARS}]", "", name).strip()
    return name[:255] or "export"


def upload(*, actor: Any, membership: Membership, engagement: Engagement, stream: BinaryIO, file_name: str,
           size: int | None = None, background: bool | None = None) -> ImportBatch:
    """Store an uploaded export (its blob and sha256) and read it: in the request when it is small, else in
    the background (``tasks.analyse_import``). A file over ``CADENCE_IMPORT_MAX_MB`` is refused before anything
    is stored. ``background``: None decides by size, False reads it here whatever its size (the CLI)."""
    _require(membership, "metrics.import", engagement.workspace_id)
    if size is not None and size > _max_bytes():
        raise _too_big()
    handle, sha256, real_size = _copy(stream)
    name = _clean_file_name(file_name)
    try:
        with transaction.atomic():
            batch = ImportBatch(workspace_id=engagement.workspace_id, engagement=engagement,
                                created_by=actor if getattr(actor, "is_authenticated", False) else None,
                                file_name=name, file_size=real_size, sha256=sha256, status=Status.UPLOADED)
            batch.file.save(name, File(handle, name=name), save=False)
            try:
                batch.save()
            except BaseException:
                _remove_blob(batch.file.storage, batch.file.name or "")
                raise
            _record(actor, "upload", batch, {"file_name": [None, name], "size": [None, real_size],
                                             "sha256": [None, sha256]})
    finally:
        handle.close()
    return _analyse_or_enqueue(batch, background)


def _analyse_or_enqueue(batch: ImportBatch, background: bool | None = None) -> ImportBatch:
    if _inline(batch) if background is None else not background:
        return analyse(batch)
    from cadence.metrics import tasks

    tasks.enqueue_analyse(batch)
    return batch


# --- reading --------------------------------------------------------------------------------------

def profile_spec(profile: MappingProfile) -> reader.ProfileSpec:
    return reader.ProfileSpec(id=profile.pk, signature=profile.signature,
                              mapping={str(k): str(v) for k, v in (profile.mapping or {}).items()},
                              platform=profile.platform, level=profile.level, number_style=profile.number_style,
                              date_format=profile.date_format, currency=profile.currency)


def _profiles(batch: ImportBatch) -> list[reader.ProfileSpec]:
    return [profile_spec(p) for p in MappingProfile.objects.filter(workspace_id=batch.workspace_id)]


def _remove_blob(storage: Storage, name: str) -> None:
    if name:
        try:
            storage.delete(name)
        except Exception:  # already gone, or the storage refuses: the row is gone either way
            log.warning("could not remove the import file %s", name, exc_info=True)


@contextmanager
def _opened(batch: ImportBatch) -> Iterator[BinaryIO]:
    """The stored file, opened for reading (cadence.files' storage rules: local disk or S3)."""
    try:
        if not batch.file.name:
            raise OSError("no file")
        handle = batch.file.storage.open(batch.file.name, "rb")
        handle.read(0)  # S3 fetches lazily: a missing key shows here
        handle.seek(0)
    except Exception:
        log.warning("the import file of %s cannot be opened", batch.uuid, exc_info=True)
        raise DomainError(_("The stored file of this import is missing; upload it again."),
                          code="file_missing") from None
    try:
        yield handle  # type: ignore[misc]
    finally:
        handle.close()


def _recognise(stream: BinaryIO, profiles: list[reader.ProfileSpec], mapping: Mapping[str, Any] | None,
               ) -> tuple[reader.Recognition, reader.Layout | None]:
    """How to read a file: the mapping given at the mapping step, else recognition (a built-in layout or a
    saved profile of the workspace)."""
    recognition = reader.recognise(stream, profiles)
    if mapping:
        layout = reader.layout_from_mapping(
            recognition, dict(mapping["fields"]), platform=mapping["platform"], level=mapping["level"],
            number_style=mapping.get("number_style", ""), date_format=mapping.get("date_format", ""),
            currency=mapping.get("currency", ""))
        return recognition, layout
    return recognition, recognition.layout


def _layout(batch: ImportBatch, stream: BinaryIO) -> tuple[reader.Recognition, reader.Layout | None]:
    mapping = batch.summary.get("mapping") if isinstance(batch.summary, dict) else None
    return _recognise(stream, _profiles(batch), mapping)


def _summary_json(summary: Summary) -> dict[str, Any]:
    return {
        "platform": summary.platform, "variant": summary.variant, "currency": summary.currency,
        "first_day": summary.first_day.isoformat() if summary.first_day else None,
        "last_day": summary.last_day.isoformat() if summary.last_day else None,
        "rows": summary.rows,
        "totals": {name: str(summary.totals[name]) for name in MEASURES if name in summary.totals},
        "campaigns": sorted(summary.campaigns), "campaign_count": summary.campaign_count,
        "accounts": sorted(summary.accounts),
        "problems": [p.as_dict() for p in summary.problems], "problem_count": summary.problem_count,
        "error_count": summary.error_count,
    }


def _recognition_json(recognition: reader.Recognition) -> dict[str, Any]:
    return {"headers": list(recognition.headers), "header_line": recognition.header_line,
            "signature": recognition.signature, "sample": [list(r) for r in recognition.sample],
            "kind": recognition.kind, "encoding": recognition.encoding, "delimiter": recognition.delimiter}


def _already(batch: ImportBatch) -> dict[str, Any] | None:
    earlier = (ImportBatch.objects.filter(engagement_id=batch.engagement_id, sha256=batch.sha256, status=Status.DONE)
               .exclude(pk=batch.pk).select_related("created_by").order_by("-written_at").first())
    if earlier is None:
        return None
    when = earlier.written_at or earlier.created_at
    who = earlier.created_by
    return {"batch": str(earlier.uuid), "date": when.isoformat(),
            "by": (who.full_name or who.email) if who is not None else ""}


def _set_rows_read(batch: ImportBatch, rows: int) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(rows_read=rows)


ANALYSE_PROGRESS_SECONDS = 1.0  # the page polls every second


class _RowsRead:
    """The analyse job's progress, saved at most once per ``every`` seconds (each save is a commit, an fsync
    on SQLite); the job saves the final count with the preview."""

    def __init__(self, batch: ImportBatch, every: float | None = None) -> None:
        self.batch = batch
        self.every = ANALYSE_PROGRESS_SECONDS if every is None else every
        self.saved_at = time.monotonic()

    def __call__(self, rows: int) -> None:
        now = time.monotonic()
        if now - self.saved_at >= self.every:
            self.saved_at = now
            _set_rows_read(self.batch, rows)


class Unrecognised(Exception):
    """The file's layout is not known and no profile matches: the mapping step (``recognition`` its header)."""

    def __init__(self, recognition: reader.Recognition) -> None:
        super().__init__("unrecognised")
        self.recognition = recognition


def preview(stream: BinaryIO, *, workspace_id: int, engagement_currency: str, mapping: Mapping[str, Any] | None = None,
            on_rows: Any = None) -> tuple[dict[str, Any], int | None]:
    """Read a file for its preview: the summary JSON (the shape in ``models.ImportBatch.summary``) and the id of
    the profile that matched. Raises ``reader.FileRefused`` (unreadable), ``Unrecognised`` (the mapping step),
    ``reader.MappingRefused`` (the mapping does not fit). Writes nothing (``cadence import --dry-run``)."""
    profiles = [profile_spec(p) for p in MappingProfile.objects.filter(workspace_id=workspace_id)]
    recognition, layout = _recognise(stream, profiles, mapping)
    result: dict[str, Any] = _recognition_json(recognition)
    if layout is None:
        raise Unrecognised(recognition)
    stream.seek(0)
    summary = reader.summarise(stream, layout, progress=on_rows)
    result.update(_summary_json(summary))
    result["platform"] = summary.platform or layout.platform
    result["variant"] = summary.variant or layout.variant
    currency = (summary.currency or layout.currency or "").upper()
    result["currency"] = currency
    engagement_currency = (engagement_currency or "").upper()
    mismatch = bool(currency) and bool(engagement_currency) and currency != engagement_currency
    result["currency_mismatch"] = mismatch
    result["engagement_currency"] = engagement_currency
    if mismatch:
        result["problems"].insert(0, {"code": "currency", "line": None, "column": "", "value": currency,
                                      "severity": ERROR})
        result["problem_count"] += 1
        result["error_count"] += 1
    if summary.rows == 0 and summary.error_count == 0:
        result["problems"].insert(0, {"code": "no_rows", "line": None, "column": "", "value": "",
                                      "severity": ERROR})
        result["problem_count"] += 1
        result["error_count"] += 1
    result["budget"] = []
    return result, recognition.profile_id


def analyse(batch: ImportBatch) -> ImportBatch:
    """The read job: recognise the file, summarise it (progress: rows read), store the preview. The batch ends
    READY (its problems listed), NEEDS_MAPPING (no layout known for its header) or FAILED (unreadable)."""
    batch.refresh_from_db()
    if batch.status not in (Status.UPLOADED, Status.ANALYSING, Status.READY, Status.NEEDS_MAPPING,
                            Status.FAILED):
        return batch
    mapping = batch.summary.get("mapping") if isinstance(batch.summary, dict) else None
    kept = {"mapping": mapping} if mapping else {}
    batch.status, batch.rows_read, batch.error = Status.ANALYSING, 0, ""
    batch.save(update_fields=["status", "rows_read", "error", "updated_at"])
    try:
        with _opened(batch) as stream:
            result, profile_id = preview(stream, workspace_id=batch.workspace_id,
                                         engagement_currency=batch.engagement.currency, mapping=mapping,
                                         on_rows=_RowsRead(batch))
    except Unrecognised as exc:
        batch.summary = {**kept, **_recognition_json(exc.recognition)}
        batch.status, batch.platform, batch.variant = Status.NEEDS_MAPPING, "", ""
        batch.rows_total = batch.error_count = 0
        batch.save()
        return batch
    except reader.FileRefused as exc:
        return _failed(batch, problems.refusal(exc), {"refusal": {"code": exc.code, "line": exc.line}})
    except reader.MappingRefused as exc:
        return _failed(batch, _mapping_message(exc), {**kept})
    except DomainError as exc:
        return _failed(batch, exc.message, {**kept})
    if not mapping:
        batch.profile_id = profile_id
    result.update(kept)
    result["already"] = _already(batch)
    batch.summary = result
    batch.platform = result["platform"] if result["platform"] in Platform.values else Platform.OTHER
    batch.variant = str(result["variant"])[:60]
    batch.currency = str(result["currency"])[:3]
    batch.first_day = dt.date.fromisoformat(result["first_day"]) if result["first_day"] else None
    batch.last_day = dt.date.fromisoformat(result["last_day"]) if result["last_day"] else None
    batch.rows_total = batch.rows_read = int(result["rows"])
    batch.error_count = int(result["error_count"])
    batch.status = Status.READY
    batch.save()
    return batch


def _failed(batch: ImportBatch, message: str, summary: dict[str, Any]) -> ImportBatch:
    batch.status, batch.error = Status.FAILED, message
    batch.summary = summary
    batch.save()
    _emit_outcome("import.failed", batch)
    return batch


def _emit_outcome(kind: str, batch: ImportBatch) -> None:
    """``import.finished`` / ``import.failed`` for the uploader once the write commits (the actor is the import
    itself, so the uploader is told even when they started it)."""
    from django.urls import reverse

    from cadence.core.models import Workspace

    slug = Workspace.objects.filter(pk=batch.workspace_id).values_list("slug", flat=True).first() or ""
    engagement_uuid = type(batch).objects.filter(pk=batch.pk).values_list("engagement__uuid", flat=True).first()
    data: dict[str, Any] = {"batch": str(batch.uuid), "platform": batch.platform or "", "rows": batch.rows_written,
                            "url": reverse("metrics:batch", args=[slug, engagement_uuid, batch.uuid])}
    if kind == "import.failed":
        data["error"] = batch.error
    events.emit(kind, workspace=batch.workspace_id, engagement=batch.engagement_id, subject=batch,
                subject_title=batch.file_name, data=data,
                recipients=[batch.created_by_id] if batch.created_by_id else [])


def _mapping_message(exc: reader.MappingRefused) -> str:
    return problems.mapping_refusal(exc)


# --- the mapping step -------------------------------------------------------------------------------

def _clean_choice(value: Any, choices: tuple[str, ...] | list[str], field: str, *, blank: bool) -> str:
    text = "" if value is None else str(value).strip()
    if (blank and text == "") or text in choices:
        return text
    raise InvalidInput(_("Choose one of the options offered."), code="invalid_choice", field=field)


def apply_mapping(*, actor: Any, membership: Membership, batch: ImportBatch, mapping: dict[str, str],
                  platform: str, level: str, number_style: str = "", date_format: str = "", currency: str = "",
                  save_as: str = "") -> ImportBatch:
    """The mapping step: which header is the date, the campaign, each measure...; checked (a date and at least
    one measure), kept on the batch, saved as the workspace's profile ``save_as`` when named (a profile with
    the same header signature is replaced), then the file is read again with it."""
    _require(membership, "metrics.import", batch.workspace_id)
    if batch.status not in (Status.NEEDS_MAPPING, Status.READY, Status.FAILED) or not batch.summary.get("headers"):
        raise DomainError(_("This import cannot be mapped now."), code="wrong_status")
    headers = [str(h) for h in batch.summary.get("headers", [])]
    if not isinstance(mapping, Mapping):
        raise InvalidInput(_("Choose one of the options offered."), code="invalid_choice", field="mapping")
    fields: dict[str, str] = {}
    for name, header in mapping.items():
        if header in (None, ""):
            continue
        if name not in DIMENSIONS and name not in MEASURES:
            raise InvalidInput(_("Choose one of the options offered."), code="invalid_choice", field=str(name))
        if str(header) not in headers:
            raise InvalidInput(_("This column is not in the file."), code="unknown_column", field=str(name))
        fields[str(name)] = str(header)
    if "date" not in fields:
        raise InvalidInput(_("Choose the column that holds the date."), code="date_required", field="date")
    if not any(name in MEASURES for name in fields):
        raise InvalidInput(_("Choose the column of at least one measure (spend, clicks, impressions, ...)."),
                           code="measure_required", field="mapping")
    platform = _clean_choice(platform, Platform.values, "platform", blank=False)
    level = _clean_choice(level, Level.values, "level", blank=False)
    number_style = _clean_choice(number_style, reader.NUMBER_STYLES, "number_style", blank=True)
    date_format = _clean_choice(date_format, reader.DATE_FORMATS, "date_format", blank=True)
    currency = (currency or "").strip().upper()
    if currency and not _CURRENCY.match(currency):
        raise InvalidInput(_("Enter a three-letter currency code such as EUR."), code="invalid_currency",
                           field="currency")
    name = validation.clean_name(save_as, field="save_as", max_length=PROFILE_NAME_MAX) if (save_as or "").strip() \
        else ""
    chosen = {"fields": fields, "platform": platform, "level": level, "number_style": number_style,
              "date_format": date_format, "currency": currency}
    signature = str(batch.summary.get("signature", ""))
    try:  # the reader's own checks of the mapping against the file, before anything is saved
        with _opened(batch) as stream:
            _recognise(stream, [], chosen)
    except reader.MappingRefused as exc:
        raise InvalidInput(problems.mapping_refusal(exc), code=exc.code, field=exc.field or "mapping") from None
    except reader.FileRefused as exc:
        raise DomainError(problems.refusal(exc), code=exc.code) from None
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status not in (Status.NEEDS_MAPPING, Status.READY, Status.FAILED):
            raise DomainError(_("This import cannot be mapped now."), code="wrong_status")
        profile = None
        if name:
            profile = MappingProfile.objects.filter(workspace_id=batch.workspace_id, signature=signature).first()
            before = {"name": profile.name, "mapping": profile.mapping} if profile is not None else {}
            if profile is None:
                profile = MappingProfile(workspace_id=batch.workspace_id, signature=signature,
                                         created_by=actor if getattr(actor, "is_authenticated", False) else None)
            profile.name, profile.headers, profile.mapping = name, headers, fields
            profile.platform, profile.level = platform, level
            profile.number_style, profile.date_format, profile.currency = number_style, date_format, currency
            profile.save()
            audit.record(workspace=batch.workspace, actor=actor, action="metrics.import.profile", obj=profile,
                         changes={"name": [before.get("name"), name], "mapping": [before.get("mapping"), fields]},
                         thread=batch.engagement)
        locked.summary = {**(locked.summary or {}), "mapping": chosen}
        locked.profile = profile
        locked.status = Status.UPLOADED
        locked.save(update_fields=["summary", "profile", "status", "updated_at"])
        _record(actor, "mapping", locked, {"mapping": [None, fields], "platform": [None, platform],
                                           "level": [None, level]})
    return _analyse_or_enqueue(locked)


def delete_profile(*, actor: Any, membership: Membership, profile: MappingProfile) -> None:
    """Forget a workspace's column mapping (imports made with it keep their rows)."""
    _require(membership, "metrics.manage", profile.workspace_id)
    with transaction.atomic():
        audit.record(workspace=profile.workspace, actor=actor, action="metrics.import.profile_delete", obj=profile,
                     changes={"name": [profile.name, None]})
        profile.delete()


# --- confirm, write -------------------------------------------------------------------------------

def clean_rate(value: Any) -> Decimal:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(_("This file is in another currency: enter the exchange rate to convert it."),
                           code="rate_required", field="exchange_rate")
    if isinstance(value, bool | float):
        value = str(value) if isinstance(value, float) else value
    try:
        rate = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError, TypeError):
        rate = Decimal("NaN")
    if isinstance(rate, bool) or not rate.is_finite() or rate <= 0 or rate > RATE_MAX:
        raise InvalidInput(_("Enter the exchange rate as a number greater than 0."), code="invalid_rate",
                           field="exchange_rate")
    if rate != rate.quantize(Decimal("0.000001")):
        raise InvalidInput(_("An exchange rate has at most six digits after the decimal point."),
                           code="invalid_rate", field="exchange_rate")
    return rate


def confirm(*, actor: Any, membership: Membership, batch: ImportBatch, exchange_rate: Any = None,
            background: bool | None = None) -> ImportBatch:
    """Write a previewed import: READY, without errors (a currency other than the engagement's needs the
    exchange rate: 1 unit of the file's currency = ``exchange_rate`` of the engagement's, recorded). Written in
    the request when small, else by ``tasks.write_import``."""
    _require(membership, "metrics.import", batch.workspace_id)
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != Status.READY:
            raise DomainError(_("This import is not ready to be written."), code="wrong_status")
        summary = locked.summary or {}
        mismatch = bool(summary.get("currency_mismatch"))
        errors = int(summary.get("error_count", 0)) - (1 if mismatch else 0)
        if errors > 0:
            raise DomainError(_("This file has errors; correct them and upload it again. Nothing was written."),
                              code="has_errors")
        rate = clean_rate(exchange_rate) if mismatch else None
        locked.exchange_rate = rate
        locked.status = Status.WRITING
        locked.rows_written = 0
        locked.error = ""
        locked.save(update_fields=["exchange_rate", "status", "rows_written", "error", "updated_at"])
        _record(actor, "confirm", locked, {"rows": [None, locked.rows_total],
                                           "exchange_rate": [None, rate], "currency": [None, locked.currency]})
    progress.report(locked, read=0, written=0)
    if _inline(locked) if background is None else not background:
        return write(locked)
    from cadence.metrics import tasks

    tasks.enqueue_write(locked)
    return locked


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def write(batch: ImportBatch) -> ImportBatch:
    """The write job: ONE transaction upserts the file's facts (identity engagement+key+day+day_end; rows
    already there move to this batch) and recomputes the budget's imported advertising for the months touched;
    the batch is then DONE. Any error rolls everything back and the batch is FAILED with the reason."""
    batch.refresh_from_db()
    if batch.status != Status.WRITING:
        return batch
    try:
        with transaction.atomic():
            locked = ImportBatch.objects.select_for_update().select_related("engagement").get(pk=batch.pk)
            if locked.status != Status.WRITING:
                return locked
            with _opened(locked) as stream:
                _recognition, layout = _layout(locked, stream)
                if layout is None:
                    raise _Refused(_("The layout of this file is no longer known; map its columns again."))
                written = _write_rows(locked, stream, layout)
            if written.rows == 0:
                raise _Refused(_("This file has no rows to import."))
            notes = feed_budget(locked.engagement, _months(written.first_day, written.last_day),
                                actor=locked.created_by)
            locked.summary = {**(locked.summary or {}), "budget": notes}
            locked.rows_written = written.rows
            locked.status, locked.written_at, locked.error = Status.DONE, timezone.now(), ""
            locked.save()
            _announce(locked)
            _emit_outcome("import.finished", locked)
    except store.RowRefused as exc:
        message = problems.describe(exc.problem) + " " + _("Nothing was written.")
        return _write_failed(batch, message)
    except reader.FileRefused as exc:
        return _write_failed(batch, problems.refusal(exc) + " " + _("Nothing was written."))
    except (_Refused, DomainError) as exc:
        return _write_failed(batch, exc.message + " " + _("Nothing was written."))
    except Exception:
        log.exception("import %s failed", batch.uuid)
        return _write_failed(batch, _("The import failed because of an unexpected error. Nothing was written."))
    progress.clear(locked)
    return locked


def _local_path(batch: ImportBatch) -> str | None:
    """The stored file's path on this machine's disk, or None (S3, a storage without paths)."""
    if not batch.file.name:
        return None
    try:
        return str(batch.file.storage.path(batch.file.name))
    except (NotImplementedError, AttributeError, ValueError):
        return None


def _write_rows(batch: ImportBatch, stream: BinaryIO, layout: reader.Layout) -> store.Written:
    """The facts of the file into the store, in the caller's transaction. A large file on the local disk is read
    by a second process while this one writes (``store.write_file_facts``); else the rows are read here."""
    platform = batch.platform or layout.platform

    def report(done: int) -> None:
        progress.report(batch, written=done)

    local = _local_path(batch)
    if local is not None and batch.file_size >= int(settings.CADENCE_IMPORT_PARALLEL_KB) * 1024:
        return store.write_file_facts(local, layout, workspace_id=batch.workspace_id,
                                      engagement_id=batch.engagement_id, batch_id=batch.pk, platform=platform,
                                      rate=batch.exchange_rate, progress=report)
    return store.write_stream_facts(stream, layout, workspace_id=batch.workspace_id,
                                    engagement_id=batch.engagement_id, batch_id=batch.pk, platform=platform,
                                    rate=batch.exchange_rate, progress=report)


def _announce(batch: ImportBatch) -> None:
    """``facts_changed`` once the transaction commits (nothing when it rolls back); a receiver that fails is
    logged and never fails the import."""
    workspace_id, engagement_id = batch.workspace_id, batch.engagement_id

    def send() -> None:
        for _receiver, result in facts_changed.send_robust(sender=ImportBatch, workspace_id=workspace_id,
                                                            engagement_id=engagement_id):
            if isinstance(result, Exception):
                log.error("a receiver of facts_changed failed: %r", result)

    transaction.on_commit(send)


def _write_failed(batch: ImportBatch, message: str) -> ImportBatch:
    ImportBatch.objects.filter(pk=batch.pk).update(status=Status.FAILED, error=message, rows_written=0,
                                                   updated_at=timezone.now())
    progress.clear(batch)
    batch.refresh_from_db()
    _emit_outcome("import.failed", batch)
    return batch


# --- undo, discard --------------------------------------------------------------------------------

def undo(*, actor: Any, membership: Membership, batch: ImportBatch) -> ImportBatch:
    """Remove exactly the rows this import wrote (those a later import replaced belong to that one now) and
    recompute the budget's imported advertising of its months; the batch stays in the history as UNDONE."""
    _require(membership, "metrics.import", batch.workspace_id)
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().select_related("engagement").get(pk=batch.pk)
        if locked.status != Status.DONE:
            raise DomainError(_("Only a finished import can be undone."), code="wrong_status")
        removed, _counts = MetricFact.objects.filter(batch=locked).delete()
        notes = feed_budget(locked.engagement, _months(locked.first_day, locked.last_day), actor=actor)
        locked.summary = {**(locked.summary or {}), "budget": notes}
        locked.status, locked.undone_at = Status.UNDONE, timezone.now()
        locked.undone_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.save()
        _announce(locked)
        _record(actor, "undo", locked, {"rows": [locked.rows_written, removed]})
    return locked


def discard(*, actor: Any, membership: Membership, batch: ImportBatch) -> None:
    """Delete an import that was not written (with its stored file)."""
    _require(membership, "metrics.import", batch.workspace_id)
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status not in DISCARDABLE:
            raise DomainError(_("This import cannot be discarded now."), code="wrong_status")
        _record(actor, "discard", locked, {"file_name": [locked.file_name, None]})
        name, blob_storage = locked.file.name or "", locked.file.storage
        locked.delete()
        transaction.on_commit(lambda: _remove_blob(blob_storage, name))
    progress.clear(batch)


# --- the budget feed ------------------------------------------------------------------------------

def _months(first: dt.date | None, last: dt.date | None) -> list[dt.date]:
    if first is None or last is None:
        return []
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def spend_by_channel_month(engagement: Engagement, months: list[dt.date]) -> dict[tuple[str, dt.date], Decimal]:
    """The imported spend per budget channel and month (a row spanning months split by its days)."""
    if not months:
        return {}
    start, end = months[0], _month_end(months[-1])
    wanted = set(months)
    totals: dict[tuple[str, dt.date], Decimal] = defaultdict(Decimal)
    for month in months:
        for channel in set(CHANNELS.values()):
            totals[(channel, month)] = Decimal(0)
    rows = (MetricFact.objects.filter(engagement=engagement, platform__in=list(CHANNELS), day__lte=end,
                                      day_end__gte=start, spend__isnull=False)
            .values("platform", "day", "day_end").annotate(total=Sum("spend")).order_by())
    for row in rows:
        channel = CHANNELS[row["platform"]]
        day, day_end, total = row["day"], row["day_end"], Decimal(row["total"])
        if day.replace(day=1) == day_end.replace(day=1):
            if day.replace(day=1) in wanted:
                totals[(channel, day.replace(day=1))] += total
            continue
        days = (day_end - day).days + 1
        for month in _months(day, day_end):
            if month in wanted:
                inside = (min(day_end, _month_end(month)) - max(day, month)).days + 1
                totals[(channel, month)] += total * inside / days
    return {k: v.quantize(Decimal("0.01")) for k, v in totals.items()}


def feed_budget(engagement: Engagement, months: list[dt.date], *, actor: Any) -> list[dict[str, Any]]:
    """Recompute the budget's imported advertising actuals of these months from the store (in the caller's
    transaction); returns what the budget has no place for: [{"channel", "month", "amount", "reason"}]."""
    amounts = spend_by_channel_month(engagement, months)
    unplaced = budget_services.set_imported_advertising(actor=actor, engagement=engagement, amounts=amounts)
    return [{"channel": u.channel, "month": u.month.isoformat(), "amount": str(u.amount), "reason": u.reason}
            for u in unplaced]
