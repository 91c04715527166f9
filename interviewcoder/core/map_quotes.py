"""Which quote the map shows for a step or an item, and only the participant's words of it.

A quote counts for the participants whose turns it overlaps, so its stored text can begin
with the interviewer's question. The map shows a *piece*: the part of the quote inside one
participant turn. For an item under a step (an anxiety at "Trialled the product") the
candidates are the quotes carrying the item's code in an answer where the step is coded too;
the choice prefers, in order: quotes carrying both codes, quotes that are mostly participant
speech, a readable length, the earliest quote.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from interviewcoder.core.journey_map import MapQuote

READABLE = (30, 320)
"""Characters: shorter quotes say little, longer ones do not fit a tooltip."""
MOSTLY = 0.8
"""A quote is mostly participant speech when this share of it is inside participant turns."""


@dataclass(frozen=True, slots=True)
class Piece:
    """The part of one quote inside one participant turn."""

    quote_id: int
    source_id: int
    turn_id: int
    text: str
    quote_length: int
    participant: str
    outcome: str


def pieces_by_quote(pieces: Iterable[Piece]) -> dict[int, list[Piece]]:
    out: dict[int, list[Piece]] = {}
    for p in pieces:
        out.setdefault(p.quote_id, []).append(p)
    return out


def speech_share(pieces: Sequence[Piece]) -> float:
    if not pieces:
        return 0.0
    total = max(1, pieces[0].quote_length)
    return min(1.0, sum(len(p.text) for p in pieces) / total)


def as_map_quote(pieces: Sequence[Piece]) -> MapQuote | None:
    """The quote's longest participant piece, whitespace folded; None when it has none."""
    spoken = [p for p in pieces if p.text.strip()]
    if not spoken:
        return None
    best = max(spoken, key=lambda p: (len(p.text.strip()), -p.turn_id))
    return MapQuote(best.quote_id, best.source_id, " ".join(best.text.split()), best.participant,
                    best.outcome)


def choose(candidates: Iterable[tuple[int, bool]], pieces: Mapping[int, Sequence[Piece]]
           ) -> MapQuote | None:
    """The best of ``(quote id, carries both codes)`` candidates, as a participant piece."""
    def rank(c: tuple[int, bool]) -> tuple[bool, bool, bool, int]:
        qid, both = c
        ps = pieces.get(qid, ())
        longest = max((len(p.text.strip()) for p in ps), default=0)
        readable = READABLE[0] <= longest <= READABLE[1]
        return (not both, speech_share(ps) < MOSTLY, not readable, qid)

    for qid, _both in sorted(set(candidates), key=rank):
        quote = as_map_quote(pieces.get(qid, ()))
        if quote is not None:
            return quote
    return None
