"""Read queries for the desktop workspace: counts and quote rows the views show."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

_QUOTE_ROWS = """
    SELECT q.id, q.source_id, s.name, q.start, q."end", q.text, c.name, q.memo,
           (SELECT group_concat(code_id) FROM quote_codes WHERE quote_id = q.id)
    FROM quotes q JOIN coders c ON c.id = q.coder_id JOIN sources s ON s.id = q.source_id
    WHERE {where}
"""

# Participants each chosen quote counts for: the maintained quote -> participant table
# (store/tally_schema.py), not the overlap join with the turns (one row per participant).
_QUOTE_PEOPLE = """
    SELECT qp.quote_id, qp.participant_id FROM quotes q
    JOIN quote_participants qp ON qp.quote_id = q.id WHERE {where}
"""

# The same for every quote of the study.
_ALL_QUOTE_PEOPLE = "SELECT quote_id, participant_id FROM quote_participants"


def quote_rows(db: Database, *, source_id: int | None = None, code_id: int | None = None,
               quote_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """Quotes with their source, coder, memo, code ids and the participants they count for
    (as ``(id, name, outcome, persona)``), ordered by source and position."""
    if source_id is not None:
        chunks: list[tuple[str, list[Any]]] = [("q.source_id = ?", [source_id])]
    elif code_id is not None:
        chunks = [("q.id IN (SELECT quote_id FROM quote_codes WHERE code_id = ?)", [code_id])]
    else:
        ids = list(quote_ids or ())
        chunks = [(f"q.id IN ({','.join('?' * len(ids[i:i + 500]))})", ids[i:i + 500])
                  for i in range(0, len(ids), 500)]
    out: list[dict[str, Any]] = []
    for where, params in chunks:
        people: dict[int, list[int]] = {}
        for qid, pid in db.execute(_QUOTE_PEOPLE.format(where=where), params).fetchall():
            people.setdefault(qid, []).append(pid)
        known = _participants(db, {p for ps in people.values() for p in ps})
        for r in db.execute(_QUOTE_ROWS.format(where=where), params).fetchall():
            who = sorted((known[p] for p in people.get(r[0], ()) if p in known),
                         key=lambda p: p[1].casefold())
            out.append({
                "id": r[0], "source_id": r[1], "source": r[2], "start": r[3], "end": r[4],
                "text": r[5], "coder": r[6], "memo": r[7],
                "code_ids": tuple(sorted(int(x) for x in r[8].split(","))) if r[8] else (),
                "participants": tuple(who),
            })
    out.sort(key=lambda row: (row["source_id"], row["start"], row["id"]))
    return out


def quote_ids(db: Database, *, source_id: int | None = None,
              code_id: int | None = None) -> list[int]:
    """Ids of the quotes of a source, of a code, or (neither) of the whole study, in reading
    order (source, start, id): what a table of quotes loads first, before any row."""
    if source_id is not None:
        sql, params = "SELECT id FROM quotes WHERE source_id = ? ORDER BY start, id", [source_id]
    elif code_id is not None:
        sql = ("SELECT q.id FROM quote_codes qc JOIN quotes q ON q.id = qc.quote_id "
               "WHERE qc.code_id = ? ORDER BY q.source_id, q.start, q.id")
        params = [code_id]
    else:
        sql, params = "SELECT id FROM quotes ORDER BY source_id, start, id", []
    return [r[0] for r in db.execute(sql, params).fetchall()]


QuoteKeyRow = tuple[int, int, int, str, str, tuple[int, ...], tuple[int, ...]]


def quote_keys(db: Database, *, source_id: int | None = None, code_id: int | None = None,
               quote_ids: Iterable[int] | None = None) -> list[QuoteKeyRow]:
    """(id, source id, start, coder, memo, code ids, participant ids) of the quotes of a
    source, of a code, of the given ids, or (none of these) of the whole study: what sorting
    and filtering a table of quotes needs, without the quotes' text. Unordered."""
    if source_id is not None:
        chunks: list[tuple[str, list[Any]]] = [("q.source_id = ?", [source_id])]
    elif code_id is not None:
        chunks = [("q.id IN (SELECT quote_id FROM quote_codes WHERE code_id = ?)", [code_id])]
    elif quote_ids is not None:
        ids = list(quote_ids)
        chunks = [(f"q.id IN ({','.join('?' * len(ids[i:i + 500]))})", ids[i:i + 500])
                  for i in range(0, len(ids), 500)]
    else:
        chunks = [("1", [])]
    coders = dict(db.execute("SELECT id, name FROM coders").fetchall())
    out: list[QuoteKeyRow] = []
    for where, params in chunks:
        codes: dict[int, list[int]] = {}
        for qid, cid in db.execute(  # in primary-key order: code ids ascending per quote
            f"SELECT qc.quote_id, qc.code_id FROM quote_codes qc WHERE qc.quote_id IN "
            f"(SELECT q.id FROM quotes q WHERE {where}) ORDER BY qc.quote_id, qc.code_id"
            if where != "1" else "SELECT quote_id, code_id FROM quote_codes ORDER BY quote_id, code_id",
            params,
        ).fetchall():
            got = codes.get(qid)
            if got is None:
                codes[qid] = [cid]
            else:
                got.append(cid)
        people: dict[int, list[int]] = {}
        people_sql = _ALL_QUOTE_PEOPLE if where == "1" else _QUOTE_PEOPLE.format(where=where)
        for qid, pid in db.execute(people_sql, params).fetchall():
            people.setdefault(qid, []).append(pid)
        for qid, sid, start, coder_id, memo in db.execute(
            f"SELECT q.id, q.source_id, q.start, q.coder_id, q.memo FROM quotes q WHERE {where}", params
        ).fetchall():
            cids = codes.get(qid)
            pids = people.get(qid)
            if pids is not None and len(pids) > 1:
                pids = sorted(set(pids))
            out.append((qid, sid, start, coders.get(coder_id, ""), memo,
                        tuple(cids) if cids else (), tuple(pids) if pids else ()))
    return out


