"""What merging another coder's study needs from the store: that study opened read-only and
checked, whole source rows, change-log rows kept as they were, and the merge record."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlite_utils import Database

from interviewcoder.core.errors import StudyError
from interviewcoder.store.connection import database
from interviewcoder.store.migrations import KNOWN, MIGRATION_SET
from interviewcoder.store.study import Study

_NEEDED = {"study_meta", "participants", "sources", "turns", "coders", "codes", "quotes",
           "quote_codes", "changelog"}


def open_readonly(path: str | Path) -> Study:
    """Another study, opened read-only (``mode=ro``, ``query_only``): refused with one line
    unless it is an interviewcoder study of a version this one can read. Nothing is written
    to it, not even a journal-mode change."""
    path = Path(path)
    if not path.is_file():
        raise StudyError(f"{path}: no such study file")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=10)
    except sqlite3.Error as exc:
        raise StudyError(f"{path}: cannot open the study ({exc})") from None
    try:
        conn.execute("PRAGMA query_only=ON")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "_sqlite_migrations" not in tables or not _NEEDED <= tables:
            raise StudyError(f"{path}: an SQLite file, but not an interviewcoder study")
        applied = [r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
            [MIGRATION_SET])]
        unknown = [name for name in applied if name not in KNOWN]
        if not applied or applied[0] != KNOWN[0]:
            raise StudyError(f"{path}: an SQLite file, but not an interviewcoder study")
        if unknown:
            raise StudyError(f"{path}: written by a newer version of interviewcoder (schema step "
                             f"{unknown[-1]}); update interviewcoder to merge it")
        app = conn.execute("SELECT value FROM study_meta WHERE key = 'app'").fetchone()
        if app is not None and app[0] != "interviewcoder":
            raise StudyError(f"{path}: not an interviewcoder study (made by {app[0]})")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StudyError(f"{path}: not a readable study ({exc})") from None
    except BaseException:
        conn.close()
        raise
    return Study(path, database(conn))


def source_rows(db: Database) -> list[dict[str, Any]]:
    """Every source whole: what a merge copies."""
    keys = ("id", "name", "kind", "original_name", "sha256", "text", "format", "meta",
            "imported_at")
    rows = db.execute("SELECT id, name, kind, original_name, sha256, text, format, meta, "
                      "imported_at FROM sources ORDER BY id").fetchall()
    return [dict(zip(keys, r, strict=True)) for r in rows]


def insert_source(db: Database, row: dict[str, Any], source_id: int | None = None) -> int:
    cur = db.execute(
        "INSERT INTO sources(id, name, kind, original_name, sha256, text, words, format, meta, "
        "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [source_id, row["name"], row["kind"], row["original_name"], row["sha256"], row["text"],
         len(row["text"].split()), row["format"], row["meta"], row["imported_at"]])
    return int(cur.lastrowid)


def changelog_rows(db: Database) -> list[tuple[str, str, str, str, str]]:
    """(at, coder, action, target, detail JSON) of every change-log entry, oldest first."""
    rows = db.execute("SELECT at, coder, action, target, detail FROM changelog ORDER BY id")
    return [tuple(r) for r in rows.fetchall()]  # type: ignore[misc]


def append_changelog(db: Database, rows: list[tuple[str, str, str, str, str]]) -> None:
    """Append entries as given (times and coders kept: another study's history)."""
    db.conn.executemany(
        "INSERT INTO changelog(at, coder, action, target, detail) VALUES (?, ?, ?, ?, ?)", rows)


def add_merge(db: Database, at: str, coder: str, other_name: str, other_path: str,
              report: dict[str, Any], merge_id: int | None = None) -> int:
    cur = db.execute(
        "INSERT INTO merges(id, at, coder, other_name, other_path, report) VALUES (?, ?, ?, ?, ?, ?)",
        [merge_id, at, coder, other_name, other_path, json.dumps(report, ensure_ascii=False)])
    return int(cur.lastrowid)


def delete_merge(db: Database, merge_id: int) -> None:
    db.execute("DELETE FROM merges WHERE id = ?", [merge_id])


def merges(db: Database) -> list[dict[str, Any]]:
    rows = db.execute("SELECT id, at, coder, other_name, other_path, report FROM merges ORDER BY id")
    return [{"id": r[0], "at": r[1], "coder": r[2], "other_name": r[3], "other_path": r[4],
             "report": json.loads(r[5])} for r in rows.fetchall()]


def delete_unused_coders(db: Database, names: list[str]) -> None:
    """Remove these coders when no quote is theirs any more (a merge undone)."""
    db.conn.executemany(
        "DELETE FROM coders WHERE name = ? AND NOT EXISTS "
        "(SELECT 1 FROM quotes q WHERE q.coder_id = coders.id)", [(n,) for n in names])


def next_ids(db: Database) -> dict[str, int]:
    """The next free id of each table a merge inserts into."""
    out = {}
    for table in ("codes", "participants", "sources", "quotes", "merges"):
        out[table] = int(db.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])
    return out


def guids_of(db: Database, table: str) -> dict[int, str]:
    """id → GUID of the participants, sources or coders that have one (none in a study from
    before migration ``0006_refi``)."""
    from interviewcoder.store import guids

    columns = {r[1] for r in db.execute(f"PRAGMA table_info({table})").fetchall()}
    return guids.all_guids(db, table) if "guid" in columns else {}


def give_guid(db: Database, table: str, row_id: int, guid: str) -> None:
    from interviewcoder.store import guids

    guids.set_guid(db, table, row_id, guid)
