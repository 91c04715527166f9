"""Value types shared by every layer. Plain frozen dataclasses, no behaviour beyond helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any


class Dimension(StrEnum):
    STEP = "step"
    ANXIETY = "anxiety"
    INFLUENCE = "influence"
    TRIGGER = "trigger"
    JOB = "job"
    VALUE = "value"
    THEME = "theme"

    @property
    def label(self) -> str:
        return DIMENSION_LABELS[self]


DIMENSION_LABELS = {
    Dimension.STEP: "Steps",
    Dimension.ANXIETY: "Anxieties",
    Dimension.INFLUENCE: "Influences",
    Dimension.TRIGGER: "Triggers",
    Dimension.JOB: "Jobs",
    Dimension.VALUE: "Value moments",
    Dimension.THEME: "Themes",
}

# One code's dimension, in the singular: the app names a code "Anxiety: Hidden costs".
DIMENSION_SINGULAR = {
    Dimension.STEP: "Step", Dimension.ANXIETY: "Anxiety", Dimension.INFLUENCE: "Influence",
    Dimension.TRIGGER: "Trigger", Dimension.JOB: "Job", Dimension.VALUE: "Value moment",
    Dimension.THEME: "Theme",
}


def code_label(dimension: Dimension | str, name: str) -> str:
    """How the app names a code everywhere: ``Anxiety: Hidden costs``."""
    try:
        return f"{DIMENSION_SINGULAR[Dimension(dimension)]}: {name}"
    except ValueError:
        return f"{dimension}: {name}"


def label_of_path(path: str) -> str:
    """``anxiety/Hidden costs`` (the command line's reference) as the app's label."""
    dimension, _, name = path.partition("/")
    return code_label(dimension, name) if name else path


class Role(StrEnum):
    INTERVIEWER = "interviewer"
    PARTICIPANT = "participant"
    ANSWER = "answer"


class SourceKind(StrEnum):
    INTERVIEW = "interview"
    SURVEY = "survey"


OUTCOMES = ("won", "lost", "churned")
UNKNOWN_OUTCOME = "unknown"


# --- what importers produce (plain values; the import service stores them) ---------------


@dataclass(frozen=True, slots=True)
class ParsedTurn:
    """One turn of a parsed transcript: a character span of ParsedTranscript.text."""

    start: int
    end: int
    speaker: str | None
    start_ms: int | None = None


@dataclass(frozen=True, slots=True)
class Inference:
    """What an importer inferred about a file's layout and how sure it is.

    ``confidence`` is 0..1: the share of the file the chosen layout explains (for surveys, how
    clearly the platform's signature stood out); ``reason`` says why, for a person to read.
    """

    layout: str
    confidence: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"layout": self.layout, "confidence": round(self.confidence, 3),
                "reason": self.reason}


@dataclass(frozen=True, slots=True)
class ParsedTranscript:
    """A transcript as read from a file. ``text`` is what gets stored; turns index into it."""

    title: str
    text: str
    turns: tuple[ParsedTurn, ...]
    format: str
    meta: dict[str, Any] = field(default_factory=dict)
    speaker_roles: dict[str, str] = field(default_factory=dict)
    """Roles the labels themselves give (``Sam (Interviewer)``, ``Moderator``): speaker → role."""
    inference: Inference | None = None

    @property
    def speakers(self) -> list[str]:
        seen: dict[str, None] = {}
        for t in self.turns:
            if t.speaker:
                seen.setdefault(t.speaker, None)
        return list(seen)


@dataclass(frozen=True, slots=True)
class SurveyQuestion:
    """One open-text column: its header, its question text and answers by respondent id."""

    column: str
    text: str
    answers: tuple[tuple[str, str], ...]  # (respondent id, answer text), in file order


@dataclass(frozen=True, slots=True)
class SurveyRespondent:
    id: str
    attributes: dict[str, str]


class ColumnClass(StrEnum):
    """What a survey column becomes at import."""

    ID = "id"
    OPEN_TEXT = "open_text"
    ATTRIBUTE = "attribute"
    PERSONAL = "personal"
    IGNORED = "ignored"


@dataclass(frozen=True, slots=True)
class SurveyColumn:
    """One column of a survey export as the importer classified it."""

    index: int  # 0-based position in the file
    name: str
    question: str
    cls: ColumnClass
    kind: str  # text, write-in, choice, checkbox, multi-select, ranking, number, date, ...
    reason: str
    answers: int = 0  # non-empty cells
    placeholders: int = 0  # cells like "-", "n/a", "none" (not codable answers)
    preview: tuple[str, ...] = ()  # its first values as imported (the import review shows them)

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index + 1, "letter": column_letter(self.index), "name": self.name,
                "question": self.question, "class": self.cls.value, "kind": self.kind,
                "reason": self.reason, "answers": self.answers,
                "placeholders": self.placeholders}


def column_letter(index: int) -> str:
    """Spreadsheet letters of a 0-based column index: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


SurveyRecords = Callable[[], Iterator[tuple["SurveyRespondent", tuple[str | None, ...]]]]
"""Each respondent in file order with their answer to each open question (None: no codable
answer), read from the file again on every call: a survey is never held whole."""


@dataclass(frozen=True, slots=True)
class ParsedSurvey:
    title: str
    format: str  # qualtrics, surveymonkey, googleforms, typeform, msforms, generic
    records: SurveyRecords
    ids: tuple[str, ...]  # every respondent's id, in file order
    open_questions: tuple[SurveyQuestion, ...]  # the open-text columns (answers left empty)
    meta: dict[str, Any] = field(default_factory=dict)
    columns: tuple[SurveyColumn, ...] = ()
    inference: Inference | None = None

    @property
    def count(self) -> int:
        return len(self.ids)

    @property
    def respondents(self) -> tuple[SurveyRespondent, ...]:
        """Every respondent, read whole (for small surveys and tests; storing streams
        ``records``)."""
        return tuple(respondent for respondent, _ in self.records())

    @property
    def questions(self) -> tuple[SurveyQuestion, ...]:
        """Every open question with all its answers, read whole (see ``respondents``)."""
        answers: list[list[tuple[str, str]]] = [[] for _ in self.open_questions]
        for respondent, cells in self.records():
            for found, cell in zip(answers, cells, strict=True):
                if cell is not None:
                    found.append((respondent.id, cell))
        return tuple(replace(q, answers=tuple(a))
                     for q, a in zip(self.open_questions, answers, strict=True))

    def personal_columns(self) -> dict[str, str]:
        """Attribute name → kind of personal data (name, email, ip, location, phone, ...)."""
        return {c.name: c.kind for c in self.columns if c.cls is ColumnClass.PERSONAL}


# --- what the store returns --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Participant:
    id: int
    name: str
    outcome: str
    persona: str | None
    attributes: dict[str, str]
    memo: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    id: int
    name: str
    kind: SourceKind
    original_name: str | None
    sha256: str
    imported_at: str
    format: str | None = None
    memo: str = ""  # the researcher's notes on the source


@dataclass(frozen=True, slots=True)
class Turn:
    id: int
    source_id: int
    ord: int
    start: int
    end: int
    speaker: str | None
    role: Role
    participant_id: int | None
    start_ms: int | None


@dataclass(frozen=True, slots=True)
class Code:
    id: int
    guid: str
    dimension: Dimension
    name: str
    description: str
    colour: str
    parent_id: int | None
    ord: int
    memo: str = ""  # the researcher's notes on the code (the description says what it means)

    @property
    def path(self) -> str:
        """``dimension/Name``, the way the command line names a code."""
        return f"{self.dimension.value}/{self.name}"

    @property
    def label(self) -> str:
        """``Dimension: Name``, the way every panel of the app names a code."""
        return code_label(self.dimension, self.name)


@dataclass(frozen=True, slots=True)
class Quote:
    id: int
    guid: str
    source_id: int
    start: int
    end: int
    text: str
    coder: str
    created_at: str
    modified_at: str
    memo: str
    code_ids: tuple[int, ...]
    origin: str = "manual"  # manual | suggestion | import
