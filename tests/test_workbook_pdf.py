"""The demo workbook printed through LibreOffice: how many pages, and every sheet in them.

Issue 13: printed through LibreOffice, five quotes made 91 pages (portrait, every sheet cut in
vertical strips). Each sheet now prints landscape and one page wide. The demo's page count is
recorded in docs/benchmarks.md ("The workbook on paper").
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PAGES_AT_MOST = 20  # measured: 19 with the Map sheet (see docs/benchmarks.md)


def pdf_pages(pdf: Path) -> int:
    """Pages of a PDF, counted from its page objects (LibreOffice writes them uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


def render(xlsx: Path, folder: Path) -> Path:
    """``soffice --headless --convert-to pdf`` with a profile of its own (no clash with an
    office already running)."""
    profile = (folder / "lo-profile").resolve().as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(folder), str(xlsx)],
                   check=True, capture_output=True, timeout=300)
    return folder / (xlsx.stem + ".pdf")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed here, so the "
                    "workbook cannot be rendered to PDF")
def test_the_demo_workbook_prints_in_few_pages(tmp_path: Path) -> None:
    from interviewcoder.services import exporting
    from interviewcoder.services.demo import build_demo
    from interviewcoder.services.studies import open_study

    with open_study(build_demo(tmp_path / "demo.icstudy")) as study:
        xlsx = exporting.export(study, tmp_path / "demo.xlsx")
        name = study.name
    pdf = render(xlsx, tmp_path)
    pages = pdf_pages(pdf)
    print(f"\ndemo workbook: {pages} pages")
    assert 10 <= pages <= PAGES_AT_MOST  # every one of the ten sheets, each one page wide
    text = shutil.which("pdftotext")
    if text:  # every sheet's name is in the page headers
        words = subprocess.run([text, str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout
        for sheet in ("Summary", "Map", "Evidence", "Step x Anxiety", "Step x Influence", "Paths",
                      "Transitions", "Quotes", "Participants", "Codebook"):
            assert f"{name} · {sheet}" in words, sheet
