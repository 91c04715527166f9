"""Service operations: one transaction each, logged with the coder, undone by their inverse."""

from __future__ import annotations

import pytest

from interviewcoder.core.errors import InvalidInput, NotFound
from interviewcoder.core.types import Dimension, Role
from interviewcoder.services import codebook, coding
from interviewcoder.services import participants as people
from interviewcoder.services.operations import Composite, Operation, execute
from interviewcoder.store import Study
from tests.builders import add_source


def _snapshot(study: Study) -> dict[str, list[tuple]]:
    tables = ["participants", "sources", "turns", "codes", "quotes", "quote_codes", "coders"]
    return {t: study.db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}


def _code(study: Study, path: str) -> int:
    return codebook.resolve(study, path).id


@pytest.fixture
def interview(study: Study) -> tuple[int, list[tuple[int, int]]]:
    return add_source(study, "ana.txt", [
        ("Interviewer", "interviewer", None, "How did you find us?"),
        ("Ana", "participant", "Ana", "We compared three vendors and read G2 reviews first."),
    ])


def test_add_quote_stores_text_codes_coder_and_logs(study: Study, interview) -> None:
    sid, spans = interview
    start, end = spans[1][0], spans[1][0] + 32
    codes = [_code(study, "step/Compared vendors"), _code(study, "influence/Review sites")]
    applied = coding.add_quote(study, sid, start, end, codes, "ana")
    q = study.quotes.get(applied.result)
    assert q.text == "We compared three vendors and re"
    assert set(q.code_ids) == set(codes)
    assert q.coder == "ana"
    assert applied.changes.quotes == {q.id}
    assert study.history(1)[0]["action"] == "add_quote"
    assert study.history(1)[0]["coder"] == "ana"
    assert study.quotes.participants_of(q.id) == [study.participants.by_name("Ana").id]


def test_undo_redo_of_add_quote_restores_identity(study: Study, interview) -> None:
    sid, spans = interview
    applied = coding.add_quote(study, sid, *spans[1], [_code(study, "step/Compared vendors")], "ana",
                               memo="key moment")
    before = study.quotes.get(applied.result)
    undo = execute(study, applied.inverse, "ana")
    assert study.quotes.count() == 0
    execute(study, undo.inverse, "ana")
    after = study.quotes.get(before.id)
    assert (after.guid, after.start, after.end, after.memo, after.code_ids, after.created_at) == (
        before.guid, before.start, before.end, before.memo, before.code_ids, before.created_at)


def test_retag_and_edit_quote_undo(study: Study, interview) -> None:
    sid, spans = interview
    step, review = _code(study, "step/Compared vendors"), _code(study, "influence/Review sites")
    qid = coding.add_quote(study, sid, *spans[1], [step], "ana").result
    retag = coding.retag(study, qid, "ana", add=[review])
    assert set(study.quotes.get(qid).code_ids) == {step, review}
    execute(study, retag.inverse, "ana")
    assert study.quotes.get(qid).code_ids == (step,)
    with pytest.raises(InvalidInput, match="at least one code"):
        coding.retag(study, qid, "ana", remove=[step])
    edit = coding.edit_quote(study, qid, "ana", start=spans[1][0] + 3, memo="narrowed")
    q = study.quotes.get(qid)
    assert q.text.startswith("compared") and q.memo == "narrowed"
    execute(study, edit.inverse, "ana")
    assert study.quotes.get(qid).text.startswith("We compared")


@pytest.mark.parametrize("start, end", [(-1, 5), (5, 5), (10, 4), (0, 10_000)])
def test_bad_offsets_are_refused_and_change_nothing(study: Study, interview, start, end) -> None:
    sid, _ = interview
    before = _snapshot(study)
    with pytest.raises(InvalidInput, match="not a span"):
        coding.add_quote(study, sid, start, end, [_code(study, "step/Compared vendors")], "ana")
    assert _snapshot(study) == before


def test_unknown_source_and_code(study: Study, interview) -> None:
    with pytest.raises(NotFound):
        coding.add_quote(study, 999, 0, 3, [_code(study, "step/Compared vendors")], "ana")
    with pytest.raises(NotFound):
        coding.add_quote(study, interview[0], 0, 3, [12345], "ana")
    with pytest.raises(NotFound, match="no code"):
        codebook.resolve(study, "step/No such step")


def test_failure_in_the_middle_of_a_composite_leaves_the_study_unchanged(study: Study, interview) -> None:
    sid, spans = interview
    step = _code(study, "step/Compared vendors")
    before = _snapshot(study)
    log_before = len(study.history())
    op = Composite((
        coding.AddQuote(sid, *spans[1], (step,)),
        codebook.AddCode(Dimension.THEME, "Pricing"),
        coding.AddQuote(sid, 0, 10_000, (step,)),  # fails after two writes
    ))
    with pytest.raises(InvalidInput):
        execute(study, op, "ana")
    assert _snapshot(study) == before
    assert len(study.history()) == log_before


class _Boom(Operation):
    action = "boom"

    def run(self, study, coder):  # noqa: ANN001, ANN201
        raise RuntimeError("disk on fire")


