"""The workbook writer: openpyxl in write-only mode, so memory does not grow with row count.

Every sheet is made to be read and printed by a person:

- a note row (study, filters, date, the denominator rule), a legend row when the sheet uses
  colour or marks, a styled header row; header and leading columns (the code) frozen;
- numbers stored as numbers (shares as percentages), dates as dates; colour scales on shares
  (never on raw counts: groups differ in size); marks (thin evidence, quotes for no one) as
  grey italic; long text wrapped, top-aligned, with row heights that fit it (up to a cap);
- page setup: landscape, fit to one page wide, the header row repeated on every page, a page
  header and footer with the study, the filters, the date and the page number; columns for
  machines (raw offsets) are left off the printed page.

Text goes through ``cells.clean_text``; text that looks like a formula is written as a string
cell with Excel's quote prefix, never as a formula.

``text`` (the redactor of a redacted export) is applied to every string the workbook holds:
sheet names, note and legend rows, headers, the titles of tables below others, text cells, and
the printed page header and footer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from copy import copy
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from itertools import chain, islice
from pathlib import Path
from typing import Any

from interviewcoder.exporters.atomic import replacing
from interviewcoder.exporters.cells import clean_text, looks_like_formula
from interviewcoder.exporters.sheet_style import (
    Styles,
    fit_to_page,
    page_setup,
    row_height,
    sample_cell,
)
from interviewcoder.exporters.tables import Column, LegendItem, Marked, Table
from interviewcoder.exporters.xlsx_page import apply_page, wrapped_row

Progress = Callable[[str, int], None]
_WIDTHS = {"text": 18, "long": 60, "int": 8, "count": 9, "cell": 9, "share": 8, "bound": 7,
           "delta": 9, "flag": 8}
_HEX = re.compile("#?[0-9A-Fa-f]{6}")
_INVALID_TITLE = str.maketrans({c: "_" for c in "[]:*?/\\"})
ALIGN_ALL_UP_TO = 5_000
"""Tables up to this many rows get every cell top-aligned (so a wrapped quote reads with its
row); bigger ones style only their wrapped text, which keeps a 100,000-quote export fast
(styling every cell costs about 1.7 times the time)."""


@dataclass(frozen=True)
class PageInfo:
    """What the printed page header and footer say."""

    study: str = ""
    filters: str = ""
    stamp: str = ""


def sheet_title(name: str) -> str:
    return name.translate(_INVALID_TITLE)[:31] or "Sheet"


def write_workbook(path: Path, tables: Sequence[Table], *, text: Callable[[str], str] | None = None,
                   progress: Progress | None = None, page: PageInfo | None = None) -> Path:
    """Write ``tables`` (one sheet each) to ``path``; all or nothing."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    styles = Styles(wb)
    fix = text or (lambda s: s)
    info = page or PageInfo()
    if text is not None:
        info = PageInfo(fix(info.study), fix(info.filters), info.stamp)
    try:
        with replacing(path) as tmp:
            titles: set[str] = set()
            for table in tables:
                ws = wb.create_sheet(_unique(sheet_title(fix(table.name)), titles))
                rows = SheetWriter(ws, table, styles, fix, progress).write()
                named = table if text is None else replace(table, name=fix(table.name))
                page_setup(ws, named, info, rows)
            wb.save(tmp)
    except BaseException:
        _discard(wb)
        raise
    return path


def _unique(title: str, taken: set[str]) -> str:
    """``title``, or with `` (2)``... when a sheet already has it (redaction can make two
    sheet names one)."""
    n, candidate = 1, title
    while candidate.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        candidate = title[:31 - len(suffix)] + suffix
    taken.add(candidate.casefold())
    return candidate


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


