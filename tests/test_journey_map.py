"""The journey map model against the evidence engine, on the hand-counted study
(tests/evidence_study.py) and on the demo study."""

from __future__ import annotations

import pytest

from interviewcoder.core.evidence import Filters
from interviewcoder.core.friction import difference_interval, friction
from interviewcoder.core.journey_map import MapTarget
from interviewcoder.core.types import Dimension, Role
from interviewcoder.services import coding, evidence, journey_map
from tests.evidence_study import COSTS, SLACK, build

PRICING = "Checked pricing"


@pytest.fixture
def built(study):
    return build(study)


def _turns(study, source_id: int, role: Role) -> list:
    return [t for t in study.sources.turns(source_id) if t.role == role]


def test_newcombe_interval_matches_the_published_example() -> None:
    # Newcombe (1998), example (a): 56/70 against 48/80, method 10: 0.0524 to 0.3339.
    d, low, high = difference_interval(56, 70, 48, 80)
    assert d == pytest.approx(0.2)
    assert (low, high) == (pytest.approx(0.0524, abs=1e-4), pytest.approx(0.3339, abs=1e-4))
    # 0 of 10 against 0 of 20: no difference, an interval around 0.
    d, low, high = difference_interval(0, 10, 0, 20)
    assert d == 0 and low < 0 < high


def test_friction_needs_the_whole_interval_above_won() -> None:
    from interviewcoder.core.evidence import group_share

    def shares(**groups: tuple[int, int]) -> dict:
        return {g: group_share(k, 0, n) for g, (k, n) in groups.items()}

    assert friction(shares(won=(0, 18), lost=(6, 13), churned=(0, 11))) == ("lost",)
    assert friction(shares(won=(0, 3), lost=(1, 2))) == ()  # one lost participant is not enough
    assert friction(shares(won=(5, 10), lost=(9, 10), churned=(10, 10))) == ("churned",)
    assert friction(shares(lost=(9, 10))) == ()  # no won group to compare with


def test_steps_in_journey_order_with_the_engines_reach(study, built) -> None:
    m = journey_map.build(study)
    steps = study.codes.in_dimension(Dimension.STEP)
    assert m.names() == [c.name for c in steps]
    table = {r.code_id: r for r in evidence.compute(study).rows}
    assert m.outcomes == ["won", "lost", "churned"]
    assert m.outcome_sizes == {"won": 3, "lost": 2, "churned": 1}
    for s in m.steps:
        row = table[s.code_id]
        assert s.participants == row.participants and s.mentions == row.mentions
        for r in s.reach:
            g = row.by_outcome[r.outcome]
            assert (r.participants, r.size, r.share, r.low, r.high) == (
                g.participants, g.size, g.share, g.low, g.high)
            assert r.thin == (g.participants < 3)
    peers = m.step(built.peers)
    assert [(r.outcome, r.participants, r.size) for r in peers.reach] == [
        ("won", 2, 3), ("lost", 2, 2), ("churned", 1, 1)]
    # Read reviews: the interviewer asked about reviews (coded) but only Cy and Ed count.
    reviews = m.step(built.reviews)
    assert [r.participants for r in reviews.reach] == [0, 1, 1]


def test_top_anxieties_and_influences_are_the_matrix_cells(study, built) -> None:
    m = journey_map.build(study)
    for dim, attr in ((Dimension.ANXIETY, "anxieties"), (Dimension.INFLUENCE, "influences")):
        matrix = evidence.matrix(study, dim)
        for s in m.steps:
            expected = sorted(((matrix.count(s.code_id, c.id, measure="turn"), c.name) for c in matrix.cols
                               if matrix.count(s.code_id, c.id, measure="turn")),
                              key=lambda x: (-x[0], x[1].casefold()))[:3]
            items = getattr(s, attr)
            assert [(i.participants, i.name) for i in items] == expected
            for i in items:
                assert {r.outcome: r.participants for r in i.reach} == {
                    o: matrix.count(s.code_id, i.code_id, o, measure="turn") for o in m.outcomes}
    peers = m.step(built.peers)
    # Ana, Cy (the focus-group quote reaches her turn) and Ed said peers and costs in one answer.
    assert [(i.name, i.participants) for i in peers.anxieties] == [(COSTS, 3)]
    assert [(i.name, i.participants) for i in peers.influences] == [(SLACK, 1)]
    assert peers.influences[0].thin and not peers.anxieties[0].thin


def test_transitions_and_loops_are_the_engines_paths(study, built) -> None:
    m = journey_map.build(study)
    paths = evidence.paths(study)
    assert [(t.source, t.target, t.participants, t.times) for t in m.transitions] == [
        (t.source, t.target, t.participants, t.times) for t in paths.transitions]
    moves = {(t.source, t.target): t for t in m.transitions}
    assert moves[built.peers, built.reviews].backward is False
    assert moves[built.peers, built.reviews].participants == {"lost": 1, "churned": 1}
    back = moves[built.reviews, built.peers]  # Ed went back to asking peers: a loop
    assert back.backward is True and back.total == 1
    assert m.step(built.peers).loops == 1 and m.step(built.reviews).loops == 0


def test_a_step_coded_only_in_interviewer_speech_shows_zero(study, built) -> None:
    question = _turns(study, built.interview, Role.INTERVIEWER)[0]
    pricing = study.codes.find(Dimension.STEP, PRICING)
    coding.add_quote(study, built.interview, question.start, question.end, [pricing.id, built.costs],
                     "tester")
    m = journey_map.build(study)
    step = m.step(pricing.id)
    assert step.participants == 0 and step.mentions == 0
    assert [r.participants for r in step.reach] == [0, 0, 0]
    assert step.anxieties == () and step.quote is None
    assert m.names().index(PRICING) == [c.name for c in study.codes.in_dimension(
        Dimension.STEP)].index(PRICING)
    assert journey_map.quotes_behind(study, MapTarget("step", pricing.id)) == []


