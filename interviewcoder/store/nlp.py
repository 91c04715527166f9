"""Tables of the spaCy assistance: user patterns per code, rejected suggestions, learned models."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from interviewcoder.core.errors import InvalidInput
from interviewcoder.store.study import now


@dataclass(frozen=True, slots=True)
class CodePattern:
    id: int
    code_id: int
    pattern: str  # JSON text: a phrase (JSON string) or a list of token patterns
    created_at: str


@dataclass(frozen=True, slots=True)
class LearnedModelRow:
    name: str
    created_at: str
    language: str
    data: bytes
    metrics: dict[str, Any]


class NlpRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- user patterns -----------------------------------------------------------------------

    def add_pattern(self, code_id: int, pattern: str) -> int:
        cur = self.db.execute(
            "INSERT INTO code_patterns(code_id, pattern, created_at) VALUES (?, ?, ?)",
            [code_id, pattern, now()],
        )
        return int(cur.lastrowid)

    def delete_pattern(self, pattern_id: int) -> bool:
        cur = self.db.execute("DELETE FROM code_patterns WHERE id = ?", [pattern_id])
        return cur.rowcount > 0

    def patterns(self, code_id: int | None = None) -> list[CodePattern]:
        sql = "SELECT id, code_id, pattern, created_at FROM code_patterns"
        params: list[Any] = []
        if code_id is not None:
            sql += " WHERE code_id = ?"
            params.append(code_id)
        rows = self.db.execute(sql + " ORDER BY id", params).fetchall()
        return [CodePattern(*r) for r in rows]

    # --- rejected suggestions ----------------------------------------------------------------

    def reject(self, source_id: int, start: int, end: int, code_id: int) -> None:
        self.db.execute(
            'INSERT OR IGNORE INTO suggestion_rejections(source_id, start, "end", code_id, '
            "created_at) VALUES (?, ?, ?, ?, ?)",
            [source_id, start, end, code_id, now()],
        )

    def unreject(self, source_id: int, start: int, end: int, code_id: int) -> None:
        self.db.execute(
            'DELETE FROM suggestion_rejections WHERE source_id = ? AND start = ? AND "end" = ? '
            "AND code_id = ?",
            [source_id, start, end, code_id],
        )

    def rejections(self, source_id: int | None = None) -> set[tuple[int, int, int, int]]:
        """(source id, start, end, code id) of every rejected suggestion."""
        sql = 'SELECT source_id, start, "end", code_id FROM suggestion_rejections'
        params: list[Any] = []
        if source_id is not None:
            sql += " WHERE source_id = ?"
            params.append(source_id)
        return {tuple(r) for r in self.db.execute(sql, params).fetchall()}  # type: ignore[misc]

    # --- learned models ----------------------------------------------------------------------

    def save_model(self, name: str, language: str, data: bytes, metrics: dict[str, Any]) -> None:
        self.db.execute(
            'INSERT INTO learned_models(name, created_at, language, data, metrics) '
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET "
            "created_at = excluded.created_at, "
            "language = excluded.language, data = excluded.data, metrics = excluded.metrics",
            [name, now(), language, data, json.dumps(metrics, ensure_ascii=False)],
        )

    def model(self, name: str, max_bytes: int | None = None) -> LearnedModelRow | None:
        """The stored model; over ``max_bytes`` it is refused before its bytes are read."""
        if max_bytes is not None:
            size = self.db.execute("SELECT length(data) FROM learned_models WHERE name = ?",
                                   [name]).fetchone()
            if size is not None and int(size[0] or 0) > max_bytes:
                raise InvalidInput(f"the study's learned model is {int(size[0]) >> 20} MB, over "
                                   f"the {max_bytes >> 20} MB limit; retrain it")
        r = self.db.execute(
            "SELECT name, created_at, language, data, metrics FROM learned_models WHERE name = ?",
            [name],
        ).fetchone()
        if r is None:
            return None
        return LearnedModelRow(r[0], r[1], r[2], bytes(r[3]), json.loads(r[4] or "{}"))

    def model_info(self, name: str) -> tuple[str, str, dict[str, Any]] | None:
        """(created_at, language, metrics) without loading the model's bytes."""
        r = self.db.execute(
            "SELECT created_at, language, metrics FROM learned_models WHERE name = ?", [name]
        ).fetchone()
        return (r[0], r[1], json.loads(r[2] or "{}")) if r else None

    def delete_model(self, name: str) -> None:
        self.db.execute("DELETE FROM learned_models WHERE name = ?", [name])
