"""Survey exports as Excel .xlsx, read with python-calamine (first sheet)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from interviewcoder.core.errors import ImportFailed
from interviewcoder.core.types import ParsedSurvey

from .base import Importer, Progress, ReadLimits, SurveyOptions, short_reason
from .survey_table import survey_from_rows
from .textio import normalise_newlines, open_zip


def read_xlsx_survey(
    path: Path, progress: Progress, limits: ReadLimits, survey: SurveyOptions
) -> ParsedSurvey:
    progress(0, 1, f"Reading {path.name}")
    with open_zip(path, limits, "Excel workbook") as archive:
        if not any(n.startswith("xl/") for n in archive.namelist()):
            raise ImportFailed(path.name, "not an Excel workbook (no xl/ part)")
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        if not workbook.sheet_names:
            raise ImportFailed(path.name, "the workbook has no sheets")
        values = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except ImportFailed:
        raise
    except BaseException as exc:  # calamine's own errors; a Rust panic is a BaseException
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise
        raise ImportFailed(path.name, f"corrupt Excel workbook ({short_reason(exc)})") from None
    rows = [[_cell(v) for v in row] for row in values]
    return survey_from_rows(rows, path.stem, path.name, survey, progress)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return str(value)
    return normalise_newlines(str(value))


IMPORTER = Importer(
    name="xlsx",
    label="Survey export (Excel)",
    kind="survey",
    extensions=(".xlsx",),
    sniff=lambda head: head.startswith(b"PK\x03\x04") and b"xl/" in head,
    read=read_xlsx_survey,
)