def source_names(db: Database) -> dict[int, str]:
    """source id -> name, for every source."""
    return dict(db.execute("SELECT id, name FROM sources").fetchall())


def _participants(db: Database, ids: set[int]) -> dict[int, tuple[int, str, str, str | None]]:
    found: dict[int, tuple[int, str, str, str | None]] = {}
    wanted = list(ids)
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        for r in db.execute(
            f"SELECT id, name, outcome, persona FROM participants WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall():
            found[r[0]] = (r[0], r[1], r[2], r[3])
    return found


def quote_spans(db: Database, source_id: int) -> list[tuple[int, int, int, tuple[int, ...]]]:
    """(id, start, end, code ids) of every quote of a source, by start: what the reader paints.

    Two index reads (spans from ``quotes_span``, links from ``quote_codes``) joined here: a
    GROUP BY with group_concat took three times as long on a source with 5,000 quotes."""
    codes: dict[int, list[int]] = {}
    for qid, cid in db.execute("SELECT qc.quote_id, qc.code_id FROM quotes q "
                               "JOIN quote_codes qc ON qc.quote_id = q.id WHERE q.source_id = ?",
                               [source_id]).fetchall():
        codes.setdefault(qid, []).append(cid)
    rows = db.execute('SELECT id, start, "end" FROM quotes WHERE source_id = ? ORDER BY start, id',
                      [source_id]).fetchall()
    return [(r[0], r[1], r[2], tuple(sorted(codes.get(r[0], ())))) for r in rows]


def quote_counts(db: Database, source_ids: Iterable[int]) -> dict[int, int]:
    """source id -> its number of quotes (the maintained per-source tally)."""
    ids = list(source_ids)
    out = {i: 0 for i in ids}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        sql = (f"SELECT source_id, quotes FROM source_tallies WHERE source_id IN "
               f"({','.join('?' * len(chunk))})")
        out.update({r[0]: r[1] for r in db.execute(sql, chunk).fetchall()})
    return out


def source_rows(db: Database) -> list[dict[str, Any]]:
    """Every source with kind, quote count and its participants (name, outcome, persona)."""
    counts = dict(db.execute("SELECT source_id, quotes FROM source_tallies").fetchall())
    people: dict[int, list[tuple[str, str, str | None]]] = {}
    for sid, name, outcome, persona in db.execute(
        "SELECT DISTINCT t.source_id, p.name, p.outcome, p.persona FROM turns t "
        "JOIN participants p ON p.id = t.participant_id WHERE t.role != 'interviewer' "
        "ORDER BY t.source_id, p.name"
    ).fetchall():
        people.setdefault(sid, []).append((name, outcome, persona))
    return [
        {"id": r[0], "name": r[1], "kind": r[2], "words": r[3], "quotes": counts.get(r[0], 0),
         "participants": people.get(r[0], []), "memo": r[4]}
        for r in db.execute("SELECT id, name, kind, words, memo FROM sources ORDER BY id").fetchall()
    ]


def code_quote_counts(db: Database, code_ids: Iterable[int]) -> dict[int, int]:
    """code id -> number of quotes carrying it (the maintained ``code_quotes`` tally)."""
    ids = list(dict.fromkeys(code_ids))
    out = {cid: 0 for cid in ids}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        out.update(db.execute(f"SELECT code_id, quotes FROM code_quotes WHERE code_id IN "
                              f"({','.join('?' * len(chunk))})", chunk).fetchall())
    return out


def code_usage(db: Database, code_ids: Iterable[int] | None = None) -> dict[int, tuple[int, int]]:
    """code id -> (quotes, distinct participants) for the given codes (all when None).

    A quote counts for the participants whose non-interviewer turns it overlaps; both figures
    are read from the maintained tallies (``store/tallies.py``), so they cost the same at a
    thousand quotes as at a million (the overlap join took 2.1 s at 1,000,000 quotes).
    """
    from interviewcoder.store import tallies

    return tallies.code_usage(db, code_ids)


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
