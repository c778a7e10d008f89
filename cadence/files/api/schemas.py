"""Bodies of the files API."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from ninja import Field, Schema


class FileOut(Schema):
    uuid: UUID
    name: str = Field(..., description="The cleaned upload name (its extension matches the detected type).")
    description: str
    kind: str = Field(..., description="image, video, document or archive")
    content_type: str = Field(..., description="Detected from the content, never from the name.")
    size: int = Field(..., description="Bytes.")
    sha256: str
    width: int | None = Field(None, description="Images: pixels, EXIF orientation applied.")
    height: int | None = None
    download_url: str = Field(..., description="The file (the page's address; the API's is .../download).")
    preview_url: str | None = Field(None, description="An image's WebP preview (at most 480 px), or a PDF.")
    uploaded_at: dt.datetime
    uploaded_by: str = Field(..., description="The uploader's name.")
