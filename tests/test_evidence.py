"""The evidence engine on a study small enough to count by eye (tests/evidence_study.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interviewcoder.cli import main
from interviewcoder.core.evidence import Filters
from interviewcoder.core.types import Dimension
from interviewcoder.core.wilson import wilson
from interviewcoder.services import evidence
from tests.evidence_study import COSTS, PEERS, REVIEWS, SLACK, build


@pytest.fixture
def built(study):
    return build(study)


def _by_code(rows: list[dict]) -> dict[str, dict]:
    return {r["code"]: r for r in rows}


def _json(capsys, *args: str) -> list[dict]:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_wilson_matches_published_values() -> None:
    # Reference values of the Wilson score interval at 95%.
    low, high = wilson(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    low, high = wilson(5, 10)
    assert (low, high) == (pytest.approx(0.2366, abs=1e-4), pytest.approx(0.7634, abs=1e-4))
    assert wilson(0, 0) == (0.0, 0.0)
    assert wilson(3, 3)[1] == 1.0


@pytest.mark.parametrize("n", range(1, 60))
def test_wilson_bounds_are_exact_at_zero_and_all(n: int) -> None:
    """Issue 13, item 7: 0 of 3 was written as 5.55e-17 and 10 of 10 as 0.9999999999999999."""
    low, high = wilson(0, n)
    assert low == 0.0 and 0.0 < high < 1.0
    low, high = wilson(n, n)
    assert high == 1.0 and 0.0 < low < 1.0
    for k in range(n + 1):
        low, high = wilson(k, n)
        assert 0.0 <= low <= k / n <= high <= 1.0


def test_evidence_json_counts_distinct_participants(study, built, capsys) -> None:
    rows = _by_code(_json(capsys, "evidence", str(study.path), "--json"))
    peers = rows[PEERS]
    # Ana's three quotes count once; the focus-group quote counts for Bo and Cy.
    assert peers["dimension"] == "step"
    assert (peers["participants"], peers["mentions"]) == (5, 7)
    won, lost, churned = (peers["by_outcome"][g] for g in ("won", "lost", "churned"))
    assert (won["participants"], won["mentions"], won["of"]) == (2, 4, 3)  # Fay counts in "of"
    assert (lost["participants"], lost["mentions"], lost["of"]) == (2, 2, 2)
    assert (churned["participants"], churned["mentions"], churned["of"]) == (1, 2, 1)
    assert won["share"] == pytest.approx(2 / 3, abs=1e-6)
    assert (won["low"], won["high"]) == tuple(pytest.approx(x, abs=1e-6) for x in wilson(2, 3))
    assert lost["share"] == 1.0 and churned["share"] == 1.0
    assert peers["thin"] is False
    assert peers["differential"] == {"lost": pytest.approx(1 / 3, abs=1e-6),
                                     "churned": pytest.approx(1 / 3, abs=1e-6)}


def test_thin_evidence_is_flagged_per_cell(study, built, capsys) -> None:
    """Issue 13, item 3: Hidden costs has 3 participants in all (not thin), but one in each
    outcome: every cell is thin, and so is every differential resting on them."""
    rows = _by_code(_json(capsys, "evidence", str(study.path), "--json"))
    costs = rows[COSTS]
    assert costs["thin"] is False
    assert {g: c["thin"] for g, c in costs["by_outcome"].items()} == \
        {"won": True, "lost": True, "churned": True}
    assert costs["thin_differential"] == {"lost": True, "churned": True}
    rows = _by_code(_json(capsys, "evidence", str(study.path), "--thin", "2", "--json"))
    peers = rows[PEERS]  # won 2, lost 2, churned 1
    assert {g: c["thin"] for g, c in peers["by_outcome"].items()} == \
        {"won": False, "lost": False, "churned": True}
    assert peers["thin_differential"] == {"lost": False, "churned": True}
    assert main(["evidence", str(study.path), "--thin", "2"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("step") and PEERS in x)
    assert "2 (67%) " in line and "1 (100%)*" in line and "+33 pp " in line and "+33 pp*" in line


def test_interviewer_speech_counts_for_no_one(study, built, capsys) -> None:
    rows = _by_code(_json(capsys, "evidence", str(study.path), "--json"))
    reviews = rows[REVIEWS]
    # The interviewer's question is coded too, but only Cy and Ed count.
    assert (reviews["participants"], reviews["mentions"]) == (2, 2)
    assert reviews["by_outcome"]["won"]["participants"] == 0
    assert reviews["thin"] is True
    assert reviews["differential"] == {"lost": 0.5, "churned": 1.0}
    assert rows[SLACK]["participants"] == 1 and rows[SLACK]["thin"] is True
    assert rows[COSTS]["participants"] == 3 and rows[COSTS]["thin"] is False
    assert study.quotes.participants_of(built.interviewer_quote) == []


def test_by_persona_and_filters(study, built, capsys) -> None:
    rows = _by_code(_json(capsys, "evidence", str(study.path), "--by", "persona", "--json"))
    peers = rows[PEERS]["by_persona"]
    assert (peers["Buyer"]["participants"], peers["Buyer"]["of"]) == (3, 4)  # Ana, Cy, Di of 4
    assert (peers["Admin"]["participants"], peers["Admin"]["of"]) == (2, 2)  # Bo, Ed

    only_buyers = _by_code(_json(capsys, "evidence", str(study.path), "--persona", "Buyer", "--json"))
    assert only_buyers[PEERS]["participants"] == 3
    assert only_buyers[PEERS]["by_outcome"]["won"]["of"] == 2  # Ana and Fay
    assert "churned" not in only_buyers[PEERS]["by_outcome"]
    assert only_buyers[PEERS]["differential"] == {"lost": pytest.approx(0.5)}

    surveys = _by_code(_json(capsys, "evidence", str(study.path), "--kind", "survey", "--json"))
    assert surveys[PEERS]["participants"] == 2  # Di and Ed
    eu = _by_code(_json(capsys, "evidence", str(study.path), "--attr", "region=EU", "--json"))
    assert eu[PEERS]["participants"] == 2 and eu[PEERS]["by_outcome"]["lost"]["of"] == 1
    # a coder the study does not have is a one-line error, not an empty table (issue 19)
    assert main(["evidence", str(study.path), "--coder", "someone", "--json"]) == 2
    assert "no coder 'someone'" in capsys.readouterr().err
    # so is an outcome it does not have ("churn" for "churned" gave an empty table)
    for command in (["evidence", str(study.path)], ["export", str(study.path), str(study.path) + ".xlsx"]):
        assert main([*command, "--outcome", "churn"]) == 2
        err = capsys.readouterr().err
        assert "no outcome 'churn'" in err and "churned" in err and err.count("\n") == 1
    assert not Path(str(study.path) + ".xlsx").exists()
    assert main(["evidence", str(study.path), "--outcome", "Churned", "--json"]) == 0  # any case
    capsys.readouterr()
    later = _by_code(_json(capsys, "evidence", str(study.path), "--imported-from", "2999-01-01",
                           "--json"))
    assert later[PEERS]["mentions"] == 0
    few = _json(capsys, "evidence", str(study.path), "--min-participants", "3", "--json")
    assert {r["code"] for r in few} == {PEERS, COSTS}


def _sizes(capsys, study, *filters: str) -> dict[str, int]:  # noqa: ANN001
    rows = _by_code(_json(capsys, "evidence", str(study.path), *filters, "--json"))
    return {g: cell["of"] for g, cell in rows[PEERS]["by_outcome"].items()}


def test_denominators_are_people_who_could_have_said_it(study, built, capsys) -> None:
    """Issue 13, item 2: a share's denominator is the participants with at least one
    participant turn in the sources the filters keep, for every filter."""
    # Gus has no turns at all: in no group. Fay has an interview without quotes: she counts.
    assert _sizes(capsys, study) == {"won": 3, "lost": 2, "churned": 1}
    # Only Di and Ed took the survey: no won group at all, lost is Di alone (was 1/3 "of 3").
    surveys = _by_code(_json(capsys, "evidence", str(study.path), "--kind", "survey", "--json"))
    assert {g: c["of"] for g, c in surveys[PEERS]["by_outcome"].items()} == {"lost": 1, "churned": 1}
    assert surveys[PEERS]["by_outcome"]["lost"]["share"] == 1.0
    assert surveys[PEERS]["differential"] == {}
    assert _sizes(capsys, study, "--kind", "interview") == {"won": 3, "lost": 1}
    # A date window: the focus group and Fay's interview came later.
    with study.atomic():
        study.db.execute("UPDATE sources SET imported_at = '2024-01-05T10:00:00.000+00:00'")
        study.db.execute("UPDATE sources SET imported_at = '2024-02-10T10:00:00.000+00:00' "
                         "WHERE name IN ('Focus group', 'Fay interview')")
    assert _sizes(capsys, study, "--imported-to", "2024-01-31") == {"won": 1, "lost": 1, "churned": 1}
    assert _sizes(capsys, study, "--imported-from", "2024-02-01") == {"won": 2, "lost": 1}
    # Participant filters combine with the rule; the coder filter keeps every source.
    assert _sizes(capsys, study, "--persona", "Buyer") == {"won": 2, "lost": 2}
    assert _sizes(capsys, study, "--coder", "tester") == {"won": 3, "lost": 2, "churned": 1}
    assert {p.name for p in evidence.population(study, Filters(kind="survey"))} == {"Di", "Ed"}


def test_bad_filters_are_one_line_errors(study, built, capsys) -> None:
    assert main(["evidence", str(study.path), "--imported-from", "yesterday"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a date" in err
    assert main(["evidence", str(study.path), "--attr", "region"]) == 2


def test_text_table_prints_counts(study, built, capsys) -> None:
    assert main(["evidence", str(study.path)]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("step") and PEERS in x)
    assert "2 (67%)" in line and "+33 pp" in line
    assert "6 participants" in out


def test_matrices_by_quote_and_by_turn(study, built) -> None:
    m = evidence.matrix(study, Dimension.ANXIETY)
    # One quote with both: Ana (peers + costs); Cy (reviews + costs).
    assert m.count(built.peers, built.costs, measure="quote") == 1
    assert m.count(built.peers, built.costs, "won", measure="quote") == 1
    assert m.count(built.reviews, built.costs, "lost", measure="quote") == 1
    # One answer with both: also Cy (the focus-group quote reaches into her turn) and Ed.
    assert m.count(built.peers, built.costs, measure="turn") == 3
    assert m.count(built.peers, built.costs, "churned", measure="turn") == 1
    assert m.count(built.reviews, built.costs, measure="turn") == 2
    influence = evidence.matrix(study, Dimension.INFLUENCE)
    assert influence.count(built.peers, built.slack, "won") == 1
    assert influence.count(built.reviews, built.slack) == 0


def test_paths_loops_and_transitions(study, built) -> None:
    result = evidence.paths(study)
    paths = {p.name: result.names(path) for p, path in result.paths}
    assert paths == {"Ana": [PEERS], "Bo": [PEERS], "Cy": [PEERS, REVIEWS], "Di": [PEERS],
                     "Ed": [PEERS, REVIEWS, PEERS]}
    loops = {p.name: path.loops for p, path in result.paths}
    assert loops["Ed"] == (built.peers,) and loops["Cy"] == ()
    moves = {(t.source, t.target): t for t in result.transitions}
    assert moves[built.peers, built.reviews].participants == {"lost": 1, "churned": 1}
    assert moves[built.reviews, built.peers].participants == {"churned": 1}
    assert len(moves) == 2


def test_two_steps_on_one_quote_are_ordered_by_sub_spans_or_simultaneous(study) -> None:
    """Issue 13, item 6: two step codes on one quote were ordered by codebook order."""
    from interviewcoder.services import coding
    from tests.builders import add_source

    ids = {c.name: c.id for c in study.codes.in_dimension(Dimension.STEP)}
    peers, reviews, vendors = ids[PEERS], ids[REVIEWS], ids["Compared vendors"]
    assert list(ids).index(PEERS) < list(ids).index(REVIEWS)  # codebook order: peers first
    said = "I read reviews, then I asked peers. Later we compared vendors."
    sid, spans = add_source(study, "Ann", [("Ann", "participant", "Ann", said)])
    start = spans[0][0]
    both = coding.add_quote(study, sid, start, start + 34, [peers, reviews], "t").result
    coding.add_quote(study, sid, start + 35, start + len(said), [vendors], "t")
    path = evidence.paths(study).paths[0][1]
    # No sub-span says which came first: one stage, no move between them.
    assert path.stages == ((peers, reviews), (vendors,))
    result = evidence.paths(study)
    assert result.text(path) == f"{PEERS} + {REVIEWS} → Compared vendors"
    assert {(t.source, t.target) for t in result.transitions} == {(peers, vendors), (reviews, vendors)}
    # Sub-spans coded inside the quote order them: reviews (at 2) before peers (at 23).
    coding.add_quote(study, sid, start + 2, start + 14, [reviews], "t")
    path = evidence.paths(study).paths[0][1]
    assert path.stages == ((peers, reviews), (vendors,))  # only one of them has a sub-span
    coding.add_quote(study, sid, start + 23, start + 33, [peers], "t")
    result = evidence.paths(study)
    path = result.paths[0][1]
    assert path.stages == ((reviews,), (peers,), (vendors,)) and path.loops == ()
    assert result.text(path) == f"{REVIEWS} → {PEERS} → Compared vendors"
    assert {(t.source, t.target) for t in result.transitions} == {(reviews, peers), (peers, vendors)}
    assert study.quotes.get(both) is not None


def test_quotes_behind_a_cell(study, built) -> None:
    quotes = evidence.quotes_behind(study, built.peers, "lost")
    # The focus-group quote is behind the lost cell through Cy only (Bo is won).
    assert [(q["participants"], q["outcomes"]) for q in quotes] == [("Cy", "lost"), ("Di", "lost")]
    assert {q["source"] for q in quotes} == {"Focus group", "Exit survey: why?"}
    everyone = evidence.quotes_behind(study, built.peers)
    assert len(everyone) == 7
    assert built.interviewer_quote not in {q["quote_id"] for q in evidence.quotes_behind(
        study, built.reviews)}


def test_evidence_follows_coding_changes(study, built) -> None:
    from interviewcoder.services import coding

    before = {r.code: r.participants for r in evidence.compute(study).rows}
    di_quote = next(q for q in evidence.quotes_behind(study, built.peers, "lost")
                    if q["participants"] == "Di")
    coding.remove_quote(study, di_quote["quote_id"], "tester")
    after = {r.code: r.participants for r in evidence.compute(study).rows}
    assert after[PEERS] == before[PEERS] - 1
    assert evidence.compute(study, Filters(outcome="lost")).rows[0].by_outcome["lost"].size == 2


def test_evidence_queries_never_scan_per_quote(study, built) -> None:
    """The overlap join must reach the source's longest turn and the turns by index: a plan
    that scans ``longest`` or ``turns`` inside the quote loop is quadratic on big studies."""
    from interviewcoder.store import evidence as sql

    for code_ids in (None, [built.peers]):
        cte, params = sql._hits_cte(Filters(persona="Buyer", kind="interview"), code_ids=code_ids)
        plan = [r[3] for r in study.db.execute("EXPLAIN QUERY PLAN " + cte + " SELECT * FROM hits",
                                               params).fetchall()]
        scans = [step for step in plan if step.startswith("SCAN ") and "turns_span" not in step
                 and step != "SCAN hits"]
        # All codes: one pass over the sources' longest turns drives everything; a few codes:
        # their quote links are searched by code. Nothing is scanned inside another loop.
        assert scans == (["SCAN l"] if code_ids is None else []), plan
        assert any("turns_span" in step and step.startswith("SEARCH t") for step in plan), plan


def test_outcome_groups_follow_the_studys_vocabulary(study, built, tmp_path, capsys) -> None:
    """Outcomes the study added come after won, lost, churned in the order it added them (not
    alphabetically), and a renamed outcome keeps its place; in the evidence, the matrix, the
    CLI table and the workbook alike."""
    import openpyxl

    from interviewcoder.services import outcomes
    from interviewcoder.services import participants as people

    outcomes.add(study, "paused", "tester")
    outcomes.add(study, "expanded", "tester")  # added last, though it sorts first
    outcomes.rename(study, "churned", "churn", "tester")
    people.set_participant(study, "Fay", "tester", outcome="paused")
    people.set_participant(study, "Cy", "tester", outcome="expanded")
    order = ["won", "lost", "churn", "paused", "expanded"]
    table = evidence.compute(study)
    assert table.outcomes == order and all(list(r.by_outcome) == order for r in table.rows)
    assert evidence.matrix(study, Dimension.ANXIETY).outcomes == order
    peers = _by_code(_json(capsys, "evidence", str(study.path), "--json"))[PEERS]
    assert list(peers["by_outcome"]) == order
    out = tmp_path / "evidence.xlsx"
    assert main(["export", str(study.path), str(out)]) == 0
    sheet = openpyxl.load_workbook(out, read_only=True)["Evidence"]
    header = next(r for r in sheet.iter_rows(values_only=True) if r and "Code" in r)
    named = [next(g for g in order if str(cell).startswith(f"{g} ")) for cell in header
             if any(str(cell).startswith(f"{g} ") for g in order)]
    assert list(dict.fromkeys(named)) == order
