"""Saturation: what each added interview contributes, in interview order.

For each participant in order, the codes (and step × anxiety pairs) that reached 1 distinct
participant for the first time with them (new), and those that reached ``ENOUGH`` (3) distinct
participants with them (now no longer thin evidence). The running totals make the curve: when
new interviews stop adding codes, the curve flattens, and the researcher can judge whether 12
interviews were enough. The same curve is computed within each outcome group.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from interviewcoder.core.evidence import THIN_BELOW

ENOUGH = THIN_BELOW
"""Participants after which a code is no longer thin evidence."""


@dataclass(frozen=True, slots=True)
class Interviewee:
    participant_id: int
    name: str
    outcome: str


@dataclass(frozen=True, slots=True)
class Step:
    """What one participant added, and the totals after them."""

    position: int  # 1-based, in interview order
    participant_id: int
    name: str
    outcome: str
    new_codes: tuple[int, ...]  # codes first heard from this participant
    codes_at_enough: tuple[int, ...]  # codes reaching ENOUGH participants with this participant
    new_pairs: int
    pairs_at_enough: int
    total_codes: int
    total_codes_enough: int
    total_pairs: int
    total_pairs_enough: int

    def to_dict(self, names: Mapping[int, str]) -> dict[str, Any]:
        return {"position": self.position, "participant": self.name, "outcome": self.outcome,
                "new_codes": len(self.new_codes), "codes_reaching_3": len(self.codes_at_enough),
                "new_step_anxiety_pairs": self.new_pairs,
                "step_anxiety_pairs_reaching_3": self.pairs_at_enough,
                "total_codes": self.total_codes, "total_codes_3": self.total_codes_enough,
                "total_step_anxiety_pairs": self.total_pairs,
                "total_step_anxiety_pairs_3": self.total_pairs_enough,
                "new_code_names": [names.get(c, str(c)) for c in self.new_codes]}


def curve(order: Sequence[Interviewee], codes_of: Mapping[int, Iterable[int]],
          pairs_of: Mapping[int, Iterable[Hashable]], enough: int = ENOUGH) -> list[Step]:
    """The saturation steps of ``order`` (participant id -> their codes and pairs)."""
    code_people: dict[int, int] = {}
    pair_people: dict[Hashable, int] = {}
    totals = [0, 0, 0, 0]
    out = []
    for i, who in enumerate(order, 1):
        new, reached = [], []
        for c in sorted(set(codes_of.get(who.participant_id, ()))):
            n = code_people.get(c, 0) + 1
            code_people[c] = n
            if n == 1:
                new.append(c)
            if n == enough:
                reached.append(c)
        new_pairs = reached_pairs = 0
        for p in set(pairs_of.get(who.participant_id, ())):
            n = pair_people.get(p, 0) + 1
            pair_people[p] = n
            new_pairs += n == 1
            reached_pairs += n == enough
        totals = [totals[0] + len(new), totals[1] + len(reached), totals[2] + new_pairs,
                  totals[3] + reached_pairs]
        out.append(Step(i, who.participant_id, who.name, who.outcome, tuple(new), tuple(reached),
                        new_pairs, reached_pairs, *totals))
    return out


@dataclass(frozen=True)
class Saturation:
    order_by: str  # "import" or the attribute the order comes from
    steps: list[Step]
    by_outcome: dict[str, list[Step]]
    code_names: dict[int, str] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)  # participants with no participant turn

    def to_json(self) -> dict[str, Any]:
        return {"order_by": self.order_by,
                "participants": [s.to_dict(self.code_names) for s in self.steps],
                "by_outcome": {o: [s.to_dict(self.code_names) for s in steps]
                               for o, steps in self.by_outcome.items()},
                "left_out": self.left_out}

    @property
    def last_new(self) -> int:
        """The position of the last participant who added a new code (0 when none did)."""
        return max((s.position for s in self.steps if s.new_codes), default=0)


def sort_key(value: Any) -> tuple[int, float, str]:
    """Order attribute values: numbers numerically, then text (ISO dates sort as text)."""
    text = "" if value is None else str(value).strip()
    try:
        return (0, float(text), "")
    except ValueError:
        return (1, 0.0, text.casefold())
