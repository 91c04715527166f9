"""Hostile files to import, built here: each is refused (or read) with one line, the process
lives on, memory stays bounded (peak RSS measured on the real command line), the study is as
it was."""

from __future__ import annotations

import hashlib
import io
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from interviewcoder.importers import isolated
from interviewcoder.importers.base import ReadLimits
from interviewcoder.services.import_options import ImportOptions
from interviewcoder.services.importing import import_file
from interviewcoder.services.studies import create

ROOT = Path(__file__).resolve().parents[1]


def workbook(path: Path, far_cell: str, *, declare: str | None = None) -> Path:
    """A small survey workbook with one more value at ``far_cell``; ``declare`` rewrites the
    sheet's declared dimension (a file whose declaration lies)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["ResponseId", "Why did you leave?"])
    ws.append(["R_1", "Too expensive for us"])
    ws[far_cell] = "x"
    buffer = io.BytesIO()
    wb.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            data = src.read(name)
            if declare and name == "xl/worksheets/sheet1.xml":
                data = data.replace(f'<dimension ref="A1:{far_cell}"/>'.encode(),
                                    f'<dimension ref="{declare}"/>'.encode())
            out.writestr(name, data)
    return path


def docx_with(path: Path, body: bytes, padding: int = 0) -> Path:
    """A real .docx (python-docx's own) with ``body`` as its paragraphs and, optionally, that
    many bytes of incompressible padding in another part."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            data = src.read(name)
            if name == "word/document.xml":
                start = data.index(b"<w:body>") + len(b"<w:body>")
                data = data[:start] + body + data[start:]
            out.writestr(name, data)
        if padding:
            out.writestr("word/media/padding.bin", random.Random(1).randbytes(padding))
    return path


def paragraphs(n: int, varied: bool = False) -> bytes:
    line = "<w:p><w:r><w:t>{}: {}</w:t></w:r></w:p>"
    return "".join(line.format("Ana" if i % 2 else "Interviewer",
                               f"answer {i} {random.Random(i).random()}" if varied else "Yes.")
                   for i in range(n)).encode()


def cli_import(study: Path, file: Path, tmp_path: Path) -> tuple[int, str, float]:
    """``interviewcoder import`` as a real process: (exit status, stderr+stdout, peak RSS MB of
    it and the reader it started)."""
    out = tmp_path / "out.txt"
    with out.open("w") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "interviewcoder", "import", str(study),
                                 str(file)], stdout=sink, stderr=subprocess.DEVNULL, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
    return os.waitstatus_to_exitcode(status), out.read_text(), usage.ru_maxrss / 1024


@pytest.fixture
def study_path(tmp_path: Path) -> Path:
    path = tmp_path / "s.icstudy"
    create(path, template="blank").close()
    return path


def sources(path: Path) -> int:
    import sqlite3

    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT count(*) FROM sources").fetchone()[0]


@pytest.mark.parametrize("far_cell", ["XFD1048576", "ZZ200000"])
def test_a_tiny_workbook_with_a_far_cell_is_refused_in_bounded_memory(
        tmp_path: Path, study_path: Path, far_cell: str) -> None:
    book = workbook(tmp_path / "far.xlsx", far_cell)
    assert book.stat().st_size < 6000
    status, out, peak = cli_import(study_path, book, tmp_path)
    assert status == 2
    assert out.count("\n") == 1 and f"reach cell {far_cell}" in out
    assert peak < 400, f"peak RSS {peak:.0f} MB"  # calamine alone asked for 5.4 GB / 512 GB
    assert sources(study_path) == 0


def test_a_workbook_whose_declaration_lies_is_read_where_a_crash_harms_nothing(
        tmp_path: Path, study_path: Path) -> None:
    book = workbook(tmp_path / "liar.xlsx", "XFD1048576", declare="A1:B2")
    status, out, peak = cli_import(study_path, book, tmp_path)
    assert status == 2
    assert out.count("\n") == 1 and "could not be read within 3 GB of memory" in out
    assert peak < 400, f"peak RSS {peak:.0f} MB"
    assert sources(study_path) == 0


def test_a_huge_declaration_with_little_data_still_imports(tmp_path: Path, study_path: Path) -> None:
    book = workbook(tmp_path / "declared.xlsx", "C3", declare="A1:XFD1048576")
    with create(tmp_path / "t.icstudy", template="blank") as study:
        result = import_file(study, book)
    assert result.status == "imported", result.error


def test_a_padded_docx_hiding_a_bomb_in_one_part_is_refused(tmp_path: Path, study_path: Path) -> None:
    doc = docx_with(tmp_path / "padded.docx", paragraphs(400_000), padding=3 << 20)
    assert doc.stat().st_size < 5 << 20
    with zipfile.ZipFile(doc) as archive:  # the old total-ratio check would let it pass
        infos = archive.infolist()
        assert sum(i.file_size for i in infos) / sum(i.compress_size for i in infos) < 200
    status, out, peak = cli_import(study_path, doc, tmp_path)
    assert status == 2
    assert out.count("\n") == 1 and "word/document.xml" in out and "zip bomb" in out
    assert peak < 400, f"peak RSS {peak:.0f} MB"
    assert sources(study_path) == 0


def test_too_many_paragraphs_are_refused_before_python_docx_builds_them(tmp_path: Path) -> None:
    doc = docx_with(tmp_path / "long.docx", paragraphs(3000, varied=True))
    with create(tmp_path / "t.icstudy", template="blank") as study:
        refused = import_file(study, doc, ImportOptions(limits=ReadLimits(max_paragraphs=2000)))
        assert refused.status == "error"
        assert refused.error == "long.docx: refused: over 2,000 paragraphs and table rows"
        kept = import_file(study, doc, ImportOptions(limits=ReadLimits(max_paragraphs=5000)))
        assert kept.status == "imported", kept.error
        assert kept.sources[0]["turns"] == 3000


def test_a_reader_killed_mid_way_leaves_the_next_import_working(tmp_path: Path) -> None:
    book = workbook(tmp_path / "liar.xlsx", "XFD1048576", declare="A1:B2")
    good = workbook(tmp_path / "good.xlsx", "B3")
    with create(tmp_path / "t.icstudy", template="blank") as study:
        assert import_file(study, book).status == "error"
        assert import_file(study, good).status == "imported"  # a new helper was started
        digest = hashlib.sha256(book.read_bytes()).hexdigest()
        assert study.sources.by_sha256(digest) is None
    isolated.stop_helper()
