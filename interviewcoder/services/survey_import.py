"""Store a parsed survey: one participant per respondent, one source per open question.

A newer export of the same survey (same columns) adds only new respondents and answers: the
text of an existing question source is appended to, so no quote's offsets move. Respondents are
named by ``respondents``; columns the importer found personal are marked so (``personal``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from interviewcoder.core.errors import ImportFailed
from interviewcoder.core.id_bitmap import IdBitmap
from interviewcoder.core.types import (
    UNKNOWN_OUTCOME,
    ParsedSurvey,
    Participant,
    Role,
    SourceKind,
    SurveyQuestion,
    SurveyRespondent,
)
from interviewcoder.importers.base import Progress, no_progress
from interviewcoder.services import identity, outcomes
from interviewcoder.services.identity import ParticipantChoice
from interviewcoder.services.operations import execute
from interviewcoder.services.participants import FieldRow, UpdateParticipants
from interviewcoder.services.personal import mark_personal
from interviewcoder.services.respondents import (
    SURVEY_ATTRIBUTE,
    identity_attributes,
    respondent_names,
)
from interviewcoder.store import Study, now

if TYPE_CHECKING:
    from interviewcoder.services.import_options import FileResult, ImportOptions

ANSWER_SEPARATOR = "\n\n"
BATCH = 2000
"""Respondents stored at a time (their answers go in one insert per question)."""
T = TypeVar("T")
SIGNATURE_KEY = "survey_signature"


def store_survey(
    study: Study, parsed: ParsedSurvey, path: Path, sha256: str, options: ImportOptions,
    result: FileResult, progress: Progress = no_progress,
) -> None:
    """Store the survey (inside the caller's one transaction), reading its rows once more:
    respondents and answers go in batches of ``BATCH`` rows, so memory does not grow with the
    number of respondents."""
    _check_columns(parsed, options, path.name)
    signature = parsed.meta["signature"]
    earlier = {}
    title = parsed.title
    for source in study.sources.find_by_meta(SIGNATURE_KEY, signature):
        meta = study.sources.meta(source.id)
        earlier[meta.get("column")] = source.id
        title = meta.get("survey_title", title)
    choices, result.matches = decide_respondents(study, parsed, options, title)
    mark_personal(study, parsed.personal_columns())
    people = _People(study, parsed, choices, options, title, path.name, result)
    after = study.sources.last_turn_id()
    questions = [_Question(study, parsed, question, earlier.get(question.column), title, path,
                           sha256, after) for question in parsed.open_questions]
    total, done = parsed.count, 0
    for batch in _batches(parsed.records(), BATCH):
        known = people.known([respondent.id for respondent, _ in batch])
        for respondent, answers in batch:
            pid = people.store(respondent, known)
            name = choices.names[respondent.id]
            for question, answer in zip(questions, answers, strict=True):
                if answer is not None:
                    question.add(pid, name, answer)
        for question in questions:
            question.flush()
        done += len(batch)
        progress(done, total, f"Stored {done} of {total} respondents")
    people.finish()
    new_answers = 0
    for question in questions:
        question.finish()
        new_answers += question.added
        if question.added:
            result.sources.append({"id": question.source_id, "name": question.name,
                                   "turns": question.added, "words": question.words})
    result.participants = [choices.names[rid] for rid in parsed.ids]
    changed = len(result.participant_changes)
    if not people.created and not new_answers and not changed:
        result.status = "skipped"
        result.message = "nothing new: every respondent and answer is already in the study"
    else:
        result.message = f"{people.created} new respondents, {new_answers} new answers"
        if changed:
            result.message += f", {changed} participant fields changed"


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _survey_title(study: Study, parsed: ParsedSurvey) -> str:
    for source in study.sources.find_by_meta(SIGNATURE_KEY, parsed.meta["signature"]):
        return study.sources.meta(source.id).get("survey_title", parsed.title)
    return parsed.title


class RespondentChoices:
    """Each respondent id's ``ParticipantChoice``, held as a name per id and the set of ids
    that join (a choice object per respondent was 8 MB at 100,000 respondents)."""

    __slots__ = ("names", "joining")

    def __init__(self, names: dict[str, str], joining: set[str]) -> None:
        self.names, self.joining = names, joining

    def __getitem__(self, rid: str) -> ParticipantChoice:
        return ParticipantChoice("join" if rid in self.joining else "new", self.names[rid])


def decide_respondents(
    study: Study, parsed: ParsedSurvey, options: ImportOptions, title: str | None = None,
) -> tuple[RespondentChoices, list[dict[str, str]]]:
    """Who each respondent is, and the possible matches not joined.

    Names come from ``respondents.respondent_names`` (a newer export of the same survey finds
    its people again). A respondent joins the participant of their name when that participant
    is this survey's, speaks nowhere but in it, or ``same_person`` says so; a participant of
    that name elsewhere (an interview, another survey) is only a possible match.
    """
    title = title or _survey_title(study, parsed)
    names = respondent_names(parsed, title, study.participants.list())
    existing = study.participants.by_names(list(names.values()))
    own = {s.id for s in study.sources.find_by_meta(SIGNATURE_KEY, parsed.meta["signature"])}
    elsewhere = study.sources.participants_outside(
        [p.id for p in existing.values()], own) if existing else set()
    taken = set(study.participants.names()) if existing else set()
    joining: set[str] = set()
    matches: list[dict[str, str]] = []
    for rid, name in names.items():  # a new name replaces a value, never adds a key
        known = existing.get(name)
        if known is None:
            continue
        if (known.id not in elsewhere or options.same_person
                or known.attributes.get(SURVEY_ATTRIBUTE) == title):
            joining.add(rid)
        else:
            new = identity.unique_name(f"{name} ({title})", taken)
            taken.add(new)
            names[rid] = new
            matches.append({"speaker": name, "participant": new, "possible_match": name,
                            "reason": "same respondent id, in another source"})
    return RespondentChoices(names, joining), matches


def _check_columns(parsed: ParsedSurvey, options: ImportOptions, file: str) -> None:
    columns = {c.casefold() for c in parsed.meta.get("columns", [])}
    for option, column in (("--outcome-column", options.outcome_column),
                           ("--persona-column", options.persona_column)):
        if column and column.casefold() not in columns:
            raise ImportFailed(file, f"{option}: no column named {column!r}")


def _value(attributes: dict[str, str], column: str | None) -> str | None:
    if not column:
        return None
    key = column.casefold()
    return next((v for k, v in attributes.items() if k.casefold() == key), None)


def _outcome(value: str | None, options: ImportOptions, file: str,
             allowed: list[str]) -> str | None:
    if value is not None and options.outcome_map:
        mapped = options.outcome_map.get(value)
        if mapped is None:
            folded = {k.casefold(): v for k, v in options.outcome_map.items()}
            mapped = folded.get(value.casefold())
        if mapped is not None:
            return mapped
    elif value:
        outcome = " ".join(value.split()).lower()
        if outcome in allowed:
            return outcome
        known = ", ".join(allowed[1:])
        raise ImportFailed(file, f"the outcome column {options.outcome_column!r} has the "
                           f"value {value!r}, not one of the study's outcomes ({known}); "
                           "map its values with --outcome-map")
    return options.outcome or None


class _People:
    """The participant of every respondent, creating the new ones. An existing participant
    gains the attributes it did not have and an unset outcome/persona; a different outcome or
    persona is changed only with ``update_participants`` (else the file is refused). Every
    change is reported in ``result`` and undoable (one step, at ``finish``)."""

    def __init__(self, study: Study, parsed: ParsedSurvey, choices: RespondentChoices,
                 options: ImportOptions, title: str, file: str, result: FileResult) -> None:
        self.study, self.parsed, self.choices = study, parsed, choices
        self.options, self.title, self.file, self.result = options, title, file, result
        self.rows: list[FieldRow] = []
        self.allowed = outcomes.choices(study)
        self.created = 0
        self.stamp = now()

    def known(self, ids: list[str]) -> dict[str, Participant]:
        """The existing participants some of these respondents join."""
        return self.study.participants.by_names(
            [self.choices.names[rid] for rid in ids if rid in self.choices.joining])

    def store(self, respondent: SurveyRespondent, existing: dict[str, Participant]) -> int:
        options = self.options
        choice = self.choices[respondent.id]
        outcome = _outcome(_value(respondent.attributes, options.outcome_column), options,
                           self.file, self.allowed)
        persona = _value(respondent.attributes, options.persona_column) or options.persona
        known = existing.get(choice.name)
        attributes = {**respondent.attributes,
                      **identity_attributes(self.parsed, self.title, self.file, respondent.id)}
        if known is None:
            self.created += 1
            return self.study.participants.add(
                choice.name, outcome=outcome, persona=persona, attributes=attributes,
                created_at=self.stamp)
        gained = {k: v for k, v in attributes.items() if k not in known.attributes}
        row = field_changes(known, outcome, persona, gained, options, self.file, self.result)
        if row is not None:
            self.rows.append(row)
        return known.id

    def finish(self) -> None:
        apply_field_changes(self.study, self.rows, self.options, self.result)


def update_fields(study: Study, known: Participant, outcome: str | None, persona: str | None,
                  gained: dict[str, str], options: ImportOptions, file: str,
                  result: FileResult) -> None:
    """What an import says of one existing participant, applied at once (see field_changes)."""
    row = field_changes(known, outcome, persona, gained, options, file, result)
    if row is not None:
        apply_field_changes(study, [row], options, result)


def field_changes(known: Participant, outcome: str | None, persona: str | None,
                  gained: dict[str, str], options: ImportOptions, file: str,
                  result: FileResult) -> FieldRow | None:
    """The change an import makes to an existing participant, reported in ``result``: unset
    fields and new attributes are filled in; a different outcome or persona is an error unless
    ``options.update_participants``."""
    changes: list[tuple[str, str | None, str | None, str | None]] = []
    for field, old, new in (("outcome", known.outcome, outcome), ("persona", known.persona,
                                                                   persona)):
        if new is None or new == old:
            continue
        if old not in (None, UNKNOWN_OUTCOME) and not options.update_participants:
            raise ImportFailed(file, f"{known.name} is already {field} {old!r} and this import "
                               f"says {new!r}; change it with 'participants set' or import with "
                               "--update-participants")
        changes.append((field, None, old, new))
    changes += [("attribute", key, None, value) for key, value in gained.items()]
    if not changes:
        return None
    result.changed_participants.add(known.id)
    for field, key, old, new in changes:
        change = {"participant": known.name, "field": field, "old": old, "new": new}
        if key is not None:
            change["key"] = key
        result.participant_changes.append(change)
    return (known.id, next((c[3] for c in changes if c[0] == "outcome"), None),
            next((c[3] for c in changes if c[0] == "persona"), None),
            tuple((c[1], c[3]) for c in changes if c[0] == "attribute" and c[1]))


def apply_field_changes(study: Study, rows: list[FieldRow], options: ImportOptions,
                        result: FileResult) -> None:
    """Apply an import's changes to existing participants as one logged, undoable step."""
    if rows:
        op = UpdateParticipants(tuple(rows), "Participant changes of an import")
        result.undo.append(execute(study, op, options.coder).inverse)


class _Question:
    """One open question's source: the answers of respondents who have none in it yet, added
    a batch at a time as turns (the source is made at its first answer), and after its text
    once at the end (``append_turn_texts``: the turns ``after`` are the new ones)."""

    def __init__(self, study: Study, parsed: ParsedSurvey, question: SurveyQuestion,
                 source_id: int | None, title: str, path: Path, sha256: str,
                 after: int) -> None:
        self.study, self.parsed, self.question = study, parsed, question
        self.source_id, self.title, self.path, self.sha256 = source_id, title, path, sha256
        self.after = after
        self.name = _source_name(title, question)
        self.added = self.words = 0
        self.pieces: list[str] = []
        self.rows: list[dict[str, Any]] = []
        # who answered already: a bit per participant id, not a set of ints (30 MB at 100,000
        # respondents and five questions, growing as the sets resized)
        if source_id is None:
            self.answered = IdBitmap()
            self.offset, self.ord = 0, 0
        else:
            self.answered = IdBitmap(study.sources.turn_participants(source_id))
            self.offset = study.sources.text_length(source_id)
            self.ord = study.sources.max_turn_ord(source_id) + 1
        self.base = self.offset  # where the pieces not yet stored begin

    def add(self, pid: int, speaker: str, answer: str) -> None:
        if pid in self.answered:
            return
        self.answered.add(pid)
        if self.offset:
            self.pieces.append(ANSWER_SEPARATOR)
            self.offset += len(ANSWER_SEPARATOR)
        self.pieces.append(answer)
        self.rows.append({"ord": self.ord, "start": self.offset,
                          "end": self.offset + len(answer), "speaker": speaker,
                          "role": Role.ANSWER, "participant_id": pid, "start_ms": None})
        self.ord += 1
        self.offset += len(answer)

    def flush(self) -> None:
        if not self.rows:
            return
        if self.source_id is None:
            self.source_id = self._source()
        extra = "".join(self.pieces)
        self.study.sources.add_turns(self.source_id, self.rows, text=extra, base=self.base)
        self.added += len(self.rows)
        self.words += len(extra.split())
        self.pieces, self.rows, self.base = [], [], self.offset

    def finish(self) -> None:
        if self.added and self.source_id is not None:
            self.study.sources.append_turn_texts(self.source_id, self.after, ANSWER_SEPARATOR,
                                                 self.words)

    def _source(self) -> int:
        parsed, question, path = self.parsed, self.question, self.path
        meta = {SIGNATURE_KEY: parsed.meta["signature"], "survey_title": self.title,
                "column": question.column, "question": question.text,
                "flavour": parsed.format, "id_column": parsed.meta.get("id_column"),
                "file": path.name}
        if parsed.inference is not None:
            meta["inference"] = parsed.inference.to_dict()
        return self.study.sources.add(
            name=self.name, kind=SourceKind.SURVEY, text="", sha256=self.sha256,
            imported_at=now(), original_name=path.name, format=parsed.format, meta=meta)


def _source_name(title: str, question: SurveyQuestion) -> str:
    label = question.column if question.text == question.column else (
        f"{question.column}: {question.text}")
    name = f"{title} — {label}"
    return name if len(name) <= 120 else name[:119] + "…"
