"""Accepting one coder's version of a disagreement: one undoable step that makes the units agree
and leaves every other part of the coding as it was."""

from __future__ import annotations

import pytest

from interviewcoder.core.errors import InvalidInput
from interviewcoder.services import agreement
from interviewcoder.services.agreement_resolve import accept_version
from interviewcoder.services.coding import add_quote
from interviewcoder.services.operations import execute
from tests.builders import add_source


@pytest.fixture
def two_coders(study):  # noqa: ANN001, ANN201
    turns = [("P", "participant", "Pat", f"Turn {i} says something worth coding.") for i in range(6)]
    sid, spans = add_source(study, "interview", turns)
    x, y = study.codes.list()[0], study.codes.list()[1]
    add_quote(study, sid, spans[0][0], spans[0][1], [x.id], "Ana")   # only Ana: X on turn 0
    add_quote(study, sid, spans[1][0], spans[1][1], [x.id], "Ana")   # both: X on turn 1
    add_quote(study, sid, spans[1][0], spans[1][1], [x.id], "Ben")
    add_quote(study, sid, spans[2][0], spans[2][1], [x.id, y.id], "Ben")  # only Ben: X (and Y)
    add_quote(study, sid, spans[2][0], spans[2][1], [y.id], "Ana")
    add_quote(study, sid, spans[3][0] + 5, spans[4][1], [x.id], "Ben")  # Ben: X over turns 3–4
    add_quote(study, sid, spans[4][0], spans[4][1], [x.id], "Ana")
    return study, sid, spans, x, y


def _disagreement(study, code_id: int, start: int) -> agreement.Disagreement:  # noqa: ANN001
    report = agreement.compute(study, with_disagreements=True)
    return next(d for d in report.disagreements[code_id] if d.start == start)


def _pairs(study, code_id: int) -> tuple[int, int, int, int]:  # noqa: ANN001
    return next(c.figures.pair for c in agreement.compute(study).codes if c.code_id == code_id)


def test_accepting_the_coder_who_gave_the_code_copies_it_to_the_other(two_coders) -> None:  # noqa: ANN001
    study, sid, spans, x, _y = two_coders
    before = _pairs(study, x.id)
    d = _disagreement(study, x.id, spans[0][0])
    applied = execute(study, accept_version(study, d, "Ana", ["Ana", "Ben"]), "Lead")
    added = [q for q in study.quotes.for_source(sid) if q.coder == "Ben" and q.origin == "accepted"]
    assert [(q.start, q.end, q.code_ids) for q in added] == [(spans[0][0], spans[0][1], (x.id,))]
    assert "Ana" in added[0].memo
    after = _pairs(study, x.id)
    assert after[0] == before[0] + 1 and after[1] == before[1] - 1  # turn 0 now agreed
    execute(study, applied.inverse, "Lead")  # undo
    assert _pairs(study, x.id) == before
    assert not [q for q in study.quotes.for_source(sid) if q.origin == "accepted"]


def test_accepting_the_coder_who_did_not_removes_only_that_code_there(two_coders) -> None:  # noqa: ANN001
    study, sid, spans, x, y = two_coders
    d = _disagreement(study, x.id, spans[2][0])
    assert d.has == {"Ana": False, "Ben": True}
    applied = execute(study, accept_version(study, d, "Ana", ["Ana", "Ben"]), "Lead")
    ben = [q for q in study.quotes.for_source(sid) if q.coder == "Ben" and q.start == spans[2][0]]
    assert [q.code_ids for q in ben] == [(y.id,)]  # Y stays on Ben's quote; X left it
    assert _disagreement_count(study, x.id) == 2  # turns 0 and 3 are left
    execute(study, applied.inverse, "Lead")
    ben = [q for q in study.quotes.for_source(sid) if q.coder == "Ben" and q.start == spans[2][0]]
    assert [q.code_ids for q in ben] == [tuple(sorted((x.id, y.id)))]


def _disagreement_count(study, code_id: int) -> int:  # noqa: ANN001
    return len(agreement.compute(study, with_disagreements=True).disagreements.get(code_id, []))


def test_a_quote_reaching_beyond_the_unit_keeps_the_code_outside_it(two_coders) -> None:  # noqa: ANN001
    study, sid, spans, x, _y = two_coders
    d = _disagreement(study, x.id, spans[3][0])  # Ben's X reaches into turn 3 and covers turn 4
    applied = execute(study, accept_version(study, d, "Ana", ["Ana", "Ben"]), "Lead")
    ben = sorted((q.start, q.end) for q in study.quotes.for_source(sid)
                 if q.coder == "Ben" and x.id in q.code_ids)
    # turn 3 lost Ben's X; the part of the quote on turn 4 (and the gap before it) kept it
    assert (spans[3][1], spans[4][1]) in ben
    assert not any(a < spans[3][1] and b > spans[3][0] for a, b in ben)
    report = agreement.compute(study)
    # Ben-only X is left on turn 2 alone (turn 3 is resolved)
    assert next(c.figures.pair for c in report.codes if c.code_id == x.id)[2] == 1
    execute(study, applied.inverse, "Lead")
    ben = sorted((q.start, q.end) for q in study.quotes.for_source(sid)
                 if q.coder == "Ben" and x.id in q.code_ids)
    assert (spans[3][0] + 5, spans[4][1]) in ben


def test_accepting_where_the_coders_agree_or_an_unknown_coder_is_refused(two_coders) -> None:  # noqa: ANN001
    study, _sid, spans, x, _y = two_coders
    d = _disagreement(study, x.id, spans[0][0])
    with pytest.raises(InvalidInput, match="not one of the compared coders"):
        accept_version(study, d, "Zoe", ["Ana", "Ben"])
    execute(study, accept_version(study, d, "Ana", ["Ana", "Ben"]), "Lead")
    with pytest.raises(InvalidInput, match="already agree"):
        accept_version(study, d, "Ana", ["Ana", "Ben"])
    assert any(e["action"] == "add_quote" and e["coder"] == "Lead" for e in study.history(5))


def test_several_units_at_once_are_one_step_each_planned_after_the_last(two_coders) -> None:  # noqa: ANN001
    from interviewcoder.services.agreement_resolve import accept

    study, sid, _spans, x, _y = two_coders
    before = sorted((q.guid, q.start, q.end, q.code_ids) for q in study.quotes.for_source(sid))
    found = agreement.compute(study, with_disagreements=True).disagreements[x.id]
    assert len(found) == 3  # turns 0, 2, 3
    applied = accept(study, found, "Ben", ["Ana", "Ben"], "Lead")
    assert _disagreement_count(study, x.id) == 0
    assert study.history(1)[0]["action"] == "accept_version"
    execute(study, applied.inverse, "Lead")
    after = sorted((q.guid, q.start, q.end, q.code_ids) for q in study.quotes.for_source(sid))
    assert [b[1:] for b in after] == [b[1:] for b in before]
