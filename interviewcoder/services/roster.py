"""Who is in a study: its participants, then the interviewers (who belong to no participant).

The People table, ``interviewcoder participants`` and the workbook's Participants sheet all
list the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from interviewcoder.core.sorting import natural_key
from interviewcoder.core.types import Participant
from interviewcoder.services.identity import INTERVIEWER, PARTICIPANT
from interviewcoder.store import Study


@dataclass(frozen=True)
class Person:
    role: str  # participant | interviewer
    name: str
    participant: Participant | None = None
    sources: tuple[int, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        p = self.participant
        return {"id": p.id if p else None, "name": self.name, "role": self.role,
                "outcome": p.outcome if p else None, "persona": p.persona if p else None,
                "attributes": p.attributes if p else {}, "memo": p.memo if p else "",
                "sources": list(self.sources)}


def people(study: Study) -> list[Person]:
    """Participants (in name order, numbers by value), then interviewers by label."""
    sources = study.sources.participant_sources()
    out = [Person(PARTICIPANT, p.name, p, tuple(sources.get(p.id, ()))) for p in
           study.participants.list()]
    interviewers = sorted(study.sources.interviewers(), key=lambda r: natural_key(r["speaker"]))
    out += [Person(INTERVIEWER, r["speaker"], None, tuple(r["sources"])) for r in interviewers]
    return out


def attribute_keys(participants: list[Participant]) -> list[str]:
    """Attribute names in the order they were first given (a survey's column order), oldest
    participants first."""
    keys: dict[str, None] = {}
    for p in sorted(participants, key=lambda p: p.id):
        for key in p.attributes:
            keys.setdefault(key, None)
    return list(keys)
