"""A plain description of a table to export: columns with a kind, rows as an iterable.

The services build these; the XLSX and CSV writers only lay them out. What a person needs to
read the sheet travels with it: the columns to keep in view (``freeze``), the legend of its
colours and marks, colour scales over blocks of rows, and the columns that are for machines
only (``print_columns``: the rest is left off the printed page).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["text", "long", "int", "count", "cell", "share", "bound", "delta", "flag"]
"""text; long (wrapped prose); int; count (distinct participants); cell (a count in a matrix,
0 shown as ·); share (a proportion of a
group, with a colour scale from 0 to 100%); bound (a proportion without colour: Wilson bounds);
delta (a difference of shares, with a two-way colour scale); flag (a short label)."""

Mark = Literal["thin", "no-one", "swatch"]


@dataclass(frozen=True, slots=True)
class Marked:
    """A cell value with a mark the workbook shows (CSV writes the plain value).

    Marks: ``thin`` (thin evidence: grey italic), ``no-one`` (a quote that counts for no one:
    grey italic), ``swatch`` (a ``#RRGGBB`` colour, shown as the cell's fill).
    """

    value: Any
    mark: Mark


def plain(value: Any) -> Any:
    """The value of a cell without its mark."""
    return value.value if isinstance(value, Marked) else value


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = "text"
    width: float | None = None
    # The app writes this column's text itself from numbers and its own words (a time, a
    # "turn 4 · 0:01:23" location): nothing in it can identify anyone, so a redacted export
    # does not run the redactor over it (in the Quotes table it was a third of the cells).
    made: bool = False


@dataclass(frozen=True)
class Scale:
    """A colour scale over a block of body rows (0-based, end exclusive; None: all rows) and
    columns (0-based), from 0 to ``high``: a count of participants coloured as a share of the
    group of ``high`` people, so groups of different sizes compare."""

    columns: tuple[int, ...]
    high: float
    rows: tuple[int, int] | None = None


@dataclass(frozen=True)
class LegendItem:
    """One line of a sheet's legend: sample cells, then ``text``. A sample is (kind, label):
    ``share:0.5`` a share-scale colour, ``delta:-0.3`` a differential colour, ``thin`` or
    ``no-one`` a mark, ``swatch:#RRGGBB`` a plain colour; the label is the cell's text."""

    text: str
    samples: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Page:
    """How a sheet scrolls and prints (XLSX only): landscape, fitted to one page width,
    panes frozen above and left of ``freeze``, text wrapped at the top of each cell."""

    freeze: str = "B3"
    landscape: bool = True
    fit_width: bool = True
    wrap: bool = True
    repeat_columns: str | None = "A:A"  # printed on every page
    paper: str = "a3"  # a3 | a4 | letter | tabloid


@dataclass
class Table:
    name: str
    columns: list[Column]
    rows: Iterable[Sequence[Any]]
    note: str = ""
    extra: list[Table] = field(default_factory=list)  # more tables below this one (XLSX only)
    freeze: int = 0  # leading columns kept in view while the rest scrolls
    legend: list[LegendItem] = field(default_factory=list)
    scales: list[Scale] = field(default_factory=list)
    print_columns: int | None = None  # print only the first N columns (the rest are for machines)
    page: Page | None = None  # a sheet laid out for reading and printing (XLSX only)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]
