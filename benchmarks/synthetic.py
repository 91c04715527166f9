"""A fast, deterministic synthetic study for the evidence and export benchmarks.

Used when ``benchmarks/generate.py`` is not there. One interview source per participant with
alternating interviewer / participant turns; quotes fall on participant turns (a few on
interviewer turns, which must count for no one); each quote carries one to three codes.
"""

from __future__ import annotations

import random
import uuid
from pathlib import Path

from interviewcoder.services.studies import create

OUTCOMES = ("won", "lost", "churned")
PERSONAS = ("Buyer", "Champion", "Admin")
TURN_CHARS = 120
TURNS_PER_SOURCE = 40


def build(path: Path, *, participants: int, quotes: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    study = create(path, template="journey")
    db = study.db
    conn = db.conn
    codes = [r[0] for r in db.execute("SELECT id FROM codes ORDER BY id").fetchall()]
    turn_text = ("word " * (TURN_CHARS // 5))[: TURN_CHARS - 1] + "\n"
    text = turn_text * TURNS_PER_SOURCE
    stamp = "2026-01-01T00:00:00.000+00:00"
    with db.atomic():
        coder = study.quotes.coder_id("bench")
        conn.executemany(
            "INSERT INTO participants(id, name, outcome, persona, attributes, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(i, f"P{i:05d}", OUTCOMES[i % 3], PERSONAS[i % 5 % 3], '{"region": "EU"}', stamp)
             for i in range(1, participants + 1)])
        conn.executemany(
            "INSERT INTO sources(id, name, kind, sha256, text, words, imported_at) "
            "VALUES (?, ?, 'interview', ?, ?, 0, ?)",
            [(i, f"Interview {i}", f"{i:064x}", text, stamp) for i in range(1, participants + 1)])
        turns = []
        for sid in range(1, participants + 1):
            for k in range(TURNS_PER_SOURCE):
                interviewer = k % 2 == 0
                turns.append((sid, k, k * TURN_CHARS, (k + 1) * TURN_CHARS,
                              "Interviewer" if interviewer else f"P{sid}",
                              "interviewer" if interviewer else "participant",
                              None if interviewer else sid, k * 30_000))
        conn.executemany(
            'INSERT INTO turns(source_id, ord, start, "end", speaker, role, participant_id, '
            "start_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", turns)
        batch_q: list[tuple] = []
        batch_c: list[tuple[int, int]] = []
        for qid in range(1, quotes + 1):
            sid = rng.randrange(1, participants + 1)
            turn = rng.randrange(TURNS_PER_SOURCE) if rng.random() < 0.05 else \
                rng.randrange(1, TURNS_PER_SOURCE, 2)
            start = turn * TURN_CHARS + rng.randrange(0, 60)
            end = start + rng.randrange(10, 50)
            batch_q.append((qid, uuid.UUID(int=rng.getrandbits(128)).hex, sid, start, end,
                            text[start:end], coder, stamp, stamp))
            for c in rng.sample(codes, rng.randrange(1, 4)):
                batch_c.append((qid, c))
            if len(batch_q) >= 50_000:
                _flush(conn, batch_q, batch_c)
        _flush(conn, batch_q, batch_c)
    study.close()
    return path


def _flush(conn, batch_q: list, batch_c: list) -> None:  # noqa: ANN001
    conn.executemany(
        'INSERT INTO quotes(id, guid, source_id, start, "end", text, coder_id, created_at, '
        "modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", batch_q)
    conn.executemany("INSERT INTO quote_codes(quote_id, code_id) VALUES (?, ?)", batch_c)
    batch_q.clear()
    batch_c.clear()
