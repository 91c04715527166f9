"""The study file: one SQLite database opened through sqlite-utils.

A ``Study`` owns one connection (use one Study per thread). Every write goes through
``with study.atomic():`` (``BEGIN IMMEDIATE``) so a failure leaves the file as it was and a
writer waits for another instead of failing. Opening never reads the file with plain file
I/O and never changes a file before it is known to be a study of a known version
(``connection``, ``schema_check``).
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from interviewcoder import __version__
from interviewcoder.core.errors import StudyError
from interviewcoder.store import schema_check
from interviewcoder.store.connection import (
    StudyBusy,
    begin_immediate,
    companions,
    connect,
    database,
    is_busy,
)
from interviewcoder.store.migrations import KNOWN, MIGRATION_SET, migrations

EXTENSION = ".icstudy"


def now() -> str:
    """UTC time as ISO 8601 text, the format every timestamp in a study uses."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Upgrade:
    """An older study brought to this version's schema when it was opened."""

    from_version: int
    to_version: int
    backup: Path

    def message(self, path: Path) -> str:
        return (f"{path.name} was made by an older version (schema {self.from_version}) and is "
                f"now at schema {self.to_version}; the study as it was is kept in "
                f"{self.backup.name}")


class Study:
    """An open study file."""

    def __init__(self, path: Path, db: Database) -> None:
        self.path = path
        self.db = db
        self.upgraded: Upgrade | None = None
        """Set when opening migrated an older study: the version it was, and its backup."""
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
        if not path.parent.is_dir():
            raise StudyError(f"{path}: folder {path.parent} does not exist")
        _create_empty(path)  # exclusively: never over someone's file
        try:
            db = database(connect(path))
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        try:
            db.execute("PRAGMA journal_mode=WAL")
            _settings(db)
            study = cls(path, db)
            with study.atomic():
                migrations.apply(db)
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
        """Open a study: inspected read-only first; nothing is changed (not even the journal
        mode) until its schema is known to be exactly what this version's migrations make.

        An older study is backed up beside itself and migrated; anything else is refused
        with one line (``StudyError``).
        """
        path = Path(path)
        _check_path(path)
        found = _inspect(path)
        try:
            conn = connect(path)
        except sqlite3.Error as exc:
            raise _open_error(path, exc) from None
        db = database(conn)
        try:
            if schema_check.schema_cookie(conn) != found.schema_cookie:
                found = _checked(path, conn)  # changed since we looked: look again
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode=WAL")
            _settings(db)
            study = cls(path, db)
            if found.pending or found.stale_stamp:
                study._upgrade()
            return study
        except sqlite3.Error as exc:
            conn.close()
            raise _open_error(path, exc) from None
        except BaseException:
            conn.close()
            raise

    def _upgrade(self) -> None:
        """Back up, then apply pending migrations (or mend a stale version stamp), holding the
        write lock so that two processes opening an old study migrate it once."""
        with self.atomic():
            found = _checked(self.path, self.db.conn)  # under the lock: the truth now
            if found.pending:
                backup = backup_path(self.path, found.applied)
                _backup(self.path, backup)
                migrations.apply(self.db)
                self.upgraded = Upgrade(found.applied, len(KNOWN), backup)
            elif found.stale_stamp:
                self.db.execute(f"PRAGMA user_version = {found.applied}")

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Study:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions, metadata, history --------------------------------------------------

    @contextmanager
    def atomic(self) -> Iterator[Study]:
        """One transaction: ``BEGIN IMMEDIATE`` (waiting a bounded time for another writer,
        then ``StudyBusy``); nested blocks are savepoints."""
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield self
            return
        begin_immediate(conn)
        try:
            yield self
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

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

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: changes when another connection (another process,
        or a worker's) commits to the study; cheap enough to poll."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def all_ids(self) -> dict[str, frozenset[int]]:
        """The ids of every participant, source, quote and code."""
        return {table: frozenset(r[0] for r in self.db.execute(f"SELECT id FROM {table}"))
                for table in ("participants", "sources", "quotes", "codes")}

    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def save_copy(self, target: str | Path) -> Path:
        """Write a consistent copy of the study (SQLite online backup) to ``target``."""
        target = Path(target)
        if is_study_file(self.path, target):
            raise StudyError(f"{target}: cannot copy a study onto itself")
        _backup(self.path, target)
        return target

    def is_own_file(self, other: str | Path) -> bool:
        """True when ``other`` is this study's file or its ``-wal``/``-shm``/``-journal``: a
        file the app must never read or write with plain file I/O while the study is open."""
        return is_study_file(self.path, other)


def sqlite_version() -> str:
    """The SQLite library's version (for the About box)."""
    return sqlite3.sqlite_version


def backup_path(path: Path, version: int) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return path.with_name(f"{path.stem}.v{version}-backup-{stamp}{path.suffix}")


def is_study_file(study_path: Path, other: str | Path) -> bool:
    """True when ``other`` is the study file or one of SQLite's files beside it (``-wal``,
    ``-shm``, ``-journal``), by name or by identity (``stat``, which opens nothing)."""
    other = Path(other)
    names = [study_path, *companions(study_path)]
    try:
        resolved = other.resolve()
        if any(resolved == n.resolve() for n in names):
            return True
        st = os.stat(other)
    except (OSError, RuntimeError):
        return False
    for name in names:
        try:
            mine = os.stat(name)
        except OSError:
            continue
        if (mine.st_dev, mine.st_ino) == (st.st_dev, st.st_ino):
            return True
    return False


def _check_path(path: Path) -> None:
    """What ``stat`` can tell without opening the file."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise StudyError(f"{path}: no such study file") from None
    except OSError as exc:
        raise StudyError(f"{path}: cannot open the study ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise StudyError(f"{path}: is a folder, not a study file")
    if not stat.S_ISREG(st.st_mode):
        raise StudyError(f"{path}: not a regular file, not a study")
    if st.st_size == 0:
        raise StudyError(f"{path}: an empty file, not an interviewcoder study")
    if st.st_size < 512:  # the smallest SQLite database is one 512-byte page
        raise StudyError(f"{path}: not an interviewcoder study (not an SQLite database)")


def _inspect(path: Path) -> schema_check.Inspection:
    """Look at the file through a read-only connection and say whether it is a study."""
    try:
        conn = connect(path, read_only=True)
    except sqlite3.Error as exc:
        raise _open_error(path, exc) from None
    try:
        return _checked(path, conn)
    finally:
        conn.close()


def _checked(path: Path, conn: sqlite3.Connection) -> schema_check.Inspection:
    try:
        return schema_check.inspect(conn)
    except schema_check.NotOurs as exc:
        raise StudyError(f"{path}: {exc}") from None
    except schema_check.Newer as exc:
        raise StudyError(
            f"{path}: written by a newer version of interviewcoder (schema step {exc}); "
            "update interviewcoder to open it") from None
    except schema_check.Tampered as exc:
        raise StudyError(
            f"{path}: refused: {exc}, which interviewcoder never makes "
            "(the file was changed by another program, or is not safe to open)") from None
    except sqlite3.Error as exc:
        raise _open_error(path, exc) from None


def _open_error(path: Path, exc: sqlite3.Error) -> StudyError:
    """One true line for what SQLite said while opening ``path``."""
    if is_busy(exc):
        return StudyBusy()
    text = str(exc)
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code == sqlite3.SQLITE_NOTADB or "not a database" in text:
        return StudyError(f"{path}: not an interviewcoder study (not an SQLite database, or one "
                          "damaged beyond reading)")
    if code == sqlite3.SQLITE_CORRUPT or "malformed" in text:
        return StudyError(f"{path}: the study file is damaged ({text})")
    if not _writable(path):
        return StudyError(
            f"{path}: the study is read-only here (it, or its folder {path.parent}, cannot be "
            "written); copy it to a folder you can write to")
    if code == sqlite3.SQLITE_FULL:
        return StudyError(f"{path}: the disk is full")
    return StudyError(f"{path}: cannot open the study ({text})")


def _writable(path: Path) -> bool:
    """Can SQLite write the study and create its ``-wal`` beside it? (``access``: no open)"""
    if not os.access(path, os.R_OK | os.W_OK) or not os.access(path.parent, os.W_OK | os.X_OK):
        return False
    try:
        return not os.statvfs(path.parent).f_flag & os.ST_RDONLY
    except OSError:
        return True


def _create_empty(path: Path) -> None:
    """Create ``path`` as an empty file, failing if anything is there (no SQLite connection
    to it exists yet, so this descriptor can drop no lock)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise StudyError(f"{path}: a file of that name already exists") from None
    except OSError as exc:
        raise StudyError(f"{path}: cannot create the study ({exc.strerror or exc})") from None
    os.close(fd)


def _settings(db: Database) -> None:
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    # The tally triggers copy rows through temporary tables and touch indexes all over a
    # large study: keep those in memory (measured: a third of bulk-insert time was temp
    # files and page reads with the 2 MB default cache).
    db.execute("PRAGMA temp_store=MEMORY")
    db.execute("PRAGMA cache_size=-32768")


def _backup(source: Path, target: Path) -> None:
    """A consistent copy of ``source`` (SQLite online backup) at ``target``, written under a
    unique temporary name and moved into place; read through a connection of its own."""
    tmp = _unique_temp(target)
    try:
        src = connect(source, read_only=True)
        try:
            dest = sqlite3.connect(str(tmp))
            try:
                src.backup(dest)
            finally:
                dest.close()
        finally:
            src.close()
        os.replace(tmp, target)
    except BaseException:
        for leftover in (tmp, *companions(tmp)):
            leftover.unlink(missing_ok=True)
        raise


def _unique_temp(target: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)  # a fresh file no SQLite connection knows; SQLite opens it next
    return Path(name)


__all__ = ["EXTENSION", "MIGRATION_SET", "Study", "StudyBusy", "Upgrade", "backup_path", "is_study_file",
           "now", "sqlite_version"]
