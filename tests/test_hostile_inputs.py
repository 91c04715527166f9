"""Hostile files to import, built here: each is refused (or read) with one line, the process
lives on, memory stays bounded (peak RSS measured on the real command line), the study is as
it was."""

from __future__ import annotations

import hashlib
import io
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
from tests.peak_rss import run_measured

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
        status, peak = run_measured([sys.executable, "-m", "interviewcoder", "import", str(study),
                                     str(file)], tmp_path / "rusage.json", stdout=sink,
                                    stderr=subprocess.DEVNULL, cwd=ROOT)
    return status, out.read_text(), peak


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


# --- text that is not what it seems ---------------------------------------------------------

def test_a_file_mixing_utf8_and_cp1252_reads_both_and_says_which_lines(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("Interviewer: Why did you leave?\nAna: the café and my résumé\n".encode()
                     + "Ana: déjà vu – “again”\n".encode("cp1252")
                     + "Interviewer: Thanks, Zoë.\n".encode())
    with create(tmp_path / "t.icstudy", template="blank") as study:
        result = import_file(study, path)
        assert result.status == "imported", result.error
        text = study.sources.text(result.sources[0]["id"])
    assert "the café and my résumé" in text and "déjà vu – “again”" in text and "Zoë" in text
    assert "Ã" not in text
    assert result.warnings == ["mixed.txt: mixed encodings: line 3 not UTF-8, read as "
                               "Windows-1252 (the rest is UTF-8)"]


def test_a_cp1252_text_over_a_megabyte_imports(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    ascii_part = "Interviewer: How did it go?\nAna: We compared three vendors on price.\n" * 20_000
    path.write_bytes((ascii_part + "Ana: the café was “too dear” – really\n").encode("cp1252"))
    assert path.stat().st_size > 1 << 20
    with create(tmp_path / "t.icstudy", template="blank") as study:
        result = import_file(study, path)
        assert result.status == "imported", result.error
        assert study.sources.text(result.sources[0]["id"]).endswith("“too dear” – really")


def test_a_short_cp1252_text_is_not_read_as_utf16(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes("Ana: café".encode("cp1252"))
    with create(tmp_path / "t.icstudy", template="blank") as study:
        result = import_file(study, path)
        assert result.status == "imported", result.error
        assert study.sources.text(result.sources[0]["id"]).endswith("Ana: café")


def survey_lines(n: int) -> list[str]:
    return ["ResponseId,Plan,Why did you leave?"] + [
        f"R_{i},Pro,reason {i}, and more" for i in range(1, n + 1)]


def test_an_unterminated_quote_in_a_csv_is_refused_naming_its_line(tmp_path: Path) -> None:
    lines = survey_lines(1000)
    lines[5] = 'R_5,Pro,"it was the price'
    path = tmp_path / "open.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with create(tmp_path / "t.icstudy", template="blank") as study:
        result = import_file(study, path)
        assert result.status == "error"
        assert result.error == ('open.csv: line 6: a quote (") opened here is never closed; '
                                "the rest of the file would be one answer")
        assert study.sources.count() == 0


def test_a_stray_quote_closed_much_later_is_read_with_a_warning(tmp_path: Path) -> None:
    lines = survey_lines(1000)
    lines[5] = 'R_5,Pro,"it was the price'
    lines[900] = 'R_900,Pro,the end"'
    path = tmp_path / "stray.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with create(tmp_path / "t.icstudy", template="blank") as study:
        result = import_file(study, path)
        assert result.status == "imported", result.error
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("stray.csv: lines 6-901: one quoted field holds 896 lines")


def test_a_multi_line_answer_is_no_warning(tmp_path: Path) -> None:
    path = tmp_path / "fine.csv"
    path.write_text('id,answer\nR1,"first line\nsecond line, with a comma"\nR2,fine\n',
                    encoding="utf-8")
    with create(tmp_path / "t.icstudy", template="blank") as study:
        result = import_file(study, path)
    assert result.status == "imported" and result.warnings == []


# --- messages -----------------------------------------------------------------------------

def test_a_newline_in_a_file_name_does_not_cut_the_line(tmp_path: Path, study_path: Path) -> None:
    gone = tmp_path / "gone\nfile.txt"
    status, out, _ = cli_import(study_path, gone, tmp_path)
    assert status == 2
    assert out == "error     gone\\nfile.txt: cannot read the file (No such file or directory)\n"
    done = subprocess.run([sys.executable, "-m", "interviewcoder", "sources",
                           str(tmp_path / "no\nstudy.icstudy")], capture_output=True, text=True,
                          cwd=ROOT)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "no\\nstudy" in done.stderr


def test_a_study_in_a_read_only_folder_is_not_called_damaged(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        create(folder / "s.icstudy", template="blank").close()
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        done = subprocess.run([sys.executable, "-m", "interviewcoder", "sources",
                               str(folder / "s.icstudy")], capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1
        assert "read-only" in done.stderr and "damaged" not in done.stderr
    finally:
        subprocess.run(["umount", str(folder)], check=True)
