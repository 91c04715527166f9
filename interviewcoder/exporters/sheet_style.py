"""How the workbook looks: fonts, fills, number formats, colour scales, row heights, print setup.

Cell styles are made once per combination and shared (openpyxl hashes a style each time one is
assigned, which would double the time of a 100,000-quote export).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from interviewcoder.exporters.tables import Table

HEADER_FILL = "1F3A5F"
HEADER_FONT = "FFFFFF"
SCALE_LOW = "FFFFFF"
SCALE_HIGH = "5B9BD5"
MORE_AMONG_WON = "A9D08E"  # a differential below 0: the code is commoner among won
MORE_AMONG_LOST = "F4B183"  # above 0: commoner among lost (or churned): friction
MARK_COLOUR = "7F7F7F"
LINE_HEIGHT = 15.0  # points per line of 11-point text
MAX_LINES = 10  # a long quote's row shows this many lines; the cell holds the whole text
_FORMATS = {"share": "0%", "bound": "0%", "delta": "+0%;-0%;0%", "cell": '0;-0;"·"'}
_DATE_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm", "time": "hh:mm"}
_HEADER_TEXT = 255  # Excel's limit for a page header or footer section


class Styles:
    """Styles of one workbook."""

    def __init__(self, wb: Any) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.wb = wb
        self.header_font = Font(bold=True, color=HEADER_FONT)
        self.header_fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
        self.header_align = Alignment(vertical="top", wrap_text=True)
        self.note_font = Font(italic=True, color="555555")
        self.note_wrap_font = self.note_font
        self.title_font = Font(bold=True, size=12)
        self.legend_font = Font(bold=True, color="555555")
        self.legend_text_font = Font(color="555555")
        self.mark_font = Font(italic=True, color=MARK_COLOUR)
        self.top = Alignment(vertical="top")
        self.wrap = Alignment(vertical="top", wrap_text=True)
        self._cache: dict[tuple[Any, ...], Any] = {}

    def cell_style(self, ws: Any, kind: str, mark: str | None, date_kind: str | None,
                   formula: bool, top: bool, fill: str | None = None) -> Any:
        """The shared style array for a body cell, or None for an unstyled one. ``fill`` is
        an ``RRGGBB`` colour (a ``swatch`` mark)."""
        key = (kind, mark, date_kind, formula, top, fill)
        if key in self._cache:
            return self._cache[key]
        number_format = _DATE_FORMATS.get(date_kind or "") or _FORMATS.get(kind)
        alignment = self.wrap if kind == "long" else self.top if top else None
        style = None
        if number_format or alignment or mark or formula:
            from openpyxl.cell import WriteOnlyCell
            from openpyxl.styles import PatternFill

            proto = WriteOnlyCell(ws, value=None)
            if number_format:
                proto.number_format = number_format
            if alignment is not None:
                proto.alignment = alignment
            if fill:
                proto.fill = PatternFill("solid", start_color=fill, end_color=fill)
            elif mark:
                proto.font = self.mark_font
            if formula:
                proto.quotePrefix = True  # Excel keeps it text when the cell is edited
            style = proto._style
        self._cache[key] = style
        return style

    def colour(self, ws: Any, table: Table, first_row: int, last_row: int) -> None:
        """Colour scales: shares from 0 to 100%, differentials both ways from 0, and the
        table's own scales (counts as a share of their group)."""
        from openpyxl.formatting.rule import ColorScaleRule

        def ranges(columns: Sequence[int], rows: tuple[int, int]) -> str:
            from openpyxl.utils import get_column_letter

            return " ".join(f"{get_column_letter(i + 1)}{rows[0]}:{get_column_letter(i + 1)}{rows[1]}"
                            for i in columns)

        every = (first_row, last_row)
        shares = [i for i, c in enumerate(table.columns) if c.kind == "share"]
        if shares:
            ws.conditional_formatting.add(ranges(shares, every), ColorScaleRule(
                start_type="num", start_value=0, start_color=SCALE_LOW,
                end_type="num", end_value=1, end_color=SCALE_HIGH))
        deltas = [i for i, c in enumerate(table.columns) if c.kind == "delta"]
        if deltas:
            ws.conditional_formatting.add(ranges(deltas, every), ColorScaleRule(
                start_type="num", start_value=-1, start_color=MORE_AMONG_WON,
                mid_type="num", mid_value=0, mid_color=SCALE_LOW,
                end_type="num", end_value=1, end_color=MORE_AMONG_LOST))
        for scale in table.scales:
            rows = every if scale.rows is None else (first_row + scale.rows[0],
                                                      first_row + scale.rows[1] - 1)
            if rows[1] < rows[0] or not scale.columns or scale.high <= 0:
                continue
            ws.conditional_formatting.add(ranges(scale.columns, rows), ColorScaleRule(
                start_type="num", start_value=0, start_color=SCALE_LOW,
                end_type="num", end_value=scale.high, end_color=SCALE_HIGH))


