"""CSV export of one table: UTF-8 with BOM (Excel reads it as UTF-8), formula-safe text."""

from __future__ import annotations

import csv
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from interviewcoder.exporters.atomic import replacing
from interviewcoder.exporters.cells import csv_text
from interviewcoder.exporters.tables import Table, plain


def write_csv(path: Path, table: Table, *, text: Callable[[str], str] | None = None,
              progress: Callable[[str, int], None] | None = None) -> Path:
    """Write the header and rows of ``table`` to ``path``; all or nothing.

    ``progress(table name, rows written)`` is called at the start and every 5,000 rows; an
    exception it raises (a cancel) stops the export and leaves no file.
    """
    fix = text or (lambda s: s)
    with replacing(path) as tmp:
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([csv_text(h) for h in table.headers])
            if progress is not None:
                progress(table.name, 0)
            for n, row in enumerate(table.rows, 1):
                writer.writerow([_field(v, fix) for v in row])
                if progress is not None and n % 5000 == 0:
                    progress(table.name, n)
    return path


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
    return csv_text(fix(str(value)))
