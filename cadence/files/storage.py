"""The bytes of engagement files, through Django's storage API: ``STORAGES["default"]`` is local disk
(``MEDIA_ROOT``) or an S3-compatible bucket (``CADENCE_S3_BUCKET``, django-storages); settings.py chooses.
Nothing here knows which: the rows name their blobs, the storage keeps them.

Blobs are removed only after the transaction that deleted their row commits, so a rolled-back delete never
loses a file; blobs written by an upload that then fails are removed at once."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import transaction
from django.db.models.fields.files import FieldFile


def _missing_errors() -> tuple[type[Exception], ...]:
    errors: list[type[Exception]] = [OSError]
    try:  # django-storages' S3 backend reports a missing key through botocore
        from botocore.exceptions import BotoCoreError, ClientError

        errors += [ClientError, BotoCoreError]
    except ImportError:  # pragma: no cover - botocore is a dependency
        pass
    return tuple(errors)


def open_blob(field_file: FieldFile) -> File | None:  # type: ignore[type-arg]
    """The stored file opened for reading, or None when the storage has lost it (the page answers 404)."""
    if not field_file.name:
        return None
    try:
        handle = field_file.storage.open(field_file.name, "rb")
        handle.read(0)  # S3 fetches lazily: a missing key shows here, not in the response
        handle.seek(0)
    except _missing_errors():
        return None
    return handle


def remove(storage: Storage, names: Iterable[str]) -> None:
    for name in names:
        if name:
            try:
                storage.delete(name)
            except _missing_errors():
                pass  # already gone: nothing to remove


def remove_on_commit(names: Iterable[str], storage: Storage = default_storage) -> None:
    kept = [n for n in names if n]
    transaction.on_commit(lambda: remove(storage, kept))


__all__ = ["open_blob", "remove", "remove_on_commit"]
