"""CSV export of tables: a header row, then the rows; UTF-8 (with a BOM only when asked, for
Excel), formula-safe text, numbers as numbers, dates in ISO 8601."""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
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


def _write(tmp: Path, table: Table, text: Callable[[str], str] | None, progress: Progress | None,
           bom: bool) -> None:
    fix = text or (lambda s: s)
    with tmp.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([csv_text(fix(h)) for h in table.headers])
        if progress is not None:
            progress(table.name, 0)
        made = {i for i, c in enumerate(table.columns) if c.made}  # nothing to redact there
        for n, row in enumerate(table.rows, 1):
            writer.writerow([_field(v, _same if i in made else fix) for i, v in enumerate(row)])
            if progress is not None and n % 5000 == 0:
                progress(table.name, n)


def _same(text: str) -> str:
    return text


def _field(value: Any, fix: Callable[[str], str]) -> Any:
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
    return csv_text(fix(str(value)))
