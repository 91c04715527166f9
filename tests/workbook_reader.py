"""Read an exported workbook back as tables: header -> value dicts per row, by table name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

LEGEND = "Legend"


def sheet_tables(ws: Any) -> dict[str, list[dict[str, Any]]]:  # noqa: ANN401
    """The tables of one sheet: the sheet's own (named after it) and any below it, each
    after a blank row and a title row. Row 1 is the note; a legend row may follow it."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    i = 1
    if i < len(rows) and rows[i] and rows[i][0] == LEGEND:
        i += 1
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
    rows = [list(r) for r in ws.iter_rows(min_row=1, max_row=3, values_only=True)]
    row = rows[2] if len(rows) > 2 and rows[1] and rows[1][0] == LEGEND else rows[1]
    return [v for v in row if v is not None]
