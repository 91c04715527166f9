"""The study as a REFI-QDA project (``.qdpx``) or codebook (``.qdc``).

Coders are Users; the codebook is one non-codable code per dimension holding that dimension's
code tree; participants are Cases with Outcome, Persona and every attribute as typed
Variables; each source is a TextSource whose text has the speakers written in
(``core.refi_layout``), with one selection per turn (held by the participant's Case) and one
per quote, carrying its codes, coder and times; quote and source memos are Notes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from interviewcoder import __version__
from interviewcoder.core.errors import InvalidInput
from interviewcoder.core.redaction import Redactor
from interviewcoder.core.refi import (
    RefiCase,
    RefiCoding,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSource,
    RefiUser,
    RefiVariable,
    derived_guid,
)
from interviewcoder.core.refi_layout import label, turn_description, write_labels
from interviewcoder.core.types import Participant, Source
from interviewcoder.exporters.refi_writer import Progress, write_qdc, write_qdpx
from interviewcoder.services.refi_codebook import code_tree, export_guid
from interviewcoder.services.refi_import import ATTRIBUTE_PREFIX, SOURCE_KIND
from interviewcoder.store import Study, guids

FORMATS = (".qdpx", ".qdc")
_RESERVED = {"outcome", "persona", SOURCE_KIND.casefold()}
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$")


def origin() -> str:
    return f"interviewcoder {__version__}"


def export(study: Study, out: str | Path, progress: Progress | None = None,
           redact: Redactor | None = None) -> Path:
    """Write the project (``.qdpx``) or codebook (``.qdc``); with ``redact`` every string in
    it is redacted and the personal attributes left out (``services.refi_redaction``)."""
    out = Path(out)
    if out.suffix.lower() == ".qdc":
        codes = code_tree(study, study_uid(study))
        if not codes:
            raise InvalidInput(f"{out}: the codebook is empty; there is nothing to export")
        if redact is not None:
            from interviewcoder.services.refi_redaction import redact_codes

            codes = redact_codes(codes, redact)
        return write_qdc(out, codes, origin())
    project = build_project(study, progress)
    if redact is not None:
        from interviewcoder.services.personal import personal_attributes
        from interviewcoder.services.refi_redaction import redact_project

        project = redact_project(project, redact, personal_attributes(study))
    return write_qdpx(out, project, progress)


def study_uid(study: Study) -> str:
    """A GUID for this study, the same at every export."""
    return derived_guid("study", study.meta("created_at") or study.name)


def build_project(study: Study, progress: Progress | None = None) -> RefiProject:
    uid = study_uid(study)
    coder_guids = guids.all_guids(study.db, "coders")
    users = tuple(RefiUser(coder_guids.get(cid) or derived_guid("coder", name), name)
                  for name, cid in sorted(guids.coder_ids(study.db).items()))
    user_of = {u.name: u.guid for u in users}
    code_guid = {c.id: export_guid(c.guid) for c in study.codes.list()}
    participants = study.participants.list()
    person_guids = guids.all_guids(study.db, "participants")
    person_guid = {p.id: person_guids.get(p.id) or derived_guid(uid, "participant", p.id)
                   for p in participants}
    source_guids = guids.all_guids(study.db, "sources")
    turns_of: dict[int, list[str]] = {}
    sources, notes = [], []
    for n, source in enumerate(study.sources.list()):
        if progress:
            progress("Reading sources", n)
        guid = source_guids.get(source.id) or derived_guid(uid, "source", source.id)
        refi, memos = _source(study, source, guid, code_guid, user_of, turns_of)
        sources.append(refi)
        notes.extend(memos)
    variables, cases = _cases(participants, person_guid, turns_of, uid)
    return RefiProject(
        name=study.name, origin=origin(), format="qdpx", users=users,
        codes=code_tree(study, uid), variables=variables, cases=cases, sources=tuple(sources),
        notes=tuple(notes), created_at=study.meta("created_at"))


def _source(study: Study, source: Source, guid: str, code_guid: dict[int, str],
            user_of: dict[str, str], turns_of: dict[int, list[str]],
            ) -> tuple[RefiSource, list[RefiNote]]:
    text = study.sources.text(source.id)
    turns = study.sources.turns(source.id)
    labelled = write_labels(text, [(t.start, t.speaker) for t in turns])
    selections = []
    for n, turn in enumerate(turns):
        start = labelled.label_starts[n]
        end = max(labelled.exported(turn.end, end=True), start + len(label(turn.speaker)))
        sel_guid = derived_guid(guid, "turn", n)
        selections.append(RefiSelection(
            sel_guid, start, end, name=turn.speaker or None,
            description=turn_description(turn.speaker, turn.role.value, n, turn.start_ms),
            created_at=source.imported_at))
        if turn.participant_id is not None:
            turns_of.setdefault(turn.participant_id, []).append(sel_guid)
    notes = []
    for q in study.quotes.for_source(source.id):
        qguid = export_guid(q.guid)
        user = user_of.get(q.coder) or derived_guid("coder", q.coder)
        codings = tuple(RefiCoding(derived_guid(qguid, "coding", code_guid[c]), code_guid[c],
                                   user, q.created_at) for c in q.code_ids if c in code_guid)
        memo = ()
        if q.memo:
            note = RefiNote(derived_guid(qguid, "memo"), f"Memo on quote {q.id}", q.memo, user,
                            q.modified_at)
            notes.append(note)
            memo = (note.guid,)
        selections.append(RefiSelection(
            qguid, labelled.exported(q.start), labelled.exported(q.end, end=True),
            codings=codings, user_guid=user, created_at=q.created_at, modified_at=q.modified_at,
            note_guids=memo))
    memo_guids: tuple[str, ...] = ()
    memo = study.sources.meta(source.id).get("memo")
    if isinstance(memo, str) and memo:
        note = RefiNote(derived_guid(guid, "memo"), f"Memo on {source.name}", memo,
                        created_at=source.imported_at)
        notes.append(note)
        memo_guids = (note.guid,)
    return RefiSource(guid, source.name, labelled.text, tuple(selections),
                      variables=((SOURCE_KIND, source.kind.value),), note_guids=memo_guids,
                      created_at=source.imported_at), notes


def _cases(participants: list[Participant], person_guid: dict[int, str],
           turns_of: dict[int, list[str]], uid: str,
           ) -> tuple[tuple[RefiVariable, ...], tuple[RefiCase, ...]]:
    keys: dict[str, list[str]] = {}
    for p in participants:
        for key, value in p.attributes.items():
            keys.setdefault(key, []).append(str(value))
    names = {key: (f"{ATTRIBUTE_PREFIX}{key}" if key.casefold() in _RESERVED
                   or key.startswith(ATTRIBUTE_PREFIX) else key) for key in keys}
    variables = [RefiVariable(derived_guid(uid, "variable", "Outcome"), "Outcome"),
                 RefiVariable(derived_guid(uid, "variable", "Persona"), "Persona"),
                 RefiVariable(derived_guid(uid, "variable", SOURCE_KIND), SOURCE_KIND)]
    variables += [RefiVariable(derived_guid(uid, "variable", names[k]), names[k],
                               variable_type(values)) for k, values in keys.items()]
    cases = []
    for p in participants:
        values = [("Outcome", p.outcome)]
        if p.persona is not None:
            values.append(("Persona", p.persona))
        values += [(names[k], str(v)) for k, v in p.attributes.items()]
        cases.append(RefiCase(person_guid[p.id], p.name, tuple(values),
                              selection_guids=tuple(turns_of.get(p.id, []))))
    return tuple(variables), tuple(cases)


def variable_type(values: list[str]) -> str:
    """The narrowest REFI variable type every value is written in exactly."""
    if values and all(v in ("true", "false") for v in values):
        return "Boolean"
    if values and all(_INTEGER.match(v) for v in values):
        return "Integer"
    if values and all(_DECIMAL.match(v) for v in values):
        return "Float"
    if values and all(_DATE.match(v) and _valid(date.fromisoformat, v) for v in values):
        return "Date"
    if values and all(_DATETIME.match(v) and _valid(datetime.fromisoformat, v) for v in values):
        return "DateTime"
    return "Text"


def _valid(parse: Callable[[str], object], value: str) -> bool:
    try:
        parse(value)
    except ValueError:
        return False
    return True