def blend(low: str, high: str, t: float) -> str:
    """The colour a two-colour scale gives at ``t`` in [0, 1]."""
    t = min(1.0, max(0.0, t))
    a = [int(low[i:i + 2], 16) for i in (0, 2, 4)]
    b = [int(high[i:i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(x + (y - x) * t):02X}" for x, y in zip(a, b, strict=True))


def sample_cell(ws: Any, styles: Styles, sample: str, label: str) -> Any:
    """A legend's sample cell: a scale colour, a mark, or a plain colour swatch."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, PatternFill

    cell = WriteOnlyCell(ws, value=label or None)
    kind, _, arg = sample.partition(":")
    colour = None
    if kind == "share":
        colour = blend(SCALE_LOW, SCALE_HIGH, float(arg))
    elif kind == "delta":
        v = float(arg)
        colour = blend(SCALE_LOW, MORE_AMONG_LOST if v > 0 else MORE_AMONG_WON, abs(v))
    elif kind == "swatch":
        colour = arg.lstrip("#").upper()
    elif kind in ("thin", "no-one"):
        cell.font = styles.mark_font
    if colour:
        cell.fill = PatternFill("solid", start_color=colour, end_color=colour)
    cell.alignment = Alignment(horizontal="center")
    return cell


def row_height(texts: Sequence[str], widths: Sequence[float], cap: int = MAX_LINES,
               chars_per_unit: float = 1.2) -> float | None:
    """The height (points) that shows ``texts`` wrapped in columns of ``widths``, up to
    ``cap`` lines; None when one line is enough. (A width unit holds about 1.2 characters of
    prose, 1.0 of bold headers.)"""
    lines = 1
    for text, width in zip(texts, widths, strict=False):
        per_line = max(1, int(width * chars_per_unit))
        n = sum(max(1, math.ceil(len(par) / per_line)) for par in str(text).split("\n"))
        lines = max(lines, n)
    return LINE_HEIGHT * min(lines, cap) + 4 if lines > 1 else None


def _escape(text: str) -> str:
    """Text for a page header or footer: ``&`` is a code there."""
    return text.replace("&", "&&")


def fit_to_page(ws: Any) -> None:
    """Print to the page's width (goes in the sheet's properties, written before any row)."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def page_setup(ws: Any, table: Table, page: Any, rows: int) -> None:
    """Landscape, one page wide (with ``fit_to_page``, which goes before the rows), narrow
    margins, gridlines, the study/filters/date header and a page-number footer; only the
    columns for people are printed."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.55, bottom=0.5, header=0.25, footer=0.25)
    ws.print_options.gridLines = True
    width = table.print_columns or max(len(t.columns) for t in [table, *table.extra])
    ws.print_area = f"A1:{get_column_letter(width)}{max(rows, 1)}"
    left = f"&B{_escape(page.study)}&B · {_escape(table.name)}" if page.study else _escape(table.name)
    ws.oddHeader.left.text = left[:_HEADER_TEXT]
    ws.oddHeader.right.text = _escape(f"Filters: {page.filters}" if page.filters else "")[:_HEADER_TEXT]
    ws.oddFooter.left.text = _escape(f"Exported {page.stamp} · interviewcoder" if page.stamp
                                     else "interviewcoder")[:_HEADER_TEXT]
    ws.oddFooter.right.text = "Page &P of &N"
    for part in (ws.oddHeader.left, ws.oddHeader.right, ws.oddFooter.left, ws.oddFooter.right):
        part.size = 8
