"""What an import would store, inferred from the file alone: ``inspect_file`` reads a file and
returns its ``ImportPlan`` (layout or platform chosen, how sure, speakers with their roles, each
survey column's class) without touching any study. The real import stores exactly this plan,
so a review step and the import always agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interviewcoder.core.refi import RefiProject
from interviewcoder.core.types import (
    ColumnClass,
    ParsedSurvey,
    ParsedTranscript,
    Role,
    SurveyColumn,
)
from interviewcoder.importers import isolated
from interviewcoder.importers.base import Progress, SurveyOptions, no_progress
from interviewcoder.services.identity import DEFAULT_INTERVIEWER, ROLE_SUFFIX
from interviewcoder.services.import_options import ImportOptions


@dataclass(frozen=True, slots=True)
class SpeakerPlan:
    """One speaker of a transcript and the role the import gives them, with why."""

    name: str
    role: Role
    turns: int
    because: str  # --interviewer | label | default name | default

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role.value, "turns": self.turns,
                "because": self.because}


@dataclass(slots=True)
class ImportPlan:
    """A file read and understood, nothing stored yet."""

    file: Path
    importer: str  # txt, docx, vtt, srt, csv, xlsx, ...
    kind: str  # transcript | survey | project (REFI-QDA)
    parsed: ParsedTranscript | ParsedSurvey | RefiProject
    speakers: list[SpeakerPlan] = field(default_factory=list)

    @property
    def format(self) -> str:
        return self.parsed.format if isinstance(self.parsed, ParsedSurvey) else self.importer

    @property
    def layout(self) -> str:
        inference = getattr(self.parsed, "inference", None)
        return inference.layout if inference is not None else self.parsed.format

    @property
    def confidence(self) -> float | None:
        inference = getattr(self.parsed, "inference", None)
        return inference.confidence if inference is not None else None

    @property
    def reason(self) -> str:
        if isinstance(self.parsed, RefiProject):
            return f"a REFI-QDA {self.parsed.format} written by {self.parsed.origin or 'an unnamed tool'}"
        inference = self.parsed.inference
        if inference is not None:
            return inference.reason
        if isinstance(self.parsed, ParsedTranscript) and "cues" in self.parsed.meta:
            return f"{self.parsed.meta['cues']} timed cues"
        return ""

    @property
    def columns(self) -> tuple[SurveyColumn, ...]:
        return self.parsed.columns if isinstance(self.parsed, ParsedSurvey) else ()

    def interviewers(self) -> set[str]:
        return {s.name for s in self.speakers if s.role is Role.INTERVIEWER}

    def summary(self) -> str:
        """One line for a person: what was found and how sure."""
        if isinstance(self.parsed, RefiProject):
            p = self.parsed
            return (f"{p.format} from {p.origin or 'an unnamed tool'}: {len(p.iter_codes())} codes, "
                    f"{len(p.sources)} sources, {len(p.cases)} cases, {len(p.users)} users")
        sure = f" ({self.confidence:.0%} sure)" if self.confidence is not None else ""
        if isinstance(self.parsed, ParsedSurvey):
            classes = Counter(c.cls for c in self.columns)
            parts = [f"{self.parsed.count} respondents",
                     f"{classes[ColumnClass.OPEN_TEXT]} open-text",
                     f"{classes[ColumnClass.ATTRIBUTE]} attribute"]
            if classes[ColumnClass.PERSONAL]:
                parts.append(f"{classes[ColumnClass.PERSONAL]} personal")
            if classes[ColumnClass.IGNORED]:
                parts.append(f"{classes[ColumnClass.IGNORED]} ignored")
            return f"{self.layout}{sure}: " + ", ".join(parts) + " columns"
        people = ", ".join(f"{s.name} ({s.role.value})" for s in self.speakers[:6])
        more = f" and {len(self.speakers) - 6} more" if len(self.speakers) > 6 else ""
        who = f"; {people}{more}" if people else "; no speakers"
        return f"{self.layout}{sure}: {len(self.parsed.turns)} turns{who}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "importer": self.importer, "kind": self.kind, "format": self.format,
            "layout": self.layout,
            "confidence": None if self.confidence is None else round(self.confidence, 3),
            "reason": self.reason, "title": self.parsed.title,
        }
        if isinstance(self.parsed, RefiProject):
            out.update(refi_outline(self.parsed))
        elif isinstance(self.parsed, ParsedSurvey):
            out["flavour"] = self.parsed.format
            out["header_rows"] = self.parsed.meta.get("header_rows")
            out["id_column"] = self.parsed.meta.get("id_column")
            out["respondents"] = self.parsed.count
            out["columns"] = [c.to_dict() for c in self.columns]
        else:
            out["turns"] = len(self.parsed.turns)
            out["speakers"] = [s.to_dict() for s in self.speakers]
            front = self.parsed.meta.get("front_matter")
            if front:
                out["front_matter"] = sorted(front)
        return out


def refi_outline(project: RefiProject) -> dict[str, Any]:
    """What a REFI-QDA file holds, counted before anything is stored."""
    codes = project.iter_codes()
    return {
        "origin": project.origin, "codes": len(codes),
        "depth": max((d for _, d in codes), default=0), "users": len(project.users),
        "cases": len(project.cases),
        "sources": [{"name": s.name, "skipped": s.skipped, "counting": s.counting,
                     "selections": len(s.selections)} for s in project.sources],
        "problems": list(project.problems),
    }


def inspect_file(path: str | Path, options: ImportOptions | None = None,
                 progress: Progress = no_progress) -> ImportPlan:
    """Read ``path`` and infer what its import would store. Stores nothing; raises only
    ``ImportFailed`` for a file that cannot be read."""
    options = options or ImportOptions()
    path = Path(path)
    importer, parsed = isolated.read(path, options.format, progress, options.limits,
                                     survey_options(options))  # zip formats in a helper
    plan = ImportPlan(path, importer.name, importer.kind, parsed)
    if isinstance(parsed, ParsedTranscript):
        plan.speakers = speaker_plans(parsed, options.interviewers)
    return plan


def speaker_plans(parsed: ParsedTranscript, chosen: Iterable[str] = ()) -> list[SpeakerPlan]:
    """Each speaker's role: the ones named with ``--interviewer``, those whose label says so
    (``Sam (Interviewer)``, ``Moderator:``) and those whose name is an interviewer's
    (Interviewer, Host, Q…: ``--interviewer`` adds to these, never replaces them); everyone
    else is a participant."""
    wanted = {c.strip().casefold() for c in chosen if c.strip()}
    turns = Counter(t.speaker for t in parsed.turns if t.speaker)
    plans: list[SpeakerPlan] = []
    for speaker in parsed.speakers:
        label_role = parsed.speaker_roles.get(speaker)
        if speaker.casefold() in wanted:
            role, because = Role.INTERVIEWER, "--interviewer"
        elif label_role == Role.INTERVIEWER.value:
            role, because = Role.INTERVIEWER, "label"
        elif DEFAULT_INTERVIEWER.match(speaker) or ROLE_SUFFIX.search(speaker):
            role, because = Role.INTERVIEWER, "default name"
        else:
            role = Role.PARTICIPANT
            because = "label" if label_role == Role.PARTICIPANT.value else "default"
        plans.append(SpeakerPlan(speaker, role, turns[speaker], because))
    return plans


def survey_options(options: ImportOptions) -> SurveyOptions:
    """The survey options, with the outcome and persona columns kept as attributes."""
    survey = options.survey
    wanted = [c for c in (options.outcome_column, options.persona_column) if c]
    if survey.attribute_columns is None or not wanted:
        return survey
    extra = tuple(c for c in wanted if c not in survey.attribute_columns)
    return SurveyOptions(survey.flavour, survey.id_column, survey.text_columns,
                         survey.attribute_columns + extra)
