"""The study file: one SQLite database opened through sqlite-utils.

A ``Study`` owns one connection (use one Study per thread). Every write goes through
``with study.atomic():`` so a failure leaves the file as it was.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from interviewcoder import __version__
from interviewcoder.core.errors import StudyError
from interviewcoder.store.migrations import KNOWN, MIGRATION_SET, migrations

EXTENSION = ".icstudy"
_SQLITE_MAGIC = b"SQLite format 3\x00"


def now() -> str:
    """UTC time as ISO 8601 text, the format every timestamp in a study uses."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Study:
    """An open study file."""

    def __init__(self, path: Path, db: Database) -> None:
        self.path = path
        self.db = db
        from interviewcoder.store.codes import CodeRepo
        from interviewcoder.store.history import SnapshotRepo, SourceHistoryRepo
        from interviewcoder.store.participants import OutcomeRepo, ParticipantRepo
        from interviewcoder.store.quotes import QuoteRepo
        from interviewcoder.store.sources import SourceRepo

        self.participants = ParticipantRepo(db)
        self.outcomes = OutcomeRepo(db)
        self.sources = SourceRepo(db)
        self.codes = CodeRepo(db)
        self.quotes = QuoteRepo(db)
        self.snapshots = SnapshotRepo(db)
        self.source_history = SourceHistoryRepo(db)

    # --- opening ---------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, *, language: str = "en", name: str | None = None) -> Study:
        path = Path(path)
        if path.exists():
            raise StudyError(f"{path}: a file of that name already exists")
        if not path.parent.is_dir():
            raise StudyError(f"{path}: folder {path.parent} does not exist")
        db = _connect(path)
        try:
            migrations.apply(db)
            _stamp_version(db)
            study = cls(path, db)
            with study.atomic():
                study.set_meta("app", "interviewcoder")
                study.set_meta("name", name or path.stem)
                study.set_meta("language", language)
                study.set_meta("created_at", now())
                study.set_meta("created_by_version", __version__)
            return study
        except BaseException:
            db.conn.close()
            path.unlink(missing_ok=True)
            raise

    @classmethod
    def open(cls, path: str | Path) -> Study:
        path = Path(path)
        if not path.exists():
            raise StudyError(f"{path}: no such study file")
        if path.is_dir():
            raise StudyError(f"{path}: is a folder, not a study file")
        with path.open("rb") as fh:
            if fh.read(16) != _SQLITE_MAGIC:
                raise StudyError(f"{path}: not an interviewcoder study (not an SQLite file)")
        try:
            db = _connect(path)
            applied = [m.name for m in migrations.applied(db)]
        except sqlite3.DatabaseError as exc:
            raise StudyError(f"{path}: the study file is damaged ({exc})") from None
        if not applied:
            db.conn.close()
            raise StudyError(f"{path}: an SQLite file, but not an interviewcoder study")
        unknown = [name for name in applied if name not in KNOWN]
        if unknown:
            db.conn.close()
            raise StudyError(
                f"{path}: written by a newer version of interviewcoder "
                f"(schema step {unknown[-1]}); update interviewcoder to open it"
            )
        if migrations.pending(db):
            backup = backup_path(path, len(applied))
            _backup(db, backup)
            migrations.apply(db)
            _stamp_version(db)
        return cls(path, db)

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Study:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions, metadata, history --------------------------------------------------

    @contextmanager
    def atomic(self) -> Iterator[Study]:
        with self.db.atomic():
            yield self

    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM study_meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO study_meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    @property
    def language(self) -> str:
        return self.meta("language", "en") or "en"

    @property
    def name(self) -> str:
        return self.meta("name", self.path.stem) or self.path.stem

    def log(self, coder: str, action: str, target: str, detail: dict[str, Any] | None = None) -> None:
        """Append one entry to the change log (call inside the change's transaction)."""
        self.db.execute(
            "INSERT INTO changelog(at, coder, action, target, detail) VALUES (?, ?, ?, ?, ?)",
            [now(), coder, action, target, json.dumps(detail or {}, ensure_ascii=False)],
        )

    def history(self, limit: int | None = None) -> list[dict[str, Any]]:
        sql = "SELECT id, at, coder, action, target, detail FROM changelog ORDER BY id DESC"
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        rows = self.db.execute(sql, params).fetchall()
        return [
            {"id": r[0], "at": r[1], "coder": r[2], "action": r[3], "target": r[4],
             "detail": json.loads(r[5])}
            for r in rows
        ]

    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def save_copy(self, target: str | Path) -> Path:
        """Write a consistent copy of the study (SQLite online backup) to ``target``."""
        target = Path(target)
        if target.resolve() == self.path.resolve():
            raise StudyError(f"{target}: cannot copy a study onto itself")
        _backup(self.db, target)
        return target


def sqlite_version() -> str:
    """The SQLite library's version (for the About box)."""
    return sqlite3.sqlite_version


def backup_path(path: Path, version: int) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return path.with_name(f"{path.stem}.v{version}-backup-{stamp}{path.suffix}")


def _connect(path: Path) -> Database:
    conn = sqlite3.connect(str(path), timeout=10)
    db = Database(conn)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        # The tally triggers copy rows through temporary tables and touch indexes all over a
        # large study: keep those in memory (measured: a third of bulk-insert time was temp
        # files and page reads with the 2 MB default cache).
        db.execute("PRAGMA temp_store=MEMORY")
        db.execute("PRAGMA cache_size=-32768")
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return db


def _stamp_version(db: Database) -> None:
    applied = [m.name for m in migrations.applied(db) if m.name in KNOWN]
    db.execute(f"PRAGMA user_version = {len(applied)}")


def _backup(db: Database, target: Path) -> None:
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    dest = sqlite3.connect(str(tmp))
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    tmp.replace(target)


__all__ = ["EXTENSION", "MIGRATION_SET", "Study", "backup_path", "now", "sqlite_version"]
