"""Hostile files, timed and measured: what each costs to refuse (or read) on the real command line.

    python -m benchmarks.bench_hostile [--keep DIR]

Builds each file in a temporary folder, runs ``interviewcoder import`` (or ``suggest`` for a
hostile study) as a separate process and prints its exit status, wall time, peak RSS (of the
command and the reader process it starts, from wait4) and the first line it printed. Also
prints what opening a study costs now that it is inspected first, and what a normal .xlsx and
.docx import costs with the reader in its own process.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from interviewcoder.services.studies import create
from interviewcoder.store import Study

ROOT = Path(__file__).resolve().parents[1]


def workbook(path: Path, far_cell: str | None, declare: str | None = None, rows: int = 2) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["ResponseId", "Why did you leave?"])
    for n in range(1, rows):
        ws.append([f"R_{n}", f"Reason {n}: too expensive for us"])
    if far_cell:
        ws[far_cell] = "x"
    buffer = io.BytesIO()
    wb.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            data = src.read(name)
            if declare and far_cell and name == "xl/worksheets/sheet1.xml":
                data = data.replace(f'<dimension ref="A1:{far_cell}"/>'.encode(),
                                    f'<dimension ref="{declare}"/>'.encode())
            out.writestr(name, data)
    return path


def docx(path: Path, paragraphs: int, padding: int = 0, varied: bool = True) -> Path:
    import docx as python_docx

    buffer = io.BytesIO()
    python_docx.Document().save(buffer)
    line = "<w:p><w:r><w:t>{}: {}</w:t></w:r></w:p>"
    body = "".join(line.format("Ana" if i % 2 else "Interviewer",
                               f"answer {i} {random.Random(i).random()}" if varied else "Yes.")
                   for i in range(paragraphs)).encode()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            data = src.read(name)
            if name == "word/document.xml":
                at = data.index(b"<w:body>") + len(b"<w:body>")
                data = data[:at] + body + data[at:]
            out.writestr(name, data)
        if padding:
            out.writestr("word/media/padding.bin", random.Random(1).randbytes(padding))
    return path


def run(*args: str) -> tuple[int, float, float, str]:
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "interviewcoder", *args], stdout=sink,
                                stderr=subprocess.STDOUT, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        sink.seek(0)
        lines = [ln for ln in sink.read().splitlines() if not ln.startswith("[")]
    return (os.waitstatus_to_exitcode(status), time.perf_counter() - started,
            usage.ru_maxrss / 1024, (lines or [""])[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build the files here and keep them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        study = folder / "s.icstudy"
        if study.exists():
            study.unlink()
        create(study, template="blank").close()
        cases = {
            "xlsx, one cell at XFD1048576": workbook(folder / "xfd.xlsx", "XFD1048576"),
            "xlsx, one cell at ZZ200000": workbook(folder / "zz.xlsx", "ZZ200000"),
            "xlsx, XFD1048576 declared A1:B2": workbook(folder / "liar.xlsx", "XFD1048576",
                                                        declare="A1:B2"),
            "docx, 400k paragraphs + 3 MB padding": docx(folder / "padded.docx", 400_000,
                                                         padding=3 << 20, varied=False),
            "xlsx, 5,000 respondents (normal)": workbook(folder / "normal.xlsx", None, rows=5001),
            "docx, 2,000 paragraphs (normal)": docx(folder / "normal.docx", 2000),
        }
        print(f"{'file':40} {'size':>9} {'exit':>4} {'time':>7} {'peak RSS':>9}  first line")
        for label, path in cases.items():
            code, seconds, peak, line = run("import", str(study), str(path))
            print(f"{label:40} {path.stat().st_size / 1024:7.1f}KB {code:4} {seconds:6.2f}s "
                  f"{peak:7.0f}MB  {line[:90]}")

        code, seconds, peak, line = run("sources", str(study))
        print(f"{'a CLI call that opens the study':40} {'':9} {code:4} {seconds:6.2f}s "
              f"{peak:7.0f}MB")
        Study.open(study).close()
        started = time.perf_counter()
        for _ in range(100):
            Study.open(study).close()
        print(f"Study.open (read-only inspection, schema check, then the connection): "
              f"{(time.perf_counter() - started) * 10:.2f} ms")

        bomb_study = folder / "bomb.icstudy"
        if bomb_study.exists():
            bomb_study.unlink()
        create(bomb_study, template="journey").close()
        import zlib

        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        block = packer.compress(b"\0" * (16 << 20)) + packer.flush(zlib.Z_FULL_FLUSH)
        blob = b"\x78\xda" + block * 256 + packer.flush()
        with sqlite3.connect(bomb_study) as conn:
            conn.execute("INSERT INTO learned_models(name, created_at, language, data) "
                         "VALUES ('suggestions', 'x', 'en', ?)", [blob])
        conn.close()
        code, seconds, peak, line = run("suggest", str(bomb_study))
        print(f"{'study, 4 MB model blob inflating to 4 GB':40} {len(blob) / 1024:7.0f}KB "
              f"{code:4} {seconds:6.2f}s {peak:7.0f}MB  {line[:90]}")

        slow_study = folder / "slow-pattern.icstudy"
        if slow_study.exists():
            slow_study.unlink()
        with create(slow_study, template="journey") as s:
            code_id = next(c.id for c in s.codes.list() if c.name == "Compared vendors")
        transcript = folder / "ana.txt"
        transcript.write_text("Ana: " + "a b " * 10_000 + "\n", encoding="utf-8")
        run("import", str(slow_study), str(transcript))
        hostile = json.dumps([{"IS_ALPHA": True, "OP": "?"}] * 3
                             + [{"IS_ALPHA": True, "OP": "{5}"}] * 9)
        with sqlite3.connect(slow_study) as conn:
            conn.executemany("INSERT INTO code_patterns(code_id, pattern, created_at) "
                             "VALUES (?, ?, 'x')", [(code_id, hostile)] * 8)
        conn.close()
        code, seconds, peak, line = run("suggest", str(slow_study), "--no-learned")
        print(f"{'study, 8 slow patterns over 20,000 words':40} {'':9} {code:4} {seconds:6.2f}s "
              f"{peak:7.0f}MB  {line[:90]}")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
