"""Files and helpers the imports' page and API tests share (web helper)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

# A Romanian-interface export Cadence does not know: the column-mapping step. Its second row carries a formula
# in the campaign column (kept as text, escaped in problems.csv).
RO_EXPORT = ("Zi,Campanie,Afișări,Clicuri,Cheltuieli\n"
             "2026-10-01,Toamna,1200,40,12.50\n"
             "2026-10-02,\"=HYPERLINK(\"\"http://x.test\"\",\"\"a\"\")\",900,31,10.00\n"
             "2026-10-03,Toamna,1000,35,11.25\n").encode()
RO_HEADERS = ["Zi", "Campanie", "Afișări", "Clicuri", "Cheltuieli"]
# A mapping that reads the campaign column as impressions: text in a number column on lines 2-4.
WRONG = {"col_0": "date", "col_1": "impressions", "col_2": "", "col_3": "clicks", "col_4": "spend"}
RIGHT = {"col_0": "date", "col_1": "campaign", "col_2": "impressions", "col_3": "clicks", "col_4": "spend"}


def upload(name: str = "raport.csv", content: bytes = RO_EXPORT) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def url(name: str, engagement, *args) -> str:
    return reverse(f"metrics:{name}", args=[engagement.workspace.slug, engagement.uuid, *args])


def mapping_post(cols: dict[str, str], **others: str) -> dict[str, str]:
    return {**cols, "platform": "other", "level": "campaign", "number_style": "", "date_format": "",
            "currency": "", "save_as": "", **others}
