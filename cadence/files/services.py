"""Writes of engagement files: upload and delete.

Keyword-only ``actor`` and ``membership``; one transaction each; a ``DomainError`` with a translated message
when a rule refuses (nothing is changed then); an audit entry for every change, in the engagement's history.

An upload is checked by its content, never its name (``domain/sniff.py``): the type must be on the
allow-list, the size within the kind's limit (``CADENCE_FILE_MAX_MB``, ``CADENCE_VIDEO_MAX_MB``), an image
must decode (and not be a decompression bomb). Several files are one request: if any is refused, none is
stored, and the error names each refused file with its reason.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cadence import tenancy
from cadence.accounts.models import User
from cadence.core import audit, validation
from cadence.core.errors import DomainError
from cadence.core.models import Membership
from cadence.files import storage
from cadence.files.domain import sniff
from cadence.files.images import ImageFacts, ImageRefused, inspect
from cadence.files.models import EngagementFile

Engagement = Any
DESCRIPTION_MAX = 500
FILES_PER_REQUEST = 20
MB = 1024 * 1024


class UploadRefused(DomainError):
    """One or more files of an upload were refused; ``refusals`` names each (nothing was stored)."""

    def __init__(self, message: str, refusals: list[DomainError]) -> None:
        super().__init__(message, code=refusals[0].code if len(refusals) == 1 else "files_refused",
                         field="files")
        self.refusals = refusals

    def payload(self) -> dict[str, Any]:
        return {"refusals": [{"file": r.field, "detail": r.message, "code": r.code} for r in self.refusals]}


@dataclass(frozen=True)
class Checked:
    """An upload that passed every check, and what the row keeps of it."""

    uploaded: UploadedFile[Any]
    name: str
    filetype: sniff.FileType
    size: int
    sha256: str
    image: ImageFacts | None


def max_bytes(kind: str) -> int:
    return int(settings.CADENCE_VIDEO_MAX_MB if kind == "video" else settings.CADENCE_FILE_MAX_MB) * MB




def _accepted() -> str:
    return _("Accepted: images (JPEG, PNG, WebP, GIF), videos (MP4, MOV, WebM), PDF, Word, Excel and "
             "PowerPoint documents, text and CSV files, and ZIP archives.")


def refusal_message(refusal: sniff.Refusal, name: str) -> str:
    """A refusal of ``sniff.detect`` as one translated sentence naming the file."""
    p = {"name": name, "extension": refusal.extension, "detail": refusal.detail}
    if refusal.code == "empty":
        return _("“%(name)s” is empty.") % p
    if refusal.code == "disguised_archive":
        return _("“%(name)s” is a ZIP archive renamed %(extension)s. Name it .zip to upload it as an archive.") % p
    if refusal.code == "damaged":
        if refusal.what == "office":
            return _("“%(name)s” looks like an Office document but cannot be read.") % p
        return _("“%(name)s” is a damaged ZIP archive and cannot be read.") % p
    what = refusal.what
    if what == "program":
        return _("“%(name)s” is a program; programs cannot be uploaded.") % p
    if what == "script":
        return _("“%(name)s” is a script; scripts cannot be uploaded.") % p
    if what == "web_page":
        return _("“%(name)s” is a web page; web pages cannot be uploaded because they can run scripts in a "
                 "browser.") % p
    if what == "svg":
        return _("“%(name)s” is an SVG drawing; SVG files cannot be uploaded because they can run scripts in a "
                 "browser. Export it as PNG or PDF.") % p
    if what == "xml":
        return _("“%(name)s” is an XML file; XML files cannot be uploaded.") % p
    if what == "macro_office":
        return _("“%(name)s” is an Office document with macros. Save it without macros (.docx, .xlsx or .pptx) "
                 "and upload that.") % p
    if what == "old_office":
        return _("“%(name)s” is an Office file in the old format (.doc, .xls, .ppt). Save it as .docx, .xlsx or "
                 ".pptx and upload that.") % p
    if what == "archive_other":
        return _("“%(name)s” is an archive of a kind Cadence does not accept; only ZIP archives can be "
                 "uploaded.") % p
    if what == "mkv":
        return _("“%(name)s” is a Matroska video. Upload videos as MP4, MOV or WebM.") % p
    if what == "heif":
        return _("“%(name)s” is a HEIC or AVIF image. Upload images as JPEG, PNG, WebP or GIF.") % p
    if refusal.detail:
        return _("“%(name)s” is a file Cadence does not accept (%(detail)s).") % p + " " + _accepted()
    return _("“%(name)s” is not a type of file Cadence accepts.") % p + " " + _accepted()


def _size_mb(size: int) -> str:
    return f"{size / MB:.1f}"


def check_upload(uploaded: UploadedFile[Any]) -> Checked:
    """Every check of one uploaded file; a ``DomainError`` naming the file (its ``field``: the file's name)."""
    raw_name = str(uploaded.name or "")
    name = sniff.clean_name(raw_name)
    stream: Any = uploaded
    found = sniff.detect(stream, name)
    if isinstance(found, sniff.Refusal):
        raise DomainError(refusal_message(found, name), code=f"file_{found.code}", field=name)
    size = int(uploaded.size or 0)
    limit = max_bytes(found.kind)
    if size > limit:
        p = {"max": limit // MB, "name": name, "size": _size_mb(size)}
        message = (_("Videos larger than %(max)s MB cannot be uploaded (“%(name)s” has %(size)s MB).") % p
                   if found.kind == "video" else
                   _("Files larger than %(max)s MB cannot be uploaded (“%(name)s” has %(size)s MB).") % p)
        raise DomainError(message, code="file_too_large", field=name)
    image = None
    if found.kind == "image":
        try:
            image = inspect(stream, found.key)
        except ImageRefused as exc:
            if exc.code == "too_many_pixels":
                raise DomainError(_("“%(name)s” has too many pixels to be an image Cadence can show (at most "
                                    "%(max)s megapixels).") % {"name": name, "max": 40},
                                  code="file_image_too_large", field=name) from None
            raise DomainError(_("“%(name)s” is a damaged image and cannot be read.") % {"name": name},
                              code="file_damaged", field=name) from None
    digest = hashlib.sha256()
    stream.seek(0)
    while chunk := stream.read(sniff.CHUNK):
        digest.update(chunk)
    return Checked(uploaded=uploaded, name=sniff.name_for(name, found), filetype=found, size=size,
                   sha256=digest.hexdigest(), image=image)


def _require_engagement(membership: Membership, engagement: Engagement) -> None:
    if engagement.workspace_id != membership.workspace_id:
        raise Http404


@transaction.atomic
def upload_many(*, actor: User, membership: Membership, engagement: Engagement,
                files: Sequence[UploadedFile[Any]], description: str = "") -> list[EngagementFile]:
    """Store the files, all or none: every file is checked first; one refused file refuses the request."""
    _require_engagement(membership, engagement)
    if not tenancy.can(membership, "files.upload"):
        raise DomainError(_("Your role does not allow uploading files."), code="forbidden")
    return _check_and_store(actor, engagement, files, description)


@transaction.atomic
def send_materials(*, actor: User, membership: Membership, engagement: Engagement,
                   files: Sequence[UploadedFile[Any]], description: str = "") -> list[EngagementFile]:
    """The client's approver sends materials to the team (the client portal): stored as the team's uploads
    are, with the same content checks and size limits, all or none, and audited (``files.uploaded``)."""
    _require_engagement(membership, engagement)
    if not tenancy.can(membership, "files.send", client=engagement.client):
        raise DomainError(_("Your role does not allow sending files."), code="forbidden")
    return _check_and_store(actor, engagement, files, description)


def _check_and_store(actor: User, engagement: Engagement, files: Sequence[UploadedFile[Any]],
                     description: str) -> list[EngagementFile]:
    if not files:
        raise DomainError(_("Choose at least one file to upload."), code="required", field="files")
    if len(files) > FILES_PER_REQUEST:
        raise DomainError(_("Upload at most %(max)s files at a time.") % {"max": FILES_PER_REQUEST},
                          code="too_many_files", field="files")
    description = validation.clean_text(description, field="description", max_length=DESCRIPTION_MAX,
                                        multiline=False)
    checked: list[Checked] = []
    refusals: list[DomainError] = []
    for uploaded in files:
        try:
            checked.append(check_upload(uploaded))
        except DomainError as exc:
            refusals.append(exc)
    if refusals:
        if len(refusals) == 1 and len(files) == 1:
            raise UploadRefused(refusals[0].message, refusals)
        raise UploadRefused(ngettext("Nothing was uploaded: %(count)s file cannot be uploaded.",
                                     "Nothing was uploaded: %(count)s files cannot be uploaded.",
                                     len(refusals)) % {"count": len(refusals)}, refusals)
    stored: list[EngagementFile] = []
    try:
        for c in checked:
            stored.append(_store(actor, engagement, c, description))
    except BaseException:
        storage.remove(EngagementFile.blob.field.storage,
                       [n for f in stored for n in (f.blob.name, f.preview.name) if n])
        raise
    return stored


def _store(actor: User, engagement: Engagement, c: Checked, description: str) -> EngagementFile:
    row = EngagementFile(workspace_id=engagement.workspace_id, engagement=engagement, name=c.name,
                         description=description, kind=c.filetype.kind, content_type=c.filetype.content_type,
                         extension=c.filetype.extension, size=c.size, sha256=c.sha256,
                         width=c.image.width if c.image else None, height=c.image.height if c.image else None,
                         uploaded_by=actor)
    c.uploaded.seek(0)
    row.blob.save(c.name, c.uploaded, save=False)
    try:
        if c.image is not None:
            row.preview.save("preview.webp", ContentFile(c.image.preview), save=False)
        row.save()
    except BaseException:
        storage.remove(row.blob.storage, [row.blob.name or "", row.preview.name or ""])
        raise
    audit.record(workspace=engagement.workspace, actor=actor, action="files.uploaded", obj=row,
                 changes={"name": row.name, "content_type": row.content_type, "size": row.size,
                          "sha256": row.sha256}, thread=engagement)
    return row


def upload(*, actor: User, membership: Membership, engagement: Engagement, uploaded: UploadedFile[Any],
           description: str = "") -> EngagementFile:
    """One file (``upload_many`` with one)."""
    return upload_many(actor=actor, membership=membership, engagement=engagement, files=[uploaded],
                       description=description)[0]


def may_delete(membership: Membership, *, uploaded_by_id: int | None) -> bool:
    """Owners and managers delete any file; whoever uploads files deletes the ones they uploaded."""
    if tenancy.can(membership, "files.delete"):
        return True
    return tenancy.can(membership, "files.upload") and uploaded_by_id == membership.user_id


@transaction.atomic
def delete_file(*, actor: User, membership: Membership, file: EngagementFile) -> None:
    if file.workspace_id != membership.workspace_id:
        raise Http404
    if not may_delete(membership, uploaded_by_id=file.uploaded_by_id):
        raise DomainError(_("Only the owner, a manager or the person who uploaded a file can delete it."),
                          code="forbidden")
    engagement = file.engagement
    names = [file.blob.name or "", file.preview.name or ""]
    audit.record(workspace=engagement.workspace, actor=actor, action="files.deleted", obj=file,
                 changes={"name": file.name, "sha256": file.sha256}, thread=engagement)
    file.delete()
    storage.remove_on_commit(names, EngagementFile.blob.field.storage)


__all__ = ["Checked", "UploadRefused", "check_upload", "delete_file", "max_bytes", "may_delete", "upload",
           "upload_many"]
