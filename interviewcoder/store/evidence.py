"""The evidence queries: which quotes count for which participants, tallied in SQL.

A quote counts for the participants whose turns it overlaps (``turn.start < quote.end`` and
``turn.end > quote.start``); interviewer turns and unmapped turns count for no one. The overlap
join is bounded below by the longest turn of the source, so the covering index
``turns_span(source_id, start, end, role, participant_id)`` answers it with a short range scan
per quote instead of a scan of every earlier turn (indexes of migration 0004). Join orders are
fixed with ``CROSS JOIN``: all codes are driven source by source (``quotes_span``), a few codes
from their links (``quote_codes(code_id, quote_id)``); ``tests/test_evidence.py`` reads the
plans.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlite_utils import Database

from interviewcoder.core.evidence import NO_PERSONA, Filters, Hit, Tally, Totals

GroupBy = str  # "outcome" | "persona"

_LONGEST = """
    longest AS (SELECT source_id, max("end" - start) AS m FROM turns GROUP BY source_id)
"""


def _group_column(by: GroupBy) -> str:
    if by == "outcome":
        return "p.outcome"
    if by == "persona":
        return "coalesce(p.persona, '" + NO_PERSONA + "')"
    raise ValueError(f"cannot group evidence by {by!r}")


def people_where(f: Filters, alias: str = "p") -> tuple[str, list[Any]]:
    """SQL condition on ``participants AS alias`` for the filters that choose participants."""
    conds, params = ["1"], []
    if f.persona is not None:
        conds.append(f"{alias}.persona = ?")
        params.append(f.persona)
    if f.outcome is not None:
        conds.append(f"{alias}.outcome = ?")
        params.append(f.outcome)
    for key, value in f.attributes:
        conds.append(f"json_extract({alias}.attributes, ?) = ?")
        params += ['$."' + key.replace('"', "") + '"', value]
    return " AND ".join(conds), params


def source_where(f: Filters, alias: str = "s") -> tuple[str, list[Any]]:
    """SQL condition on ``sources AS alias`` for the filters that choose sources (kind, dates)."""
    conds, params = ["1"], []
    if f.kind is not None:
        conds.append(f"{alias}.kind = ?")
        params.append(f.kind)
    if f.imported_from is not None:
        conds.append(f"{alias}.imported_at >= ?")
        params.append(f.imported_from)
    if f.imported_to is not None:
        conds.append(f"{alias}.imported_at < date(?, '+1 day')")
        params.append(f.imported_to)
    return " AND ".join(conds), params


def population_where(f: Filters, alias: str = "p") -> tuple[str, list[Any]]:
    """SQL condition on ``participants AS alias``: who is in the denominators.

    The denominator rule: a participant counts in their group when the participant filters
    (persona, outcome, attributes) admit them *and* they have at least one participant turn
    (not an interviewer's) in a source the filters keep (kind, import dates; the coder filter
    keeps every source). These are the people who could have said it. Everyone with a quote
    that counts is in it, since a quote counts through such a turn.
    """
    pw, pparams = people_where(f, alias)
    sw, sparams = source_where(f, "ps")
    cond = f"""{pw} AND EXISTS (
        SELECT 1 FROM turns pt JOIN sources ps ON ps.id = pt.source_id
        WHERE pt.participant_id = {alias}.id AND pt.role != 'interviewer' AND {sw})"""
    return cond, pparams + sparams


def _quote_where(f: Filters) -> tuple[str, list[Any]]:
    """SQL condition on ``quotes AS q`` joined to ``sources AS s``: the quotes that count."""
    sw, params = source_where(f, "s")
    if f.coder is None:
        return sw, params
    return sw + " AND q.coder_id IN (SELECT id FROM coders WHERE name = ?)", params + [f.coder]


def _hits_cte(f: Filters, group: str = "p.outcome", code_ids: Sequence[int] | None = None
              ) -> tuple[str, list[Any]]:
    """``WITH ... hits(code_id, quote_id, pid, turn_id, grp)``: one row per counting link."""
    pw, pparams = people_where(f)
    qw, qparams = _quote_where(f)
    sources = "JOIN sources s ON s.id = q.source_id" if f.selects_quotes else ""
    overlap = 't.source_id = q.source_id AND t.start >= q.start - l.m AND t.start < q."end" ' \
        'AND t."end" > q.start'
    if code_ids is None:
        # Every code: drive from each source's longest turn, then its quotes and their turns
        # (covering indexes, source order). CROSS JOIN keeps SQLite from a quadratic order.
        joins = f"""
            FROM longest l
            CROSS JOIN quotes q ON q.source_id = l.source_id
            CROSS JOIN turns t ON {overlap}
            JOIN quote_codes qc ON qc.quote_id = q.id"""
        code_cond = ""
    else:
        # A few codes: drive from their quote links (code index), then each quote's turns.
        joins = f"""
            FROM quote_codes qc
            CROSS JOIN quotes q ON q.id = qc.quote_id
            CROSS JOIN longest l ON l.source_id = q.source_id
            CROSS JOIN turns t ON {overlap}"""
        code_cond = f" AND qc.code_id IN ({','.join(str(int(c)) for c in code_ids) or 'NULL'})"
    sql = f"""
        WITH {_LONGEST},
        hits AS MATERIALIZED (
            SELECT qc.code_id AS code_id, q.id AS quote_id, t.participant_id AS pid,
                   t.id AS turn_id, {group} AS grp, {_group_column("persona")} AS persona
            {joins}
            {sources}
            JOIN participants p ON p.id = t.participant_id
            WHERE t.role != 'interviewer' AND {qw} AND {pw}{code_cond}
        )
    """
    return sql, qparams + pparams


def group_sizes(db: Database, f: Filters, by: GroupBy = "outcome") -> dict[str, int]:
    """The denominators: participants of each group in the population (``population_where``)."""
    pw, params = population_where(f)
    col = _group_column(by)
    rows = db.execute(f"SELECT {col}, count(*) FROM participants p WHERE {pw} GROUP BY 1", params)
    return {r[0]: r[1] for r in rows.fetchall()}


def tallies(db: Database, f: Filters, by: GroupBy = "outcome") -> tuple[Tally, Totals]:
    """(code, group) -> (participants, mentions) and code -> (participants, mentions)."""
    by_group, totals, _ = _tally(db, f, _group_column(by), personas=False)
    return by_group, totals


def tallies_with_personas(db: Database, f: Filters) -> tuple[Tally, Totals, Tally]:
    """Outcome tallies, totals and persona tallies from one pass over the hits."""
    return _tally(db, f, _group_column("outcome"), personas=True)


def _tally(db: Database, f: Filters, group: str, personas: bool) -> tuple[Tally, Totals, Tally]:
    # A participant is in exactly one group, so a code's participants are the sum over its
    # groups; its mentions are counted apart (one quote can count in two groups).
    cte, params = _hits_cte(f, group)
    sql = cte + """
        SELECT 0, code_id, grp, count(DISTINCT pid), count(DISTINCT quote_id) FROM hits GROUP BY 2, 3
        UNION ALL
        SELECT 1, code_id, NULL, NULL, count(DISTINCT quote_id) FROM hits GROUP BY 2
    """
    if personas:
        sql += """
        UNION ALL
        SELECT 2, code_id, persona, count(DISTINCT pid), count(DISTINCT quote_id) FROM hits
        GROUP BY 2, 3
        """
    by_group: Tally = {}
    by_persona: Tally = {}
    mentions: dict[int, int] = {}
    people: dict[int, int] = {}
    for kind, code_id, grp, n, quotes in db.execute(sql, params).fetchall():
        if kind == 0:
            by_group[code_id, grp] = (n, quotes)
            people[code_id] = people.get(code_id, 0) + n
        elif kind == 1:
            mentions[code_id] = quotes
        else:
            by_persona[code_id, grp] = (n, quotes)
    totals = {c: (people.get(c, 0), m) for c, m in mentions.items()}
    return by_group, totals, by_persona


def no_one_counts(db: Database, f: Filters) -> dict[int, int]:
    """code id -> quotes the source and coder filters keep that count for no one at all (they
    overlap no participant turn: interviewer speech, unlinked speakers, text between turns)."""
    qw, params = _quote_where(f)
    sql = f"""
        WITH {_LONGEST}
        SELECT qc.code_id, count(*) FROM quotes q
        JOIN sources s ON s.id = q.source_id
        JOIN quote_codes qc ON qc.quote_id = q.id
        LEFT JOIN longest l ON l.source_id = q.source_id
        WHERE {qw} AND NOT EXISTS (
            SELECT 1 FROM turns t WHERE t.source_id = q.source_id AND t.start >= q.start - l.m
            AND t.start < q."end" AND t."end" > q.start AND t.role != 'interviewer'
            AND t.participant_id IS NOT NULL)
        GROUP BY qc.code_id
    """
    return dict(db.execute(sql, params).fetchall())


def hits(db: Database, f: Filters, code_ids: Sequence[int] | None = None) -> list[Hit]:
    cte, params = _hits_cte(f, code_ids=code_ids)
    rows = db.execute(cte + " SELECT DISTINCT quote_id, code_id, pid, turn_id FROM hits", params)
    return [Hit(*r) for r in rows.fetchall()]


def pair_tallies(db: Database, f: Filters, rows: Sequence[int], cols: Sequence[int],
                 measure: str = "quote") -> dict[tuple[int, int], dict[str, int]]:
    """Distinct participants per (row code, column code, outcome) with both codes in a window:
    one quote (``measure="quote"``) or one turn (``"turn"``)."""
    return pair_tallies_both(db, f, rows, cols, (measure,))[measure]


def pair_tallies_both(db: Database, f: Filters, rows: Sequence[int], cols: Sequence[int],
                      measures: Sequence[str] = ("quote", "turn")
                      ) -> dict[str, dict[tuple[int, int], dict[str, int]]]:
    """``pair_tallies`` for several measures from one pass over the hits."""
    cte, params = _hits_cte(f, code_ids=list(rows) + list(cols))
    row_list = ",".join(str(int(c)) for c in rows) or "NULL"
    col_list = ",".join(str(int(c)) for c in cols) or "NULL"
    parts, selects = [], []
    for m in measures:
        window = "quote_id" if m == "quote" else "turn_id"
        parts.append(f"""
        , {m}_r AS MATERIALIZED (SELECT DISTINCT {window} AS win, pid, code_id, grp FROM hits
                                WHERE code_id IN ({row_list}))
        , {m}_c AS MATERIALIZED (SELECT DISTINCT {window} AS win, pid, code_id FROM hits
                                WHERE code_id IN ({col_list}))""")
        selects.append(f"""
        SELECT '{m}', a.code_id, b.code_id, a.grp, count(DISTINCT a.pid)
        FROM {m}_r a JOIN {m}_c b ON b.win = a.win AND b.pid = a.pid
        WHERE a.code_id != b.code_id GROUP BY 2, 3, 4""")
    sql = cte + "".join(parts) + " UNION ALL ".join(selects)
    out: dict[str, dict[tuple[int, int], dict[str, int]]] = {m: {} for m in measures}
    for m, r, c, grp, n in db.execute(sql, params).fetchall():
        out[m].setdefault((r, c), {})[grp] = n
    return out


def step_quotes(db: Database, f: Filters, step_ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """One row per (participant, quote, step code) that counts: (participant id, quote id, step
    code id, source imported_at, source id, quote start, quote end). Paths are ordered from these
    in ``core/journey.order_steps``."""
    cte, params = _hits_cte(f, code_ids=step_ids)
    sql = cte + """
        SELECT DISTINCT h.pid, h.quote_id, h.code_id, s.imported_at, s.id, q.start, q."end"
        FROM hits h JOIN quotes q ON q.id = h.quote_id JOIN sources s ON s.id = q.source_id
    """
    return [tuple(r) for r in db.execute(sql, params).fetchall()]


def quotes_behind(db: Database, f: Filters, code_id: int, group: str | None = None,
                  by: GroupBy = "outcome", limit: int | None = None) -> list[dict[str, Any]]:
    """The quotes that make a code's evidence (in one group, or all), with their participants."""
    col = _group_column(by)
    cte, params = _hits_cte(f, col, code_ids=[code_id])
    cond, extra = ("WHERE h.grp = ?", [group]) if group is not None else ("", [])
    sql = cte + f"""
        SELECT q.id, q.source_id, s.name, q.start, q."end", q.text,
               group_concat(DISTINCT p.name), group_concat(DISTINCT p.outcome),
               group_concat(DISTINCT p.persona), min(t.start_ms)
        FROM hits h JOIN quotes q ON q.id = h.quote_id JOIN sources s ON s.id = q.source_id
        JOIN participants p ON p.id = h.pid JOIN turns t ON t.id = h.turn_id
        {cond}
        GROUP BY q.id ORDER BY s.imported_at, s.id, q.start, q.id
    """ + ("" if limit is None else f" LIMIT {int(limit)}")
    keys = ("quote_id", "source_id", "source", "start", "end", "text", "participants", "outcomes",
            "personas", "start_ms")
    return [dict(zip(keys, r, strict=True)) for r in db.execute(sql, params + extra).fetchall()]


