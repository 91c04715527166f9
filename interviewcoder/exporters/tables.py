"""A plain description of a table to export: columns with a kind, rows as an iterable.

The services build these; the XLSX and CSV writers only lay them out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["text", "long", "int", "count", "share", "delta", "flag"]


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = "text"  # count: an integer with a colour scale; share/delta: a proportion
    width: float | None = None


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
    page: Page | None = None  # a sheet laid out for reading and printing (XLSX only)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]