def column_width(column: Column) -> float:
    """The column's width, never narrower than the longest word of its header (headers wrap
    between words, never inside one)."""
    word = max((len(w) for w in column.header.split()), default=0) + 2
    return max(column.width or max(_WIDTHS[column.kind], min(len(column.header) // 2 + 2, 16)),
               min(word, 18))


class SheetWriter:
    """Lays out one table (and the tables below it) on a write-only sheet."""

    def __init__(self, ws: Any, table: Table, styles: Styles, text: Callable[[str], str],
                 progress: Progress | None) -> None:
        self.ws, self.table, self.styles, self.text, self.progress = ws, table, styles, text, progress
        self.parts = [table, *table.extra]
        self.widths = [max(column_width(t.columns[i]) for t in self.parts if i < len(t.columns))
                       for i in range(max(len(t.columns) for t in self.parts))]
        self.row = 0  # rows written so far
        self.header_row = 0  # the first table's header row (1-based)

    def write(self) -> int:
        """Write the sheet; returns the number of rows written."""
        from openpyxl.utils import get_column_letter

        for i, w in enumerate(self.widths):
            self.ws.column_dimensions[get_column_letter(i + 1)].width = w
        t = self.table
        fit_to_page(self.ws)
        self.header_row = 1 + bool(t.note) + len(t.legend)
        self.ws.freeze_panes = f"{get_column_letter(t.freeze + 1)}{self.header_row + 1}"
        if t.page is not None:  # a sheet with a layout of its own (the Map)
            apply_page(self.ws, t.page, header_row=self.header_row)
        if t.note:
            self._spanning(0, [], self.text(t.note), self.styles.note_wrap_font)
        for i, item in enumerate(t.legend):
            self._legend(item, i == 0)
        for n, part in enumerate(self.parts):
            if n:
                self._append([])
                self._append([self._cell(self.text(part.name), self.styles.title_font)])
            self._part(part, first=n == 0)
        self.ws.print_title_rows = f"{self.header_row}:{self.header_row}"
        return self.row

    # --- rows ---------------------------------------------------------------------------

    def _append(self, cells: list[Any], height: float | None = None) -> None:
        self.row += 1
        if height is not None:
            dim = self.ws.row_dimensions[self.row]
            dim.height = height
        self.ws.append(cells)
        if height is not None:
            del self.ws.row_dimensions[self.row]  # written: keep memory flat

    def _part(self, part: Table, first: bool) -> None:
        from openpyxl.utils import get_column_letter

        if self.progress is not None:
            self.progress(part.name, 0)
        header = [self._cell(self.text(c.header), self.styles.header_font, self.styles.header_fill,
                             self.styles.header_align) for c in part.columns]
        self._append(header, row_height([c.header for c in part.columns], self.widths, cap=4,
                                        chars_per_unit=0.95))
        start = self.row + 1
        rows = iter(part.rows)
        head = list(islice(rows, ALIGN_ALL_UP_TO + 1))  # a peek: is this a table for reading?
        align_all = len(head) <= ALIGN_ALL_UP_TO
        long_cols = [i for i, c in enumerate(part.columns) if c.kind == "long"]
        if not align_all and long_cols:  # a big table: only its widest text wrapped (the quote)
            long_cols = [max(long_cols, key=lambda i: self.widths[i])]
        columns = [c if c.kind != "long" or i in long_cols else Column(c.header, "text", c.width)
                   for i, c in enumerate(part.columns)]
        n = 0
        wrap_all = part.page is not None and part.page.wrap
        for values in chain(head, rows):
            cells = [self._value(v, c, align_all, wrap_all)
                     for v, c in zip(values, columns, strict=False)]
            if wrap_all:  # every cell wrapped, the row as high as its longest (xlsx_page)
                self._append(wrapped_row(self.ws, cells, part.columns, self.row + 1))
            else:
                lines_of = [str(_plain(values[i]) or "") for i in long_cols if i < len(values)]
                self._append(cells, row_height(lines_of, [self.widths[i] for i in long_cols])
                             if lines_of else None)
            n += 1
            if self.progress is not None and n % 5000 == 0:
                self.progress(part.name, n)
        if first:
            last = get_column_letter(len(part.columns))
            self.ws.auto_filter.ref = f"A{start - 1}:{last}{start - 1 + n}"
        if n:
            self.styles.colour(self.ws, part, start, start + n - 1)

    def _legend(self, item: LegendItem, first: bool) -> None:
        """One legend line: ``Legend`` (on the first), the item's sample cells, its text."""
        cells: list[Any] = [self._cell("Legend", self.styles.legend_font) if first else None]
        cells += [sample_cell(self.ws, self.styles, kind, self.text(label))
                  for kind, label in item.samples]
        self._spanning(len(cells), cells, self.text(item.text), self.styles.legend_text_font)

    def _spanning(self, col: int, before: list[Any], text: str, font: Any) -> None:
        """A row of ``before`` cells, then ``text`` in a cell merged from column ``col`` to the
        last printed column, wrapped, the row as high as the text needs (so nothing is cut off
        on screen or paper)."""
        from openpyxl.utils import get_column_letter

        last = min(self.table.print_columns or len(self.widths), len(self.widths))
        last = max(last, col + 1)
        widths = [sum(self.widths[col:last]) or 40.0]
        height = row_height([text], widths, cap=4)
        self._append([*before, self._cell(text, font, alignment=self.styles.wrap)], height)
        if last > col + 1:
            row = self.row
            self.ws.merged_cells.add(f"{get_column_letter(col + 1)}{row}:{get_column_letter(last)}{row}")

    # --- cells --------------------------------------------------------------------------

    def _cell(self, value: Any, font: Any = None, fill: Any = None,
              alignment: Any = None) -> Any:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.ws, value=clean_text(value) if isinstance(value, str) else value)
        if isinstance(value, str) and looks_like_formula(value):
            cell.data_type = "s"
        for key, v in (("font", font), ("fill", fill), ("alignment", alignment)):
            if v is not None:
                setattr(cell, key, v)
        return cell

    def _value(self, value: Any, column: Column, align_all: bool, own_style: bool = False) -> Any:
        """The cell for a value; styles are shared ready-made ones, or (``own_style``: a row
        whose cells are restyled afterwards) copies."""
        mark = None
        if isinstance(value, Marked):
            mark, value = value.mark, value.value
        if isinstance(value, bool):
            value = "yes" if value else ""
        if isinstance(value, float) and not math.isfinite(value):
            value = None
        if isinstance(value, str):
            value = clean_text(value if column.made else self.text(value))
        if value is None and mark is None:
            return None
        formula = isinstance(value, str) and looks_like_formula(value)
        fill = None
        if mark == "swatch":
            fill = value.lstrip("#").upper() if isinstance(value, str) and _HEX.fullmatch(value) else None
        style = self.styles.cell_style(self.ws, column.kind, mark, _date_kind(value), formula,
                                       align_all or column.kind == "long", fill)
        if style is None and not formula:
            return value
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.ws, value=value)
        if formula:
            cell.data_type = "s"  # a string, whatever it starts with
        if style is not None:
            cell._style = copy(style) if own_style else style  # see Styles.cell_style
        return cell


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Marked) else value


def _date_kind(value: Any) -> str | None:
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    if isinstance(value, time):
        return "time"
    return None


