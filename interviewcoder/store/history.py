"""What a study remembers of its past: evidence snapshots, and the earlier texts of sources
that were replaced by a corrected transcript."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class SnapshotRow:
    id: int
    name: str
    taken_at: str
    coder: str
    note: str


@dataclass(frozen=True, slots=True)
class SourceVersion:
    id: int
    source_id: int
    replaced_at: str
    coder: str
    sha256: str
    chars: int


class SnapshotRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, name: str, taken_at: str, coder: str, note: str, payload: dict[str, Any]) -> int:
        cur = self.db.execute(
            "INSERT INTO snapshots(name, taken_at, coder, note, evidence) VALUES (?, ?, ?, ?, ?)",
            [name, taken_at, coder, note, json.dumps(payload, ensure_ascii=False)],
        )
        return int(cur.lastrowid)

    def list(self) -> list[SnapshotRow]:
        rows = self.db.execute(
            "SELECT id, name, taken_at, coder, note FROM snapshots ORDER BY taken_at, id")
        return [SnapshotRow(*r) for r in rows.fetchall()]

    def find(self, ref: str) -> SnapshotRow | None:
        """A snapshot by name, or by id when ``ref`` is a number no snapshot is named."""
        r = self.db.execute(
            "SELECT id, name, taken_at, coder, note FROM snapshots WHERE name = ?", [ref]).fetchone()
        if r is None and ref.isdigit():
            r = self.db.execute("SELECT id, name, taken_at, coder, note FROM snapshots WHERE id = ?",
                                [int(ref)]).fetchone()
        return SnapshotRow(*r) if r else None

    def payload(self, snapshot_id: int) -> dict[str, Any]:
        r = self.db.execute("SELECT evidence FROM snapshots WHERE id = ?", [snapshot_id]).fetchone()
        return json.loads(r[0]) if r else {}

    def delete(self, snapshot_id: int) -> None:
        self.db.execute("DELETE FROM snapshots WHERE id = ?", [snapshot_id])

    def latest(self) -> SnapshotRow | None:
        r = self.db.execute("SELECT id, name, taken_at, coder, note FROM snapshots "
                            "ORDER BY taken_at DESC, id DESC LIMIT 1").fetchone()
        return SnapshotRow(*r) if r else None


class SourceHistoryRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, source_id: int, replaced_at: str, coder: str, sha256: str, text: str,
            state: dict[str, Any]) -> int:
        cur = self.db.execute(
            "INSERT INTO source_history(source_id, replaced_at, coder, sha256, text, state) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [source_id, replaced_at, coder, sha256, text, json.dumps(state, ensure_ascii=False)],
        )
        return int(cur.lastrowid)

    def versions(self, source_id: int) -> list[SourceVersion]:
        rows = self.db.execute(
            "SELECT id, source_id, replaced_at, coder, sha256, length(text) "
            "FROM source_history WHERE source_id = ? ORDER BY id", [source_id])
        return [SourceVersion(*r) for r in rows.fetchall()]

    def get(self, version_id: int) -> tuple[int, str, str, dict[str, Any]] | None:
        """(source id, sha256, text, state) of one kept version."""
        r = self.db.execute("SELECT source_id, sha256, text, state FROM source_history WHERE id = ?",
                            [version_id]).fetchone()
        return (r[0], r[1], r[2], json.loads(r[3])) if r else None

    def replace_text(self, source_id: int, text: str, sha256: str) -> None:
        """Give a source a new text: the one write the immutability trigger lets through, for
        exactly this text (a grant row naming its hash, removed in the same transaction)."""
        self.db.execute("INSERT OR REPLACE INTO source_text_grants(source_id, sha256) VALUES (?, ?)",
                        [source_id, sha256])
        try:
            self.db.execute("UPDATE sources SET text = ?, sha256 = ?, words = ? WHERE id = ?",
                            [text, sha256, len(text.split()), source_id])
        finally:
            self.db.execute("DELETE FROM source_text_grants WHERE source_id = ?", [source_id])
