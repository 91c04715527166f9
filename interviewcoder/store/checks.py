"""Queries for the study check: quotes whose counting could mislead, people in no group.

Overlaps use the bounded join of ``store/evidence.py`` (a turn starts at most the source's
longest turn before the quote), so each quote is a short index range scan.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

_LONGEST = 'longest AS (SELECT source_id, max("end" - start) AS m FROM turns GROUP BY source_id)'
_OVERLAP = ('t.source_id = q.source_id AND t.start >= q.start - l.m AND t.start < q."end" '
            'AND t."end" > q.start')
_VOICE = "coalesce(t.speaker, '') || char(31) || t.role || char(31) || coalesce(t.participant_id, '')"


def crossing_quotes(db: Database) -> list[dict[str, Any]]:
    """Quotes that overlap the turns of more than one speaker (a speaker change), with the
    speakers in turn order and the participants they count for."""
    sql = f"""
        WITH {_LONGEST}
        SELECT q.id, q.source_id, s.name, q.start, q."end", q.text,
               group_concat(t.ord || char(31) || coalesce(t.speaker, '?') || char(31) || t.role
                            || char(31) || coalesce(p.name, ''), char(30))
        FROM quotes q JOIN sources s ON s.id = q.source_id
        JOIN longest l ON l.source_id = q.source_id
        CROSS JOIN turns t ON {_OVERLAP}
        LEFT JOIN participants p ON p.id = t.participant_id
        GROUP BY q.id HAVING count(DISTINCT {_VOICE}) > 1
        ORDER BY s.imported_at, s.id, q.start, q.id
    """
    out = []
    for qid, sid, source, start, end, text, packed in db.execute(sql).fetchall():
        turns = sorted((int(o), speaker, role, name) for o, speaker, role, name
                       in (item.split("\x1f") for item in packed.split("\x1e")))
        out.append({"quote_id": qid, "source_id": sid, "source": source, "start": start,
                    "end": end, "text": text, "turns": [o + 1 for o, *_ in turns],
                    "speakers": _folded([speaker for _, speaker, _, _ in turns]),
                    "counts_for": list(dict.fromkeys(name for _, _, role, name in turns
                                                     if name and role != "interviewer"))})
    return out


def _folded(items: list[str]) -> list[str]:
    """Consecutive repeats folded: the order in which the speakers talk."""
    return [x for i, x in enumerate(items) if i == 0 or items[i - 1] != x]


def quotes_for_no_one(db: Database) -> list[dict[str, Any]]:
    """Quotes that overlap no participant turn, with the reason: ``interviewer`` (only
    interviewer speech), ``unlinked`` (a speaker not linked to a participant) or ``outside``
    (no turn at all)."""
    sql = f"""
        WITH {_LONGEST}
        SELECT q.id, q.source_id, s.name, q.start, q."end", q.text, count(t.id),
               coalesce(sum(t.role = 'interviewer'), 0),
               coalesce(sum(t.role != 'interviewer' AND t.participant_id IS NULL), 0),
               coalesce(sum(t.role != 'interviewer' AND t.participant_id IS NOT NULL), 0),
               min(t.ord)
        FROM quotes q JOIN sources s ON s.id = q.source_id
        LEFT JOIN longest l ON l.source_id = q.source_id
        LEFT JOIN turns t ON {_OVERLAP}
        GROUP BY q.id HAVING coalesce(sum(t.role != 'interviewer' AND t.participant_id IS NOT NULL), 0) = 0
        ORDER BY s.imported_at, s.id, q.start, q.id
    """
    out = []
    for qid, sid, source, start, end, text, turns, _interviewer, unlinked, _, first in \
            db.execute(sql).fetchall():
        reason = "outside" if not turns else "unlinked" if unlinked else "interviewer"
        out.append({"quote_id": qid, "source_id": sid, "source": source, "start": start,
                    "end": end, "text": text, "reason": reason,
                    "turn": None if first is None else first + 1})
    return out


def participants_without_turns(db: Database) -> list[dict[str, Any]]:
    """Participants with no participant turn anywhere: in no denominator."""
    sql = """
        SELECT p.id, p.name, p.outcome, p.persona FROM participants p
        WHERE NOT EXISTS (SELECT 1 FROM turns t WHERE t.participant_id = p.id
                          AND t.role != 'interviewer')
        ORDER BY p.name
    """
    keys = ("id", "name", "outcome", "persona")
    return [dict(zip(keys, r, strict=True)) for r in db.execute(sql).fetchall()]


def outcome_counts(db: Database) -> list[tuple[str, int, str]]:
    """(outcome, participants, their names joined by '; ') for every outcome in use."""
    sql = """
        SELECT outcome, count(*), group_concat(name, '; ') FROM
            (SELECT outcome, name FROM participants ORDER BY name)
        GROUP BY outcome ORDER BY outcome
    """
    return [tuple(r) for r in db.execute(sql).fetchall()]  # type: ignore[misc]


def overlapping_turns(db: Database, source_id: int, start: int, end: int
                      ) -> list[tuple[int, int, int, str | None, str, int | None]]:
    """(ord, start, end, speaker, role, participant id) of the turns a span overlaps."""
    sql = """
        SELECT ord, start, "end", speaker, role, participant_id FROM turns
        WHERE source_id = ? AND start < ? AND "end" > ?
          AND start >= ? - (SELECT coalesce(max("end" - start), 0) FROM turns WHERE source_id = ?)
        ORDER BY ord
    """
    return [tuple(r) for r in db.execute(sql, [source_id, end, start, start, source_id]).fetchall()]  # type: ignore[misc]
