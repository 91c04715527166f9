"""Reads of the maintained evidence tallies (``store/tally_schema.py``), and their recount.

The evidence for the whole study, or for participants chosen by persona, outcome or
attributes, is read from ``code_cells`` (or ``code_participants`` for attributes) with the few
quotes that count for several participants counted apart; it does not grow with the quotes.
Filters that choose quotes (coder, source kind, import dates) read the quote → participant
table ``quote_participants`` joined to the quotes they keep.

``recount`` rebuilds every tally from scratch in temporary tables (the plain overlap join,
bounded by each source's longest turn as measured now) and reports every difference.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from interviewcoder.core.evidence import NO_PERSONA, Filters, Tally, Totals
from interviewcoder.store.evidence import _quote_where, people_where

_PERSONA = f"coalesce(p.persona, '{NO_PERSONA.replace(chr(39), chr(39) * 2)}')"


# --- reading -------------------------------------------------------------------------------

def _cell_where(f: Filters) -> tuple[str, list[Any]]:
    conds, params = ["1"], []
    if f.outcome is not None:
        conds.append("outcome = ?")
        params.append(f.outcome)
    if f.persona is not None:
        conds.append("persona = ?")
        params.append(f.persona)
    return " AND ".join(conds), params


def cells(db: Database, f: Filters) -> list[tuple[int, str, str, int, int]]:
    """(code id, outcome, persona, participants, quotes for one participant alone) per cell of
    the participants the filters choose (the quote filters are not looked at).

    The cells hold "(no persona)" for participants without one, but a persona filter matches
    the participant's own persona, as the denominators do: a filter on that label (or on
    attributes) reads the per-participant rows joined to the participants instead."""
    if not f.attributes and f.persona != NO_PERSONA:
        where, params = _cell_where(f)
        sql = f"SELECT code_id, outcome, persona, participants, solo FROM code_cells WHERE {where}"
        return [tuple(r) for r in db.execute(sql, params).fetchall()]  # type: ignore[misc]
    pw, params = people_where(f)
    sql = f"""
        SELECT cp.code_id, cp.outcome, cp.persona, count(*), sum(cp.solo)
        FROM participants p JOIN code_participants cp ON cp.participant_id = p.id
        WHERE {pw} GROUP BY 1, 2, 3
    """
    return [tuple(r) for r in db.execute(sql, params).fetchall()]  # type: ignore[misc]


def shared(db: Database, f: Filters) -> list[tuple[int, int, str, str]]:
    """(code id, quote id, outcome, persona) for each quote that counts for several
    participants, per participant the filters choose. Driven from the (few) shared quotes:
    ``CROSS JOIN`` keeps SQLite from starting at the participants and scanning every quote."""
    pw, params = people_where(f)
    sql = f"""
        SELECT qc.code_id, sq.quote_id, p.outcome, {_PERSONA}
        FROM shared_quotes sq
        CROSS JOIN quote_participants qp ON qp.quote_id = sq.quote_id
        CROSS JOIN participants p ON p.id = qp.participant_id
        CROSS JOIN quote_codes qc ON qc.quote_id = sq.quote_id
        WHERE {pw}
    """
    return [tuple(r) for r in db.execute(sql, params).fetchall()]  # type: ignore[misc]


@dataclass
class _Counter:
    people: dict[Any, int] = field(default_factory=dict)
    solo: dict[Any, int] = field(default_factory=dict)
    shared: dict[Any, set[int]] = field(default_factory=dict)

    def add(self, key: Any, people: int, solo: int) -> None:
        self.people[key] = self.people.get(key, 0) + people
        self.solo[key] = self.solo.get(key, 0) + solo

    def share(self, key: Any, quote_id: int) -> None:
        self.shared.setdefault(key, set()).add(quote_id)

    def counts(self) -> dict[Any, tuple[int, int]]:
        keys = set(self.people) | set(self.shared)
        return {k: (self.people.get(k, 0), self.solo.get(k, 0) + len(self.shared.get(k, ())))
                for k in keys}


def assemble_tally(cell_rows: Iterable[tuple[int, str, str, int, int]],
                   shared_rows: Iterable[tuple[int, int, str, str]]
                   ) -> tuple[Tally, Totals, Tally]:
    """By outcome, totals and by persona, as ``store.evidence`` returns them, from cells and
    shared quotes: participants add up over cells; mentions are the quotes counting for one
    participant (they add up) plus the distinct shared quotes."""
    outcome, total, persona = _Counter(), _Counter(), _Counter()
    for code_id, o, pe, n, solo in cell_rows:
        outcome.add((code_id, o), n, solo)
        persona.add((code_id, pe), n, solo)
        total.add(code_id, n, solo)
    for code_id, quote_id, o, pe in shared_rows:
        outcome.share((code_id, o), quote_id)
        persona.share((code_id, pe), quote_id)
        total.share(code_id, quote_id)
    return outcome.counts(), total.counts(), persona.counts()


def tallies(db: Database, f: Filters) -> tuple[Tally, Totals, Tally]:
    """Outcome tallies, totals and persona tallies for filters that choose no quotes."""
    if f.selects_quotes:
        raise ValueError("tallies() reads the whole study; use filtered_tallies() for quote filters")
    return assemble_tally(cells(db, f), shared(db, f))


def filtered_tallies(db: Database, f: Filters, *, personas: bool = True
                     ) -> tuple[Tally, Totals, Tally]:
    """The same for filters that choose quotes: the quote → participant table joined to the
    quotes the filters keep (no overlap join)."""
    pw, pparams = people_where(f)
    qw, qparams = _quote_where(f)
    by_persona = """
        UNION ALL
        SELECT 2, code_id, persona, count(DISTINCT pid), count(DISTINCT quote_id) FROM hits
        GROUP BY 2, 3""" if personas else ""
    sql = f"""
        WITH hits AS MATERIALIZED (
            SELECT qc.code_id AS code_id, q.id AS quote_id, qp.participant_id AS pid,
                   p.outcome AS outcome, {_PERSONA} AS persona
            FROM quotes q JOIN sources s ON s.id = q.source_id
            JOIN quote_participants qp ON qp.quote_id = q.id
            JOIN participants p ON p.id = qp.participant_id
            JOIN quote_codes qc ON qc.quote_id = q.id
            WHERE {qw} AND {pw})
        SELECT 0, code_id, outcome, count(DISTINCT pid), count(DISTINCT quote_id) FROM hits
        GROUP BY 2, 3
        UNION ALL
        SELECT 1, code_id, NULL, count(DISTINCT pid), count(DISTINCT quote_id) FROM hits GROUP BY 2
        {by_persona}
    """
    out: tuple[Tally, Totals, Tally] = ({}, {}, {})
    for kind, code_id, grp, n, quotes in db.execute(sql, qparams + pparams).fetchall():
        if kind == 1:
            out[1][code_id] = (n, quotes)
        else:
            out[kind][code_id, grp] = (n, quotes)
    return out


def code_usage(db: Database, code_ids: Iterable[int] | None = None) -> dict[int, tuple[int, int]]:
    """code id -> (quotes carrying it, distinct participants it counts for)."""
    ids = None if code_ids is None else list(dict.fromkeys(code_ids))
    quotes = dict(db.execute("SELECT code_id, quotes FROM code_quotes").fetchall())
    people = dict(db.execute(
        "SELECT code_id, sum(participants) FROM code_cells GROUP BY code_id").fetchall())
    keys = set(quotes) | set(people) if ids is None else ids
    return {c: (quotes.get(c, 0), people.get(c, 0)) for c in keys}


def source_quote_counts(db: Database) -> dict[int, int]:
    """source id -> its number of quotes."""
    return dict(db.execute("SELECT source_id, quotes FROM source_tallies").fetchall())


# --- recount -------------------------------------------------------------------------------

_FRESH = (
    """
    CREATE TEMP TABLE fresh_bounds AS
    SELECT source_id, max(tm) AS turn_max, max(qm) AS quote_max, sum(n) AS quotes FROM (
        SELECT source_id, max("end" - start) AS tm, 0 AS qm, 0 AS n FROM turns GROUP BY source_id
        UNION ALL
        SELECT source_id, 0, max("end" - start), count(*) FROM quotes GROUP BY source_id)
    GROUP BY source_id
    """,
    """
    CREATE TEMP TABLE fresh_qp AS
    SELECT DISTINCT q.id AS quote_id, t.participant_id AS participant_id
    FROM fresh_bounds b
    CROSS JOIN quotes q ON q.source_id = b.source_id
    CROSS JOIN turns t ON t.source_id = q.source_id AND t.start >= q.start - b.turn_max
        AND t.start < q."end" AND t."end" > q.start
    WHERE t.role != 'interviewer' AND t.participant_id IS NOT NULL
    """,
    "CREATE INDEX temp.fresh_qp_quote ON fresh_qp(quote_id)",
    """
    CREATE TEMP TABLE fresh_shared AS
    SELECT quote_id FROM fresh_qp GROUP BY quote_id HAVING count(*) > 1
    """,
    "CREATE UNIQUE INDEX temp.fresh_shared_quote ON fresh_shared(quote_id)",
    f"""
    CREATE TEMP TABLE fresh_cp AS
    SELECT qc.code_id, qp.participant_id, p.outcome, {_PERSONA} AS persona,
           count(*) AS quotes, sum(sq.quote_id IS NULL) AS solo
    FROM fresh_qp qp
    JOIN quote_codes qc ON qc.quote_id = qp.quote_id
    JOIN participants p ON p.id = qp.participant_id
    LEFT JOIN fresh_shared sq ON sq.quote_id = qp.quote_id
    GROUP BY qc.code_id, qp.participant_id
    """,
    """
    CREATE TEMP TABLE fresh_cells AS
    SELECT code_id, outcome, persona, count(*) AS participants, sum(solo) AS solo
    FROM fresh_cp GROUP BY code_id, outcome, persona
    """,
    """
    CREATE TEMP TABLE fresh_code_quotes AS
    SELECT code_id, count(*) AS quotes FROM quote_codes GROUP BY code_id
    """,
)

_COMPARE = {
    "quote_participants": ("SELECT quote_id, participant_id FROM fresh_qp",
                           "SELECT quote_id, participant_id FROM main.quote_participants"),
    "shared_quotes": ("SELECT quote_id FROM fresh_shared",
                      "SELECT quote_id FROM main.shared_quotes"),
    "code_participants": (
        "SELECT code_id, participant_id, outcome, persona, quotes, solo FROM fresh_cp",
        "SELECT code_id, participant_id, outcome, persona, quotes, solo FROM main.code_participants"),
    "code_cells": ("SELECT code_id, outcome, persona, participants, solo FROM fresh_cells",
                   "SELECT code_id, outcome, persona, participants, solo FROM main.code_cells"),
    "code_quotes": ("SELECT code_id, quotes FROM fresh_code_quotes",
                    "SELECT code_id, quotes FROM main.code_quotes"),
    "source_quotes": ("SELECT source_id, quotes FROM fresh_bounds WHERE quotes > 0",
                      "SELECT source_id, quotes FROM main.source_tallies WHERE quotes > 0"),
}

_FRESH_TABLES = ("fresh_bounds", "fresh_qp", "fresh_shared", "fresh_cp", "fresh_cells",
                 "fresh_code_quotes")


def recount(db: Database, samples: int = 5) -> dict[str, dict[str, Any]]:
    """Every tally rebuilt from scratch and compared with the maintained one.

    Returns, per table with a difference, ``{"missing": n, "extra": n, "examples": [...]}``
    (rows the recount has that the table lacks, and the reverse); bounds that are lower than
    a turn or quote of their source are reported under ``source_bounds``. Empty when all agree.
    """
    _drop_fresh(db)
    try:
        for statement in _FRESH:
            db.execute(statement)
        out: dict[str, dict[str, Any]] = {}
        for table, (fresh, kept) in _COMPARE.items():
            missing = db.execute(f"SELECT * FROM ({fresh} EXCEPT {kept})").fetchall()
            extra = db.execute(f"SELECT * FROM ({kept} EXCEPT {fresh})").fetchall()
            if missing or extra:
                out[table] = {"missing": len(missing), "extra": len(extra),
                              "examples": [list(r) for r in (missing + extra)[:samples]]}
        low = db.execute("""
            SELECT f.source_id FROM fresh_bounds f
            LEFT JOIN main.source_tallies b ON b.source_id = f.source_id
            WHERE b.source_id IS NULL OR b.turn_max < f.turn_max OR b.quote_max < f.quote_max
        """).fetchall()
        if low:
            out["source_bounds"] = {"missing": len(low), "extra": 0,
                                    "examples": [r[0] for r in low[:samples]]}
        return out
    finally:
        _drop_fresh(db)


def rebuild(db: Database) -> None:
    """Refill every tally from scratch (call inside a transaction). The study's own tally
    triggers are set aside while the tables are emptied and filled as migration 0011 did, then
    put back exactly as they were."""
    from interviewcoder.store.tally_schema import FILL

    triggers = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                          "AND name LIKE 'tally\\_%' ESCAPE '\\'").fetchall()
    for name, _sql in triggers:
        db.execute(f'DROP TRIGGER "{name}"')
    for table in ("code_cells", "code_participants", "shared_quotes", "quote_participants",
                  "code_quotes", "source_tallies"):
        db.execute(f"DELETE FROM {table}")
    for statement in FILL:
        db.execute(statement)
    for _name, sql in triggers:
        db.execute(sql)


def _drop_fresh(db: Database) -> None:
    for table in _FRESH_TABLES:
        db.execute(f"DROP TABLE IF EXISTS temp.{table}")
