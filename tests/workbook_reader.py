"""Read an exported workbook back as tables: header -> value dicts per row, by table name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

LEGEND = "Legend"


def header_row(ws: Any) -> int:  # noqa: ANN401
    """The 1-based row of the first table's header: after the note row and the legend lines
    (the first says ``Legend``, the others leave column A empty)."""
    rows = [list(r) for r in ws.iter_rows(min_row=1, max_row=12, values_only=True)]
    i = 1
    if i < len(rows) and rows[i] and rows[i][0] == LEGEND:
        i += 1
        while i < len(rows) and rows[i] and rows[i][0] is None:
            i += 1
    return i + 1


def sheet_tables(ws: Any) -> dict[str, list[dict[str, Any]]]:  # noqa: ANN401
    """The tables of one sheet: the sheet's own (named after it) and any below it, each
    after a blank row and a title row. Row 1 is the note; legend lines may follow it."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    i = header_row(ws) - 1
    tables: dict[str, list[dict[str, Any]]] = {}
    name = ws.title
    while i < len(rows):
        header = rows[i]
        width = max((k + 1 for k, v in enumerate(header) if v is not None), default=0)
        header = header[:width]
        body = []
        i += 1
        while i < len(rows) and any(v is not None for v in rows[i]):
            body.append(dict(zip(header, rows[i][:width], strict=True)))
            i += 1
        tables[name] = body
        i += 1  # the blank row
        if i < len(rows) and rows[i] and rows[i][0] is not None:
            name = rows[i][0]
            i += 1
    return tables


def workbook_tables(path: Path) -> dict[str, list[dict[str, Any]]]:
    wb = load_workbook(path)
    out: dict[str, list[dict[str, Any]]] = {}
    for ws in wb.worksheets:
        out.update(sheet_tables(ws))
    return out


def headers(ws: Any) -> list[str]:  # noqa: ANN401
    """The first table's header row."""
    return [c.value for c in ws[header_row(ws)] if c.value is not None]
