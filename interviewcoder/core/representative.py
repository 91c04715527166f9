"""The representative quote of a code: participant speech, from the group that shows the friction.

A candidate is a quote that counts for someone, with the *pieces* of it that lie in participant
turns (whose participant is in the population). The choice, in order of preference:

1. mostly participant speech (more than half of the quote's characters are in such pieces);
2. a participant of the friction group: the contrast group (lost, churned) whose share exceeds
   won's by the most, when one does;
3. at least ``SHORTEST`` characters of the participant's words (a two-word fragment says little);
4. more of the quote in participant speech;
5. the earliest (source import order, position).

The quote is then trimmed to the words of one participant (the friction group's, else whoever
says most of it): their pieces, joined with `` … `` when the quote crosses other speech.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from interviewcoder.core.evidence import CONTRASTS

SHORTEST = 20
JOIN = " … "


@dataclass(frozen=True, slots=True)
class Piece:
    """The part of a quote inside one participant turn: offsets into the source text."""

    start: int
    end: int
    participant_id: int
    group: str  # the participant's outcome


@dataclass(frozen=True, slots=True)
class Candidate:
    quote_id: int
    start: int
    end: int
    order: tuple[Any, ...]  # (source import time, source id, start, quote id)
    pieces: tuple[Piece, ...]

    def spoken(self, participant_id: int | None = None) -> int:
        """Characters of the quote in participant speech (of one participant, or of all)."""
        spans = sorted((max(p.start, self.start), min(p.end, self.end)) for p in self.pieces
                       if participant_id is None or p.participant_id == participant_id)
        total, reach = 0, self.start
        for a, b in spans:
            a = max(a, reach)
            if b > a:
                total += b - a
                reach = b
        return total

    @property
    def fraction(self) -> float:
        return self.spoken() / (self.end - self.start) if self.end > self.start else 0.0


def friction_group(shares: Mapping[str, float]) -> str | None:
    """The contrast group whose share exceeds won's by the most (lost first on a tie)."""
    base = shares.get("won")
    if base is None:
        return None
    best = max(((shares[g] - base, -i, g) for i, g in enumerate(CONTRASTS) if g in shares),
               default=None)
    return best[2] if best is not None and best[0] > 0 else None


def speaker_of(c: Candidate, prefer: str | None) -> int:
    """The participant whose words represent the quote: the friction group's, else whoever
    says most of it (lowest id on a tie)."""
    people = {p.participant_id: p.group for p in c.pieces}
    ranked = sorted(people, key=lambda pid: (people[pid] != prefer, -c.spoken(pid), pid))
    return ranked[0]


def choose(candidates: Iterable[Candidate], prefer: str | None) -> Candidate | None:
    def key(c: Candidate) -> tuple[Any, ...]:
        mostly = c.fraction > 0.5
        in_group = prefer is not None and any(p.group == prefer for p in c.pieces)
        words = c.spoken(speaker_of(c, prefer))
        return (not mostly, not in_group, words < SHORTEST, -round(c.fraction, 6), c.order)

    return min((c for c in candidates if c.pieces), key=key, default=None)


def trim(text: str, quote_start: int, pieces: Sequence[Piece], participant_id: int) -> str:
    """The participant's words of a quote whose ``text`` starts at offset ``quote_start``."""
    spans = sorted((max(p.start, quote_start), min(p.end, quote_start + len(text)))
                   for p in pieces if p.participant_id == participant_id)
    parts = [" ".join(text[a - quote_start:b - quote_start].split()) for a, b in spans if b > a]
    return JOIN.join(p for p in parts if p)


def represent(candidates: Iterable[Candidate],
              shares: Mapping[str, float]) -> tuple[Candidate, int] | None:
    """The chosen candidate and the participant who represents it, or None."""
    prefer = friction_group(shares)
    chosen = choose(candidates, prefer)
    if chosen is None:
        return None
    return chosen, speaker_of(chosen, prefer)
