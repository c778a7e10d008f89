"""This app's part of ``cadence demo`` (registered in ``registration.py``): per demo engagement, a logo and a
product photo drawn with Pillow and a two-page brand book rendered by WeasyPrint, uploaded by the manager
through the services (so they pass the same checks as a real upload); two of the furniture shop's files are
attached to its cards when the board offers ``attach_file``."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from cadence.core.demo import DemoWorkspace
from cadence.core.models import Workspace
from cadence.engagements.access import visible_engagements
from cadence.files import services, storage
from cadence.files.models import EngagementFile

PALETTES = {"bakery": ((180, 83, 9), (254, 243, 199)), "furniture": ((22, 101, 52), (236, 253, 245)),
            "school": ((30, 64, 175), (239, 246, 255))}
BRAND_BOOK = {"ro": "manual-de-brand.pdf", "ru": "брендбук.pdf", "en": "brand-book.pdf"}
PHOTO = {"ro": "fotografie-produs.jpg", "ru": "фото-продукта.jpg", "en": "product-photo.jpg"}


def delete(workspace: Workspace) -> None:
    """Before the demo workspace is deleted (``--reset``): its files' bytes go with their rows."""
    rows = list(EngagementFile.objects.filter(workspace=workspace))
    storage.remove(EngagementFile.blob.field.storage, [n for f in rows for n in (f.blob.name, f.preview.name) if n])
    EngagementFile.objects.filter(workspace=workspace).delete()


def _logo(initials: str, colours: tuple[tuple[int, int, int], tuple[int, int, int]]) -> bytes:
    ink, paper = colours
    image = Image.new("RGBA", (512, 512), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((16, 16, 496, 496), fill=ink)
    draw.ellipse((64, 64, 448, 448), outline=paper, width=12)
    draw.text((256, 256), initials, fill=paper, anchor="mm", font_size=180)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _photo(colours: tuple[tuple[int, int, int], tuple[int, int, int]]) -> bytes:
    ink, paper = colours
    image = Image.new("RGB", (1600, 1200), paper)
    draw = ImageDraw.Draw(image)
    for i in range(0, 1200, 8):  # a soft light from the top
        shade = tuple(int(p - (p - c) * i / 2400) for p, c in zip(paper, ink, strict=True))
        draw.line((0, i, 1600, i), fill=shade, width=8)
    draw.rectangle((420, 520, 1180, 1000), fill=ink)  # the product on its table
    draw.rectangle((380, 1000, 1220, 1040), fill=(60, 60, 60))
    draw.ellipse((700, 300, 900, 500), fill=(250, 204, 21))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, exif=_exif_upright())
    return out.getvalue()


def _exif_upright() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 1  # orientation: upright
    return exif.tobytes()


def _brand_book(name: str, colours: tuple[tuple[int, int, int], tuple[int, int, int]]) -> bytes:
    from django.utils.html import escape
    from weasyprint import HTML

    ink, paper = colours
    hex_ink, hex_paper = "#" + bytes(ink).hex(), "#" + bytes(paper).hex()
    html = f"""<html><head><style>
      @page {{ size: A5 landscape; margin: 1.5cm }} body {{ font-family: sans-serif; color: #1f2937 }}
      h1 {{ color: {hex_ink} }} .swatch {{ display: inline-block; width: 3cm; height: 2cm; margin-right: .5cm }}
    </style></head><body>
      <h1>{escape(name)}</h1><p>Brand book · logo, colours, type</p>
      <div class="swatch" style="background: {hex_ink}"></div><div class="swatch" style="background: {hex_paper};
        border: 1px solid #ccc"></div>
      <p style="page-break-before: always">Logo: keep a clear space of one letter height around it.</p>
    </body></html>"""
    data: bytes = HTML(string=html).write_pdf()
    return data


def _initials(name: str) -> str:
    words = [w for w in name.replace("«", " ").replace("»", " ").split() if w[:1].isalpha()]
    return "".join(w[0] for w in words[:2]).upper() or "C"


def _attach(demo: DemoWorkspace, engagement: Any, files: list[EngagementFile]) -> int:
    """The brand book and the product photo on the furniture shop's matching cards (the board's demo, which runs
    before this one, wrote them in Romanian)."""
    from cadence.board import access as board_access
    from cadence.board import queries as board_queries
    from cadence.board import services as board_services

    manager = demo.users["manager"]
    membership = demo.memberships[manager.pk]
    cards = [c for column in board_queries.board(membership, engagement).columns for c in column.cards]
    wanted = (("brand", "identit"), ("foto", "photo"))
    attached = 0
    for file, words in zip(files, wanted, strict=False):
        card = next((c for c in cards if any(w in c.title.lower() for w in words)), None)
        if card is None:
            continue
        task = board_access.get_task(engagement, card.uuid)
        board_services.attach_file(actor=manager, membership=membership, task=task, file=file)
        attached += 1
    return attached


def build(demo: DemoWorkspace) -> str:
    manager = demo.users["manager"]
    membership = demo.memberships[manager.pk]
    count = attached = 0
    for key, client in demo.clients.items():
        colours = PALETTES.get(key, ((15, 23, 42), (241, 245, 249)))
        for engagement in visible_engagements(membership).filter(client=client).order_by("start_date"):
            language = engagement.language if engagement.language in BRAND_BOOK else "en"
            uploads = [
                SimpleUploadedFile(BRAND_BOOK[language], _brand_book(client.name, colours)),
                SimpleUploadedFile(PHOTO[language], _photo(colours)),
                SimpleUploadedFile("logo.png", _logo(_initials(client.name), colours)),
            ]
            stored = services.upload_many(actor=manager, membership=membership, engagement=engagement,
                                          files=uploads)
            count += len(stored)
            if key == "furniture":
                attached += _attach(demo, engagement, stored[:2])
    summary = f"{count} files"
    return summary + (f" ({attached} attached to cards)" if attached else "")
