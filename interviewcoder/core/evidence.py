"""Evidence maths on plain rows: distinct participants, shares, differential, thin evidence.

The unit is the distinct participant. A *hit* says that one quote, through one of its turns,
counts for one participant; everything here is computed from hits (the plain-Python recount
the SQL in ``store/evidence.py`` is checked against) or assembled from the per-group tallies
the store returns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from interviewcoder.core.types import Code
from interviewcoder.core.wilson import share, wilson

THIN_BELOW = 3
"""Fewer distinct participants than this is thin evidence (flagged, never hidden): per code,
per cell (a code in one group), and on a differential either side of which is thin."""

DENOMINATOR_RULE = ("share = participants with the code ÷ participants of the group with at least "
                    "one participant turn in the sources the filters keep")
"""The denominator rule, in the words the workbook's note row and the README use."""

BASELINE = "won"
CONTRASTS = ("lost", "churned")
NO_PERSONA = "(no persona)"

Tally = dict[tuple[int, str], tuple[int, int]]
"""(code id, group) -> (distinct participants, mentions)."""
Totals = dict[int, tuple[int, int]]
"""code id -> (distinct participants, mentions) over every group."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One quote counting for one participant through one of their turns."""

    quote_id: int
    code_id: int
    participant_id: int
    turn_id: int = 0


@dataclass(frozen=True, slots=True)
class GroupShare:
    """A code's evidence in one group (an outcome or a persona)."""

    participants: int
    mentions: int
    size: int  # the group's population (the denominator rule): the share's denominator
    share: float
    low: float
    high: float
    thin: bool = False  # fewer than the thin threshold of participants in this cell

    def to_dict(self) -> dict[str, Any]:
        return {"participants": self.participants, "mentions": self.mentions, "of": self.size,
                "share": round(self.share, 6), "low": round(self.low, 6),
                "high": round(self.high, 6), "thin": self.thin}


@dataclass(frozen=True, slots=True)
class CodeEvidence:
    code_id: int
    dimension: str
    code: str
    participants: int
    mentions: int
    by_outcome: dict[str, GroupShare]
    thin: bool  # the code as a whole rests on fewer than the threshold of participants
    differential: dict[str, float]
    by_persona: dict[str, GroupShare] = field(default_factory=dict)
    thin_differential: dict[str, bool] = field(default_factory=dict)
    """Per contrast group: the differential rests on a thin cell (either side)."""

    @property
    def thin_cells(self) -> list[str]:
        """The outcome groups whose cell is thin, in column order."""
        return [g for g, s in self.by_outcome.items() if s.thin]

    def to_dict(self, *, personas: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "dimension": self.dimension, "code": self.code, "code_id": self.code_id,
            "participants": self.participants, "mentions": self.mentions,
            "by_outcome": {g: s.to_dict() for g, s in self.by_outcome.items()},
            "thin": self.thin,
            "differential": {g: round(v, 6) for g, v in self.differential.items()},
            "thin_differential": dict(self.thin_differential),
        }
        if personas:
            out["by_persona"] = {g: s.to_dict() for g, s in self.by_persona.items()}
        return out


def group_share(participants: int, mentions: int, size: int,
                thin_below: int = THIN_BELOW) -> GroupShare:
    low, high = wilson(participants, size)
    return GroupShare(participants, mentions, size, share(participants, size), low, high,
                      participants < thin_below)


def differential(by_outcome: Mapping[str, GroupShare]) -> dict[str, float]:
    """Share among lost (and among churned) minus share among won, where those groups exist."""
    base = by_outcome.get(BASELINE)
    if base is None or base.size == 0:
        return {}
    return {g: by_outcome[g].share - base.share for g in CONTRASTS
            if g in by_outcome and by_outcome[g].size > 0}


def thin_differential(by_outcome: Mapping[str, GroupShare]) -> dict[str, bool]:
    """Per differential: whether either of its two cells is thin."""
    base = by_outcome.get(BASELINE)
    return {g: base.thin or by_outcome[g].thin
            for g in differential(by_outcome)} if base is not None else {}


