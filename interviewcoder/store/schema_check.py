"""Is a file's schema exactly the one our migrations make? Checked before a study is used.

A study may come from a colleague or a download, and SQLite runs what its schema says: a
trigger fires on our writes, a view runs when read. So before anything is read from a file's
tables, its ``sqlite_master`` is compared with what the migrations it claims to have applied
make (built by applying them to an in-memory database): the same tables with the same
definitions, the same indexes, the same triggers, and no views or anything else. Definitions
are compared as SQL with comments, case, quoting and spacing normalised.

Everything here only reads, through the connection it is given (a ``mode=ro`` one on open).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import cache, lru_cache

from interviewcoder.store.migrations import KNOWN, MIGRATION_SET, migrations

MIGRATIONS_TABLE = migrations.migrations_table
# Tables SQLite itself makes (ANALYZE, AUTOINCREMENT); harmless data.
_SQLITE_TABLES = frozenset({"sqlite_sequence", "sqlite_stat1", "sqlite_stat2", "sqlite_stat3",
                            "sqlite_stat4"})
_MAX_STEPS = 10_000

_TOKEN = re.compile(
    r"""(?P<comment>--[^\n]*|/\*.*?(?:\*/|$))
      | (?P<string>'(?:[^']|'')*')
      | (?P<ident>"(?:[^"]|"")*"|\[[^\]]*\]|`(?:[^`]|``)*`)
      | (?P<space>\s+)
      | (?P<other>[^\s'"`\[(),;=.+*/<>|-]+|.)""",
    re.VERBOSE | re.DOTALL,
)
_PUNCT = frozenset("(),;=.+-*/<>|")


class NotOurs(Exception):
    """The file is not an interviewcoder study (its ``str`` says why, for the user)."""


class Newer(Exception):
    """The file is a study from a newer version (its ``str`` names the unknown step)."""


class Tampered(Exception):
    """The file's schema is not what the migrations make (its ``str`` names the difference)."""


@dataclass(frozen=True)
class Inspection:
    """What a check of a study's schema found."""

    applied: int  # known migrations applied (a prefix of KNOWN)
    user_version: int
    schema_cookie: int  # PRAGMA schema_version: changes whenever the schema does

    @property
    def pending(self) -> list[str]:
        return KNOWN[self.applied:]

    @property
    def stale_stamp(self) -> bool:
        return self.user_version != self.applied


def inspect(conn: sqlite3.Connection) -> Inspection:
    """Check ``conn``'s database is an interviewcoder study of a known version.

    Raises ``NotOurs``, ``Newer``, ``Tampered``, or ``sqlite3.DatabaseError`` for a file SQLite
    cannot read. Reads nothing but ``sqlite_master``, pragmas and the migrations table (once
    it is known to be a plain table of the right shape).
    """
    found = schema_objects(conn)
    if not found:
        raise NotOurs("an empty SQLite file, not an interviewcoder study")
    table = found.get(("table", MIGRATIONS_TABLE))
    if table is None or table != _expected(len(KNOWN))[("table", MIGRATIONS_TABLE)]:
        raise NotOurs("an SQLite file, but not an interviewcoder study")
    # A plain table of the right shape: reading it runs nothing (triggers fire on writes, and
    # it is no view), so a newer study is told apart before its schema is compared.
    applied = _applied(conn)
    if not applied:
        raise NotOurs("an SQLite file, but not an interviewcoder study")
    unknown = [name for name in applied if name not in KNOWN]
    if unknown:
        raise Newer(unknown[-1])
    count = len(applied)
    if sorted(applied, key=KNOWN.index) != KNOWN[:count] or len(set(applied)) != count:
        raise Tampered(f"its schema steps ({', '.join(applied)}) are not a sequence interviewcoder "
                       "makes")
    difference = compare(found, _expected(count))
    if difference:
        raise Tampered(difference)
    user_version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if user_version > count:
        raise Tampered(f"its version stamp ({user_version}) is ahead of its {count} schema steps")
    cookie = int(conn.execute("PRAGMA schema_version").fetchone()[0])
    return Inspection(count, user_version, cookie)


def schema_cookie(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA schema_version").fetchone()[0])


def _applied(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        f"SELECT name FROM [{MIGRATIONS_TABLE}] WHERE migration_set = ? ORDER BY rowid LIMIT ?",
        [MIGRATION_SET, _MAX_STEPS + 1],
    ).fetchall()
    if len(rows) > _MAX_STEPS:
        raise Tampered("it lists an absurd number of schema steps")
    return [str(r[0]) for r in rows]


def schema_objects(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """(type, name) → a normalised definition of every object in ``sqlite_master``.

    The migrations table is described by its columns and unique keys (sqlite-utils writes
    its definition, which may differ between versions); SQLite's automatic indexes (no SQL)
    and its own statistics tables are left out.
    """
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    out: dict[tuple[str, str], str] = {}
    for kind, name, table, sql in rows:
        kind, name, table = str(kind), str(name), str(table)
        if kind == "index" and sql is None:
            continue
        if kind == "table" and name in _SQLITE_TABLES:
            continue
        if table == MIGRATIONS_TABLE and kind in ("table", "index"):
            if kind == "table":
                out[(kind, name)] = _table_shape(conn, name)
            else:
                out[(kind, f"{MIGRATIONS_TABLE} {_index_shape(conn, name)}")] = "index"
            continue
        out[(kind, name)] = normalise_sql(sql)
    return out


def _table_shape(conn: sqlite3.Connection, table: str) -> str:
    cols = conn.execute("SELECT name, hidden FROM pragma_table_xinfo(?)", [table]).fetchall()
    return "columns: " + ", ".join(f"{n}" + (f" (hidden {h})" if h else "") for n, h in cols)


def _index_shape(conn: sqlite3.Connection, index: str) -> str:
    unique, partial = conn.execute(
        "SELECT \"unique\", partial FROM pragma_index_list(?) WHERE name = ?",
        [_index_table(conn, index), index]).fetchone() or (0, 0)
    cols = [r[0] for r in conn.execute("SELECT name FROM pragma_index_info(?) ORDER BY seqno",
                                       [index]).fetchall()]
    return f"unique={unique} partial={partial} ({', '.join(str(c) for c in cols)})"


def _index_table(conn: sqlite3.Connection, index: str) -> str:
    row = conn.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'index' AND name = ?",
                       [index]).fetchone()
    return str(row[0]) if row else ""


@lru_cache(maxsize=512)  # the same definitions come back on every open
def normalise_sql(sql: str | None) -> str:
    """SQL without comments, with case, identifier quoting and spacing made uniform."""
    if sql is None:
        return ""
    parts: list[str] = []
    for match in _TOKEN.finditer(sql):
        group = match.lastgroup
        text = match.group()
        if group == "comment":
            continue
        if group == "space":
            if parts and parts[-1] != " ":
                parts.append(" ")
            continue
        if group == "ident":
            text = text[1:-1].lower()
        elif group == "other":
            text = text.lower()
        if text in _PUNCT and parts and parts[-1] == " ":
            parts.pop()
        if parts and parts[-1] == " " and len(parts) > 1 and parts[-2] in _PUNCT:
            parts.pop()
        parts.append(text)
    return "".join(parts).strip(" ;")


def compare(found: dict[tuple[str, str], str], expected: dict[tuple[str, str], str]) -> str | None:
    """The first difference between a file's schema and the expected one, in words."""
    for key in sorted(found.keys() - expected.keys()):
        return _describe(key, "has an unexpected")
    for key in sorted(expected.keys() - found.keys()):
        return _describe(key, "lacks the")
    for key in sorted(expected):
        if found[key] != expected[key]:
            return _describe(key, "has a changed")
    return None


def _describe(key: tuple[str, str], what: str) -> str:
    kind, name = key
    return f"it {what} {kind} {name!r}"


@cache
def _expected(count: int) -> dict[tuple[str, str], str]:
    """The schema the first ``count`` migrations make: for every known one, the snapshot
    (``schema_snapshot``, made from them and held equal to them by a test), which spares
    each start replaying them; for fewer (a study to migrate), from an in-memory database."""
    from interviewcoder.store import schema_snapshot

    if count == len(KNOWN) and schema_snapshot.STEPS == tuple(KNOWN):
        return dict(schema_snapshot.OBJECTS)
    return made_by_migrations(count)


def made_by_migrations(count: int) -> dict[tuple[str, str], str]:
    """The schema the first ``count`` migrations make, from an in-memory database."""
    from sqlite_utils import Database

    db = Database(memory=True, execute_plugins=False)
    try:
        migrations.apply(db, stop_before=KNOWN[count] if count < len(KNOWN) else None)
        return schema_objects(db.conn)
    finally:
        db.close()


REMAKE = ("python -c 'from interviewcoder.store.schema_check import snapshot_source as s; "
          "print(s(), end=\"\")' > interviewcoder/store/schema_snapshot.py")


def snapshot_source() -> str:
    """The text of ``schema_snapshot.py`` for the known migrations; after adding one, write it
    anew (``REMAKE``)."""
    objects = made_by_migrations(len(KNOWN))
    lines = ['"""The schema every known migration makes, as ``schema_check.schema_objects`` '
             "reports it.",
             "",
             "Made by ``schema_check.snapshot_source()``; a test holds it equal to what the "
             "migrations make.",
             f'Do not edit it by hand; remake it with:\n\n    {REMAKE}\n"""',
             "",
             "# ruff: noqa: E501",
             "",
             f"STEPS = {tuple(KNOWN)!r}",
             "",
             "OBJECTS = {"]
    lines += [f"    {key!r}:\n        {objects[key]!r}," for key in sorted(objects)]
    lines.append("}")
    return "\n".join(lines) + "\n"


def expected_schema(count: int | None = None) -> dict[tuple[str, str], str]:
    """What ``count`` (default: every known) migrations make, as ``schema_objects`` reports."""
    return dict(_expected(len(KNOWN) if count is None else count))
