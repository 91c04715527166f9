"""The SQL evidence against a plain-Python recount, on random studies (hypothesis).

The recount finds overlaps itself from the stored quotes and turns, so it checks the SQL's
overlap join, its interviewer rule and its filters, not only the maths on top.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewcoder.core.evidence import Filters, Hit, group_sizes, tally
from interviewcoder.core.journey import build_paths, pair_counts, transitions
from interviewcoder.core.types import Dimension, Role, SourceKind
from interviewcoder.services import evidence
from interviewcoder.services.studies import create
from interviewcoder.store import Study, now
from interviewcoder.store import evidence as sql

OUTCOMES = ("won", "lost", "churned", "unknown")

turn_st = st.tuples(st.integers(1, 12), st.sampled_from(["interviewer", "participant", "answer"]),
                    st.integers(0, 5))  # length, role, participant index (0: none)
source_st = st.tuples(st.sampled_from(["interview", "survey"]), st.lists(turn_st, min_size=1,
                                                                          max_size=6))
quote_st = st.tuples(st.integers(0, 2), st.floats(0, 1), st.integers(1, 20),
                     st.lists(st.integers(0, 5), min_size=1, max_size=3, unique=True))
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
                                       attributes={"k": str(i % 2)})
                for i, (o, persona) in enumerate(spec["people"])]
        lengths = []
        for n, (kind, turns) in enumerate(spec["sources"]):
            text = "".join("x" * length for length, _, _ in turns)
            sid = study.sources.add(name=f"S{n}", kind=SourceKind(kind), text=text,
                                    sha256=str(n), imported_at=now())
            rows, pos = [], 0
            for i, (length, role, who) in enumerate(turns):
                # an interviewer turn may even carry a participant: it still counts for no one
                pid = pids[(who - 1) % len(pids)] if who else None
                rows.append({"ord": i, "start": pos, "end": pos + length, "speaker": f"s{who}",
                             "role": Role(role), "participant_id": pid, "start_ms": None})
                pos += length
            study.sources.add_turns(sid, rows)
            lengths.append((sid, pos))
        coder = study.quotes.coder_id("c")
        for n, (which, at, size, code_idx) in enumerate(spec["quotes"]):
            sid, length = lengths[which % len(lengths)]
            start = min(int(at * length), length - 1)
            end = min(length, start + size)
            cur = study.db.execute(
                'INSERT INTO quotes(guid, source_id, start, "end", text, coder_id, created_at, '
                "modified_at) VALUES (?, ?, ?, ?, '', ?, '', '')", [str(n), sid, start, end, coder])
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
            quotes = {q.id: q for q in study.quotes.all()}
            turns = {t.id: t for s in study.sources.list() for t in study.sources.turns(s.id)}
            ordered = sorted({(h.participant_id, h.quote_id, h.code_id) for h in hits
                              if h.code_id in steps},
                             key=lambda x: (x[0], quotes[x[1]].source_id,
                                            min(turns[h.turn_id].ord for h in hits
                                                if h.quote_id == x[1] and h.participant_id == x[0]),
                                            quotes[x[1]].start, x[1], x[2]))
            expected = build_paths((pid, code) for pid, _, code in ordered)
            assert sorted((p.participant_id, p.steps) for _, p in result.paths) == \
                sorted((p.participant_id, p.steps) for p in expected)
            assert result.transitions == transitions(expected, group_of)
        finally:
            study.close()
