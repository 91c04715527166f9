"""Quotes (coded spans), their code links, and the coders who made them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from interviewcoder.core.types import Quote

_SELECT = (
    'SELECT q.id, q.guid, q.source_id, q.start, q."end", q.text, c.name, q.created_at, '
    "q.modified_at, q.memo, q.origin, "
    "(SELECT group_concat(code_id) FROM quote_codes WHERE quote_id = q.id) "
    "FROM quotes q JOIN coders c ON c.id = q.coder_id"
)


def _row(r: tuple[Any, ...]) -> Quote:
    codes = tuple(sorted(int(x) for x in r[11].split(","))) if r[11] else ()
    return Quote(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], codes, r[10])


class QuoteRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def coder_id(self, name: str) -> int:
        r = self.db.execute("SELECT id FROM coders WHERE name = ?", [name]).fetchone()
        if r:
            return int(r[0])
        return int(self.db.execute("INSERT INTO coders(name) VALUES (?)", [name]).lastrowid)

    def coders(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM coders ORDER BY name").fetchall()]

    def insert(self, q: Quote) -> int:
        """Insert a quote and its code links; ``q.id`` of 0 lets SQLite choose the id."""
        cur = self.db.execute(
            'INSERT INTO quotes(id, guid, source_id, start, "end", text, coder_id, created_at, '
            "modified_at, memo, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [q.id or None, q.guid, q.source_id, q.start, q.end, q.text, self.coder_id(q.coder),
             q.created_at, q.modified_at, q.memo, q.origin],
        )
        quote_id = int(cur.lastrowid)
        self.link(quote_id, q.code_ids)
        return quote_id

    def insert_many(self, quotes: Iterable[Quote]) -> int:
        """Bulk insert (imports, generators): quotes with their ids set, and their code links."""
        coder_ids: dict[str, int] = {}
        rows: list[tuple[Any, ...]] = []
        links: list[tuple[int, int]] = []
        for q in quotes:
            cid = coder_ids.get(q.coder)
            if cid is None:
                cid = coder_ids[q.coder] = self.coder_id(q.coder)
            rows.append((q.id, q.guid, q.source_id, q.start, q.end, q.text, cid, q.created_at,
                         q.modified_at, q.memo, q.origin))
            links.extend((q.id, c) for c in q.code_ids)
        self.db.conn.executemany(
            'INSERT INTO quotes(id, guid, source_id, start, "end", text, coder_id, created_at, '
            "modified_at, memo, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        self.db.conn.executemany("INSERT OR IGNORE INTO quote_codes(quote_id, code_id) VALUES (?, ?)", links)
        return len(rows)

    def max_id(self) -> int:
        return int(self.db.execute("SELECT coalesce(max(id), 0) FROM quotes").fetchone()[0])

    def link(self, quote_id: int, code_ids: Iterable[int]) -> None:
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO quote_codes(quote_id, code_id) VALUES (?, ?)",
            [(quote_id, c) for c in code_ids],
        )

    def unlink(self, quote_id: int, code_ids: Iterable[int]) -> None:
        self.db.conn.executemany(
            "DELETE FROM quote_codes WHERE quote_id = ? AND code_id = ?",
            [(quote_id, c) for c in code_ids],
        )

    def update(self, q: Quote) -> None:
        """Write span, text, memo and modified time of an existing quote (codes untouched)."""
        self.db.execute(
            'UPDATE quotes SET start = ?, "end" = ?, text = ?, memo = ?, modified_at = ? WHERE id = ?',
            [q.start, q.end, q.text, q.memo, q.modified_at, q.id],
        )

    def delete(self, quote_id: int) -> None:
        self.db.execute("DELETE FROM quotes WHERE id = ?", [quote_id])

    def get(self, quote_id: int) -> Quote | None:
        r = self.db.execute(f"{_SELECT} WHERE q.id = ?", [quote_id]).fetchone()
        return _row(r) if r else None

    def by_guid(self, guid: str) -> Quote | None:
        r = self.db.execute(f"{_SELECT} WHERE q.guid = ?", [guid]).fetchone()
        return _row(r) if r else None

    def for_source(self, source_id: int) -> list[Quote]:
        rows = self.db.execute(f"{_SELECT} WHERE q.source_id = ? ORDER BY q.start, q.id", [source_id])
        return [_row(r) for r in rows.fetchall()]

    def spans_of_source(self, source_id: int) -> list[tuple[int, int, int, str]]:
        """(id, start, end, text) of a source's quotes, in text order (no codes: cheap)."""
        rows = self.db.execute('SELECT id, start, "end", text FROM quotes WHERE source_id = ? '
                               "ORDER BY start, id", [source_id])
        return [tuple(r) for r in rows.fetchall()]

    def set_spans(self, rows: Iterable[tuple[int, int, str, str, int]]) -> None:
        """Bulk: (start, end, text, modified_at, id) for each quote moved onto a new text."""
        self.db.conn.executemany(
            'UPDATE quotes SET start = ?, "end" = ?, text = ?, modified_at = ? WHERE id = ?', rows)

    def for_code(self, code_id: int) -> list[Quote]:
        rows = self.db.execute(
            f"{_SELECT} WHERE q.id IN (SELECT quote_id FROM quote_codes WHERE code_id = ?) "
            "ORDER BY q.source_id, q.start",
            [code_id],
        )
        return [_row(r) for r in rows.fetchall()]

    def all(self) -> list[Quote]:
        return [_row(r) for r in self.db.execute(f"{_SELECT} ORDER BY q.source_id, q.start")]

    def ids_with_code(self, code_id: int) -> list[int]:
        rows = self.db.execute("SELECT quote_id FROM quote_codes WHERE code_id = ?", [code_id])
        return [r[0] for r in rows.fetchall()]

    def count(self) -> int:
        """Every quote of the study, from the per-source tally (not a scan of the quotes)."""
        return int(self.db.execute("SELECT coalesce(sum(quotes), 0) FROM source_tallies")
                   .fetchone()[0])

    def count_with_code(self, code_id: int) -> int:
        r = self.db.execute("SELECT count(*) FROM quote_codes WHERE code_id = ?", [code_id]).fetchone()
        return int(r[0])

    def participants_of(self, quote_id: int) -> list[int]:
        """Participants whose (non-interviewer) turns the quote overlaps."""
        rows = self.db.execute(
            """
            SELECT DISTINCT t.participant_id FROM quotes q
            JOIN turns t ON t.source_id = q.source_id AND t.start < q."end" AND t."end" > q.start
            WHERE q.id = ? AND t.participant_id IS NOT NULL AND t.role != 'interviewer'
            ORDER BY t.participant_id
            """,
            [quote_id],
        )
        return [r[0] for r in rows.fetchall()]
