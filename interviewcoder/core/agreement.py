"""Inter-coder agreement on plain values: percent agreement, Cohen's κ, Krippendorff's α.

A *unit* is what two or more coders are compared on (a turn, a sentence, a run of characters,
a participant). For each code, every coder either gave the unit that code or did not: a binary,
nominal judgement per coder and unit, with no missing values (the units come from sources every
compared coder has coded). A code's *table* counts the units by pattern: which coders gave it.
A unit's weight is 1, or the number of characters in a run whose coding does not change, so a
run of 400 characters counts as the 400 units it is.

Krippendorff's α here is the nominal α from the coincidence matrix (Krippendorff 2011,
"Computing Krippendorff's Alpha-Reliability"), in closed form for two values:
``α = 1 − (n − 1) · o₀₁ / (n₀ · n₁)``. ``services.agreement`` uses the ``krippendorff`` package
for per-code α where units are few enough to list one by one; tests check both agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MIN_UNITS = 10
"""A code that fewer units than this carry (from any coder) gives no stable figure: flagged."""

Pattern = tuple[bool, ...]
"""For one code and unit: whether each compared coder (in order) gave the unit that code."""


@dataclass(frozen=True, slots=True)
class Unit:
    """One unit of comparison and each compared coder's codes on it (coder order)."""

    kind: str  # turn | sentence | character | participant
    source_id: int | None
    start: int
    end: int
    codes: tuple[frozenset[int], ...]
    weight: int = 1
    participant_id: int | None = None
    turn_id: int | None = None

    @property
    def coded(self) -> bool:
        """Whether any compared coder gave this unit any code."""
        return any(self.codes)

    def pattern(self, code_id: int) -> Pattern:
        return tuple(code_id in c for c in self.codes)


@dataclass(frozen=True, slots=True)
class Table:
    """Units by pattern for one code (or pooled over codes), weights summed."""

    coders: int
    counts: dict[Pattern, int]

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    @property
    def present(self) -> int:
        """Units (weighted) at least one coder gave the code."""
        return sum(w for p, w in self.counts.items() if any(p))

    @property
    def agreed(self) -> int:
        return sum(w for p, w in self.counts.items() if all(p) or not any(p))

    def by_votes(self) -> dict[int, int]:
        """Number of coders who gave the code → units (weighted)."""
        out: dict[int, int] = defaultdict(int)
        for p, w in self.counts.items():
            out[sum(p)] += w
        return dict(out)

    def pair(self, i: int = 0, j: int = 1) -> tuple[int, int, int, int]:
        """The 2×2 contingency table of coders i and j: (both, only i, only j, neither)."""
        both = only_i = only_j = neither = 0
        for p, w in self.counts.items():
            if p[i] and p[j]:
                both += w
            elif p[i]:
                only_i += w
            elif p[j]:
                only_j += w
            else:
                neither += w
        return both, only_i, only_j, neither


def tables(units: Iterable[Unit], code_ids: Sequence[int], coders: int) -> dict[int, Table]:
    """Each code's table over ``units``. A unit no coder gave the code counts as all-absent."""
    wanted = set(code_ids)
    counts: dict[int, dict[Pattern, int]] = {c: defaultdict(int) for c in code_ids}
    total = 0
    for u in units:
        total += u.weight
        for code in frozenset().union(*u.codes) & wanted:
            counts[code][u.pattern(code)] += u.weight
    absent = (False,) * coders
    out = {}
    for code, c in counts.items():
        c[absent] = total - sum(c.values())
        out[code] = Table(coders, {p: w for p, w in c.items() if w})
    return out


def pooled(tables_: Iterable[Table], coders: int) -> Table:
    """Every unit × code decision as one table (the overall figure)."""
    counts: dict[Pattern, int] = defaultdict(int)
    for t in tables_:
        for p, w in t.counts.items():
            counts[p] += w
    return Table(coders, dict(counts))


def percent_agreement(t: Table) -> float | None:
    """Share of units on which every coder made the same judgement."""
    return t.agreed / t.n if t.n else None


def cohen_kappa(t: Table) -> float | None:
    """Cohen's κ of two coders: (p_o − p_e) / (1 − p_e); None when p_e is 1 (no variation)."""
    if t.coders != 2 or not t.n:
        return None
    both, only_a, only_b, neither = t.pair()
    n = t.n
    p_o = (both + neither) / n
    a_yes, b_yes = (both + only_a) / n, (both + only_b) / n
    p_e = a_yes * b_yes + (1 - a_yes) * (1 - b_yes)
    if p_e >= 1:
        return None
    return (p_o - p_e) / (1 - p_e)


def alpha_nominal(t: Table) -> float | None:
    """Krippendorff's α, nominal, two values, every coder judging every unit.

    A unit with j of m coders giving the code adds j(m−j)/(m−1) to the off-diagonal cell
    o₀₁ of the coincidence matrix; n₁ = Σ j, n₀ = Σ (m − j), n = m · units. None when all
    judgements are the same value (α is undefined).
    """
    m = t.coders
    if m < 2:
        return None
    o01 = 0.0
    n1 = n0 = 0
    for votes, w in t.by_votes().items():
        o01 += w * votes * (m - votes) / (m - 1)
        n1 += w * votes
        n0 += w * (m - votes)
    n = n0 + n1
    if n0 == 0 or n1 == 0:
        return None
    return 1 - (n - 1) * o01 / (n0 * n1)


def disagreeing(units: Iterable[Unit], code_id: int) -> list[Unit]:
    """Units on which the coders differ about ``code_id``; adjacent character runs with the
    same pattern are joined into one span."""
    out: list[Unit] = []
    for u in units:
        p = u.pattern(code_id)
        if all(p) or not any(p):
            continue
        last = out[-1] if out else None
        if (u.kind == "character" and last is not None and last.kind == "character"
                and last.source_id == u.source_id and last.end == u.start
                and last.pattern(code_id) == p):
            merged = tuple(a | b for a, b in zip(last.codes, u.codes, strict=True))
            out[-1] = Unit(u.kind, u.source_id, last.start, u.end, merged,
                           last.weight + u.weight)
            continue
        out.append(u)
    return out
