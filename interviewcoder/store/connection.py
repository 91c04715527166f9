"""Connections to a study file: how they are opened, guarded and made to wait for each other.

Every connection is made by SQLite itself; nothing here (or anywhere in the app) opens a study,
its ``-wal`` or its ``-shm`` with plain file I/O: closing any descriptor of the file would drop
every POSIX lock the process holds on it, and another process would then delete the ``-wal``
that this one still writes to ("How To Corrupt An SQLite Database File", section 2.2).

A file from elsewhere is input like any other: ``trusted_schema`` is off (its triggers and
views may call no function that is not harmless) and, where Python's sqlite3 offers
``setconfig`` (3.12+), SQLite's defensive mode is on. Write transactions
start with ``BEGIN IMMEDIATE`` so a writer waits (a bounded time) for another one instead of
failing at once; past the wait it gets ``StudyBusy``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from interviewcoder.core.errors import StudyError

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_ENV = "INTERVIEWCODER_BUSY_TIMEOUT"
DEFAULT_BUSY_SECONDS = 10.0
BUSY_MESSAGE = "the study is busy (open for writing in another window?); try again"
COMPANIONS = ("-wal", "-shm", "-journal")


class StudyBusy(StudyError):
    """Another process held the study's write lock for longer than the busy wait."""

    def __init__(self) -> None:
        super().__init__(BUSY_MESSAGE)


def busy_seconds() -> float:
    """How long a writer waits for another one: ``$INTERVIEWCODER_BUSY_TIMEOUT`` or 10 s."""
    value = os.environ.get(BUSY_ENV, "")
    try:
        seconds = float(value) if value.strip() else DEFAULT_BUSY_SECONDS
    except ValueError:
        return DEFAULT_BUSY_SECONDS
    return max(0.0, seconds)


def is_busy(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" / "database is busy"."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    text = str(exc)
    return "database is locked" in text or "database is busy" in text


def connect(path: Path, *, read_only: bool = False, create: bool = False,
            timeout: float | None = None) -> sqlite3.Connection:
    """A guarded connection to ``path`` in autocommit mode (transactions are explicit).

    ``read_only`` opens it with the ``mode=ro`` URI: nothing can be written, not even the
    journal mode; otherwise the file must exist unless ``create``. Raises ``sqlite3.Error``
    as SQLite reports it.
    """
    mode = "ro" if read_only else "rwc" if create else "rw"
    uri = f"file:{quote(str(path))}?mode={mode}"
    conn = sqlite3.connect(uri, uri=True, timeout=busy_seconds() if timeout is None else timeout,
                           isolation_level=None, check_same_thread=True)
    try:
        guard(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def database(conn: sqlite3.Connection) -> Database:
    """The sqlite-utils wrapper of ``conn``, without sqlite-utils' plugins: loading them scans
    every installed distribution's entry points (70 ms of every start, the app's and each
    command's) and would run code nobody chose on a study's connection."""
    from sqlite_utils import Database

    return Database(conn, execute_plugins=False)


def guard(conn: sqlite3.Connection) -> None:
    """Settings for a database that may come from anyone (also used for in-memory checks)."""
    conn.execute("PRAGMA trusted_schema = OFF")
    setconfig = getattr(conn, "setconfig", None)  # Python 3.12+
    if setconfig is not None:
        setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)  # type: ignore[attr-defined]
        setconfig(sqlite3.SQLITE_DBCONFIG_TRUSTED_SCHEMA, False)  # type: ignore[attr-defined]


def defensive_mode() -> bool:
    """True when this Python's sqlite3 can turn on SQLite's defensive flag (3.12+)."""
    return hasattr(sqlite3.Connection, "setconfig")


def begin_immediate(conn: sqlite3.Connection) -> None:
    """Start a write transaction, waiting for another writer up to the busy timeout."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise StudyBusy() from None
        raise


def companions(path: Path) -> list[Path]:
    """The files SQLite keeps beside a study: ``-wal``, ``-shm``, ``-journal``."""
    return [path.with_name(path.name + suffix) for suffix in COMPANIONS]
