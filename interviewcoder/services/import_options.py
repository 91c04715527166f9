"""What an import is asked to do (``ImportOptions``) and what it did to one file (``FileResult``).

Shared by ``importing`` (transcripts) and ``survey_import`` (surveys), the CLI and the GUI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from interviewcoder.importers.base import ReadLimits, SurveyOptions
from interviewcoder.services.studies import SYSTEM_CODER


@dataclass(frozen=True)
class ImportOptions:
    """Everything the user can say about an import (CLI flags, the GUI's import dialog)."""

    format: str = "auto"
    participant: str | None = None
    interviewers: tuple[str, ...] = ()  # added to the default detection (Interviewer, Host…)
    outcome: str | None = None
    persona: str | None = None
    survey: SurveyOptions = field(default_factory=SurveyOptions)
    outcome_column: str | None = None
    outcome_map: dict[str, str] = field(default_factory=dict)
    persona_column: str | None = None
    force: bool = False
    limits: ReadLimits = field(default_factory=ReadLimits)
    coder: str = SYSTEM_CODER
    same_person: bool = False  # a speaker with an existing participant's name is that person
    update_participants: bool = False  # may change an existing participant's outcome/persona


@dataclass
class FileResult:
    """What happened to one file."""

    file: str
    status: str  # imported | skipped | error
    error: str | None = None
    format: str | None = None
    sources: list[dict[str, Any]] = field(default_factory=list)
    speakers: list[dict[str, str]] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    message: str = ""
    matches: list[dict[str, str]] = field(default_factory=list)
    """Possible matches not joined: speaker, the new participant, the existing one, why."""
    participant_changes: list[dict[str, Any]] = field(default_factory=list)
    """Every field of an existing participant the import changed (participant, field, old, new)."""
    changed_participants: set[int] = field(default_factory=set)
    undo: list[Any] = field(default_factory=list)
    """Operations that undo the participant changes (the app puts them on its undo stack)."""
    inferred: dict[str, Any] = field(default_factory=dict)
    """What was inferred about the file (``ImportPlan.to_dict``): layout or platform,
    confidence, reason, speakers with roles, survey columns with their class."""
    warnings: list[str] = field(default_factory=list)  # what the reader noticed, one line each
    refi: dict[str, Any] | None = None  # a REFI-QDA import's report (services.refi_import)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "status": self.status, "error": self.error, "format": self.format,
            "sources": self.sources, "speakers": self.speakers,
            "participants": self.participants, "message": self.message,
            "matches": self.matches, "participant_changes": self.participant_changes,
            "inferred": self.inferred,
            "warnings": self.warnings,
            **({"refi": self.refi} if self.refi is not None else {}),
        }
