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
from .textio import decode, read_bytes

_SEP_HINT = re.compile(r"^sep=([,;\t|])[ \t]*\n")


def read_csv_survey(
    path: Path, progress: Progress, limits: ReadLimits, survey: SurveyOptions
) -> ParsedSurvey:
    progress(0, 1, f"Reading {path.name}")
    text = decode(read_bytes(path, limits), path.name)
    hint = _SEP_HINT.match(text)
    if hint:  # Excel's "sep=;" first line names the delimiter
        delimiter, text = hint[1], text[hint.end() :]
    else:
        delimiter = _delimiter(text)
    csv.field_size_limit(max(limits.max_bytes, 1 << 20))
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFailed(path.name, f"malformed CSV ({exc})") from None
    return survey_from_rows(rows, path.stem, path.name, survey, progress)


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
