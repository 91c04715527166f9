"""How a source's turns travel in REFI-QDA, which has no speaker or turn.

Export writes each turn's speaker into the text, ``"Ana: "`` before the turn, so a user of any
other tool reads who speaks; every offset is mapped into that text (``Labelled.exported``).
Each turn is also a selection from its label to its end, named after the speaker, described
``"Ana (participant) · turn 3"`` (and ``· 0:01:23.000`` when it has a start time), and held by
the participant's Case. Import finds those selections, takes the labels out again
(``strip_labels``) and maps every offset back, so the stored text, turns, speakers and roles
come back exactly.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate

LABEL_END = ": "
_TURN = re.compile(
    r"\((interviewer|participant|answer)\) · turn (\d+)(?: · (\d+):(\d\d):(\d\d)\.(\d{3}))?$")


def label(speaker: str | None) -> str:
    """The text written before a turn of ``speaker`` (none for a turn with no speaker)."""
    return f"{speaker}{LABEL_END}" if speaker else ""


def turn_description(speaker: str | None, role: str, ord_: int, start_ms: int | None) -> str:
    text = f"{speaker or 'No speaker'} ({role}) · turn {ord_ + 1}"
    if start_ms is not None:
        seconds, ms = divmod(start_ms, 1000)
        minutes, sec = divmod(seconds, 60)
        hours, minute = divmod(minutes, 60)
        text += f" · {hours}:{minute:02d}:{sec:02d}.{ms:03d}"
    return text


def parse_turn_description(text: str) -> tuple[str, int, int | None] | None:
    """(role, ord, start_ms) of a turn selection's description, or None when it is not one."""
    match = _TURN.search(text.strip())
    if not match:
        return None
    role, number = match.group(1), int(match.group(2))
    start_ms = None
    if match.group(3) is not None:
        h, m, s, ms = (int(match.group(i)) for i in range(3, 7))
        start_ms = ((h * 60 + m) * 60 + s) * 1000 + ms
    return role, number - 1, start_ms


@dataclass(frozen=True, slots=True)
class Labelled:
    """A stored text with speaker labels written in."""

    text: str
    label_starts: tuple[int, ...]
    """Where each turn's label begins in ``text`` (in the order the turns were given)."""
    _positions: tuple[int, ...]
    _lengths: tuple[int, ...]  # prefix sums of the label lengths, by stored position

    def exported(self, pos: int, end: bool = False) -> int:
        """A stored offset in the labelled text. A start at a turn's start falls after its
        label; an end there falls before the next turn's label."""
        n = bisect_left(self._positions, pos) if end else bisect_right(self._positions, pos)
        return pos + (self._lengths[n - 1] if n else 0)


def write_labels(text: str, turns: Sequence[tuple[int, str | None]]) -> Labelled:
    """``text`` with ``label(speaker)`` inserted at each (start, speaker), in the given order
    (turns starting at one offset keep that order)."""
    order = sorted(range(len(turns)), key=lambda i: (turns[i][0], i))
    pieces: list[str] = []
    starts = [0] * len(turns)
    positions: list[int] = []
    lengths: list[int] = []
    last = 0
    added = 0
    for i in order:
        start, speaker = turns[i]
        pieces.append(text[last:start])
        last = start
        starts[i] = start + added
        tag = label(speaker)
        if tag:
            pieces.append(tag)
            positions.append(start)
            lengths.append(len(tag))
            added += len(tag)
    pieces.append(text[last:])
    return Labelled("".join(pieces), tuple(starts), tuple(positions), tuple(accumulate(lengths)))


def strip_labels(text: str, spans: Sequence[tuple[int, int]]) -> tuple[str, Callable[[int], int]]:
    """Take the (start, end) label spans out of ``text``; returns the text and the function
    mapping an offset of ``text`` to an offset of the result (an offset inside a label goes to
    where the label was). Spans must not overlap."""
    spans = sorted(s for s in spans if s[1] > s[0])
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        if start < end:
            raise ValueError("speaker labels overlap")
    pieces: list[str] = []
    last = 0
    for start, end in spans:
        pieces.append(text[last:start])
        last = end
    pieces.append(text[last:])
    ends = [e for _, e in spans]
    removed = list(accumulate(e - s for s, e in spans))

    def stored(pos: int) -> int:
        n = bisect_right(ends, pos)  # labels that end at or before pos
        out = pos - (removed[n - 1] if n else 0)
        if n < len(spans) and spans[n][0] < pos:  # inside the next label
            out -= pos - spans[n][0]
        return out

    return "".join(pieces), stored
