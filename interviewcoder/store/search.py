"""Full-text search over every turn of every source: SQLite FTS5 (migration ``0008_search``).

``turn_search`` is an FTS5 table with one row per turn: the turn's id as its rowid and the
turn's span of its source's text. It keeps its own copy of that text: an index that read the
text from ``sources`` (external content through a view) was measured 8x slower to show hits,
because every hit loads its whole source text (see docs/benchmarks.md); the copy costs about
as much space as the text itself. SQLite cannot keep it in step with triggers here (a study
opened with ``trusted_schema=OFF`` refuses virtual tables in triggers), so the source writers
call ``index_turns`` / ``unindex_source`` in the same transaction as the write
(``SourceRepo.add_turns``, ``SourceRepo.delete``). ``check`` compares it with the turns.

Queries are FTS5's: words, ``"a phrase"``, ``prefix*``, ``NEAR(a b, 5)``, ``AND``/``OR``/
``NOT``, case- and accent-insensitive. A query that is not valid FTS5 but has no operator in
it (``don't``, ``e-mail``, ``foo:bar``) is searched as its words, in order; any other bad query
is refused with a one-line ``InvalidInput``.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from interviewcoder.core.errors import InvalidInput

START_MARK, END_MARK = "\x01", "\x02"  # around matches in highlight(); never in source text
_OPERATOR = re.compile(r'["()*^]|\b(AND|OR|NOT|NEAR)\b')
ROLES = ("interviewer", "participant", "answer")
KINDS = ("interview", "survey")
COUNT_CAP = 1_000  # matching turns are counted up to this many ("1,000+ turns")
_TURN_TEXT = 'substr(s.text, t.start + 1, t."end" - t.start)'


def index_turns(db: Database, source_id: int, after_turn_id: int = 0, *,
                text: str | None = None, base: int = 0) -> None:
    """Index the turns of a source with ids above ``after_turn_id`` (the ones just added).

    The source's text is read once and sliced here: ``substr(s.text, ...)`` in a join loaded
    the whole text once per turn, so a survey question's source (every answer in one text)
    took quadratic time (338 s to import 20,000 respondents, 11 of 13 s at 5,000).
    ``text`` (the source's text from offset ``base`` on, holding the new turns) spares even
    that: a survey stored in batches would read its whole source once per batch."""
    if text is None:
        row = db.execute("SELECT text FROM sources WHERE id = ?", [source_id]).fetchone()
        if row is None:
            return
        text, base = row[0], 0
    turns = db.execute('SELECT id, start, "end" FROM turns WHERE source_id = ? AND id > ?',
                       [source_id, after_turn_id]).fetchall()
    db.conn.executemany("INSERT INTO turn_search(rowid, text) VALUES (?, ?)",
                        ((tid, text[a - base : b - base]) for tid, a, b in turns))


def unindex_source(db: Database, source_id: int) -> None:
    """Take a source's turns out of the index (call before its turns or text go)."""
    db.execute("DELETE FROM turn_search WHERE rowid IN (SELECT id FROM turns WHERE source_id = ?)",
               [source_id])


def rebuild(db: Database) -> None:
    """Rebuild the whole index from the turns (a repair; the migration does this once)."""
    db.execute("DELETE FROM turn_search")
    db.execute(f"INSERT INTO turn_search(rowid, text) SELECT t.id, {_TURN_TEXT} "
               "FROM turns t JOIN sources s ON s.id = t.source_id")


def check(db: Database) -> bool:
    """True when the index holds exactly every turn's current text, and FTS5's own
    integrity check passes."""
    try:
        db.execute("INSERT INTO turn_search(turn_search) VALUES ('integrity-check')")
    except sqlite3.DatabaseError:
        return False
    n_turns = db.execute("SELECT count(*) FROM turns").fetchone()[0]
    n_index = db.execute("SELECT count(*) FROM turn_search").fetchone()[0]
    wrong = db.execute(
        f"SELECT count(*) FROM turns t JOIN sources s ON s.id = t.source_id "
        f"LEFT JOIN turn_search f ON f.rowid = t.id WHERE f.text IS NOT {_TURN_TEXT}"
    ).fetchone()[0]
    return n_turns == n_index and wrong == 0


@dataclass(frozen=True)
class TurnMatch:
    """One turn that matches, with the source offsets of each match in it."""

    turn_id: int
    source_id: int
    source: str
    kind: str
    start: int  # the turn's span in its source
    end: int
    speaker: str | None
    role: str
    participant: str | None
    outcome: str | None
    persona: str | None
    text: str  # the turn's text
    matches: tuple[tuple[int, int], ...]  # source offsets


def search(db: Database, query: str, *, outcome: str | None = None, persona: str | None = None,
           role: str | None = None, kind: str | None = None,
           limit: int = 200) -> tuple[list[TurnMatch], int]:
    """Matching turns in study order (source import order, then position), at most ``limit``,
    and how many turns match in all (counted up to ``COUNT_CAP``)."""
    query = " ".join(query.split())
    if not query:
        raise InvalidInput("an empty search: give a word, a \"phrase\", a prefix* or NEAR(a b)")
    if role is not None and role not in ROLES:
        raise InvalidInput(f"unknown role {role!r} (one of {', '.join(ROLES)})")
    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"unknown source kind {kind!r} (one of {', '.join(KINDS)})")
    where, params = _filters(outcome, persona, role, kind)
    try:
        return _run(db, query, where, params, limit)
    except sqlite3.OperationalError as exc:
        if _OPERATOR.search(query):
            raise InvalidInput(f"bad search query {query!r}: {_reason(exc)}") from None
        words = _as_words(query)
        if not words:
            raise InvalidInput(f"bad search query {query!r}: it has no words to search for") from None
        try:
            return _run(db, words, where, params, limit)
        except sqlite3.OperationalError as again:
            raise InvalidInput(f"bad search query {query!r}: {_reason(again)}") from None


