"""Journey maths on plain rows: step x anxiety / influence matrices and participants' paths.

Matrices count distinct participants who have a row code and a column code together, by two
measures:

- ``quote``: both codes on one quote;
- ``turn``: both codes on quotes that count for the participant through the *same turn* (one
  answer of an interview, one survey response). A turn window, not ``±1`` turns, because the
  turns either side of a participant's answer are the interviewer's, which count for no one.

Paths are each participant's step codes in transcript order, with consecutive repeats of a
step folded into one; a step that comes back after another step is a loop.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

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

    @property
    def loops(self) -> tuple[int, ...]:
        """Steps revisited after another step, in the order they come back."""
        return revisits(self.steps)


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


def build_paths(occurrences: Iterable[tuple[int, int]]) -> list[Path]:
    """Paths from (participant id, step code id) pairs already in transcript order."""
    seqs: dict[int, list[int]] = defaultdict(list)
    for pid, step in occurrences:
        seqs[pid].append(step)
    return [Path(pid, fold_repeats(seq)) for pid, seq in seqs.items()]


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
    """Step -> step moves, most common first (ties by step ids)."""
    people: dict[tuple[int, int], dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    times: dict[tuple[int, int], int] = defaultdict(int)
    for path in paths:
        group = group_of.get(path.participant_id)
        if group is None:
            continue
        for a, b in zip(path.steps, path.steps[1:], strict=False):
            people[a, b][group].add(path.participant_id)
            times[a, b] += 1
    out = [Transition(a, b, {g: len(p) for g, p in groups.items()}, times[a, b])
           for (a, b), groups in people.items()]
    out.sort(key=lambda t: (-t.total, -t.times, t.source, t.target))
    return out
