"""Render the sample furniture-shop plan (tests/plans/documents.py) to PDF and to page images, to look at.

    PYTHONPATH=. .venv/bin/python scripts/plan_pdf_preview.py OUT_DIR [--language ro|ru|en] [--approved]

Writes OUT_DIR/plan.pdf, OUT_DIR/plan.docx, OUT_DIR/plan.md and OUT_DIR/page-NN.png (pdftoppm -r 60). The
timeline is the SOSTAC process template's schedule from the document's first stage date, drawn by
cadence/engagements/gantt.py (the one Gantt renderer), as the plan page passes it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pathlib
import shutil
import subprocess
import sys
from decimal import Decimal

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadence.settings")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402

from cadence.engagements.builtin_templates import BUILTIN_TEMPLATES  # noqa: E402
from cadence.engagements.schedule import ScheduleInput, compute_schedule  # noqa: E402
from cadence.engagements.views import gantt_export_svg  # noqa: E402
from cadence.plans.exports.content import Approval  # noqa: E402
from cadence.plans.exports.docx import render_docx  # noqa: E402
from cadence.plans.exports.markdown import render_markdown  # noqa: E402
from cadence.plans.exports.pdf import render_pdf  # noqa: E402
from tests.plans.documents import furniture_document  # noqa: E402


def timeline(language: str, start: dt.date) -> str:
    template = BUILTIN_TEMPLATES["sostac"]
    schedule = compute_schedule(ScheduleInput(start=start, monthly_hours=Decimal(40), country="RO", subdivision=None,
                                              template=template, horizon_months=6, hours_from_month={}))
    with translation.override(language):
        return gantt_export_svg(schedule, today=start + dt.timedelta(days=20), title="", heading=[], start=start,
                                months=6, width=900)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--language", default="ro")
    parser.add_argument("--approved", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    document = furniture_document(language=args.language)
    approval = (Approval("approved", dt.datetime(2027, 1, 14, 15, 20, tzinfo=dt.UTC), "Andrei Mureșan")
                if args.approved else None)
    svg = timeline(args.language, dt.date(2026, 11, 2))
    (args.out / "plan.pdf").write_bytes(render_pdf(document, approval=approval, timeline_svg=svg))
    (args.out / "plan.docx").write_bytes(render_docx(document, approval=approval, timeline_svg=svg))
    (args.out / "plan.md").write_text(render_markdown(document, approval=approval), encoding="utf-8")
    for old in args.out.glob("page-*.png"):
        old.unlink()
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("pdftoppm is missing (apt-get install poppler-utils); the PDF is written", file=sys.stderr)
        return 1
    subprocess.run([pdftoppm, "-png", "-r", "60", str(args.out / "plan.pdf"), str(args.out / "page")],  # noqa: S603
                   check=True)
    print("\n".join(sorted(str(p) for p in args.out.glob("page-*.png"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
