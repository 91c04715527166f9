"""The workbook writer: openpyxl in write-only mode, so memory does not grow with row count.

Every sheet gets a note row (study, filters, date), a styled header row frozen under it, an
autofilter, column widths, numbers stored as numbers (shares as percentages) and a colour
scale on count columns. Text goes through ``cells.clean_text``; text that looks like a
formula is written as a string cell with Excel's quote prefix, never as a formula.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from interviewcoder.exporters.atomic import replacing
from interviewcoder.exporters.cells import clean_text, looks_like_formula
from interviewcoder.exporters.tables import Column, Table
from interviewcoder.exporters.xlsx_page import apply_page, wrapped_row

HEADER_FILL = "1F3A5F"
HEADER_FONT = "FFFFFF"
SCALE_LOW = "FFFFFF"
SCALE_HIGH = "5B9BD5"
_WIDTHS = {"text": 18, "long": 60, "int": 9, "count": 10, "share": 9, "delta": 10, "flag": 7}
_FORMATS = {"share": "0.0%", "delta": "+0.0%;-0.0%;0.0%"}
_INVALID_TITLE = str.maketrans({c: "_" for c in "[]:*?/\\"})

Progress = Callable[[str, int], None]


def sheet_title(name: str) -> str:
    return name.translate(_INVALID_TITLE)[:31] or "Sheet"


class _Styles:
    """Styles made once per workbook (openpyxl styles are shared values)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.header_font = Font(bold=True, color=HEADER_FONT)
        self.header_fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
        self.header_align = Alignment(vertical="center", wrap_text=True)
        self.note_font = Font(italic=True, color="555555")
        self.title_font = Font(bold=True, size=12)


def write_workbook(path: Path, tables: Sequence[Table], *, text: Callable[[str], str] | None = None,
                   progress: Progress | None = None) -> Path:
    """Write ``tables`` (one sheet each) to ``path``; all or nothing."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    styles = _Styles()
    try:
        with replacing(path) as tmp:
            for table in tables:
                ws = wb.create_sheet(sheet_title(table.name))
                _write_sheet(ws, table, styles, text or (lambda s: s), progress)
            wb.save(tmp)
    except BaseException:
        _discard(wb)
        raise
    return path


def _discard(wb: Any) -> None:
    """Close the half-written sheets of a failed export and remove their temporary files."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        try:
            if not getattr(ws, "_WriteOnlyWorksheet__saved", True):
                ws.close()
            writer.cleanup()
        except Exception:  # noqa: BLE001,S110 - best effort: the export already failed
            pass


def _write_sheet(ws: Any, table: Table, styles: _Styles, text: Callable[[str], str],
                 progress: Progress | None) -> None:
    from openpyxl.utils import get_column_letter

    width = max(len(t.columns) for t in [table, *table.extra])
    for i in range(width):
        kinds = [t.columns[i] for t in [table, *table.extra] if i < len(t.columns)]
        ws.column_dimensions[get_column_letter(i + 1)].width = _width(kinds)
    ws.freeze_panes = "A3" if table.note else "A2"
    if table.page is not None:
        apply_page(ws, table.page, header_row=2 if table.note else 1)
    row = 0
    if table.note:
        ws.append([_styled(ws, table.note, font=styles.note_font)])
        row += 1
    first = True
    for part in [table, *table.extra]:
        if not first:
            ws.append([])
            ws.append([_styled(ws, part.name, font=styles.title_font)])
            row += 2
        header_row = row + 1
        if progress is not None:
            progress(part.name, 0)
        ws.append([_styled(ws, c.header, font=styles.header_font, fill=styles.header_fill,
                           alignment=styles.header_align) for c in part.columns])
        row += 1
        n = 0
        for values in part.rows:
            cells = [_value(ws, v, c, text) for v, c in zip(values, part.columns, strict=False)]
            if part.page is not None and part.page.wrap:
                cells = wrapped_row(ws, cells, part.columns, row + n + 1)
            ws.append(cells)
            n += 1
            if progress is not None and n % 5000 == 0:
                progress(part.name, n)
        row += n
        if first:
            last = get_column_letter(len(part.columns))
            ws.auto_filter.ref = f"A{header_row}:{last}{header_row + n}"
        if n:
            _colour_scale(ws, part.columns, header_row + 1, header_row + n)
        first = False


def _width(columns: list[Column]) -> float:
    widths = [c.width or max(_WIDTHS[c.kind], min(len(c.header) + 2, 40)) for c in columns]
    return max(widths)


def _styled(ws: Any, value: Any, **style: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=clean_text(value) if isinstance(value, str) else value)
    if isinstance(value, str) and looks_like_formula(value):
        cell.data_type = "s"
    for key, v in style.items():
        setattr(cell, key, v)
    return cell


def _value(ws: Any, value: Any, column: Column, text: Callable[[str], str]) -> Any:
    if value is None or isinstance(value, bool):
        return ("yes" if value else "") if isinstance(value, bool) else None
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        if column.kind in _FORMATS:
            from openpyxl.cell import WriteOnlyCell

            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = _FORMATS[column.kind]
            return cell
        return value
    value = clean_text(text(str(value)))
    if looks_like_formula(value):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"  # a string, whatever it starts with
        cell.quotePrefix = True  # and Excel keeps it one when the cell is edited
        return cell
    return value


def _colour_scale(ws: Any, columns: list[Column], first_row: int, last_row: int) -> None:
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.utils import get_column_letter

    counts = [i for i, c in enumerate(columns, 1) if c.kind == "count"]
    if not counts:
        return
    rule = ColorScaleRule(start_type="num", start_value=0, start_color=SCALE_LOW,
                          end_type="max", end_color=SCALE_HIGH)
    ranges = " ".join(f"{get_column_letter(i)}{first_row}:{get_column_letter(i)}{last_row}"
                      for i in counts)
    ws.conditional_formatting.add(ranges, rule)
