"""CSV export of tables: a header row, then the rows; UTF-8 (with a BOM only when asked, for
Excel), formula-safe text, numbers as numbers, dates in ISO 8601."""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from itertools import islice
from pathlib import Path
from typing import Any

from interviewcoder.exporters.atomic import replacing, replacing_all
from interviewcoder.exporters.cells import csv_text
from interviewcoder.exporters.tables import Table, plain

Progress = Callable[[str, int], None]


def write_csv(path: Path, table: Table, *, text: Callable[[str], str] | None = None,
              progress: Progress | None = None, bom: bool = False) -> Path:
    """Write the header and rows of ``table`` to ``path``; all or nothing. ``text`` (the
    redactor of a redacted export) is applied to the headers and every text field.

    ``progress(table name, rows written)`` is called at the start and every 5,000 rows; an
    exception it raises (a cancel) stops the export and leaves no file. ``bom`` starts the
    file with a UTF-8 byte order mark, which Excel needs to read it as UTF-8.
    """
    with replacing(path) as tmp:
        _write(tmp, table, text, progress, bom)
    return path


def write_csvs(paths: Sequence[Path], tables: Sequence[Callable[[], Table]], *,
               text: Callable[[str], str] | None = None, progress: Progress | None = None,
               bom: bool = False) -> list[Path]:
    """Write several tables (each built when its turn comes), all or none."""
    with replacing_all(paths) as temps:
        for tmp, make in zip(temps, tables, strict=True):
            _write(tmp, make(), text, progress, bom)
    return list(paths)


CHUNK = 1000  # rows redacted together, a column at a time (five chunks between progress calls)


def _write(tmp: Path, table: Table, text: Callable[[str], str] | None, progress: Progress | None,
           bom: bool) -> None:
    with tmp.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([csv_text(text(h) if text else h) for h in table.headers])
        if progress is not None:
            progress(table.name, 0)
        made = {i for i, c in enumerate(table.columns) if c.made}  # nothing to redact there
        written = 0
        rows = iter(table.rows)
        while chunk := list(islice(rows, CHUNK)):
            if text is not None:
                chunk = _redacted(chunk, text, made)
            writer.writerows([[_field(v) for v in row] for row in chunk])
            written += len(chunk)
            if progress is not None and written % 5000 == 0:
                progress(table.name, written)


def _redacted(rows: list[Sequence[Any]], fix: Callable[[str], str],
              made: set[int]) -> list[Sequence[Any]]:
    """``rows`` with ``fix`` applied to every text value outside the ``made`` columns, a column
    at a time: a column's values are alike (names, codes, quotes), so a redactor reads them
    together (``redact_many``), with its patterns and its memory of repeated values at hand."""
    many = getattr(fix, "redact_many", None) or (
        lambda values: [fix(v) if isinstance(v, str) and v else v for v in values])
    if len({len(row) for row in rows}) != 1:  # ragged rows (no table makes them): cell by cell
        return [[v if i in made else many([_text_or_kept(v)])[0] for i, v in enumerate(row)]
                for row in rows]
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True))
    for i, column in enumerate(columns):
        if i not in made:
            columns[i] = many([v if type(v) is str or v is None or type(v) is int
                               else _text_or_kept(v) for v in column])
    return list(zip(*columns, strict=True))


def _text_or_kept(value: Any) -> Any:
    """A value without its mark: a number or date as it is, anything else as text."""
    value = plain(value)
    return value if value is None or isinstance(value, _TEXT_OR_KEPT) else str(value)


_KEPT = (bool, int, float, datetime, date, time)  # written as they are (numbers, dates)
_TEXT_OR_KEPT = (str, *_KEPT)


def _field(value: Any) -> Any:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return "" if not math.isfinite(value) else round(value, 6)
    if isinstance(value, int):
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return csv_text(str(value))
