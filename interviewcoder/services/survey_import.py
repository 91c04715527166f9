"""Store a parsed survey: one participant per respondent, one source per open question.

A newer export of the same survey (same columns) adds only new respondents and answers: the
text of an existing question source is appended to, so no quote's offsets move. Respondents are
named by ``respondents``; columns the importer found personal are marked so (``personal``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from interviewcoder.core.errors import ImportFailed
from interviewcoder.core.types import ParsedSurvey, Role, SourceKind, SurveyQuestion
from interviewcoder.services.participants import normalise_outcome
from interviewcoder.services.personal import mark_personal
from interviewcoder.services.respondents import identity_attributes, respondent_names
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
    names = respondent_names(parsed, title, study.participants.list())
    mark_personal(study, parsed.personal_columns())
    pids, created = _respondents(study, parsed, names, options, title, path.name)
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
    if not created and not new_answers:
        result.status = "skipped"
        result.message = "nothing new: every respondent and answer is already in the study"
    else:
        result.message = f"{created} new respondents, {new_answers} new answers"


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


def _outcome(value: str | None, options: ImportOptions) -> str | None:
    if value is not None and options.outcome_map:
        mapped = options.outcome_map.get(value)
        if mapped is None:
            folded = {k.casefold(): v for k, v in options.outcome_map.items()}
            mapped = folded.get(value.casefold())
        if mapped is not None:
            return mapped
    elif value:
        return normalise_outcome(value)
    return normalise_outcome(options.outcome) if options.outcome else None


def _respondents(
    study: Study, parsed: ParsedSurvey, names: dict[str, str], options: ImportOptions,
    title: str, file: str,
) -> tuple[dict[str, int], int]:
    """Participant id of every respondent, creating the new ones. Existing participants only
    gain attributes they did not have (and an outcome/persona when still unset)."""
    existing = study.participants.by_names(list(names.values()))
    pids: dict[str, int] = {}
    created = 0
    stamp = now()
    for respondent in parsed.respondents:
        name = names[respondent.id]
        outcome = _outcome(_value(respondent.attributes, options.outcome_column), options)
        persona = _value(respondent.attributes, options.persona_column) or options.persona
        known = existing.get(name)
        attributes = {**respondent.attributes,
                      **identity_attributes(parsed, title, file, respondent.id)}
        if known is None:
            pids[respondent.id] = study.participants.add(
                name, outcome=outcome, persona=persona, attributes=attributes,
                created_at=stamp)
            created += 1
            continue
        pids[respondent.id] = known.id
        attributes = {**attributes, **known.attributes}
        updated = replace(
            known, attributes=attributes,
            outcome=known.outcome if known.outcome != "unknown" else (outcome or "unknown"),
            persona=known.persona or persona)
        if updated != known:
            study.participants.update(updated)
    return pids, created


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
