"""What one pass over a survey's rows keeps of each column: bounded, whatever the file's size.

Per column: how many cells hold an answer and how many of those are placeholders, whether
they all say the same thing, the first answers (the personal-data test reads 500) and an evenly
spread sample of the codable ones (the statistics of ``survey_columns`` read no more than
3,000). The first 500 rows are kept whole (rankings spread over columns are judged on them);
the ids of the columns that may be the respondent id are kept while they stay unique.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .base import Progress
from .survey_columns import NON_ANSWERS, is_placeholder

PREVIEW = 3
"""Answers shown per column in the import review."""
FIRST_ANSWERS = 500
FIRST_ROWS = 500
SAMPLE = 3000


class Spread:
    """Up to ``size`` values spread evenly over everything added, in one pass: every value
    while there are at most ``2 * size``, then every second, fourth, … (the kept values are
    halved whenever they reach ``2 * size``). ``values()`` is exactly the evenly spaced pick of
    the old whole-column sample whenever the column holds at most ``2 * size`` values."""

    __slots__ = ("size", "step", "seen", "kept")

    def __init__(self, size: int = SAMPLE) -> None:
        self.size, self.step, self.seen = size, 1, 0
        self.kept: list[str] = []

    def add(self, value: str) -> None:
        if self.seen % self.step == 0:
            self.kept.append(value)
            if len(self.kept) >= 2 * self.size:
                del self.kept[1::2]
                self.step *= 2
        self.seen += 1

    def values(self) -> list[str]:
        kept, size = self.kept, self.size
        if len(kept) <= size:
            return kept
        step = len(kept) / size
        return [kept[int(i * step)] for i in range(size)]


@dataclass(slots=True)
class ColumnStats:
    answers: int = 0  # cells with content (not empty, not Qualtrics' -99)
    placeholders: int = 0  # of those, "-", "n/a", ...
    first: list[str] = field(default_factory=list)  # the first FIRST_ANSWERS answers, stripped
    first_codable: list[str] = field(default_factory=list)  # the first PREVIEW codable ones
    uniform: bool = True  # every answer the same as the first
    spread: Spread = field(default_factory=Spread)  # codable answers, evenly spread

    def sample(self) -> list[str]:
        return self.spread.values()


@dataclass(slots=True)
class TableStats:
    count: int = 0
    columns: list[ColumnStats] = field(default_factory=list)
    first_rows: list[list[str]] = field(default_factory=list)
    unique: set[int] = field(default_factory=set)  # candidate id columns whose ids are unique


def gather(data: Iterable[list[str]], width: int, candidates: Sequence[int],
           progress: Progress) -> tuple[TableStats, dict[int, tuple[str, ...]]]:
    """Statistics of every column of ``data`` (rows of ``width`` cells), and the ids of each
    candidate id column that holds a unique, non-empty id in every row."""
    stats = TableStats(columns=[ColumnStats() for _ in range(width)])
    columns = stats.columns
    ids: dict[int, dict[str, None]] = {i: {} for i in candidates}  # (ordered, unique)
    count = 0
    for row in data:
        count += 1
        if count <= FIRST_ROWS:
            stats.first_rows.append(row)
        for j, raw in enumerate(row):
            cell = raw.strip()
            if cell in NON_ANSWERS:
                continue
            col = columns[j]
            col.answers += 1
            if col.answers <= FIRST_ANSWERS:
                col.first.append(cell)
            if col.uniform and cell != col.first[0]:
                col.uniform = False
            if is_placeholder(cell):
                col.placeholders += 1
                continue
            if len(col.first_codable) < PREVIEW:
                col.first_codable.append(cell)
            col.spread.add(cell)
        for i in list(ids):
            rid = row[i].strip()
            if not rid or rid in ids[i]:
                del ids[i]  # not an id column: stop holding its values
                continue
            ids[i][rid] = None
        if count % 2000 == 0:
            progress(count, 0, f"Read {count} responses")
    stats.count = count
    stats.unique = set(ids)
    return stats, {i: tuple(values) for i, values in ids.items()}
