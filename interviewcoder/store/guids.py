"""The REFI-QDA GUIDs of participants, sources and coders (migration ``0006_refi``).

Codes and quotes carry their GUID in their own rows; these three gained a ``guid`` column for
the exchange, read and written only here.
"""

from __future__ import annotations

from sqlite_utils import Database

_TABLES = ("participants", "sources", "coders")


def _table(table: str) -> str:
    if table not in _TABLES:
        raise ValueError(f"no guid column in {table}")
    return table


def all_guids(db: Database, table: str) -> dict[int, str]:
    """id -> guid of the rows that have one."""
    rows = db.execute(f"SELECT id, guid FROM {_table(table)} WHERE guid IS NOT NULL")
    return {int(r[0]): r[1] for r in rows.fetchall()}


def by_guid(db: Database, table: str, guid: str) -> int | None:
    r = db.execute(f"SELECT id FROM {_table(table)} WHERE guid = ?", [guid]).fetchone()
    return int(r[0]) if r else None


def set_guid(db: Database, table: str, row_id: int, guid: str) -> bool:
    """Give a row its GUID when it has none (and no other row has it). True when set."""
    if by_guid(db, table, guid) is not None:
        return False
    cur = db.execute(f"UPDATE {_table(table)} SET guid = ? WHERE id = ? AND guid IS NULL",
                     [guid, row_id])
    return cur.rowcount > 0


def coder_ids(db: Database) -> dict[str, int]:
    """coder name -> id, for every coder of the study."""
    return {r[1]: int(r[0]) for r in db.execute("SELECT id, name FROM coders").fetchall()}