def participant_rows(db: Database, f: Filters) -> list[tuple[int, str, str, str | None, str]]:
    """(id, name, outcome, persona, attributes JSON) of the population (``population_where``)."""
    pw, params = population_where(f)
    sql = f"SELECT id, name, outcome, persona, attributes FROM participants p WHERE {pw} ORDER BY name"
    return [tuple(r) for r in db.execute(sql, params).fetchall()]  # type: ignore[misc]


def quote_rows(db: Database, f: Filters) -> Iterator[tuple[Any, ...]]:
    """Every quote the filters keep, streamed, with participants, location and codes.

    Columns: id, source id, source name, source kind, start, end, text, coder, memo,
    created_at, participants, outcomes, personas, the location turn's ord, start_ms, role and
    participant id, codes (``dimension␟name`` joined by ␞). The location turn is the first
    participant turn the quote counts through (of a participant the filters keep), else the
    first turn it overlaps (an interviewer's or an unlinked speaker's). Without participant
    filters, quotes that count for no one are kept too.
    """
    qw, qparams = _quote_where(f)
    pw, pparams = people_where(f)
    people_filter = bool(f.persona or f.outcome or f.attributes)
    # Overlaps bounded below by the source's longest turn (see the module docstring).
    near = 't.source_id = q.source_id AND t.start >= q.start - l.m AND t.start < q."end" ' \
        'AND t."end" > q.start'
    overlap = f"""
        FROM turns t JOIN participants p ON p.id = t.participant_id
        WHERE {near} AND t.role != 'interviewer' AND {pw}
    """
    keep = f"AND EXISTS (SELECT 1 {overlap})" if people_filter else ""
    sql = f"""
        WITH {_LONGEST}
        SELECT q.id, q.source_id, s.name, s.kind, q.start, q."end", q.text, c.name, q.memo,
            q.created_at,
            (SELECT group_concat(name, '; ') FROM (SELECT DISTINCT p.name {overlap})),
            (SELECT group_concat(outcome, '; ') FROM (SELECT DISTINCT p.outcome {overlap})),
            (SELECT group_concat(persona, '; ') FROM (SELECT DISTINCT p.persona {overlap})),
            lt.ord, lt.start_ms, lt.role, lt.participant_id,
            (SELECT group_concat(cd.dimension || char(31) || cd.name, char(30))
                FROM quote_codes qc JOIN codes cd ON cd.id = qc.code_id WHERE qc.quote_id = q.id)
        FROM quotes q JOIN sources s ON s.id = q.source_id JOIN coders c ON c.id = q.coder_id
        LEFT JOIN longest l ON l.source_id = q.source_id
        LEFT JOIN turns lt ON lt.id = coalesce(
            (SELECT t.id {overlap} ORDER BY t.ord LIMIT 1),
            (SELECT t.id FROM turns t WHERE {near} ORDER BY t.ord LIMIT 1))
        WHERE {qw} {keep}
        ORDER BY s.imported_at, s.id, q.start, q.id
    """
    params = pparams * 4 + qparams + (pparams if people_filter else [])
    cursor = db.conn.execute(sql, params)
    while True:
        batch = cursor.fetchmany(2000)
        if not batch:
            return
        yield from batch


