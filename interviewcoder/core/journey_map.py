"""The journey map as plain values, assembled from the evidence engine's results.

One ``MapStep`` per step code in codebook (journey) order: its reach per outcome (distinct
participants, share, Wilson interval, thin flag, from the evidence table), a friction mark, the
participants who came back to it (loops), its top anxieties and top influences (step × anxiety /
step × influence distinct participants with both codes in one answer, from the matrices) and a
representative quote. Between steps, the transitions of the participants' paths, each marked
backward when it goes against the journey order (a loop drawn as a back-arrow).

Nothing here counts anything: numbers come from ``services.evidence`` (and so from the SQL in
``store/evidence.py``); this module only arranges them and adds the friction test.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from interviewcoder.core.evidence import THIN_BELOW, CodeEvidence, Filters, GroupShare, group_share
from interviewcoder.core.friction import friction
from interviewcoder.core.journey import Path, Transition, pair_total
from interviewcoder.core.types import Code

TOP = 3
"""Anxieties and influences shown under each step."""


@dataclass(frozen=True, slots=True)
class Reach:
    """One outcome's evidence at a step (or for an item under it)."""

    outcome: str
    participants: int
    size: int
    share: float
    low: float
    high: float

    @property
    def thin(self) -> bool:
        return self.participants < THIN_BELOW

    @classmethod
    def of(cls, outcome: str, s: GroupShare) -> Reach:
        return cls(outcome, s.participants, s.size, s.share, s.low, s.high)


@dataclass(frozen=True, slots=True)
class MapQuote:
    """A quote shown on the map: only the participant's own words of it."""

    quote_id: int
    source_id: int
    text: str
    participant: str
    outcome: str


@dataclass(frozen=True, slots=True)
class MapItem:
    """An anxiety or influence under a step."""

    code_id: int
    dimension: str
    name: str
    colour: str
    participants: int  # distinct participants with the step and this code in one answer
    reach: tuple[Reach, ...]
    friction: tuple[str, ...]
    quote: MapQuote | None = None

    @property
    def thin(self) -> bool:
        return self.participants < THIN_BELOW


@dataclass(frozen=True, slots=True)
class MapStep:
    code_id: int
    name: str
    colour: str
    participants: int
    mentions: int
    reach: tuple[Reach, ...]
    friction: tuple[str, ...]
    loops: int  # participants who came back to this step after another step
    anxieties: tuple[MapItem, ...] = ()
    influences: tuple[MapItem, ...] = ()
    quote: MapQuote | None = None

    @property
    def thin(self) -> bool:
        return self.participants < THIN_BELOW

    def reach_of(self, outcome: str) -> Reach | None:
        return next((r for r in self.reach if r.outcome == outcome), None)


@dataclass(frozen=True, slots=True)
class MapTransition:
    source: int
    target: int
    participants: dict[str, int]  # outcome -> distinct participants who made this move
    times: int
    backward: bool  # against the journey order: a loop back

    @property
    def total(self) -> int:
        return sum(self.participants.values())


@dataclass(frozen=True)
class JourneyMap:
    steps: list[MapStep]
    transitions: list[MapTransition]
    outcomes: list[str]
    outcome_sizes: dict[str, int]
    filters: Filters = field(default_factory=Filters)
    title: str = ""

    @property
    def participants(self) -> int:
        return sum(self.outcome_sizes.values())

    def step(self, code_id: int) -> MapStep:
        return next(s for s in self.steps if s.code_id == code_id)

    def index(self, code_id: int) -> int:
        return next(i for i, s in enumerate(self.steps) if s.code_id == code_id)

    def names(self) -> list[str]:
        return [s.name for s in self.steps]


def top_items(step_id: int, cells: Mapping[tuple[int, int], Mapping[str, int]], cols: Sequence[Code],
              sizes: Mapping[str, int], outcomes: Sequence[str], top: int = TOP,
              quotes: Mapping[tuple[int, int], MapQuote] | None = None) -> tuple[MapItem, ...]:
    """The ``top`` column codes with the most participants together with ``step_id`` (ties by
    name, as the Summary sheet), with their shares per outcome and friction."""
    found = []
    for c in cols:
        cell = cells.get((step_id, c.id), {})
        n = pair_total(cell)
        if n:
            found.append((n, c, cell))
    found.sort(key=lambda x: (-x[0], x[1].name.casefold()))
    items = []
    for n, c, cell in found[:top]:
        shares = {o: group_share(cell.get(o, 0), 0, sizes[o]) for o in outcomes}
        items.append(MapItem(c.id, c.dimension.value, c.name, c.colour, n,
                             tuple(Reach.of(o, shares[o]) for o in outcomes), friction(shares),
                             (quotes or {}).get((step_id, c.id))))
    return tuple(items)


def loops_by_step(paths: Iterable[Path], admitted: set[int] | None = None) -> dict[int, int]:
    """Step -> participants whose path comes back to it after another step."""
    out: dict[int, int] = {}
    for p in paths:
        if admitted is not None and p.participant_id not in admitted:
            continue
        for s in p.loops:
            out[s] = out.get(s, 0) + 1
    return out


def map_transitions(moves: Iterable[Transition], order: Mapping[int, int]) -> list[MapTransition]:
    return [MapTransition(t.source, t.target, dict(t.participants), t.times,
                          order.get(t.target, 0) < order.get(t.source, 0))
            for t in moves if t.source in order and t.target in order]


def assemble(steps: Sequence[CodeEvidence], codes: Mapping[int, Code], outcomes: Sequence[str],
             sizes: Mapping[str, int], anxieties: tuple[Sequence[Code], Mapping], influences:
             tuple[Sequence[Code], Mapping], moves: Iterable[Transition], loops: Mapping[int, int],
             step_quotes: Mapping[int, MapQuote], pair_quotes: Mapping[tuple[int, int], MapQuote],
             filters: Filters, title: str = "", top: int = TOP) -> JourneyMap:
    """The map from the evidence rows of the steps (codebook order), the matrices (columns and
    same-turn cells), the transitions, loops per step and the chosen quotes."""
    order = {r.code_id: i for i, r in enumerate(steps)}
    out = []
    for r in steps:
        reach = tuple(Reach.of(o, r.by_outcome[o]) for o in outcomes)
        code = codes.get(r.code_id)
        out.append(MapStep(
            r.code_id, r.code, code.colour if code else "#cccccc", r.participants, r.mentions, reach,
            friction(r.by_outcome), loops.get(r.code_id, 0),
            top_items(r.code_id, anxieties[1], anxieties[0], sizes, outcomes, top, pair_quotes),
            top_items(r.code_id, influences[1], influences[0], sizes, outcomes, top, pair_quotes),
            step_quotes.get(r.code_id)))
    return JourneyMap(out, map_transitions(moves, order), list(outcomes), dict(sizes), filters, title)


@dataclass(frozen=True, slots=True)
class MapTarget:
    """Something on the map a click lists the quotes of.

    ``step``: a step (``outcome``: one outcome's reach bar); ``item``: an anxiety or influence
    ``code`` under ``step``; ``transition``: the move from ``step`` to ``code``.
    """

    kind: str  # step | item | transition
    step: int
    code: int | None = None
    outcome: str | None = None