def test_quotes_shown_are_participant_speech_only(study, built) -> None:
    """A quote that begins with the interviewer's question shows only the answer's words."""
    text = study.sources.text(built.interview)
    question, answer = _turns(study, built.interview, Role.INTERVIEWER)[1], \
        _turns(study, built.interview, Role.PARTICIPANT)[1]
    pricing = study.codes.find(Dimension.STEP, PRICING)
    coding.add_quote(study, built.interview, question.start, answer.start + 20, [pricing.id],
                     "tester")
    m = journey_map.build(study)
    quote = m.step(pricing.id).quote
    assert quote is not None and quote.participant == "Ana"
    assert quote.text == " ".join(text[answer.start:answer.start + 20].split())
    assert text[question.start:question.end] not in quote.text
    interviewer_words = {study.sources.text(s)[t.start:t.end] for s in (built.interview, built.focus)
                         for t in _turns(study, s, Role.INTERVIEWER)}
    for s in m.steps:
        for q in [s.quote] + [i.quote for i in (*s.anxieties, *s.influences)]:
            if q is not None:
                # (an interviewer's words never in a shown quote; a participant may say the same
                # words: Ed's "read reviews", the churned friction's quote, is in a question too)
                assert not any(words in q.text for words in interviewer_words)
    # The item's quote is one carrying both codes where there is one: Ana's third quote (Cy's
    # and Ed's costs quotes carry only the anxiety, in an answer where the step is coded).
    costs = m.step(built.peers).anxieties[0].quote
    assert costs is not None and (costs.text, costs.participant) == ("I asked peers a", "Ana")


def test_persona_filter(study, built) -> None:
    f = Filters(persona="Buyer")
    m = journey_map.build(study, f)
    assert m.outcome_sizes == {"won": 2, "lost": 2}  # Ana, Fay; Cy, Di
    table = {r.code_id: r for r in evidence.compute(study, f).rows}
    peers = m.step(built.peers)
    assert [(r.outcome, r.participants, r.size) for r in peers.reach] == [
        (o, table[built.peers].by_outcome[o].participants, table[built.peers].by_outcome[o].size)
        for o in ("won", "lost")]
    assert peers.participants == 3
    # Ed (Admin) made the only loop: gone with the filter.
    assert peers.loops == 0 and not any(t.backward for t in m.transitions)
    assert [(t.source, t.target, t.participants) for t in m.transitions] == [
        (built.peers, built.reviews, {"lost": 1})]
    assert [(i.name, i.participants) for i in peers.anxieties] == [(COSTS, 2)]  # Ana, Cy


def test_outcome_and_coder_filters(study, built) -> None:
    lost = journey_map.build(study, Filters(outcome="lost"))
    assert lost.outcomes == ["lost"] and lost.step(built.peers).participants == 2
    nobody = journey_map.build(study, Filters(coder="someone else"))
    assert all(s.participants == 0 for s in nobody.steps) and nobody.transitions == []
    assert nobody.participants == 6  # the denominators are still everyone


def test_quotes_behind_map_targets(study, built) -> None:
    def said(rows: list[dict]) -> list[tuple[str, str]]:
        return sorted((r["participants"], r["text"]) for r in rows)

    step = journey_map.quotes_behind(study, MapTarget("step", built.peers, outcome="lost"))
    assert step == evidence.quotes_behind(study, built.peers, "lost")
    item = journey_map.quotes_behind(study, MapTarget("item", built.peers, built.costs))
    people = {r["participants"] for r in item}
    assert people == {"Ana", "Bo,Cy", "Cy", "Ed"}
    assert built.interviewer_quote not in {r["quote_id"] for r in item}
    # Only Ana's second answer has both: her first answer (peers, Slack) is not behind it.
    assert not any(r["participants"] == "Ana" and "Slack" in r["text"] for r in item)
    lost_item = journey_map.quotes_behind(study, MapTarget("item", built.peers, built.costs, "lost"))
    # In the lost group: Cy's part of the focus-group quote and her costs quote.
    assert [r["participants"] for r in lost_item] == ["Cy", "Cy"]
    # Peers → reviews: Cy and Ed made the move; their quotes of either step (Ed's three, Cy's
    # focus-group quote on peers and her reviews quote), none of Ana's, Bo's own or Di's.
    move = journey_map.quotes_behind(study, MapTarget("transition", built.peers, built.reviews))
    assert [p for p, _ in said(move)] == ["Bo,Cy", "Cy", "Ed", "Ed", "Ed"]
    churned = journey_map.quotes_behind(
        study, MapTarget("transition", built.peers, built.reviews, outcome="churned"))
    assert [p for p, _ in said(churned)] == ["Ed", "Ed", "Ed"]


def test_demo_map_marks_friction_where_the_interval_says_so(tmp_path) -> None:
    from interviewcoder.services.demo import build_demo
    from interviewcoder.services.studies import open_study

    with open_study(build_demo(tmp_path / "demo.icstudy")) as study:
        m = journey_map.build(study)
        table = {r.code_id: r for r in evidence.compute(study).rows}
    marked = {s.name: s.friction for s in m.steps if s.friction}
    assert marked.get("Chose another vendor") == ("lost",)
    for s in m.steps:
        by = table[s.code_id].by_outcome
        expected = tuple(o for o in ("lost", "churned") if difference_interval(
            by[o].participants, by[o].size, by["won"].participants, by["won"].size)[1] > 0)
        assert s.friction == expected
        assert s.quote is None or s.quote.text.strip()
    assert len(m.steps) == 21 and m.participants == 42
