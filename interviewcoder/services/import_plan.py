"""The import review step: what an import would store, before anything is stored.

``plan_import`` reads each file and proposes, per file, the detected layout or survey flavour,
each speaker's role (interviewer / participant / not a person) and participant (a new one, or
an existing one with the reason), the outcome and persona for the file, and for a survey every
column's class (id / open text / attribute / personal / ignore) with its first answers. The
researcher confirms or changes the plan (the app's review page, or ``import --dry-run
--json``); ``importing.store_plan`` then stores exactly that.

The column classes and layout come from what the importers return: ``meta["layout"]`` of a
transcript, and ``meta["column_classes"]`` of a survey when the importer infers them (else the
classes are read back from the columns it chose).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from interviewcoder.core.errors import (
    Cancelled,
    ImportFailed,
    InterviewcoderError,
    InvalidInput,
)
from interviewcoder.core.types import ParsedSurvey, ParsedTranscript
from interviewcoder.importers import registry
from interviewcoder.importers.base import Progress, SurveyOptions, no_progress
from interviewcoder.services import identity, outcomes
from interviewcoder.services.identity import ParticipantChoice, Suggestion
from interviewcoder.services.import_options import ImportOptions
from interviewcoder.store import Study

COLUMN_KINDS = ("id", "text", "attribute", "personal", "ignore")
COLUMN_LABELS = {"id": "respondent id", "text": "open text", "attribute": "attribute",
                 "personal": "personal (not kept)", "ignore": "ignore"}
PREVIEW = 3


@dataclass
class SpeakerPlan:
    """One speaker label of a transcript and who it is."""

    label: str | None
    turns: int
    role: str  # identity.PARTICIPANT | INTERVIEWER | NOBODY
    participant: ParticipantChoice | None
    suggestion: Suggestion | None = None
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.label, "turns": self.turns, "role": self.role,
                "participant": self.participant.to_dict() if self.participant else None,
                "suggestion": self.suggestion.to_dict() if self.suggestion else None,
                "reason": self.reason}


@dataclass
class ColumnPlan:
    """One survey column, its class and its first answers."""

    name: str
    kind: str
    preview: list[str] = field(default_factory=list)
    answers: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"column": self.name, "class": self.kind, "answers": self.answers,
                "preview": self.preview}


@dataclass
class FilePlan:
    """What importing one file would do."""

    file: str
    status: str  # ready | skipped | error
    kind: str | None = None  # transcript | survey
    format: str | None = None
    layout: str | None = None
    importer: str | None = None  # the registry's reader (txt, csv, xlsx …)
    title: str = ""
    error: str | None = None
    message: str = ""
    sha256: str = ""
    outcome: str | None = None
    persona: str | None = None
    speakers: list[SpeakerPlan] = field(default_factory=list)
    columns: list[ColumnPlan] = field(default_factory=list)
    respondents: int = 0
    matches: list[dict[str, str]] = field(default_factory=list)
    parsed: ParsedTranscript | ParsedSurvey | None = field(default=None, repr=False)
    read_kinds: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def path(self) -> Path:
        return Path(self.file)

    def speaker(self, label: str | None) -> SpeakerPlan:
        return next(s for s in self.speakers if s.label == label)

    def column(self, name: str) -> ColumnPlan:
        return next(c for c in self.columns if c.name == name)

    def columns_changed(self) -> bool:
        return any(self.read_kinds.get(c.name) != c.kind for c in self.columns)

    def survey_options(self, base: SurveyOptions) -> SurveyOptions:
        """How to read the survey so that it gives the columns this plan classes."""
        if not self.columns_changed():
            return base
        ids = [c.name for c in self.columns if c.kind == "id"]
        if len(ids) > 1:
            raise InvalidInput(f"{self.path.name}: choose one respondent id column, not "
                               f"{', '.join(ids)}")
        return SurveyOptions(
            flavour=self.format, id_column=ids[0] if ids else None,
            text_columns=tuple(c.name for c in self.columns if c.kind == "text"),
            attribute_columns=tuple(c.name for c in self.columns if c.kind == "attribute"))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "file": self.file, "status": self.status, "kind": self.kind, "format": self.format,
            "layout": self.layout, "title": self.title, "error": self.error,
            "message": self.message, "outcome": self.outcome, "persona": self.persona,
        }
        if self.kind == "transcript":
            out["speakers"] = [s.to_dict() for s in self.speakers]
        if self.kind == "survey":
            out["respondents"] = self.respondents
            out["columns"] = [c.to_dict() for c in self.columns]
            out["matches"] = self.matches
        return out


@dataclass
class ImportPlan:
    files: list[FilePlan]
    options: ImportOptions

    def to_dict(self) -> dict[str, Any]:
        return {"files": [f.to_dict() for f in self.files],
                "same_person": self.options.same_person}


# --- checking what the user said ---------------------------------------------------------------


def check_options(study: Study, options: ImportOptions) -> ImportOptions:
    """Outcomes named in the options, checked against the study's vocabulary (one-line error
    before any file is read)."""
    outcome = outcomes.check(study, options.outcome) if options.outcome else None
    mapping = {k: outcomes.check(study, v) for k, v in options.outcome_map.items()}
    return replace(options, outcome=outcome, outcome_map=mapping)


# --- planning ------------------------------------------------------------------------------------


class _Names:
    """The participant names an import may join or must avoid: the study's, and those the
    earlier files of the same import create."""

    def __init__(self, study: Study) -> None:
        self.existing = {n.casefold(): n for n in study.participants.names()}

    def created(self, name: str) -> None:
        self.existing.setdefault(name.casefold(), name)


def plan_import(study: Study, paths: Iterable[str | Path], options: ImportOptions | None = None,
                progress: Progress = no_progress) -> ImportPlan:
    """Read every file and propose what to store; nothing is written."""
    options = check_options(study, options or ImportOptions())
    paths = [Path(p) for p in paths]
    names = _Names(study)
    plans: list[FilePlan] = []
    for n, path in enumerate(paths):
        progress(n, len(paths), f"Reading {path.name}")
        plans.append(plan_file(study, path, options, progress, names))
    progress(len(paths), len(paths), "Read")
    return ImportPlan(plans, options)


def plan_file(study: Study, path: Path, options: ImportOptions, progress: Progress = no_progress,
              names: _Names | None = None) -> FilePlan:
    """The plan of one file: read, never stored. A bad file is a plan with status ``error``."""
    from interviewcoder.services.importing import file_sha256, survey_read_options

    names = names or _Names(study)
    plan = FilePlan(str(path), "error", outcome=options.outcome, persona=options.persona)
    try:
        plan.sha256 = file_sha256(path, options.limits)
        known = study.sources.by_sha256(plan.sha256)
        if known is not None and not options.force:
            plan.status = "skipped"
            plan.message = f"already imported as source {known.id} ({known.name})"
            return plan
        importer, parsed = registry.read(path, options.format, progress, options.limits,
                                         survey_read_options(options))
    except Cancelled:
        raise
    except ImportFailed as exc:
        plan.error = str(exc).splitlines()[0]
        return plan
    except InterviewcoderError as exc:
        plan.error = f"{path.name}: {exc}".splitlines()[0]
        return plan
    except Exception as exc:  # noqa: BLE001 - one bad file must not end a batch
        plan.error = f"{path.name}: unexpected {type(exc).__name__}: {exc}".splitlines()[0]
        return plan
    plan.status, plan.parsed, plan.title = "ready", parsed, parsed.title
    plan.importer = importer.name
    if isinstance(parsed, ParsedTranscript):
        plan.kind, plan.format = "transcript", importer.name
        plan.layout = str(parsed.meta.get("layout") or parsed.format)
        plan.speakers = plan_speakers(parsed, options, names)
    else:
        plan.kind, plan.format, plan.layout = "survey", parsed.format, parsed.format
        plan.respondents = len(parsed.respondents)
        plan.columns = survey_columns(parsed, options)
        plan.read_kinds = {c.name: c.kind for c in plan.columns}
        plan.matches = respondent_matches(study, parsed, options)
    return plan


def plan_speakers(parsed: ParsedTranscript, options: ImportOptions,
                  names: _Names) -> list[SpeakerPlan]:
    """Each speaker's proposed role and participant, by the identity rules."""
    counts = Counter(t.speaker for t in parsed.turns)
    labels: list[str | None] = list(parsed.speakers)
    if not labels or None in counts:
        labels.append(None)
    plans: list[SpeakerPlan] = []
    taken = set(names.existing.values())
    for label in labels:
        turns = counts.get(label, 0)
        if label is None and labels != [None]:
            # text before the first speaker label: a preamble, nobody's words
            plans.append(SpeakerPlan(None, turns, identity.NOBODY, None,
                                     reason="text before the first speaker"))
            continue
        why = identity.interviewer_reason(label, options.interviewers)
        if why is not None:
            plans.append(SpeakerPlan(label, turns, identity.INTERVIEWER, None, reason=why))
            continue
        match = identity.match_participant(
            label or parsed.title, title=parsed.title, existing=names.existing, taken=taken,
            same_person=options.same_person, explicit=options.participant)
        plans.append(SpeakerPlan(label, turns, identity.PARTICIPANT, match.choice,
                                 match.suggestion, match.reason))
        taken.add(match.choice.name)
        if match.choice.action == "new":
            names.created(match.choice.name)
    return plans


