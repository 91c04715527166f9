"""A plain description of a table to export: columns with a kind, rows as an iterable.

The services build these; the XLSX and CSV writers only lay them out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["text", "long", "int", "count", "share", "delta", "flag"]


@dataclass(frozen=True, slots=True)
class Marked:
    """A cell value with a mark the workbook shows (CSV writes the plain value).

    Marks: ``thin`` (thin evidence: grey italic), ``no-one`` (counts for no one).
    """

    value: Any
    mark: str


def plain(value: Any) -> Any:
    """The value of a cell without its mark."""
    return value.value if isinstance(value, Marked) else value


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = "text"  # count: an integer with a colour scale; share/delta: a proportion
    width: float | None = None


@dataclass
class Table:
    name: str
    columns: list[Column]
    rows: Iterable[Sequence[Any]]
    note: str = ""
    extra: list[Table] = field(default_factory=list)  # more tables below this one (XLSX only)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]
