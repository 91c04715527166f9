"""Agreement maths: κ and α by hand on small tables, and α against the ``krippendorff`` package
on random codings for every unit (turn, sentence, character, participant)."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewcoder.core.agreement import (
    Table,
    Unit,
    alpha_nominal,
    cohen_kappa,
    disagreeing,
    percent_agreement,
    pooled,
    tables,
)
from interviewcoder.core.agreement_units import (
    CodedSpan,
    Span,
    character_units,
    participant_units,
    span_units,
)
from interviewcoder.services.agreement import _package_alpha


def _two(both: int, only_a: int, only_b: int, neither: int) -> Table:
    return Table(2, {(True, True): both, (True, False): only_a, (False, True): only_b,
                     (False, False): neither})


def test_kappa_and_alpha_of_a_two_by_two_table_by_hand() -> None:
    #              B: yes   B: no
    #   A: yes       3        1
    #   A: no        2        4        n = 10
    t = _two(3, 1, 2, 4)
    # p_o = (3 + 4) / 10 = 0.7; A says yes 4/10, B 5/10
    # p_e = 0.4 * 0.5 + 0.6 * 0.5 = 0.5; κ = (0.7 − 0.5) / (1 − 0.5) = 0.4
    assert percent_agreement(t) == pytest.approx(0.7)
    assert cohen_kappa(t) == pytest.approx(0.4)
    # Coincidences: o₀₁ = 3 (one per disagreeing unit); n₁ = 2·3 + 1 + 2 = 9; n₀ = 11; n = 20
    # α = 1 − (n − 1) o₀₁ / (n₀ n₁) = 1 − 19·3 / 99 = 42/99
    assert alpha_nominal(t) == pytest.approx(42 / 99)
    assert _package_alpha(t) == pytest.approx(42 / 99)


def test_alpha_of_three_coders_by_hand() -> None:
    # unit  coders (A, B, C)   votes j   j(m−j)/(m−1)
    #  u1     1 1 1              3          0
    #  u2     1 1 0              2          1
    #  u3     0 0 0              0          0
    #  u4     1 0 0              1          1
    # o₀₁ = 2; n₁ = 3 + 2 + 0 + 1 = 6; n₀ = 6; n = 12; α = 1 − 11·2 / 36 = 14/36
    t = Table(3, {(True, True, True): 1, (True, True, False): 1, (False, False, False): 1,
                  (True, False, False): 1})
    assert alpha_nominal(t) == pytest.approx(14 / 36)
    assert _package_alpha(t) == pytest.approx(14 / 36)
    assert percent_agreement(t) == pytest.approx(2 / 4)  # u1 and u3: everyone the same
    assert cohen_kappa(t) is None  # κ is for two coders


def test_no_variation_gives_no_figure_instead_of_a_division_by_zero() -> None:
    t = _two(0, 0, 0, 12)  # nobody ever gave the code
    assert percent_agreement(t) == 1.0
    assert cohen_kappa(t) is None
    assert alpha_nominal(t) is None and _package_alpha(t) is None


def test_perfect_agreement_and_systematic_disagreement() -> None:
    assert cohen_kappa(_two(5, 0, 0, 5)) == pytest.approx(1.0)
    assert alpha_nominal(_two(5, 0, 0, 5)) == pytest.approx(1.0)
    # A always yes where B says no and the reverse: κ = −1, α below zero
    assert cohen_kappa(_two(0, 5, 5, 0)) == pytest.approx(-1.0)
    assert alpha_nominal(_two(0, 5, 5, 0)) < 0


def test_tables_count_units_without_the_code_as_agreed_absence() -> None:
    units = [Unit("turn", 1, 0, 5, (frozenset({1}), frozenset({1}))),
             Unit("turn", 1, 5, 9, (frozenset({1, 2}), frozenset())),
             Unit("turn", 1, 9, 12, (frozenset(), frozenset({2})))]
    t = tables(units, [1, 2], 2)
    assert t[1].pair() == (1, 1, 0, 1)
    assert t[2].pair() == (0, 1, 1, 1)
    overall = pooled(t.values(), 2)
    assert overall.n == 6 and overall.agreed == 3


def test_adjacent_character_runs_disagreeing_the_same_way_are_one_span() -> None:
    a, none = frozenset({7}), frozenset()
    units = [Unit("character", 1, 0, 4, (a, a), 4), Unit("character", 1, 4, 6, (a, none), 2),
             Unit("character", 1, 6, 9, (frozenset({7, 8}), none), 3),
             Unit("character", 1, 12, 14, (a, none), 2)]
    found = disagreeing(units, 7)
    assert [(u.start, u.end, u.weight) for u in found] == [(4, 9, 5), (12, 14, 2)]


# --- α against the package on random codings, for every unit ------------------------------

CODES = (1, 2, 3)


@st.composite
def codings(draw):  # noqa: ANN001, ANN201
    """One source of random length, cut into turns of random participants, and random quotes
    by 2 or 3 coders."""
    length = draw(st.integers(20, 90))
    cuts = sorted(set(draw(st.lists(st.integers(1, length - 1), max_size=8))))
    bounds = [0, *cuts, length]
    turns = [Span(1, a, b, turn_id=i, participant_id=draw(st.integers(1, 3)))
             for i, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False))]
    coders = draw(st.integers(2, 3))
    quotes = []
    for c in range(coders):
        for _ in range(draw(st.integers(1, 6))):
            start = draw(st.integers(0, length - 1))
            end = draw(st.integers(start + 1, length))
            codes = tuple(sorted(draw(st.sets(st.sampled_from(CODES), min_size=1))))
            quotes.append(CodedSpan(1, start, end, c, codes))
    return length, turns, coders, quotes


def _reference_alpha(rows: list[list[int]]) -> float | None:
    """The package on reliability data (coders × units, 0/1), or None when undefined."""
    data = np.array(rows, dtype=float)
    if data.size == 0 or len(np.unique(data)) < 2:
        return None
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def _by_brute_force(units_present: list[list[set[int]]], coders: int) -> dict[int, float | None]:
    """units_present[u][c] = codes coder c gave unit u; uncoded units dropped; α per code."""
    kept = [u for u in units_present if any(u)]
    return {k: _reference_alpha([[int(k in u[c]) for u in kept] for c in range(coders)])
            for k in CODES}


def _ours(units: list[Unit], coders: int) -> dict[int, float | None]:
    kept = [u for u in units if u.coded]
    return {k: alpha_nominal(t) for k, t in tables(kept, CODES, coders).items()}


def _check(ours: dict[int, float | None], reference: dict[int, float | None]) -> None:
    for k in CODES:
        if reference[k] is None:
            assert ours[k] is None
        else:
            assert ours[k] == pytest.approx(reference[k], abs=1e-9)


def _overlap_codes(span: Span, quotes: list[CodedSpan], coders: int) -> list[set[int]]:
    out: list[set[int]] = [set() for _ in range(coders)]
    for q in quotes:
        if q.start < span.end and q.end > span.start:
            out[q.coder] |= set(q.code_ids)
    return out


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(codings())
def test_turn_alpha_matches_the_package(data) -> None:  # noqa: ANN001
    _length, turns, coders, quotes = data
    units = span_units("turn", turns, quotes, coders)
    _check(_ours(units, coders), _by_brute_force([_overlap_codes(t, quotes, coders) for t in turns],
                                                 coders))
    # the package on the unit tables themselves agrees with the closed form too
    for t in tables([u for u in units if u.coded], CODES, coders).values():
        a, b = alpha_nominal(t), _package_alpha(t)
        assert (a is None and b is None) or a == pytest.approx(b)


@FAST
@given(codings(), st.data())
def test_sentence_alpha_matches_the_package(data, more) -> None:  # noqa: ANN001
    length, _turns, coders, quotes = data
    cuts = sorted(set(more.draw(st.lists(st.integers(1, length - 1), max_size=6))))
    bounds = [0, *cuts, length]
    # sentences need not tile the text: leave a character out between some of them
    sentences = [Span(1, a, b - (1 if b - a > 2 and i % 2 else 0))
                 for i, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False))]
    units = span_units("sentence", sentences, quotes, coders)
    _check(_ours(units, coders),
           _by_brute_force([_overlap_codes(s, quotes, coders) for s in sentences], coders))


@FAST
@given(codings())
def test_character_alpha_matches_the_package(data) -> None:  # noqa: ANN001
    length, _turns, coders, quotes = data
    units = character_units({1: length}, quotes, coders)
    assert sum(u.weight for u in units) == length
    chars = []
    for x in range(length):
        present: list[set[int]] = [set() for _ in range(coders)]
        for q in quotes:
            if q.start <= x < q.end:
                present[q.coder] |= set(q.code_ids)
        chars.append(present)
    _check(_ours(units, coders), _by_brute_force(chars, coders))


@FAST
@given(codings())
def test_participant_alpha_matches_the_package(data) -> None:  # noqa: ANN001
    _length, turns, coders, quotes = data
    units = participant_units(turns, quotes, coders)
    people: dict[int, list[set[int]]] = {}
    for t in turns:
        mine = people.setdefault(t.participant_id, [set() for _ in range(coders)])
        for c, codes in enumerate(_overlap_codes(t, quotes, coders)):
            mine[c] |= codes
    assert sorted(u.participant_id for u in units) == sorted(people)
    _check(_ours(units, coders), _by_brute_force(list(people.values()), coders))
