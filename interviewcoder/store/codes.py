"""The codebook: codes in dimensions, ordered, with colours and stable GUIDs."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from interviewcoder.core.types import Code, Dimension
from interviewcoder.store.workspace import code_usage

_COLUMNS = "id, guid, dimension, name, description, colour, parent_id, ord, memo"
DIMENSION_ORDER = [d.value for d in Dimension]
_ORDER_SQL = (
    "ORDER BY CASE dimension "
    + " ".join(f"WHEN '{d}' THEN {i}" for i, d in enumerate(DIMENSION_ORDER))
    + " ELSE 99 END, ord, name"
)


def _row(r: tuple[Any, ...]) -> Code:
    return Code(r[0], r[1], Dimension(r[2]), r[3], r[4], r[5], r[6], r[7], r[8])


class CodeRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self) -> list[Code]:
        return [_row(r) for r in self.db.execute(f"SELECT {_COLUMNS} FROM codes {_ORDER_SQL}")]

    def get(self, code_id: int) -> Code | None:
        r = self.db.execute(f"SELECT {_COLUMNS} FROM codes WHERE id = ?", [code_id]).fetchone()
        return _row(r) if r else None

    def find(self, dimension: Dimension, name: str) -> Code | None:
        r = self.db.execute(
            f"SELECT {_COLUMNS} FROM codes WHERE dimension = ? AND name = ?",
            [dimension.value, name],
        ).fetchone()
        return _row(r) if r else None

    def find_nocase(self, dimension: Dimension, name: str) -> Code | None:
        r = self.db.execute(
            f"SELECT {_COLUMNS} FROM codes WHERE dimension = ? AND name = ? COLLATE NOCASE",
            [dimension.value, name],
        ).fetchone()
        return _row(r) if r else None

    def by_guid(self, guid: str) -> Code | None:
        r = self.db.execute(f"SELECT {_COLUMNS} FROM codes WHERE guid = ?", [guid]).fetchone()
        return _row(r) if r else None

    def next_ord(self, dimension: Dimension) -> int:
        r = self.db.execute(
            "SELECT coalesce(max(ord), -1) + 1 FROM codes WHERE dimension = ?", [dimension.value]
        ).fetchone()
        return int(r[0])

    def insert(self, code: Code) -> int:
        """Insert a code; ``code.id`` of 0 lets SQLite choose the id."""
        cur = self.db.execute(
            f"INSERT INTO codes({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [code.id or None, code.guid, code.dimension.value, code.name, code.description,
             code.colour, code.parent_id, code.ord, code.memo],
        )
        return int(cur.lastrowid)

    def update(self, code: Code) -> None:
        self.db.execute(
            "UPDATE codes SET guid = ?, dimension = ?, name = ?, description = ?, colour = ?, "
            "parent_id = ?, ord = ?, memo = ? WHERE id = ?",
            [code.guid, code.dimension.value, code.name, code.description, code.colour,
             code.parent_id, code.ord, code.memo, code.id],
        )

    def delete(self, code_id: int) -> None:
        self.db.execute("DELETE FROM codes WHERE id = ?", [code_id])

    def children(self, code_id: int) -> list[Code]:
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM codes WHERE parent_id = ?", [code_id])
        return [_row(r) for r in rows.fetchall()]

    def in_dimension(self, dimension: Dimension) -> list[Code]:
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM codes WHERE dimension = ? ORDER BY ord, name", [dimension.value]
        )
        return [_row(r) for r in rows.fetchall()]

    def set_orders(self, orders: list[tuple[int, int]]) -> None:
        """Set ``ord`` for (code id, ord) pairs."""
        self.db.conn.executemany("UPDATE codes SET ord = ? WHERE id = ?", [(o, i) for i, o in orders])

    def usage(self) -> dict[int, tuple[int, int]]:
        """code id -> (quotes, distinct participants whose turns those quotes overlap)."""
        return code_usage(self.db)
