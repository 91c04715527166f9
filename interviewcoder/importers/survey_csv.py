"""Survey exports as CSV (or tab-separated text)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from interviewcoder.core.errors import ImportFailed
from interviewcoder.core.types import ParsedSurvey

from .base import Importer, Progress, ReadLimits, SurveyOptions
from .survey_table import survey_from_rows
from .textio import decode, note, read_bytes

_SEP_HINT = re.compile(r"^sep=([,;\t|])[ \t]*\n")


def read_csv_survey(
    path: Path, progress: Progress, limits: ReadLimits, survey: SurveyOptions
) -> ParsedSurvey:
    progress(0, 1, f"Reading {path.name}")
    text = decode(read_bytes(path, limits), path.name)
    hint = _SEP_HINT.match(text)
    first_line = 1
    if hint:  # Excel's "sep=;" first line names the delimiter
        delimiter, text = hint[1], text[hint.end() :]
        first_line = 2
    else:
        delimiter = _delimiter(text)
    csv.field_size_limit(max(limits.max_bytes, 1 << 20))
    rows = read_rows(text, delimiter, path.name, first_line)
    return survey_from_rows(rows, path.stem, path.name, survey, progress)


def read_rows(text: str, delimiter: str, name: str, first_line: int = 1) -> list[list[str]]:
    """The CSV's rows. A quote never closed is refused naming the line it opens on; a quoted
    field that swallows lines looking like rows of their own (a stray quote closed much
    later) is read as written, with a warning naming its lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    width = last_start = 0
    try:
        while True:
            start = reader.line_num + 1  # the line (of ``text``) this record begins on
            try:
                row = next(reader)
            except StopIteration:
                break
            width = width or len(row)
            if reader.line_num > start and width > 1:
                _check_swallowed(row, delimiter, width, start + first_line - 1,
                                 reader.line_num + first_line - 1)
            rows.append(row)
            last_start = start
    except csv.Error as exc:
        raise ImportFailed(name, f"line {reader.line_num + first_line - 1}: malformed CSV "
                                 f"({exc})") from None
    if last_start and _ends_inside_quotes(text, last_start, delimiter):
        raise ImportFailed(name, f"line {last_start + first_line - 1}: a quote (\") opened here "
                                 "is never closed; the rest of the file would be one answer")
    return rows


def _ends_inside_quotes(text: str, line: int, delimiter: str) -> bool:
    """Does the record starting on ``line`` run into the end of the file inside quotes? (The
    lenient reader takes that quietly; a strict one reading only that record says so.)"""
    at = 0
    for _ in range(line - 1):
        at = text.index("\n", at) + 1
    try:
        list(csv.reader(io.StringIO(text[at:], newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _check_swallowed(row: list[str], delimiter: str, width: int, start: int, end: int) -> None:
    for field in row:
        if "\n" not in field:
            continue
        like_rows = sum(1 for line in field.split("\n") if line.count(delimiter) >= width - 1)
        if like_rows >= 2:
            note(f"lines {start}-{end}: one quoted field holds {end - start + 1} lines, "
                 f"{like_rows} of them shaped like rows of their own; is a quote (\") out of "
                 "place?")
            return


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def looks_tabular(head: bytes) -> bool:
    """Excel's "Unicode text" export: UTF-16 with a BOM, tab-separated rows, saved as .txt.

    (Tab-separated UTF-8 text stays a transcript unless ``--format csv`` says otherwise.)
    """
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            text = head[2 : len(head) - len(head) % 2].decode(encoding, errors="replace")
            lines = [ln for ln in text.replace("\r", "").split("\n")[:-1] if ln.strip()][:5]
            tabs = {line.count("\t") for line in lines}
            return len(lines) >= 2 and len(tabs) == 1 and min(tabs) >= 2
    return False


def _sniff(head: bytes) -> bool:
    first = head.split(b"\n", 1)[0]
    return b"\x00" not in head[:512] and (first.count(b",") >= 2 or first.count(b"\t") >= 2)


IMPORTER = Importer(
    name="csv",
    label="Survey export (CSV)",
    kind="survey",
    extensions=(".csv", ".tsv"),
    sniff=_sniff,
    read=read_csv_survey,
)
