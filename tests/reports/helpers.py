from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def pdf_text(pdf: bytes) -> str:
    """The PDF's text (pdftotext), for assertions on what it says."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "r.pdf"
        path.write_bytes(pdf)
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                              text=True).stdout
