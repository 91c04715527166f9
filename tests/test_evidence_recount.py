"""The SQL evidence against a plain-Python recount, on random studies (hypothesis).

The recount finds overlaps itself from the stored quotes and turns, so it checks the SQL's
overlap join, its interviewer rule and its filters, not only the maths on top. The second test
exports the workbook under every kind of filter and compares every cell of every sheet with
``tests/recount.py``, which counts from the raw tables with the denominator rule.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from interviewcoder.core.evidence import Filters, Hit, group_sizes, tally
from interviewcoder.core.journey import Path as StepPath
from interviewcoder.core.journey import pair_counts
from interviewcoder.core.types import Dimension, Role, SourceKind
from interviewcoder.services import evidence, exporting
from interviewcoder.services.studies import create
from interviewcoder.store import Study, now
from interviewcoder.store import evidence as sql
from tests.recount import Recount, expected_sheets, read
from tests.workbook_reader import workbook_tables

OUTCOMES = ("won", "lost", "churned", "unknown")

turn_st = st.tuples(st.integers(1, 30), st.sampled_from(["interviewer", "participant", "answer"]),
                    st.integers(0, 5))  # length, role, participant index (0: none)
DAYS = ("2024-01-05", "2024-01-31", "2024-02-01", "2024-03-10")
source_st = st.tuples(st.sampled_from(["interview", "survey"]), st.lists(turn_st, min_size=1,
                                                                          max_size=6),
                      st.sampled_from(DAYS))
quote_st = st.tuples(st.integers(0, 2), st.floats(0, 1), st.integers(1, 40),
                     st.lists(st.integers(0, 5), min_size=1, max_size=3, unique=True),
                     st.sampled_from(["c1", "c2"]))
study_st = st.fixed_dictionaries({
    "people": st.lists(st.tuples(st.sampled_from(OUTCOMES), st.sampled_from(["A", "B", None])),
                       min_size=1, max_size=5),
    "sources": st.lists(source_st, min_size=1, max_size=3),
    "quotes": st.lists(quote_st, max_size=25),
})


def _build(study: Study, spec: dict) -> None:
    steps = [c.id for c in study.codes.in_dimension(Dimension.STEP)][:3]
    others = [c.id for c in study.codes.in_dimension(Dimension.ANXIETY)][:3]
    codes = steps + others
    with study.atomic():
        pids = [study.participants.add(f"P{i}", outcome=o, persona=persona, created_at=now(),
                                       attributes={"k": str(i % 2), "score": str(i),
                                                   "signed": f"2024-0{1 + i % 9}-1{i % 9}"})
                for i, (o, persona) in enumerate(spec["people"])]
        lengths = []
        for n, (kind, turns, day) in enumerate(spec["sources"]):
            words = ["".join(chr(97 + (i + k) % 26) for k in range(length))
                     for i, (length, _, _) in enumerate(turns)]
            text = "".join(words)
            sid = study.sources.add(name=f"S{n}", kind=SourceKind(kind), text=text,
                                    sha256=str(n), imported_at=f"{day}T12:00:00.000+00:00")
            rows, pos = [], 0
            for i, (length, role, who) in enumerate(turns):
                # an interviewer turn may even carry a participant: it still counts for no one
                pid = pids[(who - 1) % len(pids)] if who else None
                rows.append({"ord": i, "start": pos, "end": pos + length, "speaker": f"s{who}",
                             "role": Role(role), "participant_id": pid,
                             "start_ms": None if i % 3 == 2 else i * 61_000})
                pos += length
            study.sources.add_turns(sid, rows)
            lengths.append((sid, text))
        coders = {name: study.quotes.coder_id(name) for name in ("c1", "c2")}
        for n, (which, at, size, code_idx, coder) in enumerate(spec["quotes"]):
            sid, text = lengths[which % len(lengths)]
            start = min(int(at * len(text)), len(text) - 1)
            end = min(len(text), start + size)
            cur = study.db.execute(
                'INSERT INTO quotes(guid, source_id, start, "end", text, coder_id, created_at, '
                "modified_at, memo) VALUES (?, ?, ?, ?, ?, ?, '2024-01-01', '', ?)",
                [str(n), sid, start, end, text[start:end], coders[coder], f"m{n % 2}" * (n % 3)])
            study.quotes.link(cur.lastrowid, [codes[i] for i in code_idx])


def _recount_hits(study: Study) -> list[Hit]:
    hits = []
    for q in study.quotes.all():
        for t in study.sources.turns(q.source_id):
            if t.start < q.end and t.end > q.start and t.role != Role.INTERVIEWER \
                    and t.participant_id is not None:
                hits += [Hit(q.id, c, t.participant_id, t.id) for c in q.code_ids]
    return hits


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=study_st, persona=st.sampled_from([None, "A"]), attr=st.booleans())
def test_sql_evidence_equals_python_recount(spec: dict, persona: str | None, attr: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        study = create(Path(tmp) / "r.icstudy", template="journey")
        try:
            _build(study, spec)
            f = Filters(persona=persona, attributes=(("k", "0"),) if attr else ())
            people = {p.id: p for p in study.participants.list()
                      if f.admits(p.outcome, p.persona, p.attributes)}
            group_of = {pid: p.outcome for pid, p in people.items()}
            hits = [h for h in _recount_hits(study) if h.participant_id in people]

            assert sql.tallies(study.db, f) == tally(hits, group_of)
            persona_of = {pid: p.persona or "(no persona)" for pid, p in people.items()}
            assert sql.tallies(study.db, f, "persona") == tally(hits, persona_of)
            both = sql.tallies_with_personas(study.db, f)
            assert both == (*tally(hits, group_of), tally(hits, persona_of)[0])
            speaking = {t.participant_id for s in study.sources.list()
                        for t in study.sources.turns(s.id) if t.role != Role.INTERVIEWER}
            sizes = sql.group_sizes(study.db, f)
            assert sizes == group_sizes({pid: g for pid, g in group_of.items() if pid in speaking})

            steps = {c.id for c in study.codes.in_dimension(Dimension.STEP)}
            anx = {c.id for c in study.codes.in_dimension(Dimension.ANXIETY)}
            for measure in ("quote", "turn"):
                got = sql.pair_tallies(study.db, f, sorted(steps), sorted(anx), measure)
                assert got == pair_counts(hits, steps, anx, group_of, measure)  # type: ignore[arg-type]

            result = evidence.paths(study, f)
            stages = Recount(read(study), f).stages()
            assert {p.participant_id: [list(st) for st in p.stages] for _, p in result.paths} == stages
            expected = [StepPath(pid, tuple(s for st in sts for s in st)) for pid, sts in stages.items()]
            assert sorted(p.steps for _, p in result.paths) == sorted(p.steps for p in expected)
        finally:
            study.close()


FILTERS = [Filters(), Filters(outcome="lost"), Filters(outcome="won"), Filters(persona="A"),
           Filters(kind="survey"), Filters(kind="interview"), Filters(coder="c2"),
           Filters(imported_from="2024-02-01"), Filters(imported_to="2024-01-31"),
           Filters(imported_from="2024-01-31", imported_to="2024-02-01"),
           Filters(attributes=(("k", "1"),)), Filters(persona="B", kind="interview", coder="c1")]


def _same(got: Any, expected: Any) -> bool:
    if isinstance(expected, date) and not isinstance(expected, datetime):
        return isinstance(got, datetime) and got.date() == expected and got.time() == time(0)
    if expected in (None, "") or got in (None, ""):
        return expected in (None, "") and got in (None, "")
    if isinstance(expected, set):
        return set(str(got).split("; ")) == expected
    if isinstance(expected, float):
        return isinstance(got, int | float) and abs(got - expected) < 1e-9
    return got == expected and type(got) is type(expected)


def assert_workbook_matches(path: Path, expected: dict[str, list[dict[str, Any]]]) -> None:
    got = workbook_tables(path)
    # The Map sheet lays the same evidence out as text (reach "2/3 · 67% (21–94%)"); its
    # numbers are checked against the evidence engine in tests/test_map_sheet.py.
    assert got.pop("Map") is not None
    assert set(got) == set(expected)
    for name, rows in expected.items():
        assert len(got[name]) == len(rows), (name, len(got[name]), len(rows))
        for i, (g, e) in enumerate(zip(got[name], rows, strict=True)):
            assert set(g) == set(e), (name, i, set(g) ^ set(e))
            for key, value in e.items():
                assert _same(g[key], value), (name, i, key, g[key], value)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=study_st, f=st.sampled_from(FILTERS))
def test_every_filtered_export_matches_a_recount_cell_by_cell(spec: dict, f: Filters) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        study = create(Path(tmp) / "r.icstudy", template="journey")
        try:
            _build(study, spec)
            out = exporting.export(study, Path(tmp) / "w.xlsx", filters=f)
            assert_workbook_matches(out, expected_sheets(study, f))
            note = load_workbook(out, read_only=True)["Evidence"]["A1"].value
            assert f"Filters: {f.describe()} " in note and "participant turn" in note
        finally:
            study.close()


@pytest.mark.parametrize("f", FILTERS + [Filters(persona="Buyer"), Filters(outcome="churned"),
                                         Filters(attributes=(("region", "EU"),))])
def test_the_hand_built_study_matches_the_recount(study, f: Filters, tmp_path) -> None:
    from tests.evidence_study import build

    build(study)
    out = exporting.export(study, tmp_path / "w.xlsx", filters=f)
    assert_workbook_matches(out, expected_sheets(study, f))