def survey_columns(parsed: ParsedSurvey, options: ImportOptions) -> list[ColumnPlan]:
    """Every column of the export with its class and first answers."""
    inferred: dict[str, str] = dict(parsed.meta.get("column_classes") or {})
    id_column = parsed.meta.get("id_column")
    texts = {q.column: q for q in parsed.questions}
    kept = {k for r in parsed.respondents for k in r.attributes}
    explicit = options.survey.attribute_columns
    columns: list[ColumnPlan] = []
    for name in parsed.meta.get("columns", []):
        if name in inferred:
            kind = inferred[name]
        elif name == id_column:
            kind = "id"
        elif name in texts:
            kind = "text"
        elif name in kept or explicit is None or name in explicit:
            kind = "attribute"
        else:
            kind = "ignore"
        if name in texts:
            values = [a for _, a in texts[name].answers]
        elif kind == "id":
            values = [r.id for r in parsed.respondents]
        else:
            values = [r.attributes[name] for r in parsed.respondents if name in r.attributes]
        columns.append(ColumnPlan(name, kind, [_short(v) for v in values[:PREVIEW]], len(values)))
    return columns


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def respondent_matches(study: Study, parsed: ParsedSurvey,
                       options: ImportOptions) -> list[dict[str, str]]:
    """Respondents whose name an existing participant of another source has."""
    from interviewcoder.services.survey_import import decide_respondents

    return decide_respondents(study, parsed, options)[1]


def settle_choices(study: Study, plan: ImportPlan) -> None:
    """After the researcher's changes: a speaker whose chosen name a participant has (in the
    study, or made by an earlier file of this import) joins them; any other name is new."""
    names = {n.casefold(): n for n in study.participants.names()}
    for file_plan in plan.files:
        if file_plan.status != "ready":
            continue
        for speaker in file_plan.speakers:
            if speaker.role != identity.PARTICIPANT or speaker.participant is None:
                continue
            name = speaker.participant.name.strip()
            if not name:
                raise InvalidInput(f"{file_plan.path.name}: speaker {speaker.label!r} needs a "
                                   "participant name (or another role)")
            known = names.get(name.casefold())
            speaker.participant = ParticipantChoice("join" if known else "new", known or name)
            names.setdefault(name.casefold(), name)
