"""Queries for the journey map and saturation, on top of the evidence queries' rules.

- ``quote_pieces``: the part of each quote inside one participant turn (the map never shows
  interviewer speech);
- ``code_participants``: distinct (code, participant) pairs, the evidence's unit;
- ``interview_order``: each participant of the population with the position of their first
  participant turn (source import date, source, turn), for saturation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from interviewcoder.core.evidence import Filters
from interviewcoder.core.map_quotes import Piece
from interviewcoder.store.evidence import _hits_cte, people_where

_CHUNK = 2000  # pairs per query (two parameters each)


def quote_pieces(db: Database, pairs: Iterable[tuple[int, int]]) -> list[Piece]:
    """For each (quote id, participant turn id), the quote's text inside that turn."""
    wanted = sorted(set(pairs))
    out: list[Piece] = []
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        sql = f"""
            WITH w(qid, tid) AS (VALUES {",".join("(?, ?)" for _ in chunk)})
            SELECT q.id, q.source_id, q.start, q."end", q.text, t.id, t.start, t."end",
                   p.name, p.outcome
            FROM w JOIN quotes q ON q.id = w.qid JOIN turns t ON t.id = w.tid
            JOIN participants p ON p.id = t.participant_id
        """
        params = [x for pair in chunk for x in pair]
        for qid, sid, qs, qe, text, tid, ts, te, name, outcome in db.execute(sql, params):
            a, b = max(qs, ts) - qs, min(qe, te) - qs
            out.append(Piece(qid, sid, tid, (text or "")[a:b] if b > a else "", qe - qs, name,
                             outcome))
    return out


def code_participants(db: Database, f: Filters) -> set[tuple[int, int]]:
    """Every (code id, participant id) such that one of the participant's quotes carries it."""
    if not f.selects_quotes:  # the maintained tally (store/tallies.py)
        pw, pparams = people_where(f)
        rows = db.execute("SELECT cp.code_id, cp.participant_id FROM code_participants cp "
                          f"JOIN participants p ON p.id = cp.participant_id WHERE {pw}", pparams)
        return {(r[0], r[1]) for r in rows.fetchall()}
    cte, params = _hits_cte(f)
    return {(r[0], r[1]) for r in db.execute(cte + " SELECT DISTINCT code_id, pid FROM hits",
                                             params).fetchall()}


def interview_order(db: Database, f: Filters) -> list[dict[str, Any]]:
    """The population with ``first``: the sort key of their first participant turn (source
    import date, source id, turn position), None for participants with no turns."""
    pw, params = people_where(f)
    sql = f"""
        SELECT p.id, p.name, p.outcome, p.persona, p.attributes, p.created_at,
               min(s.imported_at || printf('|%012d|%09d', s.id, t.ord))
        FROM participants p
        LEFT JOIN turns t ON t.participant_id = p.id AND t.role != 'interviewer'
        LEFT JOIN sources s ON s.id = t.source_id
        WHERE {pw}
        GROUP BY p.id
    """
    keys = ("id", "name", "outcome", "persona", "attributes", "created_at", "first")
    return [dict(zip(keys, r, strict=True)) for r in db.execute(sql, params).fetchall()]
