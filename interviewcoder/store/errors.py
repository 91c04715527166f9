"""What SQLite's errors mean for the user, as one line (for the faces' last line of defence:
errors the store did not turn into ``StudyError`` where they happened)."""

from __future__ import annotations

import sqlite3

from interviewcoder.store.connection import BUSY_MESSAGE, is_busy


def user_message(exc: BaseException) -> str | None:
    """A one-line message for an SQLite error a user can meet, else None."""
    if not isinstance(exc, sqlite3.Error):
        return None
    if is_busy(exc):
        return BUSY_MESSAGE
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    text = str(exc)
    if code == sqlite3.SQLITE_FULL or "database or disk is full" in text:
        return "the disk is full; free some space and try again (nothing was changed)"
    if code == sqlite3.SQLITE_READONLY or "readonly database" in text:
        return ("the study cannot be written here (read-only file or folder); copy it to a "
                "folder you can write to")
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in text:
        return f"the study file is damaged ({text}); open a backup copy"
    if code == sqlite3.SQLITE_IOERR or "disk I/O error" in text:
        return f"the disk could not be read or written ({text})"
    return None