def _filters(outcome: str | None, persona: str | None, role: str | None,
             kind: str | None) -> tuple[str, list[Any]]:
    clauses, params = [], []
    for column, value in (("p.outcome", outcome), ("p.persona", persona), ("t.role", role),
                          ("s.kind", kind)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    return "".join(f" AND {c}" for c in clauses), params


_JOINS = """
    FROM turn_search f JOIN turns t ON t.id = f.rowid JOIN sources s ON s.id = t.source_id
    LEFT JOIN participants p ON p.id = t.participant_id
    WHERE turn_search MATCH ?{where}
"""


def _count_joins(where: str) -> str:
    """The joins a count needs for its filters only (each join costs per matching turn)."""
    joins = ""
    if "t." in where or "p." in where or "s." in where:
        joins += " JOIN turns t ON t.id = f.rowid"
    if "p." in where:
        joins += " LEFT JOIN participants p ON p.id = t.participant_id"
    if "s." in where:
        joins += " JOIN sources s ON s.id = t.source_id"
    return f"FROM turn_search f{joins} WHERE turn_search MATCH ?{where}"


def _run(db: Database, query: str, where: str, params: list[Any],
         limit: int) -> tuple[list[TurnMatch], int]:
    # Rows come from the index in rowid (= turn id) order, so ORDER BY f.rowid with a LIMIT
    # streams: highlight() runs for the returned turns only.
    rows = db.execute(
        "SELECT t.id, t.source_id, s.name, s.kind, t.start, t.\"end\", t.speaker, t.role, p.name, "
        f"p.outcome, p.persona, highlight(turn_search, 0, char(1), char(2)) {_JOINS.format(where=where)} "
        "ORDER BY f.rowid LIMIT ?",
        [query, *params, limit],
    ).fetchall()
    if len(rows) < limit:
        total = len(rows)
    else:
        total = int(db.execute(f"SELECT count(*) FROM (SELECT 1 {_count_joins(where)} LIMIT ?)",
                               [query, *params, COUNT_CAP]).fetchone()[0])
    return [_match(r) for r in rows], total


def _match(r: tuple[Any, ...]) -> TurnMatch:
    text, spans = _unmark(r[11] or "")
    start = r[4]
    return TurnMatch(r[0], r[1], r[2], r[3], start, r[5], r[6], r[7], r[8], r[9], r[10], text,
                     tuple((start + a, start + b) for a, b in spans))


def _unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without highlight markers, and the [start, end) of each marked run."""
    if START_MARK not in marked:
        return marked, []
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = i = 0
    while True:
        a = marked.find(START_MARK, i)
        if a < 0:
            out.append(marked[i:])
            break
        b = marked.find(END_MARK, a + 1)
        if b < 0:
            b = len(marked)
        out.append(marked[i:a])
        pos += a - i
        out.append(marked[a + 1:b])
        spans.append((pos, pos + b - a - 1))
        pos += b - a - 1
        i = b + 1
    return "".join(out), spans


def _as_words(query: str) -> str:
    """Each space-separated piece as an FTS5 string (``don't`` is the phrase don + t), all of
    them required; pieces with no letter or digit are dropped."""
    pieces = [p for p in query.split() if re.search(r"\w", p)]
    return " ".join('"' + p.replace('"', '""') + '"' for p in pieces)


def _reason(exc: sqlite3.OperationalError) -> str:
    text = " ".join(str(exc).replace("fts5: ", "").split())
    if text == 'syntax error near ""':
        return "it ends too soon (an operator or a bracket with nothing after it)"
    return text
