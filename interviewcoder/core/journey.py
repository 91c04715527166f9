"""Journey maths on plain rows: step x anxiety / influence matrices and participants' paths.

Matrices count distinct participants who have a row code and a column code together, by two
measures:

- ``quote``: both codes on one quote;
- ``turn``: both codes on quotes that count for the participant through the *same turn* (one
  answer of an interview, one survey response). A turn window, not ``±1`` turns, because the
  turns either side of a participant's answer are the interviewer's, which count for no one.

Paths are each participant's step codes in transcript order, with consecutive repeats of a
step folded into one; a step that comes back after another step is a loop. Two step codes on
one quote are ordered by the position of a coded sub-span (a shorter quote inside it with that
step, counting for the same participant) when every one of them has one; otherwise they are
*simultaneous*: one stage of the path, with no order between them and no move from one to the
other.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Container, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from interviewcoder.core.evidence import Hit

Measure = Literal["quote", "turn"]
PairCounts = dict[tuple[int, int], dict[str, int]]
"""(row code id, column code id) -> {group: distinct participants}."""


def _windows(hits: Iterable[Hit], rows: set[int], cols: set[int], admitted: Container[int],
             measure: Measure) -> dict[tuple[int, int], set[int]]:
    """(quote or turn id, participant id) -> the row and column codes in that window."""
    windows: dict[tuple[int, int], set[int]] = defaultdict(set)
    for h in hits:
        if h.participant_id in admitted and (h.code_id in rows or h.code_id in cols):
            window = h.quote_id if measure == "quote" else h.turn_id
            windows[window, h.participant_id].add(h.code_id)
    return windows


def pair_counts(hits: Iterable[Hit], rows: set[int], cols: set[int], group_of: Mapping[int, str],
                measure: Measure = "quote") -> PairCounts:
    people: dict[tuple[int, int, str], set[int]] = defaultdict(set)
    for (_, pid), codes in _windows(hits, rows, cols, group_of, measure).items():
        group = group_of[pid]
        for r in codes & rows:
            for c in codes & cols:
                if r != c:
                    people[r, c, group].add(pid)
    out: PairCounts = defaultdict(dict)
    for (r, c, group), pids in people.items():
        out[r, c][group] = len(pids)
    return dict(out)


def pair_participants(hits: Iterable[Hit], rows: set[int], cols: set[int], admitted: Container[int],
                      measure: Measure = "turn") -> dict[tuple[int, int], set[int]]:
    """(row code, column code) -> the participants with both in one window (the matrix cells'
    people, by the same rule as ``pair_counts``)."""
    out: dict[tuple[int, int], set[int]] = defaultdict(set)
    for (_, pid), codes in _windows(hits, rows, cols, admitted, measure).items():
        for r in codes & rows:
            for c in codes & cols:
                if r != c:
                    out[r, c].add(pid)
    return dict(out)


def pair_total(cell: Mapping[str, int]) -> int:
    """Participants in a matrix cell over all groups (each participant is in one group)."""
    return sum(cell.values())


@dataclass(frozen=True, slots=True)
class Path:
    participant_id: int
    steps: tuple[int, ...]
    together: tuple[int, ...] = ()
    """Positions ``i`` (from 1) where ``steps[i]`` happened together with ``steps[i - 1]``."""

    @property
    def stages(self) -> tuple[tuple[int, ...], ...]:
        """The steps in stages: one step each, or several that happened together."""
        out: list[list[int]] = []
        joined = set(self.together)
        for i, s in enumerate(self.steps):
            if i in joined and out:
                out[-1].append(s)
            else:
                out.append([s])
        return tuple(tuple(stage) for stage in out)

    @property
    def loops(self) -> tuple[int, ...]:
        """Steps revisited after another step, in the order they come back."""
        return revisits(self.steps)

    def moves(self) -> list[tuple[int, int]]:
        """Step -> step moves in order: every step of a stage to every step of the next one
        (steps of one stage make no move between them)."""
        stages = self.stages
        return [(a, b) for before, after in zip(stages, stages[1:], strict=False)
                for a in before for b in after]


def fold_repeats(steps: Iterable[int]) -> tuple[int, ...]:
    out: list[int] = []
    for s in steps:
        if not out or out[-1] != s:
            out.append(s)
    return tuple(out)


def revisits(steps: Iterable[int]) -> tuple[int, ...]:
    seen: set[int] = set()
    back: list[int] = []
    for s in fold_repeats(steps):
        if s in seen and s not in back:
            back.append(s)
        seen.add(s)
    return tuple(back)


def fold_stages(stages: Iterable[Sequence[int]]) -> list[list[int]]:
    """Drop from each stage the steps of the stage before it (a step going on is no new step);
    a stage left empty goes."""
    out: list[list[int]] = []
    for stage in stages:
        before = set(out[-1]) if out else set()
        kept = [s for s in dict.fromkeys(stage) if s not in before]
        if kept:
            out.append(kept)
    return out


def build_paths(occurrences: Iterable[tuple[int, int] | tuple[int, int, Hashable]]) -> list[Path]:
    """Paths from (participant id, step code id[, moment]) already in transcript order.

    Consecutive occurrences of one participant with the same moment (not None) are one stage:
    they happened together.
    """
    stages: dict[int, list[list[int]]] = defaultdict(list)
    last: dict[int, Hashable] = {}
    for occurrence in occurrences:
        pid, step = occurrence[0], occurrence[1]
        moment = occurrence[2] if len(occurrence) > 2 else None  # type: ignore[misc]
        if moment is not None and pid in last and last[pid] == moment:
            stages[pid][-1].append(step)
        else:
            stages[pid].append([step])
        last[pid] = moment
    paths = []
    for pid, seq in stages.items():
        folded = fold_stages(seq)
        steps = [s for stage in folded for s in stage]
        together, i = [], 0
        for stage in folded:
            together += range(i + 1, i + len(stage))
            i += len(stage)
        paths.append(Path(pid, tuple(steps), tuple(together)))
    return paths


@dataclass(frozen=True, slots=True)
class StepQuote:
    """One step code on one quote counting for one participant: what paths are built from."""

    participant_id: int
    quote_id: int
    step: int
    source_order: tuple[Any, ...]  # (import time, source id)
    start: int
    end: int


def order_steps(rows: Iterable[StepQuote], rank: Mapping[int, int]
                ) -> list[tuple[int, int, tuple[Any, ...]]]:
    """(participant, step, moment) in transcript order, for ``build_paths``.

    A step's position is its quote's start; when a quote has several step codes and each has
    a coded sub-span, each takes its sub-span's start instead; otherwise they share one moment
    (simultaneous). ``rank`` (journey order) orders steps of one moment.
    """
    rows = list(rows)
    spans: dict[tuple[int, tuple[Any, ...], int], list[tuple[int, int]]] = defaultdict(list)
    by_quote: dict[tuple[int, int], list[StepQuote]] = defaultdict(list)
    for r in rows:
        spans[r.participant_id, r.source_order, r.step].append((r.start, r.end))
        by_quote[r.participant_id, r.quote_id].append(r)
    for v in spans.values():
        v.sort()
    out: list[tuple[tuple[Any, ...], int, int, tuple[Any, ...]]] = []
    for (pid, qid), steps in by_quote.items():
        positions = {r.step: _sub_span(spans[pid, r.source_order, r.step], r.start, r.end)
                     for r in steps} if len(steps) > 1 else {}
        ordered = bool(positions) and all(p is not None for p in positions.values())
        for r in steps:
            pos = positions[r.step] if ordered else r.start
            key = (r.source_order, pos, qid, rank.get(r.step, 0), r.step)
            out.append((key, pid, r.step, (qid, pos)))
    out.sort(key=lambda x: (x[1], x[0]))
    return [(pid, step, moment) for _, pid, step, moment in out]


def _sub_span(spans: list[tuple[int, int]], start: int, end: int) -> int | None:
    """The start of the first span strictly shorter than [start, end) and inside it."""
    i = bisect_left(spans, (start, -1))
    while i < len(spans) and spans[i][0] <= end:
        a, b = spans[i]
        if b <= end and b - a < end - start:
            return a
        i += 1
    return None


@dataclass(frozen=True, slots=True)
class Transition:
    source: int
    target: int
    participants: dict[str, int]  # group -> distinct participants who made this move
    times: int  # how often the move occurs over all paths

    @property
    def total(self) -> int:
        return sum(self.participants.values())


def transitions(paths: Iterable[Path], group_of: Mapping[int, str]) -> list[Transition]:
    """Step -> step moves, most common first (ties by step ids). Between two stages every step
    of the first moves to every step of the second; steps of one stage make no move."""
    people: dict[tuple[int, int], dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    times: dict[tuple[int, int], int] = defaultdict(int)
    for path in paths:
        group = group_of.get(path.participant_id)
        if group is None:
            continue
        stages = path.stages
        for before, after in zip(stages, stages[1:], strict=False):
            for a in before:
                for b in after:
                    people[a, b][group].add(path.participant_id)
                    times[a, b] += 1
    out = [Transition(a, b, {g: len(p) for g, p in groups.items()}, times[a, b])
           for (a, b), groups in people.items()]
    out.sort(key=lambda t: (-t.total, -t.times, t.source, t.target))
    return out
