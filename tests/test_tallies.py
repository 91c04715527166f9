"""The maintained tallies against a from-scratch recount after random sequences of changes.

The expected figures are counted here in plain Python from the rows of quotes, turns,
quote_codes and participants (a quote counts for the participants of the non-interviewer
turns it overlaps), so the property checks the triggers, not the recount in the store.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewcoder.core.errors import InvalidInput, NotFound
from interviewcoder.core.evidence import NO_PERSONA, Filters
from interviewcoder.core.types import Dimension, Role, SourceKind
from interviewcoder.services import codebook, coding, outcomes, participants
from interviewcoder.services.operations import Operation, execute
from interviewcoder.services.studies import create
from interviewcoder.store import Study, now
from interviewcoder.store import evidence as store_evidence
from interviewcoder.store import tallies as store_tallies

OUTCOMES = ("won", "lost", "churned")
CODERS = ("test", "Ben")
PERSONAS = ("A", "B", None)


def expected(study: Study) -> dict[str, Any]:
    """Every tally, counted in Python from the raw rows."""
    db = study.db
    turns = db.execute('SELECT source_id, start, "end", role, participant_id FROM turns').fetchall()
    people = {r[0]: (r[1], r[2] if r[2] is not None else NO_PERSONA)
              for r in db.execute("SELECT id, outcome, persona FROM participants").fetchall()}
    reach: dict[int, set[int]] = {}
    per_source: dict[int, int] = defaultdict(int)
    for qid, sid, a, b in db.execute('SELECT id, source_id, start, "end" FROM quotes').fetchall():
        per_source[sid] += 1
        who = {p for s, ta, tb, role, p in turns
               if s == sid and ta < b and tb > a and role != "interviewer" and p is not None}
        if who:
            reach[qid] = who
    links = db.execute("SELECT quote_id, code_id FROM quote_codes").fetchall()
    code_people: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    code_quotes: dict[int, int] = defaultdict(int)
    for qid, cid in links:
        code_quotes[cid] += 1
        for p in reach.get(qid, ()):
            entry = code_people[cid, p]
            entry[0] += 1
            entry[1] += len(reach[qid]) == 1
    cells: dict[tuple[int, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for (cid, p), (_n, solo) in code_people.items():
        cell = cells[(cid, *people[p])]
        cell[0] += 1
        cell[1] += solo
    return {
        "quote_participants": {(q, p) for q, ps in reach.items() for p in ps},
        "shared_quotes": {q for q, ps in reach.items() if len(ps) > 1},
        "code_participants": {(c, p, *people[p], n, solo)
                              for (c, p), (n, solo) in code_people.items()},
        "code_cells": {(c, o, pe, n, solo) for (c, o, pe), (n, solo) in cells.items()},
        "code_quotes": set(code_quotes.items()),
        "source_quotes": set(per_source.items()),
    }


def kept(study: Study) -> dict[str, Any]:
    db = study.db

    def rows(sql: str) -> set[tuple[Any, ...]]:
        return {tuple(r) for r in db.execute(sql).fetchall()}

    return {
        "quote_participants": rows("SELECT quote_id, participant_id FROM quote_participants"),
        "shared_quotes": {r[0] for r in rows("SELECT quote_id FROM shared_quotes")},
        "code_participants": rows("SELECT code_id, participant_id, outcome, persona, quotes, solo "
                                  "FROM code_participants"),
        "code_cells": rows("SELECT code_id, outcome, persona, participants, solo FROM code_cells"),
        "code_quotes": rows("SELECT code_id, quotes FROM code_quotes"),
        "source_quotes": rows("SELECT source_id, quotes FROM source_tallies WHERE quotes > 0"),
    }


def assert_in_step(study: Study) -> None:
    assert kept(study) == expected(study)
    assert store_tallies.recount(study.db) == {}


FILTERS = (Filters(), Filters(outcome="won"), Filters(persona="A"), Filters(persona=NO_PERSONA),
           Filters(coder="Ben"), Filters(coder="test", outcome="lost"), Filters(coder="nobody"),
           Filters(kind="interview", persona="B"))


def assert_readings_match_the_join(study: Study) -> None:
    """What the evidence reads (tallies, or the quote -> participant table under a quote
    filter such as the coder) is what the plain overlap join counts, filter by filter."""
    for f in FILTERS:
        joined = store_evidence.tallies_with_personas(study.db, f)
        read = (store_tallies.filtered_tallies(study.db, f) if f.selects_quotes
                else store_tallies.tallies(study.db, f))
        assert read == joined, f.describe()


# --- a small study and random changes to it ------------------------------------------------

def _build(study: Study, n_people: int, sources: list[list[tuple[int, str, int]]]) -> None:
    with study.atomic():
        pids = [study.participants.add(f"P{i}", outcome=OUTCOMES[i % 3], persona=PERSONAS[i % 3],
                                       created_at=now()) for i in range(n_people)]
        for n, turns in enumerate(sources):
            text = " ".join("w" * length for length, _, _ in turns)
            sid = study.sources.add(name=f"S{n}", kind=SourceKind.INTERVIEW, text=text,
                                    sha256=str(n), imported_at=now())
            rows, pos = [], 0
            for i, (length, role, who) in enumerate(turns):
                pid = pids[(who - 1) % n_people] if who else None
                rows.append({"ord": i, "start": pos, "end": pos + length, "speaker": f"s{who}",
                             "role": Role(role), "participant_id": pid, "start_ms": None})
                pos += length + 1
            study.sources.add_turns(sid, rows)


def _pick(items: list[Any], index: int) -> Any:
    return items[index % len(items)] if items else None


def _apply(study: Study, step: tuple[Any, ...], undo: list[Operation]) -> None:
    """One random change through the services (the write paths the app and CLI use)."""
    kind, a, b, c = step
    quotes = [r[0] for r in study.db.execute("SELECT id FROM quotes ORDER BY id").fetchall()]
    codes = [x.id for x in study.codes.list()][:6]
    sources = [s.id for s in study.sources.list()]
    people = [p.id for p in study.participants.list()]
    turns = [r[0] for r in study.db.execute("SELECT id FROM turns ORDER BY id").fetchall()]
    op: Operation | None = None
    if kind == "add" and sources:
        sid = _pick(sources, a)
        length = study.sources.text_length(sid)
        start = min(length - 1, b % max(1, length))
        end = min(length, start + 1 + c % 15)
        op = coding.AddQuote(sid, start, end, (_pick(codes, a + b), _pick(codes, c)))
    elif kind == "remove" and quotes:
        op = coding.RemoveQuote(_pick(quotes, a))
    elif kind == "retag" and quotes:
        op = coding.Retag(_pick(quotes, a), add=(_pick(codes, b),), remove=(_pick(codes, c),))
    elif kind == "edit" and quotes:
        q = study.quotes.get(_pick(quotes, a))
        length = study.sources.text_length(q.source_id)
        start = min(length - 1, b % max(1, length))
        op = coding.EditQuote(q.id, start, min(length, start + 1 + c % 20))
    elif kind == "map" and turns:
        role = ("interviewer", "participant", "answer")[b % 3]
        pid = None if role == "interviewer" or c % 4 == 0 else _pick(people, c)
        op = participants.SetTurnMapping(((_pick(turns, a), role, pid),))
    elif kind == "regroup" and people:
        op = participants.UpdateParticipant(_pick(people, a), outcome=_pick(outcomes.known(study), b),
                                            persona=PERSONAS[c % 3] or "")
    elif kind == "delete_person" and people:
        op = participants.DeleteParticipant(_pick(people, a))
    elif kind == "merge_people" and len(people) > 1:
        op = participants.MergeParticipants(_pick(people, a), _pick(people, a + 1 + b % (len(people) - 1)))
    elif kind == "mark_interviewer" and people:
        op = participants.MarkInterviewer(_pick(people, a))
    elif kind == "rename_outcome":
        names = outcomes.known(study)
        op = outcomes.RenameOutcome(_pick(names, a), f"o{b}")
    elif kind == "delete_code" and codes:
        op = codebook.DeleteCode(_pick(codes, a))
    elif kind == "merge_codes" and len(codes) > 1:
        op = codebook.MergeCodes(_pick(codes, a), _pick(codes, a + 1 + b % (len(codes) - 1)))
    elif kind == "append" and sources:
        sid = _pick(sources, a)
        with study.atomic():  # a survey re-import appends answers (text and turns)
            start = study.sources.append_text(sid, " " + "v" * (1 + b % 9)) + 1
            study.sources.add_turns(sid, [{"ord": study.sources.max_turn_ord(sid) + 1,
                                           "start": start, "end": start + 1 + b % 9,
                                           "speaker": "new", "role": Role.ANSWER,
                                           "participant_id": _pick(people, c)}])
    elif kind == "delete_source" and sources and c % 3 == 0:
        with study.atomic():
            study.sources.delete(_pick(sources, a))
    elif kind == "undo" and undo:
        op = undo.pop()
        try:
            execute(study, op, "test")
        except (InvalidInput, NotFound):
            pass
        return
    if op is None:
        return
    try:
        applied = execute(study, op, CODERS[c % 2])  # two coders, for the coder filter
    except (InvalidInput, NotFound):
        return
    undo.append(applied.inverse)


turn_st = st.tuples(st.integers(1, 12), st.sampled_from(["interviewer", "participant", "answer"]),
                    st.integers(0, 4))
step_st = st.tuples(st.sampled_from(["add", "add", "add", "remove", "retag", "edit", "map", "map",
                                     "regroup", "delete_person", "merge_people", "mark_interviewer",
                                     "rename_outcome", "delete_code", "merge_codes",
                                     "append", "delete_source", "undo", "undo"]),
                    st.integers(0, 50), st.integers(0, 200), st.integers(0, 50))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 4), st.lists(st.lists(turn_st, min_size=1, max_size=6), min_size=1,
                                   max_size=3),
       st.lists(step_st, min_size=1, max_size=30))
def test_tallies_stay_in_step_with_a_recount_after_random_changes(
        n_people: int, sources: list[list[tuple[int, str, int]]],
        steps: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        study = create(Path(tmp) / "t.icstudy", template="journey", coder="test")
        try:
            _build(study, n_people, sources)
            undo: list[Operation] = []
            for step in steps:
                _apply(study, step, undo)
            assert_in_step(study)
            assert_readings_match_the_join(study)
        finally:
            study.close()


# --- cases named one by one ------------------------------------------------------------------

@pytest.fixture
def focus_group(tmp_path: Path) -> Study:
    """Three participants in one source; a quote across Ana's and Bo's turns."""
    study = create(tmp_path / "fg.icstudy", template="journey", coder="test")
    _build(study, 3, [[(10, "interviewer", 0), (10, "participant", 1), (10, "participant", 2),
                       (10, "participant", 3)]])
    return study


def test_a_quote_across_two_participants_is_one_mention_of_their_group(focus_group: Study) -> None:
    study = focus_group
    code = study.codes.in_dimension(Dimension.STEP)[0].id
    with study.atomic():  # P0 (won) and P1 (lost) were both made won here
        study.db.execute("UPDATE participants SET outcome = 'won'")
    qid = coding.add_quote(study, 1, 13, 30, [code], "test").result  # P0's and P1's turns
    assert_in_step(study)
    assert study.db.execute("SELECT quote_id FROM shared_quotes").fetchall() == [(qid,)]
    by_outcome, totals, _ = store_tallies.tallies(study.db, _no_filters())
    assert by_outcome[code, "won"] == (2, 1)  # two participants, one quote
    assert totals[code] == (2, 1)
    participants.set_participant(study, "P1", "test", outcome="lost")
    by_outcome, totals, _ = store_tallies.tallies(study.db, _no_filters())
    assert by_outcome[code, "won"] == (1, 1) and by_outcome[code, "lost"] == (1, 1)
    assert totals[code] == (2, 1)
    assert_in_step(study)


def test_deleting_a_participant_takes_their_counts_away(focus_group: Study) -> None:
    study = focus_group
    code = study.codes.in_dimension(Dimension.STEP)[0].id
    coding.add_quote(study, 1, 13, 30, [code], "test")
    execute(study, participants.DeleteParticipant(study.participants.by_name("P0").id), "test")
    assert_in_step(study)
    assert store_tallies.code_usage(study.db, [code]) == {code: (1, 1)}


def test_a_corrupted_tally_is_found_by_the_recount_and_rebuilt(focus_group: Study) -> None:
    study = focus_group
    code = study.codes.in_dimension(Dimension.STEP)[0].id
    coding.add_quote(study, 1, 13, 30, [code], "test")
    with study.atomic():
        study.db.execute("UPDATE code_cells SET participants = participants + 5")
        study.db.execute("DELETE FROM shared_quotes")
    found = store_tallies.recount(study.db)
    assert set(found) == {"code_cells", "shared_quotes"}
    assert found["shared_quotes"]["missing"] == 1
    with study.atomic():
        store_tallies.rebuild(study.db)
    assert_in_step(study)


def _no_filters() -> Any:
    from interviewcoder.core.evidence import Filters

    return Filters()


def test_check_command_recounts_reports_and_repairs(focus_group: Study, capsys) -> None:  # noqa: ANN001
    from tests.builders import run_cli

    study = focus_group
    code = study.codes.in_dimension(Dimension.STEP)[0].id
    coding.add_quote(study, 1, 13, 18, [code], "test")  # inside one turn: nothing to report
    path = str(study.path)
    code_, out, _ = run_cli(capsys, "check", path)
    assert code_ == 0 and "agree" in out
    with study.atomic():
        study.db.execute("DELETE FROM quote_participants WHERE participant_id = "
                         "(SELECT min(participant_id) FROM quote_participants)")
    code_, out, _ = run_cli(capsys, "check", path, "--json")
    import json

    report = json.loads(out)["tallies"]
    assert code_ == 1 and not report["ok"] and report["differences"]["quote_participants"]["missing"] == 1
    code_, out, _ = run_cli(capsys, "check", path)
    assert code_ == 1 and out.rstrip().endswith("the evidence tallies differ from a recount)")
    code_, out, _ = run_cli(capsys, "check", path, "--repair")
    assert code_ == 1 and "Refilled" in out and out.rstrip().endswith("were refilled)")
    assert run_cli(capsys, "check", path)[0] == 0
    assert study.history(1)[0]["action"] == "repair_tallies"
    assert_in_step(study)
