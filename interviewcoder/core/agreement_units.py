"""Building the units of an agreement comparison from plain rows (no SQL, no spaCy here).

- ``turn``: each participant or answer turn; a coder gives it a code when one of their quotes
  with that code overlaps it (``turn.start < quote.end`` and ``turn.end > quote.start``, the
  evidence's own rule).
- ``sentence``: each sentence (spans come from the caller, spaCy's sentencizer); the same
  overlap rule.
- ``character``: each character of the text; a coder gives it a code when it lies inside one of
  their quotes with that code. Characters whose coding does not change are one weighted run.
- ``participant``: each participant with a turn in the compared sources; a coder gives them a
  code when one of the coder's quotes with that code overlaps one of their turns (the evidence
  itself: does this coder count this participant for this code).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from interviewcoder.core.agreement import Unit

UNIT_KINDS = ("turn", "sentence", "character", "participant")


@dataclass(frozen=True, slots=True)
class CodedSpan:
    """One quote of one compared coder (``coder`` is the coder's position in the comparison)."""

    source_id: int
    start: int
    end: int
    coder: int
    code_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Span:
    """A turn (with its id and participant) or a sentence of a source."""

    source_id: int
    start: int
    end: int
    turn_id: int | None = None
    participant_id: int | None = None


def _by_source(spans: Iterable[Span]) -> dict[int, list[Span]]:
    out: dict[int, list[Span]] = defaultdict(list)
    for s in spans:
        out[s.source_id].append(s)
    for rows in out.values():
        rows.sort(key=lambda s: (s.start, s.end))
    return out


def overlaps(spans: Sequence[Span], quotes: Iterable[CodedSpan]) -> dict[int, list[CodedSpan]]:
    """Index into ``spans`` (one source's, sorted by start) → the quotes overlapping it."""
    starts = [s.start for s in spans]
    longest = max((s.end - s.start for s in spans), default=0)
    out: dict[int, list[CodedSpan]] = defaultdict(list)
    for q in quotes:
        lo = bisect_left(starts, q.start - longest)
        hi = bisect_left(starts, q.end)
        for i in range(lo, hi):
            if spans[i].end > q.start and spans[i].start < q.end:
                out[i].append(q)
    return out


def span_units(kind: str, spans: Iterable[Span], quotes: Iterable[CodedSpan],
               coders: int) -> list[Unit]:
    """One unit per span (turns or sentences), in source and text order."""
    quotes_of: dict[int, list[CodedSpan]] = defaultdict(list)
    for q in quotes:
        quotes_of[q.source_id].append(q)
    units: list[Unit] = []
    for source_id, rows in sorted(_by_source(spans).items()):
        hits = overlaps(rows, quotes_of.get(source_id, ()))
        for i, s in enumerate(rows):
            codes: list[set[int]] = [set() for _ in range(coders)]
            for q in hits.get(i, ()):
                codes[q.coder].update(q.code_ids)
            units.append(Unit(kind, source_id, s.start, s.end, tuple(frozenset(c) for c in codes),
                              participant_id=s.participant_id, turn_id=s.turn_id))
    return units


def participant_units(turns: Iterable[Span], quotes: Iterable[CodedSpan],
                      coders: int) -> list[Unit]:
    """One unit per participant with a turn here: the codes each coder counts them for."""
    turns = [t for t in turns if t.participant_id is not None]
    codes: dict[int, list[set[int]]] = {}
    for t in turns:
        codes.setdefault(t.participant_id, [set() for _ in range(coders)])  # type: ignore[arg-type]
    for u in span_units("turn", turns, quotes, coders):
        mine = codes[u.participant_id]  # type: ignore[index]
        for i, c in enumerate(u.codes):
            mine[i] |= c
    return [Unit("participant", None, 0, 0, tuple(frozenset(c) for c in cs), participant_id=pid)
            for pid, cs in sorted(codes.items())]


def character_units(lengths: dict[int, int], quotes: Iterable[CodedSpan],
                    coders: int) -> list[Unit]:
    """Runs of characters whose coding does not change, weighted by their length, covering
    every character of every source in ``lengths``."""
    events: dict[int, list[tuple[int, int, CodedSpan]]] = defaultdict(list)
    for q in quotes:
        if q.source_id in lengths:
            events[q.source_id] += [(q.start, 1, q), (q.end, -1, q)]
    units: list[Unit] = []
    for source_id in sorted(lengths):
        length = lengths[source_id]
        active: list[dict[int, int]] = [defaultdict(int) for _ in range(coders)]
        points = sorted(events.get(source_id, ()), key=lambda e: (e[0], e[1]))
        pos, i = 0, 0
        current: tuple[frozenset[int], ...] = tuple(frozenset() for _ in range(coders))
        run_start = 0
        while pos < length:
            while i < len(points) and points[i][0] <= pos:
                at, delta, q = points[i]
                for c in q.code_ids:
                    active[q.coder][c] += delta
                i += 1
            now = tuple(frozenset(c for c, n in a.items() if n > 0) for a in active)
            if now != current:
                if pos > run_start:
                    units.append(Unit("character", source_id, run_start, pos, current,
                                      pos - run_start))
                current, run_start = now, pos
            nxt = points[i][0] if i < len(points) else length
            pos = min(max(nxt, pos + 1), length)
        if length > run_start:
            units.append(Unit("character", source_id, run_start, length, current,
                              length - run_start))
    return units
