"""The import review step: what an import would store, before anything is stored.

``review_import`` reads each file (``import_plan.inspect_file``: the layout or platform the
importer inferred, how sure, each survey column's class) and proposes, per file, each speaker's
role (interviewer / participant / not a person) and participant (a new one, or an existing one,
with the reason, by the identity rules of ``services.identity``), the outcome and persona for the
file, and for a survey every column's class with its first answers. The researcher confirms or
changes the review (the app's review page, or ``import --dry-run --json``);
``importing.store_review`` then stores exactly that, in one transaction.
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
    one_line,
)
from interviewcoder.core.types import ColumnClass, ParsedSurvey, ParsedTranscript, Role
from interviewcoder.importers.base import Progress, SurveyOptions, no_progress
from interviewcoder.services import identity, outcomes
from interviewcoder.services.identity import ParticipantChoice, Suggestion
from interviewcoder.services.import_options import ImportOptions
from interviewcoder.services.import_plan import SpeakerPlan, inspect_file, speaker_plans
from interviewcoder.store import Study

COLUMN_KINDS = tuple(c.value for c in ColumnClass)  # id, open_text, attribute, personal, ignored
COLUMN_LABELS = {"id": "respondent id", "open_text": "open text", "attribute": "attribute",
                 "personal": "personal", "ignored": "ignore"}
PREVIEW = 3


@dataclass
class SpeakerReview:
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
class ColumnReview:
    """One survey column, its class and its first answers."""

    name: str
    kind: str
    preview: list[str] = field(default_factory=list)
    answers: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"column": self.name, "class": self.kind, "answers": self.answers,
                "preview": self.preview}


@dataclass
class FileReview:
    """What importing one file would do."""

    file: str
    status: str  # ready | skipped | error
    kind: str | None = None  # transcript | survey
    format: str | None = None
    layout: str | None = None
    importer: str | None = None  # the registry's reader (txt, csv, xlsx …)
    confidence: float | None = None  # how sure the importer is of the layout (0..1)
    inferred: dict[str, Any] = field(default_factory=dict)  # import_plan.ImportPlan.to_dict()
    title: str = ""
    error: str | None = None
    message: str = ""
    sha256: str = ""
    outcome: str | None = None
    persona: str | None = None
    speakers: list[SpeakerReview] = field(default_factory=list)
    columns: list[ColumnReview] = field(default_factory=list)
    respondents: int = 0
    matches: list[dict[str, str]] = field(default_factory=list)
    parsed: ParsedTranscript | ParsedSurvey | None = field(default=None, repr=False)
    read_kinds: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def path(self) -> Path:
        return Path(self.file)

    def speaker(self, label: str | None) -> SpeakerReview:
        return next(s for s in self.speakers if s.label == label)

    def column(self, name: str) -> ColumnReview:
        return next(c for c in self.columns if c.name == name)

    def columns_changed(self) -> bool:
        return any(self.read_kinds.get(c.name) != c.kind for c in self.columns)

    def survey_options(self, base: SurveyOptions) -> SurveyOptions:
        """How to read the survey so that it gives the columns this review classes."""
        if not self.columns_changed():
            return base
        ids = [c.name for c in self.columns if c.kind == ColumnClass.ID.value]
        if len(ids) > 1:
            raise InvalidInput(f"{self.path.name}: choose one respondent id column, not "
                               f"{', '.join(ids)}")
        kept = (ColumnClass.ATTRIBUTE.value, ColumnClass.PERSONAL.value)
        return SurveyOptions(
            flavour=self.format, id_column=ids[0] if ids else None,
            text_columns=tuple(c.name for c in self.columns
                               if c.kind == ColumnClass.OPEN_TEXT.value),
            attribute_columns=tuple(c.name for c in self.columns if c.kind in kept))

    def personal_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.kind == ColumnClass.PERSONAL.value]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "file": self.file, "status": self.status, "kind": self.kind, "format": self.format,
            "layout": self.layout, "confidence": self.inferred.get("confidence"),
            "reason": self.inferred.get("reason"), "title": self.title, "error": self.error,
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
class ImportReview:
    files: list[FileReview]
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


def review_import(study: Study, paths: Iterable[str | Path], options: ImportOptions | None = None,
                progress: Progress = no_progress) -> ImportReview:
    """Read every file and propose what to store; nothing is written."""
    options = check_options(study, options or ImportOptions())
    paths = [Path(p) for p in paths]
    names = _Names(study)
    plans: list[FileReview] = []
    for n, path in enumerate(paths):
        progress(n, len(paths), f"Reading {path.name}")
        plans.append(review_file(study, path, options, progress, names))
    progress(len(paths), len(paths), "Read")
    return ImportReview(plans, options)


def review_file(study: Study, path: Path, options: ImportOptions, progress: Progress = no_progress,
                names: _Names | None = None) -> FileReview:
    """The review of one file: read, never stored. A bad file is a review with status
    ``error``."""
    from interviewcoder.services.importing import file_sha256

    names = names or _Names(study)
    plan = FileReview(str(path), "error", outcome=options.outcome, persona=options.persona)
    try:
        if study.is_own_file(path):  # reading it with plain file I/O would drop the locks
            raise ImportFailed(path.name, "this is the study's own file; a study cannot be "
                                          "imported into itself")
        plan.sha256 = file_sha256(path, options.limits)
        known = study.sources.by_sha256(plan.sha256)
        if known is not None and not options.force:
            plan.status = "skipped"
            plan.message = f"already imported as source {known.id} ({known.name})"
            return plan
        inspection = inspect_file(path, options, progress)
    except Cancelled:
        raise
    except ImportFailed as exc:
        plan.error = one_line(str(exc))
        return plan
    except InterviewcoderError as exc:
        plan.error = one_line(f"{path.name}: {exc}")
        return plan
    except Exception as exc:  # noqa: BLE001 - one bad file must not end a batch
        plan.error = one_line(f"{path.name}: unexpected {type(exc).__name__}: {exc}")
        return plan
    parsed = inspection.parsed
    plan.status, plan.parsed, plan.title = "ready", parsed, parsed.title
    plan.importer, plan.kind, plan.format = inspection.importer, inspection.kind, inspection.format
    plan.layout, plan.confidence = inspection.layout, inspection.confidence
    plan.inferred = inspection.to_dict()
    if isinstance(parsed, ParsedTranscript):
        plan.speakers = review_speakers(parsed, options, names, inspection.speakers)
    elif isinstance(parsed, ParsedSurvey):
        plan.respondents = parsed.count
        plan.columns = survey_columns(parsed, options)
        plan.read_kinds = {c.name: c.kind for c in plan.columns}
        plan.matches = respondent_matches(study, parsed, options)
    return plan


def review_speakers(parsed: ParsedTranscript, options: ImportOptions, names: _Names,
                    roles: list[SpeakerPlan] | None = None) -> list[SpeakerReview]:
    """Each speaker's proposed role (as the import infers it: ``import_plan.speaker_plans``)
    and participant (by the identity rules)."""
    counts = Counter(t.speaker for t in parsed.turns)
    inferred = {s.name: s for s in (roles if roles is not None
                                    else speaker_plans(parsed, options.interviewers))}
    labels: list[str | None] = list(parsed.speakers)
    if not labels or None in counts:
        labels.append(None)
    plans: list[SpeakerReview] = []
    taken = set(names.existing.values())
    for label in labels:
        turns = counts.get(label, 0)
        if label is None and labels != [None]:
            # text under no speaker label (a preamble, a note): nobody's words
            plans.append(SpeakerReview(None, turns, identity.NOBODY, None,
                                       reason="text under no speaker label"))
            continue
        role = inferred.get(label) if label is not None else None
        if role is not None and role.role is Role.INTERVIEWER:
            plans.append(SpeakerReview(label, turns, identity.INTERVIEWER, None,
                                       reason=ROLE_REASONS.get(role.because, role.because)))
            continue
        match = identity.match_participant(
            label or parsed.title, title=parsed.title, existing=names.existing, taken=taken,
            same_person=options.same_person, explicit=options.participant)
        plans.append(SpeakerReview(label, turns, identity.PARTICIPANT, match.choice,
                                   match.suggestion, match.reason))
        taken.add(match.choice.name)
        if match.choice.action == "new":
            names.created(match.choice.name)
    return plans


ROLE_REASONS = {"--interviewer": "named as interviewer", "label": "the label says so",
                "default name": "an interviewer's name"}


def survey_columns(parsed: ParsedSurvey, options: ImportOptions) -> list[ColumnReview]:
    """Every column of the export with the class the importer gave it, its first answers and
    how many it has (as the importer counted them while reading: the survey is not read
    again here)."""
    by_name = {c.name: c for c in parsed.columns}
    texts = {q.column for q in parsed.open_questions}
    id_column = parsed.meta.get("id_column")
    columns: list[ColumnReview] = []
    for name in parsed.meta.get("columns", []):
        column = by_name.get(name)
        if column is None:  # an importer that does not class its columns
            kind = (ColumnClass.ID if name == id_column else ColumnClass.OPEN_TEXT
                    if name in texts else ColumnClass.IGNORED).value
            columns.append(ColumnReview(name, kind, [], 0))
            continue
        if column.cls is ColumnClass.OPEN_TEXT:
            count = column.answers - column.placeholders
        elif column.cls is ColumnClass.ID:
            count = parsed.count
        elif column.cls is ColumnClass.IGNORED:
            count = 0
        else:
            count = column.answers
        columns.append(ColumnReview(name, column.cls.value,
                                    [_short(v) for v in column.preview[:PREVIEW]], count))
    return columns


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def respondent_matches(study: Study, parsed: ParsedSurvey,
                       options: ImportOptions) -> list[dict[str, str]]:
    """Respondents whose name an existing participant of another source has."""
    from interviewcoder.services.survey_import import decide_respondents

    return decide_respondents(study, parsed, options)[1]


def settle_choices(study: Study, plan: ImportReview) -> None:
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


def apply_edits(review: ImportReview, edited: dict[str, Any]) -> None:
    """Apply an edited ``import --dry-run --json`` (per file: outcome, persona, each speaker's
    role and participant, each column's class) to a fresh review of the same files."""
    files = {f.file: f for f in review.files}
    for given in edited.get("files", []):
        plan = files.get(str(given.get("file")))
        if plan is None:
            raise InvalidInput(f"the review names {given.get('file')!r}, which is not imported")
        if plan.status != "ready":
            continue
        for key in ("outcome", "persona"):
            if key in given:
                setattr(plan, key, given[key] or None)
        for speaker in given.get("speakers", []):
            label = speaker.get("speaker")
            mine = next((s for s in plan.speakers if s.label == label), None)
            if mine is None:
                raise InvalidInput(f"{plan.path.name}: no speaker {label!r}")
            role = speaker.get("role", mine.role)
            if role not in identity.ROLES:
                raise InvalidInput(f"{plan.path.name}: speaker {label!r}: role {role!r} is not "
                                   f"one of {', '.join(identity.ROLES)}")
            mine.role = role
            who = speaker.get("participant")
            mine.participant = (ParticipantChoice(who.get("action", "new"), str(who["name"]))
                                if role == identity.PARTICIPANT and who else None)
        for column in given.get("columns", []):
            name, kind = column.get("column"), column.get("class")
            mine_col = next((c for c in plan.columns if c.name == name), None)
            if mine_col is None:
                raise InvalidInput(f"{plan.path.name}: no column {name!r}")
            if kind not in COLUMN_KINDS:
                raise InvalidInput(f"{plan.path.name}: column {name!r}: class {kind!r} is not "
                                   f"one of {', '.join(COLUMN_KINDS)}")
            mine_col.kind = kind
