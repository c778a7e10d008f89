"""Read models of engagement files for pages, the API and other apps (the board's card shows its attachments
through ``file_rows``). One query per list, whatever the number of files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from cadence.files.domain.sniff import TYPES
from cadence.files.models import EngagementFile, FileKindChoice

Engagement = Any
KIND_LABELS: dict[str, Any] = dict(FileKindChoice.choices)
_INLINE = {t.content_type for t in TYPES.values() if t.safe_inline}
_TYPE_LABELS = {t.content_type: t.key.upper() for t in TYPES.values()}


@dataclass(frozen=True)
class FileRow:
    uuid: UUID
    name: str
    kind: str
    kind_label: str
    size: int
    size_label: str
    content_type: str
    type_label: str  # "PNG", "PDF", "DOCX"
    is_image: bool
    width: int | None
    height: int | None
    description: str
    sha256: str
    url: str  # the download
    preview_url: str | None
    uploaded_at: dt.datetime
    uploaded_by_id: int | None
    uploaded_by_name: str


def _workspace_slug(file: EngagementFile) -> str:
    return str(file.workspace.slug)


def file_url(file: EngagementFile) -> str:
    """Where the file is downloaded (access checked there)."""
    return reverse("files:file-download", args=[_workspace_slug(file), file.engagement.uuid, file.uuid])


def preview_url(file: EngagementFile) -> str | None:
    """An image's WebP preview, or a PDF shown in the browser; None for other files."""
    if not file.preview and file.content_type != "application/pdf":
        return None
    return reverse("files:file-preview", args=[_workspace_slug(file), file.engagement.uuid, file.uuid])


def row_of(file: EngagementFile) -> FileRow:
    by = file.uploaded_by
    return FileRow(
        uuid=file.uuid, name=file.name, kind=file.kind, kind_label=str(KIND_LABELS.get(file.kind, file.kind)),
        size=file.size, size_label=str(filesizeformat(file.size)), content_type=file.content_type,
        type_label=_TYPE_LABELS.get(file.content_type, file.extension.lstrip(".").upper()),
        is_image=file.kind == FileKindChoice.IMAGE, width=file.width, height=file.height,
        description=file.description, sha256=file.sha256, url=file_url(file), preview_url=preview_url(file),
        uploaded_at=file.uploaded_at, uploaded_by_id=file.uploaded_by_id,
        uploaded_by_name=by.display_name if by is not None else "",
    )


def file_rows(files: Iterable[EngagementFile]) -> list[FileRow]:
    """Rows of the given files, in their order, in one query (their engagement, workspace and uploader)."""
    wanted = [f.pk for f in files]
    if not wanted:
        return []
    found = {f.pk: f for f in EngagementFile.objects.filter(pk__in=wanted)
             .select_related("workspace", "engagement", "uploaded_by")}
    return [row_of(found[pk]) for pk in wanted if pk in found]


def engagement_files(engagement: Engagement, *, kind: str = "") -> list[FileRow]:
    """The engagement's files, newest first (one query)."""
    qs = (EngagementFile.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement)
          .select_related("workspace", "engagement", "uploaded_by").order_by("-uploaded_at", "-id"))
    if kind:
        qs = qs.filter(kind=kind)
    return [row_of(f) for f in qs]


def is_safe_inline(file: EngagementFile) -> bool:
    """A raster image a browser may show in place of downloading it."""
    return file.content_type in _INLINE


__all__ = ["FileRow", "engagement_files", "file_rows", "file_url", "is_safe_inline", "preview_url", "row_of"]