def tally(hits: Iterable[Hit], group_of: Mapping[int, str]) -> tuple[Tally, Totals]:
    """Count distinct participants and quotes per (code, group) and per code.

    Participants missing from ``group_of`` are filtered out (they do not count). A mention is a
    quote that counts for at least one participant of the group.
    """
    people: dict[tuple[int, str], set[int]] = defaultdict(set)
    quotes: dict[tuple[int, str], set[int]] = defaultdict(set)
    all_people: dict[int, set[int]] = defaultdict(set)
    all_quotes: dict[int, set[int]] = defaultdict(set)
    for h in hits:
        group = group_of.get(h.participant_id)
        if group is None:
            continue
        people[h.code_id, group].add(h.participant_id)
        quotes[h.code_id, group].add(h.quote_id)
        all_people[h.code_id].add(h.participant_id)
        all_quotes[h.code_id].add(h.quote_id)
    by_group = {key: (len(people[key]), len(quotes[key])) for key in people}
    totals = {cid: (len(all_people[cid]), len(all_quotes[cid])) for cid in all_people}
    return by_group, totals


def group_sizes(group_of: Mapping[int, str]) -> dict[str, int]:
    sizes: dict[str, int] = defaultdict(int)
    for group in group_of.values():
        sizes[group] += 1
    return dict(sizes)


def _shares(code_id: int, sizes: Mapping[str, int], by_group: Tally,
            thin_below: int) -> dict[str, GroupShare]:
    return {g: group_share(*by_group.get((code_id, g), (0, 0)), n, thin_below)
            for g, n in sizes.items()}


def assemble(
    codes: Sequence[Code],
    outcome_sizes: Mapping[str, int],
    by_outcome: Tally,
    totals: Totals,
    *,
    persona_sizes: Mapping[str, int] | None = None,
    by_persona: Tally | None = None,
    thin_below: int = THIN_BELOW,
) -> list[CodeEvidence]:
    """One ``CodeEvidence`` per code (in the order given), uncoded codes included with zeros."""
    rows = []
    for code in codes:
        outcomes = _shares(code.id, outcome_sizes, by_outcome, thin_below)
        personas = (_shares(code.id, persona_sizes, by_persona or {}, thin_below)
                    if persona_sizes else {})
        n, mentions = totals.get(code.id, (0, 0))
        rows.append(CodeEvidence(code.id, code.dimension.value, code.name, n, mentions, outcomes,
                                 n < thin_below, differential(outcomes), personas,
                                 thin_differential(outcomes)))
    return rows


def order_groups(groups: Iterable[str],
                 vocabulary: Sequence[str] = ("won", "lost", "churned")) -> list[str]:
    """The outcome groups in the study's vocabulary order (won, lost, churned, then the
    outcomes it added, as ``outcomes`` lists them), then any others alphabetically, unknown
    last."""
    present = set(groups)
    first = [g for g in dict.fromkeys(vocabulary) if g in present and g != "unknown"]
    rest = sorted(present - set(first) - {"unknown"})
    return first + rest + (["unknown"] if "unknown" in present else [])


@dataclass(frozen=True, slots=True)
class Filters:
    """Which participants and which quotes the evidence is computed over.

    Persona, outcome and attributes choose participants; source kind and import dates choose
    sources, and the coder chooses quotes. The denominator rule (``DENOMINATOR_RULE``): a
    share's denominator is the participants the participant filters admit who have at least
    one participant turn in the sources the filters keep.
    """

    persona: str | None = None
    outcome: str | None = None
    kind: str | None = None  # interview | survey
    coder: str | None = None
    attributes: tuple[tuple[str, str], ...] = ()
    imported_from: str | None = None  # ISO date, inclusive
    imported_to: str | None = None  # ISO date, inclusive (the whole day)

    def admits(self, outcome: str, persona: str | None, attributes: Mapping[str, Any]) -> bool:
        """Whether a participant is in the evidence's population."""
        if self.persona is not None and persona != self.persona:
            return False
        if self.outcome is not None and outcome != self.outcome:
            return False
        return all(k in attributes and str(attributes[k]) == v for k, v in self.attributes)

    def describe(self) -> str:
        parts = [f"{name} {value}" for name, value in (
            ("persona", self.persona), ("outcome", self.outcome), ("source kind", self.kind),
            ("coder", self.coder), ("imported from", self.imported_from),
            ("imported to", self.imported_to)) if value]
        parts += [f"{k} = {v}" for k, v in self.attributes]
        return "; ".join(parts) if parts else "none"

    @property
    def selects_quotes(self) -> bool:
        return bool(self.kind or self.coder or self.imported_from or self.imported_to)