def coded_dimensions(db: Database) -> list[str]:
    """The dimensions with at least one code on a quote."""
    rows = db.execute("SELECT DISTINCT c.dimension FROM codes c WHERE EXISTS "
                      "(SELECT 1 FROM quote_codes qc WHERE qc.code_id = c.id)")
    return [r[0] for r in rows.fetchall()]


def speakers(db: Database) -> list[tuple[str, str, int | None]]:
    """Distinct (speaker, role, participant id) over every source, for redaction."""
    rows = db.execute(
        "SELECT DISTINCT speaker, role, participant_id FROM turns WHERE speaker IS NOT NULL "
        "ORDER BY speaker"
    )
    return [(r[0], r[1], r[2]) for r in rows.fetchall()]


def speech_pieces(db: Database, f: Filters, code_ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """Where each quote of the codes lies in participant speech: one row per (code, quote,
    participant turn) that counts, as (code id, quote id, quote start, quote end, source
    imported_at, source id, turn start, turn end, participant id, outcome)."""
    cte, params = _hits_cte(f, code_ids=code_ids)
    sql = cte + """
        SELECT h.code_id, q.id, q.start, q."end", s.imported_at, s.id, t.start, t."end", h.pid,
               h.grp
        FROM hits h JOIN quotes q ON q.id = h.quote_id JOIN sources s ON s.id = q.source_id
        JOIN turns t ON t.id = h.turn_id
    """
    return [tuple(r) for r in db.execute(sql, params).fetchall()]
