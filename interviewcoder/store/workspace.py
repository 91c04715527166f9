"""Read queries for the desktop workspace: counts and quote rows the views show."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

_QUOTE_ROWS = """
    SELECT q.id, q.source_id, s.name, q.start, q."end", q.text, c.name, q.memo,
           (SELECT group_concat(code_id) FROM quote_codes WHERE quote_id = q.id),
           (SELECT group_concat(p.id || char(31) || p.name || char(31) || p.outcome
                                || char(31) || coalesce(p.persona, ''), char(30))
            FROM (SELECT DISTINCT t.participant_id AS pid FROM turns t
                  WHERE t.source_id = q.source_id AND t.start < q."end" AND t."end" > q.start
                  AND t.participant_id IS NOT NULL AND t.role != 'interviewer') x
            JOIN participants p ON p.id = x.pid)
    FROM quotes q JOIN coders c ON c.id = q.coder_id JOIN sources s ON s.id = q.source_id
"""


def quote_rows(db: Database, *, source_id: int | None = None, code_id: int | None = None,
               quote_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """Quotes with their source, coder, memo, code ids and the participants they count for."""
    if source_id is not None:
        sql, params = _QUOTE_ROWS + " WHERE q.source_id = ? ORDER BY q.start, q.id", [source_id]
    elif code_id is not None:
        sql = _QUOTE_ROWS + (" WHERE q.id IN (SELECT quote_id FROM quote_codes WHERE code_id = ?)"
                             " ORDER BY q.source_id, q.start")
        params = [code_id]
    else:
        ids = list(quote_ids or ())
        out: list[dict[str, Any]] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            sql = _QUOTE_ROWS + f" WHERE q.id IN ({','.join('?' * len(chunk))})"
            out.extend(_quote_row(r) for r in db.execute(sql, chunk).fetchall())
        return out
    return [_quote_row(r) for r in db.execute(sql, params).fetchall()]


def _quote_row(r: tuple[Any, ...]) -> dict[str, Any]:
    people = []
    for item in (r[9] or "").split("\x1e"):
        if item:
            pid, name, outcome, persona = item.split("\x1f")
            people.append((int(pid), name, outcome, persona or None))
    return {
        "id": r[0], "source_id": r[1], "source": r[2], "start": r[3], "end": r[4], "text": r[5],
        "coder": r[6], "memo": r[7],
        "code_ids": tuple(sorted(int(x) for x in r[8].split(","))) if r[8] else (),
        "participants": tuple(sorted(people, key=lambda p: p[1].casefold())),
    }


def quote_spans(db: Database, source_id: int) -> list[tuple[int, int, int, tuple[int, ...]]]:
    """(id, start, end, code ids) of every quote of a source, by start: what the reader paints."""
    rows = db.execute(
        'SELECT q.id, q.start, q."end", group_concat(qc.code_id) FROM quotes q '
        "LEFT JOIN quote_codes qc ON qc.quote_id = q.id WHERE q.source_id = ? "
        "GROUP BY q.id ORDER BY q.start, q.id",
        [source_id],
    ).fetchall()
    return [(r[0], r[1], r[2], tuple(sorted(int(x) for x in r[3].split(","))) if r[3] else ())
            for r in rows]


def quote_counts(db: Database, source_ids: Iterable[int]) -> dict[int, int]:
    ids = list(source_ids)
    out = {i: 0 for i in ids}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        sql = (f"SELECT source_id, count(*) FROM quotes WHERE source_id IN ({','.join('?' * len(chunk))})"
               " GROUP BY source_id")
        out.update({r[0]: r[1] for r in db.execute(sql, chunk).fetchall()})
    return out


def source_rows(db: Database) -> list[dict[str, Any]]:
    """Every source with kind, quote count and its participants (name, outcome, persona)."""
    counts = dict(db.execute("SELECT source_id, count(*) FROM quotes GROUP BY source_id").fetchall())
    people: dict[int, list[tuple[str, str, str | None]]] = {}
    for sid, name, outcome, persona in db.execute(
        "SELECT DISTINCT t.source_id, p.name, p.outcome, p.persona FROM turns t "
        "JOIN participants p ON p.id = t.participant_id WHERE t.role != 'interviewer' "
        "ORDER BY t.source_id, p.name"
    ).fetchall():
        people.setdefault(sid, []).append((name, outcome, persona))
    return [
        {"id": r[0], "name": r[1], "kind": r[2], "words": r[3], "quotes": counts.get(r[0], 0),
         "participants": people.get(r[0], [])}
        for r in db.execute("SELECT id, name, kind, words FROM sources ORDER BY id").fetchall()
    ]


def code_usage(db: Database, code_ids: Iterable[int] | None = None) -> dict[int, tuple[int, int]]:
    """code id -> (quotes, distinct participants) for the given codes (all when None)."""
    ids = None if code_ids is None else list(code_ids)
    if ids is not None and not ids:
        return {}
    only = "" if ids is None else f" AND qc.code_id IN ({','.join('?' * len(ids))})"
    params = ids or []
    quotes = dict(db.execute(
        f"SELECT qc.code_id, count(*) FROM quote_codes qc WHERE 1{only} GROUP BY qc.code_id", params
    ).fetchall())
    people = dict(db.execute(
        "SELECT qc.code_id, count(DISTINCT t.participant_id) FROM quote_codes qc "
        "JOIN quotes q ON q.id = qc.quote_id "
        'JOIN turns t ON t.source_id = q.source_id AND t.start < q."end" AND t."end" > q.start '
        f"WHERE t.participant_id IS NOT NULL AND t.role != 'interviewer'{only} "
        "GROUP BY qc.code_id",
        params,
    ).fetchall())
    out = {cid: (n, people.get(cid, 0)) for cid, n in quotes.items()}
    for cid in params:
        out.setdefault(cid, (0, 0))
    return out


def quote_spans_by_id(db: Database, quote_ids: Iterable[int]) -> list[tuple[int, int, int, int,
                                                                         tuple[int, ...]]]:
    """(id, source id, start, end, code ids) of the given quotes that still exist."""
    ids = list(quote_ids)
    out = []
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        rows = db.execute(
            'SELECT q.id, q.source_id, q.start, q."end", group_concat(qc.code_id) FROM quotes q '
            "LEFT JOIN quote_codes qc ON qc.quote_id = q.id "
            f"WHERE q.id IN ({','.join('?' * len(chunk))}) GROUP BY q.id",
            chunk,
        ).fetchall()
        out.extend((r[0], r[1], r[2], r[3], tuple(sorted(int(x) for x in r[4].split(",")))
                    if r[4] else ()) for r in rows)
    return out