def test_unexpected_error_rolls_back_everything(study: Study, interview) -> None:
    sid, spans = interview
    before = _snapshot(study)
    with pytest.raises(RuntimeError):
        execute(study, Composite((coding.AddQuote(sid, *spans[1], (_code(study, "step/Compared vendors"),)),
                                  _Boom())), "ana")
    assert _snapshot(study) == before


def test_codebook_add_rename_recolour_reorder_with_undo(study: Study) -> None:
    added = codebook.add_code(study, Dimension.THEME, "Pricing page", "ana", description="d")
    cid = added.result
    assert study.codes.get(cid).colour.startswith("#")
    with pytest.raises(InvalidInput, match="already has"):
        codebook.add_code(study, Dimension.THEME, "pricing PAGE", "ana")
    ren = codebook.update_code(study, cid, "ana", name="Pricing", colour="#AABBCC")
    assert (study.codes.get(cid).name, study.codes.get(cid).colour) == ("Pricing", "#aabbcc")
    execute(study, ren.inverse, "ana")
    assert study.codes.get(cid).name == "Pricing page"
    steps = [c.id for c in study.codes.in_dimension(Dimension.STEP)]
    moved = codebook.move_to(study, steps[-1], 0, "ana")
    assert [c.id for c in study.codes.in_dimension(Dimension.STEP)][0] == steps[-1]
    execute(study, moved.inverse, "ana")
    assert [c.id for c in study.codes.in_dimension(Dimension.STEP)] == steps
    execute(study, added.inverse, "ana")
    assert study.codes.get(cid) is None


def test_delete_code_removes_lonely_quotes_and_undo_restores_all(study: Study, interview) -> None:
    sid, spans = interview
    step, review = _code(study, "step/Compared vendors"), _code(study, "influence/Review sites")
    only = coding.add_quote(study, sid, *spans[1], [step], "ana").result
    both = coding.add_quote(study, sid, spans[1][0], spans[1][0] + 10, [step, review], "ana").result
    assert codebook.affected_quotes(study, step) == (2, 1)
    before = _snapshot(study)
    deleted = codebook.delete_code(study, step, "ana")
    assert study.quotes.get(only) is None
    assert study.quotes.get(both).code_ids == (review,)
    execute(study, deleted.inverse, "ana")
    after = _snapshot(study)
    assert after["codes"] == before["codes"]
    assert after["quote_codes"] == before["quote_codes"]
    assert [r[:6] for r in after["quotes"]] == [r[:6] for r in before["quotes"]]


def test_merge_codes_and_unmerge(study: Study, interview) -> None:
    sid, spans = interview
    a, b = _code(study, "step/Compared vendors"), _code(study, "step/Compared vendors again")
    q1 = coding.add_quote(study, sid, *spans[1], [a], "ana").result
    q2 = coding.add_quote(study, sid, spans[1][0], spans[1][0] + 5, [a, b], "ana").result
    merged = codebook.merge_codes(study, a, b, "ana")
    assert study.codes.get(a) is None
    assert study.quotes.get(q1).code_ids == (b,)
    assert study.quotes.get(q2).code_ids == (b,)
    execute(study, merged.inverse, "ana")
    assert study.codes.get(a) is not None
    assert study.quotes.get(q1).code_ids == (a,)
    assert set(study.quotes.get(q2).code_ids) == {a, b}


def test_participants_set_and_speaker_mapping(study: Study, interview) -> None:
    sid, _ = interview
    people.set_participant(study, "Ana", "ana", outcome="Lost", persona="Finance lead",
                           attributes={"size": "50"})
    ana = study.participants.by_name("Ana")
    assert (ana.outcome, ana.persona, ana.attributes) == ("lost", "Finance lead", {"size": "50"})
    upd = people.set_participant(study, "Ana", "ana", attributes={"size": None, "region": "EU"})
    assert study.participants.by_name("Ana").attributes == {"region": "EU"}
    execute(study, upd.inverse, "ana")
    assert study.participants.by_name("Ana").attributes == {"size": "50"}
    bob = people.add_participant(study, "Bob", "ana").result
    mapped = people.map_speaker(study, sid, "Ana", Role.PARTICIPANT, bob, "ana")
    assert [t.participant_id for t in study.sources.turns(sid)] == [None, bob]
    execute(study, mapped.inverse, "ana")
    assert [t.participant_id for t in study.sources.turns(sid)] == [None, ana.id]


def test_evidence_follows_the_speaker_mapping(study: Study, interview) -> None:
    sid, spans = interview
    qid = coding.add_quote(study, sid, *spans[1], [_code(study, "step/Compared vendors")], "ana").result
    ana = study.participants.by_name("Ana").id
    assert study.quotes.participants_of(qid) == [ana]
    people.map_speaker(study, sid, "Ana", Role.INTERVIEWER, None, "ana")
    assert study.quotes.participants_of(qid) == []  # interviewer speech is evidence for no one


def test_delete_participant_and_restore(study: Study, interview) -> None:
    sid, _ = interview
    ana = study.participants.by_name("Ana")
    gone = execute(study, people.DeleteParticipant(ana.id), "ana")
    assert study.participants.by_name("Ana") is None
    assert study.sources.turns(sid)[1].participant_id is None
    execute(study, gone.inverse, "ana")
    assert study.participants.by_name("Ana") == ana
    assert study.sources.turns(sid)[1].participant_id == ana.id
