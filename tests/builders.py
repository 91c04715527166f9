"""Small hand-built studies for tests, written through the real store."""

from __future__ import annotations

import hashlib
from pathlib import Path

from interviewcoder.core.types import Role, SourceKind
from interviewcoder.services import participants as participant_service
from interviewcoder.store import Study, now


def add_source(study: Study, name: str, turns: list[tuple[str, str, str | None]],
               kind: SourceKind = SourceKind.INTERVIEW) -> tuple[int, list[tuple[int, int]]]:
    """Add a source from (speaker, role, participant name or None, text) turns.

    Turns are laid out one per paragraph. Participants are created as needed.
    Returns the source id and the (start, end) span of each turn.
    """
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for _speaker, _role, _who, text in turns:  # type: ignore[misc]
        if parts:
            parts.append("\n\n")
            pos += 2
        spans.append((pos, pos + len(text)))
        parts.append(text)
        pos += len(text)
    body = "".join(parts)
    with study.atomic():
        sid = study.sources.add(name=name, kind=kind, text=body,
                                sha256=hashlib.sha256(body.encode()).hexdigest(),
                                imported_at=now(), original_name=name, format="test")
        rows = []
        for i, ((speaker, role, who, _text), (start, end)) in enumerate(zip(turns, spans, strict=True)):
            pid = None
            if who:
                p = study.participants.by_name(who)
                pid = p.id if p else participant_service.add_participant(study, who, "test").result
            rows.append({"ord": i, "start": start, "end": end, "speaker": speaker, "role": Role(role),
                         "participant_id": pid, "start_ms": i * 1000})
        study.sources.add_turns(sid, rows)
    return sid, spans


def run_cli(capsys, *args: str) -> tuple[int, str, str]:  # noqa: ANN001
    """Run the command line in-process: (exit status, stdout, stderr)."""
    from interviewcoder.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def older_study(path: Path, stop_before: str = "0012_text_guard") -> Path:
    """A study as an older version left it (migrations applied up to ``stop_before``), with
    one participant and a transcript of one turn."""
    import sqlite_utils

    from interviewcoder.store.migrations import migrations

    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before=stop_before)
    at = "2026-01-05T10:00:00+00:00"
    db.executescript(f"""
        INSERT INTO study_meta(key, value) VALUES ('app', 'interviewcoder'), ('name', 'Old');
        INSERT INTO participants(id, name, outcome, created_at) VALUES (1, 'Ana', 'won', '{at}');
        INSERT INTO sources(id, name, kind, sha256, text, words, imported_at)
            VALUES (1, 'ana', 'interview', 'h', 'we trialed it for a month', 6, '{at}');
        INSERT INTO turns(source_id, ord, start, "end", speaker, role, participant_id)
            VALUES (1, 0, 0, 25, 'Ana', 'participant', 1);
    """)
    db.conn.commit()
    db.conn.close()
    return path
