"""Store a REFI-QDA project (or codebook) in a study, inside the import's one transaction.

Users become coders, the code tree the codebook (``refi_codebook``), cases participants,
text sources sources with turns, coded selections quotes. Everything is matched by GUID first,
so importing the same file again adds nothing; what could not be taken is listed in the
result (``FileResult.refi``), never guessed.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewcoder.core.refi import RefiCase, RefiProject, RefiSelection, RefiSource, derived_guid
from interviewcoder.core.types import Participant, Quote, Role, SourceKind
from interviewcoder.services.identity import match_participant
from interviewcoder.services.participants import normalise_outcome
from interviewcoder.services.refi_codebook import CodebookReport, import_codes
from interviewcoder.store import Study, guids, now

if TYPE_CHECKING:
    from interviewcoder.services.import_options import FileResult, ImportOptions

SOURCE_KIND = "Source kind"
ATTRIBUTE_PREFIX = "attribute:"
"""A participant attribute whose name is taken (Outcome, Persona) travels as ``attribute:NAME``."""


@dataclass
class _Report:
    codebook: CodebookReport = field(default_factory=CodebookReport)
    coders_added: list[str] = field(default_factory=list)
    participants_added: list[str] = field(default_factory=list)
    # (name in the file, name given) of people who share a name with a participant of the
    # study: kept apart unless the researcher said so (--same-person), as every import does
    possible_matches: list[dict[str, str]] = field(default_factory=list)
    participants_matched: int = 0
    participants_updated: int = 0
    sources_added: int = 0
    sources_matched: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    quotes_added: int = 0
    quotes_matched: int = 0
    codings_added: int = 0
    problems: list[str] = field(default_factory=list)

    def added(self) -> int:
        return (self.codebook.added + len(self.coders_added) + len(self.participants_added)
                + self.participants_updated + self.sources_added + self.quotes_added
                + self.codings_added)

    def to_dict(self, project: RefiProject) -> dict[str, Any]:
        return {
            "origin": project.origin, "format": project.format,
            "codes": self.codebook.to_dict(), "coders_added": self.coders_added,
            "participants": {"added": len(self.participants_added),
                             "matched": self.participants_matched,
                             "updated": self.participants_updated,
                             "possible_matches": self.possible_matches},
            "sources": {"added": self.sources_added, "matched": self.sources_matched,
                        "skipped": self.skipped,
                        "counting": {s.name: s.counting for s in project.sources if s.counting}},
            "quotes": {"added": self.quotes_added, "matched": self.quotes_matched,
                       "codings_added": self.codings_added,
                       "uncoded_selections": project.meta.get("uncoded_selections", 0)},
            "read_from_disk": project.meta.get("read_from_disk", []),
            "problems": self.problems,
        }


def store_project(study: Study, project: RefiProject, path: Path, sha256: str,
                  options: ImportOptions, result: FileResult) -> None:
    report = _Report(problems=list(project.problems))
    coders = _users(study, project, report)
    codes = import_codes(study, project, options.coder, report.codebook)
    names = {p.name.casefold(): p.name for p in study.participants.list()}
    people = _cases(study, project.cases, report, options, path.name, names)
    notes = {n.guid: n.text for n in project.notes}
    for source in project.sources:
        if source.skipped:
            report.skipped.append({"name": source.name, "reason": source.skipped})
            continue
        sid = _source(study, project, source, path, people, notes, options, report, result)
        if sid is not None:
            _quotes(study, sid, source, codes, coders, notes, options, report)
    _unattached_notes(project, report)
    result.refi = report.to_dict(project)
    result.participants = report.participants_added + [
        n for n in result.participants if n not in report.participants_added]
    result.message = summary(project, report)
    if not report.added():
        result.status = "skipped"
        result.message = "nothing new: every code, source and quote is already in the study" + (
            f"; {_problems(report)}" if report.problems else "")


def summary(project: RefiProject, report: _Report) -> str:
    """One line: what the import added, how the top-level codes were mapped, what was left."""
    book = report.codebook
    dims = book.dimensions
    mapped = ", ".join(f"{n} → {d}" for n, d in list(dims.items())[:4])
    more = f" and {len(dims) - 4} more" if len(dims) > 4 else ""
    codes = _count(book.added, "new code") + (f" ({book.matched} known)" if book.matched else "")
    parts = [codes + (f", top level {mapped}{more}" if dims else ""),
             _count(report.sources_added, "source"), _count(report.quotes_added, "quote")]
    if report.coders_added:
        parts.append(_count(len(report.coders_added), "new coder"))
    if report.skipped:
        parts.append(f"{_count(len(report.skipped), 'source')} skipped ("
                     + "; ".join(f"{s['name']}: {s['reason']}" for s in report.skipped[:2])
                     + (" …" if len(report.skipped) > 2 else "") + ")")
    if report.possible_matches:
        first = report.possible_matches[0]
        n = len(report.possible_matches)
        parts.append(f"{n} possible match{'' if n == 1 else 'es'} kept apart "
                     f"(first: {first['name']} as {first['as']}; --same-person joins them)")
    if report.problems:
        parts.append(_problems(report))
    return f"{project.origin or 'REFI-QDA'}: " + "; ".join(parts)


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _problems(report: _Report) -> str:
    n = len(report.problems)
    return f"{n} part{'s' if n != 1 else ''} left out (first: {report.problems[0]})"


def _users(study: Study, project: RefiProject, report: _Report) -> dict[str, str]:
    """User GUID -> coder name (coders are matched by GUID, then by name)."""
    by_name = guids.coder_ids(study.db)
    by_id = {i: n for n, i in by_name.items()}
    out = {}
    for user in project.users:
        cid = guids.by_guid(study.db, "coders", user.guid)
        if cid is not None:
            out[user.guid] = by_id[cid]
            continue
        if user.name not in by_name:
            report.coders_added.append(user.name)
        cid = study.quotes.coder_id(user.name)
        by_name[user.name] = cid
        guids.set_guid(study.db, "coders", cid, user.guid)
        out[user.guid] = user.name
    return out


def _person(study: Study, label: str, title: str, options: ImportOptions, report: _Report,
            names: dict[str, str], explicit: str | None = None) -> tuple[str, Participant | None]:
    """Whom a case or source named ``label`` is, by the identity rules of every import
    (``identity.match_participant``): the participant to join, or the name for a new one."""
    label = label.strip()
    if not explicit and label.casefold() not in names:  # nobody of that name: a case is a person
        names[label.casefold()] = label  # of the project, whatever its name looks like
        return label, None
    match = match_participant(label, title=title, existing=names, same_person=options.same_person,
                              explicit=explicit)
    if match.suggestion is not None and match.choice.action == "new":
        report.possible_matches.append({"name": label, "as": match.choice.name,
                                        "possibly": match.suggestion.name,
                                        "why": match.suggestion.reason})
    names[match.choice.name.casefold()] = match.choice.name
    known = study.participants.by_name(match.choice.name) if match.choice.action == "join" else None
    return match.choice.name, known


def _cases(study: Study, cases: tuple[RefiCase, ...], report: _Report, options: ImportOptions,
           title: str, names: dict[str, str]) -> dict[str, int]:
    """Case GUID -> participant id: the one with that GUID, or one the identity rules join
    (which only gains an outcome, persona or attributes it did not have), or a new one."""
    out = {}
    stamp = now()
    for case in cases:
        outcome, persona, attributes = case_fields(case.values)
        pid = guids.by_guid(study.db, "participants", case.guid)
        known = study.participants.get(pid) if pid else None
        name = case.name
        if known is None:
            name, known = _person(study, case.name, title, options, report, names)
        if known is None:
            pid = study.participants.add(name, outcome=outcome, persona=persona,
                                         attributes=attributes, created_at=stamp)
            report.participants_added.append(name)
        else:
            pid = known.id
            report.participants_matched += 1
            updated = replace(
                known, attributes={**attributes, **known.attributes},
                outcome=known.outcome if known.outcome != "unknown" else (outcome or "unknown"),
                persona=known.persona or persona)
            if updated != known:
                study.participants.update(updated)
                report.participants_updated += 1
        guids.set_guid(study.db, "participants", pid, case.guid)
        out[case.guid] = pid
    return out


def case_fields(values: tuple[tuple[str, str], ...]) -> tuple[str | None, str | None,
                                                               dict[str, str]]:
    """(outcome, persona, attributes) from a case's variable values."""
    outcome = persona = None
    attributes: dict[str, str] = {}
    for name, value in values:
        key = name.strip().casefold()
        if key == "outcome" and value.strip():
            outcome = normalise_outcome(value)
        elif key == "persona" and value.strip():
            persona = value.strip()
        elif name.startswith(ATTRIBUTE_PREFIX):
            attributes[name[len(ATTRIBUTE_PREFIX):]] = value
        else:
            attributes[name] = value
    return outcome, persona, attributes


