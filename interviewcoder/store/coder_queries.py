"""Read queries by coder: who coded which source, their coded spans and the turns they count
for (inter-coder agreement), and a coder's quotes per code (the coder filter)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database


def coded_sources(db: Database) -> dict[str, dict[int, int]]:
    """Coder name → source id → number of that coder's quotes in the source."""
    out: dict[str, dict[int, int]] = {}
    rows = db.execute("SELECT c.name, q.source_id, count(*) FROM quotes q "
                      "JOIN coders c ON c.id = q.coder_id GROUP BY 1, 2").fetchall()
    for coder, source_id, n in rows:
        out.setdefault(coder, {})[source_id] = n
    return out


def coders_with_quotes(db: Database) -> list[str]:
    """Names of the coders with at least one quote, sorted: one probe of the ``quotes_coder``
    index per coder (grouping every quote by coder took 1.5 s at a million quotes, on the way
    to the first window)."""
    rows = db.execute("SELECT name FROM coders c WHERE EXISTS "
                      "(SELECT 1 FROM quotes q WHERE q.coder_id = c.id) ORDER BY name").fetchall()
    return [r[0] for r in rows]


def _chunks(ids: Sequence[int], size: int = 500) -> list[list[int]]:
    return [list(ids[i:i + size]) for i in range(0, len(ids), size)]


def coded_spans(db: Database, source_ids: Sequence[int], coders: Sequence[str]
                ) -> list[tuple[int, int, int, str, tuple[int, ...], int]]:
    """(source id, start, end, coder, code ids, quote id) of the coders' quotes in the sources."""
    out = []
    marks = ",".join("?" * len(coders))
    for chunk in _chunks(list(source_ids)):
        sql = (
            'SELECT q.source_id, q.start, q."end", c.name, group_concat(qc.code_id), q.id '
            "FROM quotes q JOIN coders c ON c.id = q.coder_id "
            "JOIN quote_codes qc ON qc.quote_id = q.id "
            f"WHERE q.source_id IN ({','.join('?' * len(chunk))}) AND c.name IN ({marks}) "
            "GROUP BY q.id"
        )
        for r in db.execute(sql, [*chunk, *coders]).fetchall():
            out.append((r[0], r[1], r[2], r[3], tuple(sorted(int(x) for x in r[4].split(","))),
                        r[5]))
    return out


def counting_turns(db: Database, source_ids: Sequence[int]
                   ) -> list[tuple[int, int, int, int, int | None]]:
    """(turn id, source id, start, end, participant id) of the sources' participant and answer
    turns (interviewer turns are never evidence)."""
    out = []
    for chunk in _chunks(list(source_ids)):
        out += db.execute(
            'SELECT id, source_id, start, "end", participant_id FROM turns '
            f"WHERE role != 'interviewer' AND source_id IN ({','.join('?' * len(chunk))}) "
            "ORDER BY source_id, start", chunk).fetchall()
    return [tuple(r) for r in out]  # type: ignore[misc]


def text_lengths(db: Database, source_ids: Sequence[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for chunk in _chunks(list(source_ids)):
        out.update(db.execute(
            f"SELECT id, length(text) FROM sources WHERE id IN ({','.join('?' * len(chunk))})",
            chunk).fetchall())
    return out


def source_names(db: Database) -> dict[int, str]:
    return dict(db.execute("SELECT id, name FROM sources ORDER BY id").fetchall())


def participant_names(db: Database) -> dict[int, str]:
    return dict(db.execute("SELECT id, name FROM participants").fetchall())


def quotes_in(db: Database, source_id: int, start: int, end: int, coder: str, code_id: int
              ) -> list[dict[str, Any]]:
    """A coder's quotes with a code that overlap [start, end) of a source."""
    rows = db.execute(
        'SELECT q.id FROM quotes q JOIN coders c ON c.id = q.coder_id '
        "JOIN quote_codes qc ON qc.quote_id = q.id AND qc.code_id = ? "
        'WHERE q.source_id = ? AND q.start < ? AND q."end" > ? AND c.name = ? ORDER BY q.start',
        [code_id, source_id, end, start, coder]).fetchall()
    return [{"id": r[0]} for r in rows]


def quotes_per_code(db: Database, coder: str) -> dict[int, int]:
    """Code id → number of this coder's quotes carrying it."""
    rows = db.execute("SELECT qc.code_id, count(*) FROM quote_codes qc JOIN quotes q ON q.id = qc.quote_id "
                      "JOIN coders c ON c.id = q.coder_id WHERE c.name = ? GROUP BY 1", [coder])
    return dict(rows.fetchall())
