"""Participants: people who were interviewed or answered a survey."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from interviewcoder.core.types import UNKNOWN_OUTCOME, Participant

_COLUMNS = "id, name, outcome, persona, attributes"


def _row(r: tuple[Any, ...]) -> Participant:
    return Participant(r[0], r[1], r[2], r[3], json.loads(r[4]))


class ParticipantRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self) -> list[Participant]:
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM participants ORDER BY name COLLATE NOCASE")
        return [_row(r) for r in rows.fetchall()]

    def get(self, participant_id: int) -> Participant | None:
        r = self.db.execute(
            f"SELECT {_COLUMNS} FROM participants WHERE id = ?", [participant_id]
        ).fetchone()
        return _row(r) if r else None

    def by_name(self, name: str) -> Participant | None:
        r = self.db.execute(f"SELECT {_COLUMNS} FROM participants WHERE name = ?", [name]).fetchone()
        return _row(r) if r else None

    def by_names(self, names: list[str]) -> dict[str, Participant]:
        found: dict[str, Participant] = {}
        for i in range(0, len(names), 500):
            chunk = names[i : i + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {_COLUMNS} FROM participants WHERE name IN ({marks})"
            for r in self.db.execute(sql, chunk).fetchall():
                found[r[1]] = _row(r)
        return found

    def add(
        self,
        name: str,
        *,
        outcome: str | None = None,
        persona: str | None = None,
        attributes: dict[str, str] | None = None,
        created_at: str,
        participant_id: int | None = None,
    ) -> int:
        cur = self.db.execute(
            "INSERT INTO participants(id, name, outcome, persona, attributes, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [participant_id, name, outcome or UNKNOWN_OUTCOME, persona,
             json.dumps(attributes or {}, ensure_ascii=False), created_at],
        )
        return int(cur.lastrowid)

    def update(self, p: Participant) -> None:
        self.db.execute(
            "UPDATE participants SET name = ?, outcome = ?, persona = ?, attributes = ? WHERE id = ?",
            [p.name, p.outcome, p.persona, json.dumps(p.attributes, ensure_ascii=False), p.id],
        )

    def delete(self, participant_id: int) -> None:
        self.db.execute("DELETE FROM participants WHERE id = ?", [participant_id])

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM participants").fetchone()[0])

    def outcomes(self) -> list[str]:
        rows = self.db.execute("SELECT DISTINCT outcome FROM participants ORDER BY outcome")
        return [r[0] for r in rows.fetchall()]

    def personas(self) -> list[str]:
        rows = self.db.execute(
            "SELECT DISTINCT persona FROM participants WHERE persona IS NOT NULL ORDER BY persona"
        )
        return [r[0] for r in rows.fetchall()]