def _source(study: Study, project: RefiProject, source: RefiSource, path: Path,
            people: dict[str, int], notes: dict[str, str], options: ImportOptions,
            report: _Report, result: FileResult) -> int | None:
    assert source.text is not None
    sid = guids.by_guid(study.db, "sources", source.guid)
    if sid is not None:
        if study.sources.text(sid) != source.text:
            report.problems.append(f"source {source.name} is in the study already with another "
                                   "text; its selections were left out")
            return None
        report.sources_matched += 1
        return sid
    variables = dict(source.variables)
    kind = SourceKind.SURVEY if variables.get(SOURCE_KIND) == "survey" else SourceKind.INTERVIEW
    meta: dict[str, Any] = {"file": path.name, "refi_origin": project.origin,
                            "counting": source.counting}
    memo = "\n\n".join(notes[g] for g in source.note_guids if g in notes)
    if memo:
        meta["memo"] = memo
    others = {k: v for k, v in variables.items() if k != SOURCE_KIND}
    if others:
        meta["variables"] = others
    sid = study.sources.add(
        name=source.name, kind=kind, text=source.text,
        sha256=hashlib.sha256(source.text.encode("utf-8")).hexdigest(),
        imported_at=source.created_at or now(), original_name=path.name, format="qdpx",
        meta=meta)
    guids.set_guid(study.db, "sources", sid, source.guid)
    rows = _turns(study, project, source, people, options, report)
    study.sources.add_turns(sid, rows)
    report.sources_added += 1
    result.sources.append({"id": sid, "name": source.name, "turns": len(rows),
                           "words": len(source.text.split())})
    return sid


