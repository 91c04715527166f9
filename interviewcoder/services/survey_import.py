"""Store a parsed survey: one participant per respondent, one source per open question.

A newer export of the same survey (same columns) adds only new respondents and answers: the
text of an existing question source is appended to, so no quote's offsets move. Respondents are
named by ``respondents``; columns the importer found personal are marked so (``personal``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from interviewcoder.core.errors import ImportFailed
from interviewcoder.core.types import (
    UNKNOWN_OUTCOME,
    ParsedSurvey,
    Participant,
    Role,
    SourceKind,
    SurveyQuestion,
)
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
SIGNATURE_KEY = "survey_signature"


def store_survey(
    study: Study, parsed: ParsedSurvey, path: Path, sha256: str, options: ImportOptions,
    result: FileResult,
) -> None:
    _check_columns(parsed, options, path.name)
    signature = parsed.meta["signature"]
    earlier = {}
    title = parsed.title
    for source in study.sources.find_by_meta(SIGNATURE_KEY, signature):
        meta = study.sources.meta(source.id)
        earlier[meta.get("column")] = source.id
        title = meta.get("survey_title", title)
    choices, result.matches = decide_respondents(study, parsed, options, title)
    names = {rid: choice.name for rid, choice in choices.items()}
    mark_personal(study, parsed.personal_columns())
    pids, created = _respondents(study, parsed, choices, options, title, path.name, result)
    new_answers = 0
    for question in parsed.questions:
        if not question.answers:
            continue
        meta = {SIGNATURE_KEY: signature, "survey_title": title, "column": question.column,
                "question": question.text, "flavour": parsed.format,
                "id_column": parsed.meta.get("id_column"), "file": path.name}
        if parsed.inference is not None:
            meta["inference"] = parsed.inference.to_dict()
        source_id = earlier.get(question.column)
        if source_id is None:
            source_id = study.sources.add(
                name=_source_name(title, question), kind=SourceKind.SURVEY, text="",
                sha256=sha256, imported_at=now(), original_name=path.name,
                format=parsed.format, meta=meta)
        added, words = _append_answers(study, source_id, question, pids, names)
        new_answers += added
        if added:
            result.sources.append({"id": source_id, "name": _source_name(title, question),
                                   "turns": added, "words": words})
    result.participants = [names[r.id] for r in parsed.respondents]
    changed = len(result.participant_changes)
    if not created and not new_answers and not changed:
        result.status = "skipped"
        result.message = "nothing new: every respondent and answer is already in the study"
    else:
        result.message = f"{created} new respondents, {new_answers} new answers"
        if changed:
            result.message += f", {changed} participant fields changed"


def _survey_title(study: Study, parsed: ParsedSurvey) -> str:
    for source in study.sources.find_by_meta(SIGNATURE_KEY, parsed.meta["signature"]):
        return study.sources.meta(source.id).get("survey_title", parsed.title)
    return parsed.title


def decide_respondents(
    study: Study, parsed: ParsedSurvey, options: ImportOptions, title: str | None = None,
) -> tuple[dict[str, ParticipantChoice], list[dict[str, str]]]:
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
    choices: dict[str, ParticipantChoice] = {}
    matches: list[dict[str, str]] = []
    for rid, name in names.items():
        known = existing.get(name)
        if known is None:
            choices[rid] = ParticipantChoice("new", name)
        elif (known.id not in elsewhere or options.same_person
              or known.attributes.get(SURVEY_ATTRIBUTE) == title):
            choices[rid] = ParticipantChoice("join", name)
        else:
            new = identity.unique_name(f"{name} ({title})", taken)
            taken.add(new)
            choices[rid] = ParticipantChoice("new", new)
            matches.append({"speaker": name, "participant": new, "possible_match": name,
                            "reason": "same respondent id, in another source"})
    return choices, matches


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


def _respondents(
    study: Study, parsed: ParsedSurvey, choices: dict[str, ParticipantChoice],
    options: ImportOptions, title: str, file: str, result: FileResult,
) -> tuple[dict[str, int], int]:
    """Participant id of every respondent, creating the new ones. An existing participant
    gains the attributes it did not have and an unset outcome/persona; a different outcome or
    persona is changed only with ``update_participants`` (else the file is refused). Every
    change is reported in ``result`` and undoable."""
    existing = study.participants.by_names([c.name for c in choices.values()
                                            if c.action == "join"])
    pids: dict[str, int] = {}
    rows: list[FieldRow] = []
    allowed = outcomes.choices(study)
    created = 0
    stamp = now()
    for respondent in parsed.respondents:
        choice = choices[respondent.id]
        outcome = _outcome(_value(respondent.attributes, options.outcome_column), options, file,
                           allowed)
        persona = _value(respondent.attributes, options.persona_column) or options.persona
        known = existing.get(choice.name)
        attributes = {**respondent.attributes,
                      **identity_attributes(parsed, title, file, respondent.id)}
        if known is None:
            pids[respondent.id] = study.participants.add(
                choice.name, outcome=outcome, persona=persona, attributes=attributes,
                created_at=stamp)
            created += 1
            continue
        pids[respondent.id] = known.id
        gained = {k: v for k, v in attributes.items() if k not in known.attributes}
        row = field_changes(known, outcome, persona, gained, options, file, result)
        if row is not None:
            rows.append(row)
    apply_field_changes(study, rows, options, result)
    return pids, created


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


def _append_answers(
    study: Study, source_id: int, question: SurveyQuestion, pids: dict[str, int],
    names: dict[str, str],
) -> tuple[int, int]:
    """Add the answers of respondents who have none in the source yet, after its text."""
    answered = {t.participant_id for t in study.sources.turns(source_id)}
    offset = study.sources.text_length(source_id)
    ord_ = study.sources.max_turn_ord(source_id) + 1
    pieces: list[str] = []
    rows = []
    for respondent_id, answer in question.answers:
        pid = pids[respondent_id]
        if pid in answered:
            continue
        answered.add(pid)
        if offset or pieces:
            pieces.append(ANSWER_SEPARATOR)
            offset += len(ANSWER_SEPARATOR)
        pieces.append(answer)
        rows.append({"ord": ord_ + len(rows), "start": offset, "end": offset + len(answer),
                     "speaker": names[respondent_id], "role": Role.ANSWER,
                     "participant_id": pid, "start_ms": None})
        offset += len(answer)
    if rows:
        extra = "".join(pieces)
        study.sources.append_text(source_id, extra)
        study.sources.add_turns(source_id, rows)
        return len(rows), len(extra.split())
    return 0, 0


def _source_name(title: str, question: SurveyQuestion) -> str:
    label = question.column if question.text == question.column else (
        f"{question.column}: {question.text}")
    name = f"{title} — {label}"
    return name if len(name) <= 120 else name[:119] + "…"
