"""An uploaded image's facts and its preview (Pillow): the width and height as shown (EXIF orientation
applied) and a WebP of at most ``PREVIEW_MAX`` pixels a side, which is what pages show instead of the original.

A decompression bomb (a small file that decodes to an enormous picture) is refused before it is decoded:
the pixel count is read from the header and checked against ``MAX_PIXELS``; a damaged image is refused too.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError

from cadence.files.domain.sniff import IMAGE_FORMATS

MAX_PIXELS = 40_000_000  # 40 megapixels: every camera photo, not a bomb
PREVIEW_MAX = 480
PREVIEW_QUALITY = 80


class ImageRefused(Exception):
    """``code``: ``too_many_pixels`` or ``damaged``."""

    def __init__(self, code: str, pixels: int = 0) -> None:
        super().__init__(code)
        self.code = code
        self.pixels = pixels


@dataclass(frozen=True)
class ImageFacts:
    width: int
    height: int
    preview: bytes  # WebP


def _open(stream: BinaryIO, key: str) -> Image.Image:
    stream.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(stream, formats=[IMAGE_FORMATS[key]])
    if image.width * image.height > MAX_PIXELS:
        raise ImageRefused("too_many_pixels", image.width * image.height)
    return image


def inspect(stream: BinaryIO, key: str) -> ImageFacts:
    """The facts and preview of an image whose content ``sniff.detect`` found to be ``key`` (jpeg, png, ...)."""
    try:
        _open(stream, key).verify()  # the whole file is well formed
        image = _open(stream, key)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.seek(0)  # an animation's first frame
            shown = ImageOps.exif_transpose(image)
            shown.load()
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused("too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError,
            TypeError, ZeroDivisionError):
        raise ImageRefused("damaged") from None
    width, height = shown.size
    preview = shown.convert("RGBA" if shown.mode in ("RGBA", "LA", "P", "PA") else "RGB")
    preview.thumbnail((PREVIEW_MAX, PREVIEW_MAX))
    out = io.BytesIO()
    preview.save(out, "WEBP", quality=PREVIEW_QUALITY, method=4)
    return ImageFacts(width=width, height=height, preview=out.getvalue())
