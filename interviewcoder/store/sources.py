"""Sources (imported documents) and their turns."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlite_utils import Database

from interviewcoder.core.types import Role, Source, SourceKind, Turn
from interviewcoder.store import search

_SOURCE_COLUMNS = "id, name, kind, original_name, sha256, imported_at, format, memo"
_TURN_COLUMNS = 'id, source_id, ord, start, "end", speaker, role, participant_id, start_ms'


def _source(r: tuple[Any, ...]) -> Source:
    return Source(r[0], r[1], SourceKind(r[2]), r[3], r[4], r[5], r[6], r[7])


_ROLES = {r.value: r for r in Role}  # a dict lookup, not Enum.__call__, per turn read


def _turn(r: tuple[Any, ...]) -> Turn:
    return Turn(r[0], r[1], r[2], r[3], r[4], r[5], _ROLES[r[6]], r[7], r[8])


_BLOB_CHUNK = 1 << 20  # bytes of answers written at a time


class SourceRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- sources ---------------------------------------------------------------------------

    def add(
        self,
        *,
        name: str,
        kind: SourceKind,
        text: str,
        sha256: str,
        imported_at: str,
        original_name: str | None = None,
        format: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> int:
        cur = self.db.execute(
            "INSERT INTO sources(name, kind, original_name, sha256, text, words, format, meta, "
            "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [name, kind.value, original_name, sha256, text, len(text.split()), format,
             json.dumps(meta or {}, ensure_ascii=False), imported_at],
        )
        return int(cur.lastrowid)

    def get(self, source_id: int) -> Source | None:
        r = self.db.execute(
            f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE id = ?", [source_id]
        ).fetchone()
        return _source(r) if r else None

    def list(self) -> list[Source]:
        rows = self.db.execute(f"SELECT {_SOURCE_COLUMNS} FROM sources ORDER BY id")
        return [_source(r) for r in rows.fetchall()]

    def text(self, source_id: int) -> str:
        r = self.db.execute("SELECT text FROM sources WHERE id = ?", [source_id]).fetchone()
        return r[0] if r else ""

    def text_span(self, source_id: int, start: int, end: int) -> str:
        # SQLite substr counts characters (code points) from 1, as Python str indices do from 0.
        r = self.db.execute(
            "SELECT substr(text, ?, ?) FROM sources WHERE id = ?", [start + 1, end - start, source_id]
        ).fetchone()
        return r[0] if r else ""

    def text_length(self, source_id: int) -> int:
        r = self.db.execute("SELECT length(text) FROM sources WHERE id = ?", [source_id]).fetchone()
        return int(r[0]) if r else 0

    def append_text(self, source_id: int, extra: str) -> int:
        """Append to a source's text (survey re-import). Returns the old length (offset of extra)."""
        old = self.text_length(source_id)
        self.db.execute(
            "UPDATE sources SET text = text || ?, words = words + ? WHERE id = ?",
            [extra, len(extra.split()), source_id],
        )
        return old

    def append_turn_texts(self, source_id: int, after_turn_id: int, separator: str,
                          words: int) -> None:
        """Append to a source's text the texts of its turns with ids above ``after_turn_id``
        (in order, as the full-text index holds them), joined by ``separator`` and after one
        when the text is not empty: a survey's answers, added a batch at a time, become its
        text in one write. (Appending each batch rewrote the whole text each time: quadratic
        time, and a peak of memory several times the text's size at every batch.)

        The text is sized first (``zeroblob`` cast to text: the old text stays its prefix, as
        the immutability trigger wants) and then filled through incremental blob I/O a
        megabyte at a time, so SQLite holds two copies of a new question's text while
        writing it (three when it grows), not five (``group_concat`` into an ``UPDATE``)."""
        turns = ("FROM turns t JOIN turn_search f ON f.rowid = t.id "
                 "WHERE t.source_id = :id AND t.id > :after")
        args = {"id": source_id, "after": after_turn_id}
        count, size = self.db.execute(
            f"SELECT count(*), coalesce(sum(length(CAST(f.text AS BLOB))), 0) {turns}",
            args).fetchone()
        if not count:
            return
        old = int(self.db.execute("SELECT length(CAST(text AS BLOB)) FROM sources WHERE id = ?",
                                  [source_id]).fetchone()[0])
        sep = separator.encode("utf-8")
        extra = int(size) + len(sep) * (int(count) - (0 if old else 1))
        # An empty text is set at its size (SQLite holds two copies of it: the value and the
        # row); a text is grown by concatenation (three: the old text too).
        grown = "text || CAST(zeroblob(:n) AS TEXT)" if old else "CAST(zeroblob(:n) AS TEXT)"
        self.db.execute(f"UPDATE sources SET text = {grown}, words = words + :words "
                        "WHERE id = :id", {"n": extra, "words": words, "id": source_id})
        written = 0
        with self.db.conn.blobopen("sources", "text", source_id) as blob:
            blob.seek(old)
            pieces: list[bytes] = []
            pending = 0
            rows = self.db.conn.execute(f"SELECT f.text {turns} ORDER BY t.start", args)
            for (text,) in rows:
                piece = text.encode("utf-8")
                if old or written or pieces:
                    pieces.append(sep)
                    pending += len(sep)
                pieces.append(piece)
                pending += len(piece)
                if pending >= _BLOB_CHUNK:
                    blob.write(b"".join(pieces))
                    written, pieces, pending = written + pending, [], 0
            blob.write(b"".join(pieces))
            written += pending
        if written != extra:  # the turns changed between the count and the read: never here
            raise RuntimeError(f"source {source_id}: {written} bytes of answers for {extra}")

    def last_turn_id(self) -> int:
        return int(self.db.execute("SELECT coalesce(max(id), 0) FROM turns").fetchone()[0])

    def meta(self, source_id: int) -> dict[str, Any]:
        r = self.db.execute("SELECT meta FROM sources WHERE id = ?", [source_id]).fetchone()
        return json.loads(r[0]) if r else {}

    def set_meta(self, source_id: int, meta: dict[str, Any]) -> None:
        self.db.execute(
            "UPDATE sources SET meta = ? WHERE id = ?", [json.dumps(meta, ensure_ascii=False), source_id]
        )

    def by_sha256(self, sha256: str) -> Source | None:
        r = self.db.execute(
            f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE sha256 = ? LIMIT 1", [sha256]
        ).fetchone()
        return _source(r) if r else None

    def find_by_meta(self, key: str, value: str) -> list[Source]:
        rows = self.db.execute(
            f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE json_extract(meta, '$.' || ?) = ?",
            [key, value],
        )
        return [_source(r) for r in rows.fetchall()]

    def set_memo(self, source_id: int, memo: str) -> None:
        self.db.execute("UPDATE sources SET memo = ? WHERE id = ?", [memo, source_id])

    def rename(self, source_id: int, name: str) -> None:
        self.db.execute("UPDATE sources SET name = ? WHERE id = ?", [name, source_id])

    def delete(self, source_id: int) -> None:
        search.unindex_source(self.db, source_id)  # while its text is still there to say what
        self.db.execute("DELETE FROM sources WHERE id = ?", [source_id])

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM sources").fetchone()[0])

    def summaries(self) -> list[dict[str, Any]]:
        """One row per source with its turn/word/quote counts and the participants in it."""
        sql = """
            SELECT s.id, s.name, s.kind, s.format, s.original_name, s.imported_at,
                   (SELECT count(*) FROM turns t WHERE t.source_id = s.id),
                   s.words,
                   (SELECT count(*) FROM quotes q WHERE q.source_id = s.id),
                   (SELECT group_concat(name, '; ') FROM (
                        SELECT DISTINCT p.name FROM turns t JOIN participants p
                        ON p.id = t.participant_id WHERE t.source_id = s.id ORDER BY p.name)),
                   (SELECT group_concat(outcome, '; ') FROM (
                        SELECT DISTINCT p.outcome FROM turns t JOIN participants p
                        ON p.id = t.participant_id WHERE t.source_id = s.id ORDER BY p.outcome)),
                   (SELECT group_concat(persona, '; ') FROM (
                        SELECT DISTINCT p.persona FROM turns t JOIN participants p
                        ON p.id = t.participant_id WHERE t.source_id = s.id AND p.persona IS NOT NULL
                        ORDER BY p.persona))
            FROM sources s ORDER BY s.id
        """
        keys = ("id", "name", "kind", "format", "original_name", "imported_at", "turns", "words",
                "quotes", "participants", "outcomes", "personas")
        return [dict(zip(keys, r, strict=True)) for r in self.db.execute(sql).fetchall()]

    # --- turns -----------------------------------------------------------------------------

    def add_turns(self, source_id: int, turns: Iterable[dict[str, Any]], *,
                  text: str | None = None, base: int = 0) -> int:
        """Insert turns: dicts with ord, start, end, speaker, role, participant_id, start_ms.

        ``text``: the source's text from offset ``base`` on, holding every new turn (what was
        just appended); the full-text index slices it instead of reading the whole source."""
        # An interviewer's turn belongs to no participant (interviewers are in no group).
        rows = [
            (source_id, t["ord"], t["start"], t["end"], t.get("speaker"), str(t["role"]),
             None if str(t["role"]) == Role.INTERVIEWER else t.get("participant_id"),
             t.get("start_ms"))
            for t in turns
        ]
        last = int(self.db.execute("SELECT coalesce(max(id), 0) FROM turns").fetchone()[0])
        self.db.conn.executemany(
            'INSERT INTO turns(source_id, ord, start, "end", speaker, role, participant_id, start_ms) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        # full-text search, in the same transaction
        search.index_turns(self.db, source_id, last, text=text, base=base)
        return len(rows)

    def delete_turns(self, source_id: int) -> int:
        search.unindex_source(self.db, source_id)  # out of the full-text index with them
        return self.db.execute("DELETE FROM turns WHERE source_id = ?", [source_id]).rowcount

    def turn_participants(self, source_id: int) -> Iterator[int]:
        """The participants with a turn in the source, each once (read as they are used: a
        survey question's may be a hundred thousand)."""
        rows = self.db.conn.execute("SELECT DISTINCT participant_id FROM turns WHERE "
                                    "source_id = ? AND participant_id IS NOT NULL", [source_id])
        return (int(r[0]) for r in rows)

    def turns(self, source_id: int) -> list[Turn]:
        rows = self.db.execute(
            f"SELECT {_TURN_COLUMNS} FROM turns WHERE source_id = ? ORDER BY ord", [source_id]
        )
        return [_turn(r) for r in rows.fetchall()]

    def turn(self, turn_id: int) -> Turn | None:
        r = self.db.execute(f"SELECT {_TURN_COLUMNS} FROM turns WHERE id = ?", [turn_id]).fetchone()
        return _turn(r) if r else None

    def turns_of_participant(self, participant_id: int) -> list[Turn]:
        rows = self.db.execute(
            f"SELECT {_TURN_COLUMNS} FROM turns WHERE participant_id = ? ORDER BY source_id, ord",
            [participant_id],
        )
        return [_turn(r) for r in rows.fetchall()]

    def max_turn_ord(self, source_id: int) -> int:
        r = self.db.execute(
            "SELECT coalesce(max(ord), -1) FROM turns WHERE source_id = ?", [source_id]
        ).fetchone()
        return int(r[0])

    def speakers(self, source_id: int) -> list[dict[str, Any]]:
        """Distinct speakers of a source with their role and participant."""
        rows = self.db.execute(
            "SELECT speaker, role, participant_id, count(*) FROM turns WHERE source_id = ? "
            "GROUP BY speaker, role, participant_id ORDER BY min(ord)",
            [source_id],
        )
        return [
            {"speaker": r[0], "role": r[1], "participant_id": r[2], "turns": r[3]}
            for r in rows.fetchall()
        ]

    def map_speaker(
        self, source_id: int, speaker: str | None, role: Role, participant_id: int | None
    ) -> int:
        """Set role and participant of every turn of ``speaker`` in a source."""
        cur = self.db.execute(
            "UPDATE turns SET role = ?, participant_id = ? WHERE source_id = ? AND speaker IS ?",
            [role.value, participant_id, source_id, speaker],
        )
        return cur.rowcount

    def set_turn_participant(self, turn_id: int, role: Role, participant_id: int | None) -> None:
        if role == Role.INTERVIEWER:
            participant_id = None
        self.db.execute(
            "UPDATE turns SET role = ?, participant_id = ? WHERE id = ?",
            [role.value, participant_id, turn_id],
        )

    def turn_counts(self, participant_ids: Iterable[int]) -> dict[int, int]:
        """participant id -> number of turns that belong to them (0 when none)."""
        ids = list(dict.fromkeys(participant_ids))
        out = dict.fromkeys(ids, 0)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            out.update(self.db.execute(
                f"SELECT participant_id, count(*) FROM turns WHERE participant_id IN ({marks}) "
                "GROUP BY participant_id", chunk).fetchall())
        return out

    def participants_outside(self, participant_ids: Iterable[int],
                             source_ids: Iterable[int]) -> set[int]:
        """Those of the participants who have a turn in a source other than ``source_ids``."""
        ids = list(participant_ids)
        own = ",".join(str(int(s)) for s in source_ids) or "NULL"
        found: set[int] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.db.execute(
                f"SELECT DISTINCT participant_id FROM turns WHERE participant_id IN ({marks}) "
                f"AND source_id NOT IN ({own})", chunk).fetchall())
        return found

    def participant_sources(self) -> dict[int, list[int]]:
        """participant id -> the sources they have turns in."""
        out: dict[int, list[int]] = {}
        for pid, sid in self.db.execute(
            "SELECT DISTINCT participant_id, source_id FROM turns "
            "WHERE participant_id IS NOT NULL ORDER BY participant_id, source_id"
        ).fetchall():
            out.setdefault(pid, []).append(sid)
        return out

    def interviewers(self) -> list[dict[str, Any]]:
        """Every interviewer speaker label with the sources it speaks in and its turns."""
        rows = self.db.execute(
            "SELECT speaker, group_concat(DISTINCT source_id), count(*) FROM turns "
            "WHERE role = 'interviewer' AND speaker IS NOT NULL GROUP BY speaker"
        ).fetchall()
        return [{"speaker": r[0], "sources": sorted(int(x) for x in r[1].split(",")),
                 "turns": r[2]} for r in rows]

    def interviewer_turns(self, speaker: str) -> list[Turn]:
        rows = self.db.execute(
            f"SELECT {_TURN_COLUMNS} FROM turns WHERE role = 'interviewer' AND speaker = ? "
            "ORDER BY source_id, ord", [speaker])
        return [_turn(r) for r in rows.fetchall()]
