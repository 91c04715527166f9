"""The workspace's read queries against a plain-Python recount on the demo study."""

from __future__ import annotations

from interviewcoder.services.studies import open_study
from interviewcoder.store import workspace


def test_code_usage_matches_a_recount(demo_path):
    with open_study(demo_path) as study:
        turns = {}
        for s in study.sources.list():
            turns[s.id] = study.sources.turns(s.id)
        quotes_per_code: dict[int, int] = {}
        people_per_code: dict[int, set[int]] = {}
        for q in study.quotes.all():
            people = {t.participant_id for t in turns[q.source_id]
                      if t.start < q.end and t.end > q.start and t.participant_id is not None
                      and t.role.value != "interviewer"}
            for c in q.code_ids:
                quotes_per_code[c] = quotes_per_code.get(c, 0) + 1
                people_per_code.setdefault(c, set()).update(people)
        expected = {c: (n, len(people_per_code[c])) for c, n in quotes_per_code.items()}
        assert expected and workspace.code_usage(study.db) == expected
        some = sorted(expected)[:3] + [999_999]
        assert workspace.code_usage(study.db, some) == {c: expected.get(c, (0, 0)) for c in some}
        rows = workspace.source_rows(study.db)
        assert sum(r["quotes"] for r in rows) == study.quotes.count()
        first = next(r for r in rows if r["quotes"])
        qrows = workspace.quote_rows(study.db, source_id=first["id"])
        assert [r["id"] for r in qrows] == [q.id for q in study.quotes.for_source(first["id"])]
        assert all(r["participants"] for r in qrows)
