"""Survey exports as Excel .xlsx, read with python-calamine (first sheet).

The sheet's rows are converted to text one at a time and spooled to a temporary file
(``SpooledRows``), which the survey's later readings stream from: the parsed survey holds no
rows, whether it was read here or in the helper process (``isolated``), which hands the spool
over with the parsed value.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import re
import tempfile
import weakref
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from interviewcoder.core.errors import ImportFailed
from interviewcoder.core.types import ParsedSurvey

from .base import Importer, Progress, ReadLimits, SurveyOptions, short_reason
from .survey_table import survey_from_rows
from .textio import normalise_newlines, open_zip

_HEAD_BYTES = 64 * 1024
_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*\bref="([A-Za-z0-9:$]+)"')
_CELL = re.compile(rb"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
_SHEET_RID = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\br:id="([^"]+)"')
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ATTR = re.compile(rb'\b(Id|Target)="([^"]*)"')
_SPOOL_BATCH = 1000


def read_xlsx_survey(
    path: Path, progress: Progress, limits: ReadLimits, survey: SurveyOptions
) -> ParsedSurvey:
    progress(0, 1, f"Reading {path.name}")
    with open_zip(path, limits, "Excel workbook") as archive:
        if not any(n.startswith("xl/") for n in archive.namelist()):
            raise ImportFailed(path.name, "not an Excel workbook (no xl/ part)")
        check_declared_size(archive, path.name, limits)
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        if not workbook.sheet_names:
            raise ImportFailed(path.name, "the workbook has no sheets")
        sheet = workbook.get_sheet_by_index(0)
        end = sheet.end
        _check_area(end[0] + 1 if end else 0, end[1] + 1 if end else 0, path.name, limits)
        rows = SpooledRows.write(_sheet_rows(sheet))
    except ImportFailed:
        raise
    except BaseException as exc:  # calamine's own errors; a Rust panic is a BaseException
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise
        raise ImportFailed(path.name, f"corrupt Excel workbook ({short_reason(exc)})") from None
    return survey_from_rows(rows, path.stem, path.name, survey, progress)


def _sheet_rows(sheet: Any) -> Iterator[list[str]]:
    """The sheet's rows from A1 (the empty area above and left of its values included, as
    ``to_python(skip_empty_area=False)`` gives them), as text."""
    start = sheet.start
    lead = [""] * (start[1] if start else 0)
    for row in sheet.iter_rows():
        yield [*lead, *(_cell(v) for v in row)]


class SpooledRows:
    """Rows written once to a temporary file (pickled batches) and read back on each call.
    The file is removed when the last owner lets go: pickling (the helper's answer) hands it
    to the process that unpickles it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._own()

    @classmethod
    def write(cls, rows: Iterator[list[str]]) -> SpooledRows:
        handle, name = tempfile.mkstemp(prefix="interviewcoder-sheet-", suffix=".rows")
        try:
            with os.fdopen(handle, "wb") as out:
                batch: list[list[str]] = []
                for row in rows:
                    batch.append(row)
                    if len(batch) >= _SPOOL_BATCH:
                        pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
                        batch = []
                if batch:
                    pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            os.unlink(name)
            raise
        return cls(name)

    def _own(self) -> None:
        self._finalizer = weakref.finalize(self, _remove, self.path)

    def __call__(self) -> Iterator[list[str]]:
        with open(self.path, "rb") as spool:  # our own temporary file
            while True:
                try:
                    batch = pickle.load(spool)  # noqa: S301 - written by this module
                except EOFError:
                    return
                yield from batch

    def __getstate__(self) -> dict[str, str]:
        self._finalizer.detach()  # the unpickled copy removes the file
        return {"path": self.path}

    def __setstate__(self, state: dict[str, str]) -> None:
        self.path = state["path"]
        self._own()


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def check_declared_size(archive: zipfile.ZipFile, name: str, limits: ReadLimits) -> None:
    """Before anything builds the first sheet in memory: its declared size
    (``<dimension ref="A1:ZZ200000"/>``, at the start of its XML) and, when that is too big,
    its real one (the farthest cell holding a value; an empty formatted cell does not count).
    Reading itself happens in a process of its own with bounded memory (``isolated``), where
    a sheet whose declaration lies is caught too."""
    part = _first_sheet(archive)
    if part is None:
        return
    try:
        with archive.open(part) as sheet:
            head = sheet.read(_HEAD_BYTES)
        found = _DIMENSION.search(head)
        cell = _CELL.fullmatch(found[1].split(b":")[-1]) if found else None
        if cell is None:
            return
        declared = (int(cell[2]), column_number(cell[1].decode()))
        if declared[0] * declared[1] <= limits.max_sheet_cells:
            return
        with archive.open(part) as sheet:
            rows, columns = _real_extent(sheet)
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError):
        raise ImportFailed(name, "corrupt Excel workbook (its first sheet cannot be read)") from None
    _check_area(rows, columns, name, limits)


def _real_extent(sheet: IO[bytes]) -> tuple[int, int]:
    """(last row, last column) holding a value, streaming the sheet's XML row by row."""
    from lxml import etree

    rows = columns = 0
    number = 0
    try:
        for _, row in etree.iterparse(sheet, events=("end",), tag=f"{_SHEET_NS}row",
                                      resolve_entities=False, no_network=True, load_dtd=False):
            number = int(row.get("r") or number + 1)
            column = 0
            for cell in row:
                ref = cell.get("r")
                found = _CELL.fullmatch(ref.encode()) if ref else None
                column = column_number(found[1].decode()) if found else column + 1
                if len(cell) and column > columns:
                    columns = column
                if len(cell):
                    rows = max(rows, number)
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise ValueError(str(exc)) from None
    return rows, columns


def _check_area(rows: int, columns: int, name: str, limits: ReadLimits) -> None:
    if rows * columns > limits.max_sheet_cells:
        raise ImportFailed(
            name, f"refused: the first sheet's values reach cell {column_letters(columns)}{rows} "
                  f"({rows:,} rows × {columns:,} columns, over the {limits.max_sheet_cells:,}-cell "
                  "limit); is something far below or to the right of the data?")


def column_letters(number: int) -> str:
    """1 → ``A``, 27 → ``AA``, 16384 → ``XFD``."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


def column_number(letters: str) -> int:
    """``A`` → 1, ``Z`` → 26, ``AA`` → 27, ``XFD`` → 16384."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _first_sheet(archive: zipfile.ZipFile) -> str | None:
    """The part of the workbook's first sheet (the one read), from workbook.xml and its
    relationships; None when they cannot tell."""
    names = set(archive.namelist())
    try:
        workbook = archive.read("xl/workbook.xml")[: 1 << 20]
        rels = archive.read("xl/_rels/workbook.xml.rels")[: 1 << 20]
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, zlib.error):
        return None
    sheet = _SHEET_RID.search(workbook)
    if not sheet:
        return None
    for rel in _RELATIONSHIP.finditer(rels):
        attrs = dict(_ATTR.findall(rel[0]))
        if attrs.get(b"Id") == sheet[1]:
            target = attrs.get(b"Target", b"").decode("utf-8", "replace").lstrip("/")
            part = target if target.startswith("xl/") else f"xl/{target}"
            return part if part in names else None
    return None


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
