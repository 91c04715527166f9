"""Participant and outcome operations: each one transaction, logged, and undone exactly."""

from __future__ import annotations

import pytest

from interviewcoder.core.errors import InvalidInput, NotFound
from interviewcoder.core.types import Role
from interviewcoder.services import evidence, outcomes
from interviewcoder.services import participants as people
from interviewcoder.services.operations import execute
from interviewcoder.store import Study
from tests.builders import add_source


def _state(study: Study) -> dict[str, list[tuple]]:
    return {t: study.db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("participants", "turns", "outcomes")}


@pytest.fixture
def two_calls(study: Study) -> tuple[int, int]:
    a, _ = add_source(study, "a.txt", [("Interviewer", "interviewer", None, "Why?"),
                                       ("Jane", "participant", "Jane", "Price."),
                                       ("Mod2", "participant", "Mod2", "Anything else?")])
    b, _ = add_source(study, "b.txt", [("Interviewer", "interviewer", None, "Why?"),
                                       ("Jane B", "participant", "Jane B", "Support.")])
    people.set_participant(study, "Jane", "t", outcome="won", persona="Buyer",
                           attributes={"region": "EU"}, memo="first call")
    people.set_participant(study, "Jane B", "t", outcome="unknown", attributes={"size": "50"},
                           memo="second call")
    people.set_participant(study, "Mod2", "t", outcome="won")
    return a, b


def test_merge_moves_every_turn_fills_what_was_missing_and_undoes_exactly(
        study: Study, two_calls) -> None:
    before = _state(study)
    jane, jane_b = people.by_name(study, "Jane"), people.by_name(study, "Jane B")
    applied = people.merge(study, "Jane B", "Jane", "t")
    assert applied.result == 1
    merged = people.by_name(study, "Jane")
    assert merged.attributes == {"region": "EU", "size": "50"}
    assert merged.memo == "first call\n\nsecond call" and merged.outcome == "won"
    assert study.participants.get(jane_b.id) is None
    assert {t.source_id for t in study.sources.turns_of_participant(jane.id)} == set(two_calls)
    assert study.history(1)[0]["action"] == "merge_participants"
    execute(study, applied.inverse, "t")
    assert _state(study) == before
    with pytest.raises(InvalidInput, match="into itself"):
        people.merge(study, "Jane", "Jane", "t")


def test_remapping_a_speakers_last_turns_removes_the_participant_and_undo_restores_them(
        study: Study, two_calls) -> None:
    a, _ = two_calls
    before = _state(study)
    applied = people.map_speaker(study, a, "Mod2", Role.INTERVIEWER, None, "t")
    assert applied.result == ["Mod2"]
    assert study.participants.by_name("Mod2") is None
    assert evidence.compute(study).outcome_sizes == {"won": 1, "unknown": 1}
    actions = [h["action"] for h in study.history(2)]
    assert actions == ["map_turns", "delete_participant"]
    execute(study, applied.inverse, "t")
    assert _state(study) == before


def test_mark_interviewer_and_make_participant_again(study: Study, two_calls) -> None:
    before = _state(study)
    mod2 = people.by_name(study, "Mod2")
    applied = execute(study, people.MarkInterviewer(mod2.id), "t")
    assert study.participants.by_name("Mod2") is None
    assert {r["speaker"] for r in study.sources.interviewers()} == {"Interviewer", "Mod2"}
    execute(study, applied.inverse, "t")
    assert _state(study) == before
    execute(study, people.MarkInterviewer(mod2.id), "t")
    back = execute(study, people.MakeParticipant("Mod2"), "t")
    assert study.participants.by_name("Mod2").id == back.result
    with pytest.raises(NotFound):
        execute(study, people.MakeParticipant("Nobody"), "t")


def test_bulk_update_is_one_step_and_refuses_unknown_outcomes(study: Study, two_calls) -> None:
    before = _state(study)
    ids = [p.id for p in study.participants.list()]
    with pytest.raises(InvalidInput, match="unknown outcome 'churn'"):
        people.update_many_op(study, ids, outcome="churn")
    op = people.update_many_op(study, ids, outcome="lost", persona="Ops",
                               attributes={"tier": "gold"})
    applied = execute(study, op, "t")
    assert {(p.outcome, p.persona, p.attributes["tier"]) for p in study.participants.list()} == {
        ("lost", "Ops", "gold")}
    assert study.history(1)[0]["detail"] == {
        "participants": 3, "fields": ["attribute:tier", "outcome", "persona"]}
    execute(study, applied.inverse, "t")
    assert _state(study) == before


def test_outcome_vocabulary_operations_undo(study: Study, two_calls) -> None:
    before = _state(study)
    assert outcomes.known(study) == ["won", "lost", "churned"]
    add = outcomes.add(study, "Churn ", "t")
    assert outcomes.known(study) == ["won", "lost", "churned", "churn"]
    people.set_participant(study, "Mod2", "t", outcome="churn")
    merge = outcomes.merge(study, "churn", "churned", "t")
    assert merge.result == 1 and people.by_name(study, "Mod2").outcome == "churned"
    execute(study, merge.inverse, "t")
    assert outcomes.known(study) == ["won", "lost", "churned", "churn"]
    assert people.by_name(study, "Mod2").outcome == "churn"
    with pytest.raises(InvalidInput, match="merge it into another"):
        outcomes.remove(study, "churn", "t")
    rename = outcomes.rename(study, "won", "won deal", "t")
    assert rename.result == 1 and people.by_name(study, "Jane").outcome == "won deal"
    with pytest.raises(InvalidInput, match="already has the outcome 'lost'"):
        outcomes.rename(study, "won deal", "lost", "t")
    execute(study, rename.inverse, "t")
    people.set_participant(study, "Mod2", "t", outcome="won")
    execute(study, add.inverse, "t")
    assert _state(study) == before
    assert outcomes.check(study, " Won ") == "won" and outcomes.check(study, "unknown") == "unknown"


def test_undoing_a_delete_gives_back_the_refi_guid(study: Study, two_calls) -> None:
    jane = people.by_name(study, "Jane")
    study.participants.set_guid(jane.id, "0b9d2a5e-1c2f-4c1e-9a55-2f9c1d0e7a11")
    before = _state(study)
    gone = people.delete(study, "Jane", "t")
    assert study.participants.by_name("Jane") is None
    execute(study, gone.inverse, "t")
    assert study.participants.guid(jane.id) == "0b9d2a5e-1c2f-4c1e-9a55-2f9c1d0e7a11"
    assert _state(study) == before
