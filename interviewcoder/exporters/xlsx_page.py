"""Page layout for sheets made to be read and printed (``Table.page``): frozen row and column,
landscape, one page wide, wrapped text at the top of cells, row heights that show it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from interviewcoder.exporters.tables import Column, Page

LINE_HEIGHT = 15.0  # points per line of 11-point text
MAX_LINES = 14
PAPER = {"letter": 1, "tabloid": 3, "a3": 8, "a4": 9}  # OOXML paperSize codes


def apply_page(ws: Any, page: Page, header_row: int = 1) -> None:
    """Set the sheet's panes and print setup (before any row is written); the header row gets
    room for two lines."""
    ws.freeze_panes = page.freeze
    ws.row_dimensions[header_row].height = 2 * LINE_HEIGHT + 2
    ws.print_title_rows = f"{header_row}:{header_row}"
    if page.landscape:
        ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER.get(page.paper, PAPER["a4"])
    if page.fit_width:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    if page.repeat_columns:
        ws.print_title_cols = page.repeat_columns
    ws.print_options.gridLines = True


def wrapped_row(ws: Any, values: Sequence[Any], columns: Sequence[Column], row: int) -> list[Any]:
    """``values`` (already made safe by the writer) as cells wrapped at the top, and the row
    given a height that shows its longest cell."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    align = Alignment(wrap_text=True, vertical="top")
    out = []
    lines = 1
    for value, column in zip(values, columns, strict=False):
        cell = value if hasattr(value, "alignment") else WriteOnlyCell(ws, value=value)
        cell.alignment = align
        out.append(cell)
        text = "" if cell.value is None else str(cell.value)
        width = max(4.0, (column.width or 12) - 1)
        lines = max(lines, sum(max(1, math.ceil(len(part) / width)) for part in text.split("\n")))
    ws.row_dimensions[row].height = min(MAX_LINES, lines) * LINE_HEIGHT
    return out
