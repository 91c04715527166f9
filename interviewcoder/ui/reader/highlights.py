"""Highlight segments: where quotes cover a source, and which quotes cover each piece.

A sweep over quote boundaries cuts the source into runs covered by a constant set of quotes;
the reader paints each run once (its colour from the innermost quote, an underline when two or
more quotes overlap). Plain Python; the painting itself is in ``reader_view``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import NamedTuple

# Named tuples, not frozen dataclasses: a source with 5,000 quotes makes ~7,000 segments each
# time it opens, and a frozen dataclass's __init__ (object.__setattr__ per field) was a tenth
# of the time to open it.


class QuoteSpan(NamedTuple):
    id: int
    start: int
    end: int
    code_ids: tuple[int, ...]


class Segment(NamedTuple):
    start: int
    end: int
    quotes: tuple[int, ...]  # covering quote ids, innermost (shortest) first


def segments(quotes: Iterable[QuoteSpan]) -> list[Segment]:
    """Cut the covered parts of a source into runs with a constant set of covering quotes."""
    spans = {q.id: q for q in quotes if q.end > q.start}
    # (position, 0 = end / 1 = start, quote id): ends sort before starts at one position
    events = [(q.start, 1, q.id) for q in spans.values()]
    events += [(q.end, 0, q.id) for q in spans.values()]
    events.sort()
    out: list[Segment] = []
    append = out.append
    active: set[int] = set()
    prev = -1
    for pos, kind, qid in events:
        if active and pos > prev:
            if len(active) == 1:
                append(Segment(prev, pos, tuple(active)))
            else:
                append(Segment(prev, pos, tuple(sorted(
                    active, key=lambda i: (spans[i].end - spans[i].start, i)))))
        if kind:
            active.add(qid)
        else:
            active.discard(qid)
        prev = pos
    return out


class SegmentIndex:
    """Find the segment at a source offset."""

    def __init__(self, segs: list[Segment]) -> None:
        self.segs = segs
        self._starts = [s.start for s in segs]

    def at(self, pos: int) -> Segment | None:
        k = bisect_right(self._starts, pos) - 1
        if k >= 0 and pos < self.segs[k].end:
            return self.segs[k]
        return None

    def overlapping(self, start: int, end: int) -> list[Segment]:
        k = max(0, bisect_right(self._starts, start) - 1)
        out = []
        while k < len(self.segs) and self.segs[k].start < end:
            if self.segs[k].end > start:
                out.append(self.segs[k])
            k += 1
        return out


def darker(colour: str, factor: float = 0.8) -> str:
    """``#rrggbb`` darkened by ``factor`` (for overlaps)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(max(0, int(c * factor)) for c in (r, g, b)))
