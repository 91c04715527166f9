"""Participants: people who were interviewed or answered a survey."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from interviewcoder.core.sorting import natural_key
from interviewcoder.core.types import UNKNOWN_OUTCOME, Participant

_COLUMNS = "id, name, outcome, persona, attributes, memo"


def _row(r: tuple[Any, ...]) -> Participant:
    return Participant(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5])


class ParticipantRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self) -> list[Participant]:
        """Every participant, in reading order (numbers in names by value: #2 before #10)."""
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM participants")
        return sorted((_row(r) for r in rows.fetchall()), key=lambda p: (natural_key(p.name), p.id))

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

    def names(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM participants").fetchall()]

    def add(
        self,
        name: str,
        *,
        outcome: str | None = None,
        persona: str | None = None,
        attributes: dict[str, str] | None = None,
        created_at: str,
        participant_id: int | None = None,
        memo: str = "",
    ) -> int:
        cur = self.db.execute(
            "INSERT INTO participants(id, name, outcome, persona, attributes, created_at, memo) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [participant_id, name, outcome or UNKNOWN_OUTCOME, persona,
             json.dumps(attributes or {}, ensure_ascii=False), created_at, memo],
        )
        return int(cur.lastrowid)

    def update(self, p: Participant) -> None:
        self.db.execute(
            "UPDATE participants SET name = ?, outcome = ?, persona = ?, attributes = ?, memo = ? "
            "WHERE id = ?",
            [p.name, p.outcome, p.persona, json.dumps(p.attributes, ensure_ascii=False), p.memo,
             p.id],
        )

    def get_many(self, participant_ids: list[int]) -> dict[int, Participant]:
        found: dict[int, Participant] = {}
        for i in range(0, len(participant_ids), 500):
            chunk = participant_ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(f"SELECT {_COLUMNS} FROM participants WHERE id IN ({marks})",
                                     chunk).fetchall():
                found[r[0]] = _row(r)
        return found

    def update_many(self, people: list[Participant]) -> None:
        self.db.conn.executemany(
            "UPDATE participants SET name = ?, outcome = ?, persona = ?, attributes = ?, memo = ? "
            "WHERE id = ?",
            [(p.name, p.outcome, p.persona, json.dumps(p.attributes, ensure_ascii=False), p.memo,
              p.id) for p in people],
        )

    def delete(self, participant_id: int) -> None:
        self.db.execute("DELETE FROM participants WHERE id = ?", [participant_id])

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM participants").fetchone()[0])

    def outcomes(self) -> list[str]:
        rows = self.db.execute("SELECT DISTINCT outcome FROM participants ORDER BY outcome")
        return [r[0] for r in rows.fetchall()]

    def with_outcome(self, outcome: str) -> list[int]:
        rows = self.db.execute("SELECT id FROM participants WHERE outcome = ? ORDER BY id", [outcome])
        return [r[0] for r in rows.fetchall()]

    def set_outcome(self, participant_ids: list[int], outcome: str) -> None:
        self.db.conn.executemany("UPDATE participants SET outcome = ? WHERE id = ?",
                                 [(outcome, pid) for pid in participant_ids])

    def personas(self) -> list[str]:
        rows = self.db.execute(
            "SELECT DISTINCT persona FROM participants WHERE persona IS NOT NULL ORDER BY persona"
        )
        return [r[0] for r in rows.fetchall()]

    def guid(self, participant_id: int) -> str | None:
        """The participant's REFI-QDA GUID, when it has one (store.guids)."""
        r = self.db.execute("SELECT guid FROM participants WHERE id = ?", [participant_id]).fetchone()
        return r[0] if r else None

    def set_guid(self, participant_id: int, guid: str) -> None:
        from interviewcoder.store import guids

        guids.set_guid(self.db, "participants", participant_id, guid)

    def created_at(self, participant_id: int) -> str | None:
        r = self.db.execute("SELECT created_at FROM participants WHERE id = ?",
                            [participant_id]).fetchone()
        return r[0] if r else None


class OutcomeRepo:
    """The study's outcome vocabulary, in the researcher's order (``unknown`` is implicit)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def names(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM outcomes ORDER BY ord, name")]

    def position(self, name: str) -> int | None:
        r = self.db.execute("SELECT ord FROM outcomes WHERE name = ?", [name]).fetchone()
        return int(r[0]) if r else None

    def add(self, name: str, ord_: int | None = None) -> None:
        if ord_ is None:
            ord_ = int(self.db.execute("SELECT coalesce(max(ord), -1) + 1 FROM outcomes")
                       .fetchone()[0])
        else:
            self.db.execute("UPDATE outcomes SET ord = ord + 1 WHERE ord >= ?", [ord_])
        self.db.execute("INSERT INTO outcomes(name, ord) VALUES (?, ?)", [name, ord_])

    def rename(self, old: str, new: str) -> None:
        self.db.execute("UPDATE outcomes SET name = ? WHERE name = ?", [new, old])
        self.db.execute("UPDATE participants SET outcome = ? WHERE outcome = ?", [new, old])

    def remove(self, name: str) -> None:
        self.db.execute("DELETE FROM outcomes WHERE name = ?", [name])

    def usage(self) -> dict[str, int]:
        rows = self.db.execute("SELECT outcome, count(*) FROM participants GROUP BY outcome")
        return {r[0]: r[1] for r in rows.fetchall()}