def _turns(study: Study, project: RefiProject, source: RefiSource, people: dict[str, int],
           options: ImportOptions, report: _Report) -> list[dict[str, Any]]:
    assert source.text is not None
    if source.turns:  # described in the file (an interviewcoder export)
        return [{"ord": n, "start": t.start, "end": t.end, "speaker": t.speaker,
                 "role": Role(t.role), "participant_id": people.get(t.case_guid or ""),
                 "start_ms": t.start_ms} for n, t in enumerate(source.turns)]
    linked = [c for c in project.cases if source.guid in c.source_guids]
    if linked:  # the whole source belongs to each case that refers to it
        return [{"ord": n, "start": 0, "end": len(source.text), "speaker": c.name,
                 "role": Role.PARTICIPANT, "participant_id": people[c.guid], "start_ms": None}
                for n, c in enumerate(linked)]
    if project.origin.startswith("interviewcoder"):
        return []
    names = {p.name.casefold(): p.name for p in study.participants.list()}
    name, known = _person(study, source.name.strip(), source.name, options, report, names,
                          explicit=options.participant)
    if known is None:
        outcome = normalise_outcome(options.outcome) if options.outcome else None
        pid = study.participants.add(name, outcome=outcome, persona=options.persona,
                                     created_at=now())
        report.participants_added.append(name)
    else:
        pid = known.id
    return [{"ord": 0, "start": 0, "end": len(source.text), "speaker": None,
             "role": Role.PARTICIPANT, "participant_id": pid, "start_ms": None}]


def _quotes(study: Study, sid: int, source: RefiSource, codes: dict[str, int],
            coders: dict[str, str], notes: dict[str, str], options: ImportOptions,
            report: _Report) -> None:
    """One quote per coded selection and coder (a selection coded by two coders is two
    quotes: each quote has one coder)."""
    assert source.text is not None
    for sel in source.selections:
        by_user: dict[str | None, list[int]] = defaultdict(list)
        if not sel.codings:  # an uncoded quote of an interviewcoder export
            by_user[sel.user_guid] = []
        for coding in sel.codings:
            if coding.code_guid in codes:
                by_user[coding.user_guid or sel.user_guid].append(codes[coding.code_guid])
        for n, (user, code_ids) in enumerate(by_user.items()):
            guid = sel.guid if n == 0 else derived_guid("selection", sel.guid, user)
            _quote(study, sid, source, sel, guid, tuple(sorted(set(code_ids))),
                   coders.get(user or "", options.coder), notes, report)


def _quote(study: Study, sid: int, source: RefiSource, sel: RefiSelection, guid: str,
           code_ids: tuple[int, ...], coder: str, notes: dict[str, str],
           report: _Report) -> None:
    assert source.text is not None
    existing = study.quotes.by_guid(guid)
    if existing is not None:
        missing = [c for c in code_ids if c not in existing.code_ids]
        study.quotes.link(existing.id, missing)
        report.codings_added += len(missing)
        report.quotes_matched += 1
        return
    parts = [sel.description] if sel.description.strip() else []
    parts += [notes[g] for g in sel.note_guids if g in notes and notes[g]]
    created = sel.created_at or next((c.created_at for c in sel.codings if c.created_at), None)
    created = created or now()
    study.quotes.insert(Quote(0, guid, sid, sel.start, sel.end, source.text[sel.start:sel.end],
                              coder, created, sel.modified_at or created, "\n\n".join(parts),
                              code_ids, "import"))
    report.quotes_added += 1


def _unattached_notes(project: RefiProject, report: _Report) -> None:
    attached = {g for c, _ in project.iter_codes() for g in c.note_guids}
    attached |= {g for s in project.sources for g in s.note_guids}
    attached |= {g for s in project.sources for sel in s.selections for g in sel.note_guids}
    loose = [n for n in project.notes if n.guid not in attached]
    if loose:
        report.problems.append(f"{len(loose)} note(s) attached to no code, source or selection "
                               f"were not kept (first: {loose[0].name or loose[0].guid})")
