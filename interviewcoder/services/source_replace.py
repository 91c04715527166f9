"""Replace a source's text with a corrected transcript, keeping its quotes.

``plan`` reads the corrected file as an import would (turns, speakers), re-anchors every quote
onto the new text (``core.reanchor``) and works out each new turn's role and participant: the
same speaker label as before keeps its person; a corrected label keeps the person whose words
the turn holds; a speaker new to the source is reported and becomes a new participant. Nothing is
written. ``apply`` then stores the plan in one transaction, as one undoable operation, once the
researcher has decided about every quote that could not be placed with confidence (accept the
candidate, move it to a span, or delete it). The old text, turns and quote spans are kept in the
study's source history, so the replacement can be undone exactly, now or later.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from interviewcoder.core.errors import ImportFailed, InvalidInput, NotFound
from interviewcoder.core.reanchor import REVIEW, Alignment, Span, align, place
from interviewcoder.core.types import ParsedTranscript, Quote, Role, SourceKind, Turn
from interviewcoder.importers import isolated
from interviewcoder.importers.base import ReadLimits
from interviewcoder.services.identity import interviewer_reason, match_participant
from interviewcoder.services.importing import file_sha256
from interviewcoder.services.operations import Applied, Changes, Operation, execute
from interviewcoder.store import Study, now

ACCEPT, DELETE, MOVE = "accept", "delete", "move"


@dataclass(frozen=True)
class QuoteMove:
    quote_id: int
    status: str  # same | moved | review
    old_start: int
    old_end: int
    old_text: str
    start: int | None  # where it goes, or (review) the best candidate
    end: int | None
    text: str  # the new text at start..end ("" when there is no candidate)
    codes: tuple[int, ...]
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"quote": self.quote_id, "status": self.status, "old": [self.old_start, self.old_end],
                "old_text": self.old_text, "new": None if self.start is None else [self.start, self.end],
                "new_text": self.text, "codes": list(self.codes), "reason": self.reason}


@dataclass(frozen=True)
class SpeakerMap:
    speaker: str | None
    role: Role
    participant_id: int | None
    participant: str | None  # its name (for a new participant: the name it will get)
    how: str  # same label | same words | new speaker | interviewer by name

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "role": self.role.value, "participant": self.participant,
                "how": self.how}


@dataclass(frozen=True)
class Plan:
    source_id: int
    file: str
    format: str
    sha256: str
    text: str
    turns: tuple[tuple[int, int, str | None, int | None], ...]  # start, end, speaker, start_ms
    speakers: tuple[SpeakerMap, ...]
    moves: tuple[QuoteMove, ...]

    @property
    def review(self) -> list[QuoteMove]:
        return [m for m in self.moves if m.status == REVIEW]

    def to_dict(self) -> dict[str, Any]:
        counts = Counter(m.status for m in self.moves)
        return {"source": self.source_id, "file": self.file, "format": self.format,
                "turns": len(self.turns), "words": len(self.text.split()),
                "quotes": {"same": counts["same"], "moved": counts["moved"],
                           "review": counts["review"]},
                "speakers": [s.to_dict() for s in self.speakers],
                "review": [m.to_dict() for m in self.review],
                "placed": [m.to_dict() for m in self.moves if m.status != REVIEW]}


def plan(study: Study, source_id: int, path: str | Path, *, fmt: str = "auto",
         limits: ReadLimits | None = None) -> Plan:
    """Everything a replacement would do, without writing anything."""
    source = study.sources.get(source_id)
    if source is None:
        raise NotFound(f"no source with id {source_id}")
    if source.kind != SourceKind.INTERVIEW:
        raise InvalidInput(f"source {source_id} is a survey question: re-import the survey to "
                           "add answers (answers already imported do not change)")
    path = Path(path)
    if study.is_own_file(path):
        raise InvalidInput(f"{path}: that is the study itself, not a transcript")
    importer, parsed = isolated.read(path, fmt, limits=limits)  # zip formats in a helper
    if not isinstance(parsed, ParsedTranscript):
        raise ImportFailed(path.name, "is a survey export, not a transcript")
    if not parsed.text.strip():
        raise ImportFailed(path.name, "has no text")
    sha256 = file_sha256(path, limits or ReadLimits())
    old_text = study.sources.text(source_id)
    if parsed.text == old_text:
        raise InvalidInput(f"{path.name} has the same text as source {source_id}: nothing to replace")
    alignment = align(old_text, parsed.text)
    spans = [Span(*q) for q in study.quotes.spans_of_source(source_id)]
    moves = tuple(_move(s, p, parsed.text, study) for s, p in zip(spans, place(alignment, spans),
                                                                   strict=True))
    old_turns = study.sources.turns(source_id)
    turns = tuple((t.start, t.end, t.speaker, t.start_ms) for t in parsed.turns)
    speakers = tuple(_speakers(study, old_turns, parsed, alignment))
    return Plan(source_id, path.name, parsed.format or importer.name, sha256, parsed.text, turns,
                speakers, moves)


def _move(s: Span, p: Any, new_text: str, study: Study) -> QuoteMove:
    text = new_text[p.start:p.end] if p.start is not None else ""
    # Codes only where the researcher will look at them: the quotes under review.
    codes = study.quotes.get(s.key).code_ids if p.status == REVIEW else ()  # type: ignore[union-attr]
    return QuoteMove(s.key, p.status, s.start, s.end, s.text, p.start, p.end, text, codes, p.reason)


def _speakers(study: Study, old_turns: list[Turn], parsed: ParsedTranscript,
              alignment: Alignment) -> list[SpeakerMap]:
    by_label: dict[str | None, Counter[tuple[Role, int | None]]] = {}
    for t in old_turns:
        by_label.setdefault(t.speaker, Counter())[(t.role, t.participant_id)] += t.end - t.start
    out: list[SpeakerMap] = []
    names: dict[str, str] | None = None
    for speaker in dict.fromkeys(t.speaker for t in parsed.turns):
        if speaker in by_label:
            role, pid = by_label[speaker].most_common(1)[0][0]
            out.append(_speaker_map(study, speaker, role, pid, "same label"))
            continue
        words: Counter[tuple[Role, int | None]] = Counter()
        for t in parsed.turns:
            if t.speaker != speaker:
                continue
            for pos in range(t.start, t.end):
                old = alignment.map_new(pos)
                if old is not None:
                    owner = _turn_at(old_turns, old)
                    if owner is not None:
                        words[(owner.role, owner.participant_id)] += 1
        if words:
            role, pid = words.most_common(1)[0][0]
            out.append(_speaker_map(study, speaker, role, pid, "same words"))
        elif speaker and interviewer_reason(speaker):
            out.append(SpeakerMap(speaker, Role.INTERVIEWER, None, None, "interviewer by name"))
        else:
            # A speaker new to the source: a new participant, never joined silently to someone
            # of the same name elsewhere (the identity rules of every import).
            if names is None:
                names = {p.name.casefold(): p.name for p in study.participants.list()}
            match = match_participant(speaker or parsed.title, title=parsed.title, existing=names)
            how = "new speaker"
            if match.suggestion is not None:
                how += f" (possibly {match.suggestion.name}: {match.suggestion.reason})"
            out.append(SpeakerMap(speaker, Role.PARTICIPANT, None, match.choice.name, how))
            names[match.choice.name.casefold()] = match.choice.name
    return out


def _speaker_map(study: Study, speaker: str | None, role: Role, pid: int | None, how: str) -> SpeakerMap:
    person = study.participants.get(pid) if pid is not None else None
    return SpeakerMap(speaker, role, pid, person.name if person else None, how)


def _turn_at(turns: list[Turn], pos: int) -> Turn | None:
    for t in turns:  # turns are few next to characters; a source has hundreds at most
        if t.start <= pos < t.end:
            return t
    return None


def decide(plan_: Plan, decisions: dict[int, tuple[Any, ...]]) -> dict[int, tuple[int, int] | None]:
    """Every quote's final span (None: delete it), after the researcher's decisions about the
    quotes under review: ``(ACCEPT,)``, ``(DELETE,)`` or ``(MOVE, start, end)``."""
    spans: dict[int, tuple[int, int] | None] = {}
    undecided = []
    for m in plan_.moves:
        if m.status != REVIEW:
            spans[m.quote_id] = (m.start, m.end)  # type: ignore[assignment]
            continue
        choice = decisions.get(m.quote_id)
        if choice is None:
            undecided.append(m.quote_id)
        elif choice[0] == ACCEPT:
            if m.start is None:
                raise InvalidInput(f"quote {m.quote_id} has no candidate to accept: move or delete it")
            spans[m.quote_id] = (m.start, m.end)  # type: ignore[assignment]
        elif choice[0] == DELETE:
            spans[m.quote_id] = None
        elif choice[0] == MOVE:
            start, end = int(choice[1]), int(choice[2])
            if not (0 <= start < end <= len(plan_.text)):
                raise InvalidInput(f"quote {m.quote_id}: {start}..{end} is not a span of the new "
                                   f"text (0..{len(plan_.text)})")
            spans[m.quote_id] = (start, end)
        else:
            raise InvalidInput(f"quote {m.quote_id}: unknown decision {choice[0]!r}")
    if undecided:
        listed = ", ".join(str(q) for q in undecided[:12]) + (" …" if len(undecided) > 12 else "")
        raise InvalidInput(f"{len(undecided)} quotes need a decision before the text is replaced "
                           f"(quotes {listed}): accept, move or delete each")
    return spans


def operation(plan_: Plan, decisions: dict[int, tuple[Any, ...]]) -> SetSourceState:
    """The undoable operation that stores a plan, once every quote under review is decided."""
    spans = decide(plan_, decisions)
    people: dict[str | None, tuple[Role, int | None, str | None]] = {
        s.speaker: (s.role, s.participant_id, s.participant) for s in plan_.speakers}
    turns = []
    for n, (a, b, who, ms) in enumerate(plan_.turns):
        role, pid, name = people[who]
        fresh = name if pid is None and role == Role.PARTICIPANT else None
        turns.append({"ord": n, "start": a, "end": b, "speaker": who, "role": role.value,
                      "participant_id": pid, "new_participant": fresh, "start_ms": ms})
    return SetSourceState(
        plan_.source_id, plan_.text, plan_.sha256, json.dumps(turns),
        tuple((q, s[0], s[1]) for q, s in spans.items() if s is not None),
        tuple(q for q, s in spans.items() if s is None), (), plan_.file)


def apply(study: Study, plan_: Plan, decisions: dict[int, tuple[Any, ...]], coder: str) -> Applied:
    """Store a plan: the new text, turns and quote spans in one transaction, one undo step."""
    return execute(study, operation(plan_, decisions), coder)


@dataclass(frozen=True)
class SetSourceState(Operation):
    """Give a source a text, turns and quote spans (a corrected transcript, or undoing one).

    ``turns_json`` is a JSON list of turn dicts; ``spans`` sets quotes' offsets on the new text;
    ``delete`` removes quotes; ``restore`` re-creates quotes removed by an earlier replacement.
    The text the source had is kept in the source history; the inverse restores it exactly.
    """

    source_id: int
    text: str
    sha256: str
    turns_json: str
    spans: tuple[tuple[int, int, int], ...]
    delete: tuple[int, ...] = ()
    restore: tuple[Quote, ...] = field(default=())
    file: str = ""
    action = "replace_source_text"

    @property
    def label(self) -> str:
        return "Replace source text"

    def target(self) -> str:
        return f"source:{self.source_id}"

    def detail(self) -> dict[str, Any]:
        return {"file": self.file, "sha256": self.sha256, "quotes_moved": len(self.spans),
                "quotes_deleted": list(self.delete), "quotes_restored": [q.id for q in self.restore]}

    def run(self, study: Study, coder: str) -> Applied:
        sid = self.source_id
        if study.sources.get(sid) is None:
            raise NotFound(f"no source with id {sid}")
        old_text = study.sources.text(sid)
        old_sha = study.sources.get(sid).sha256  # type: ignore[union-attr]
        old_turns = [{"ord": t.ord, "start": t.start, "end": t.end, "speaker": t.speaker,
                      "role": t.role.value, "participant_id": t.participant_id,
                      "start_ms": t.start_ms} for t in study.sources.turns(sid)]
        spans = {q[0]: q for q in study.quotes.spans_of_source(sid)}
        gone = set(self.delete)
        removed = [q for q in (study.quotes.get(qid) for qid in self.delete if qid in spans) if q]
        kept = [(qid, a, b) for qid, a, b, _ in spans.values() if qid not in gone]
        # the quotes this change deletes are kept whole, so that a restore brings them back
        study.source_history.add(sid, now(), coder, old_sha, old_text,
                                 {"turns": old_turns, "quotes": [list(k) for k in kept],
                                  "deleted": [_quote_record(q) for q in removed]})
        study.source_history.replace_text(sid, self.text, self.sha256)
        study.sources.delete_turns(sid)
        turns, made = _materialise(study, json.loads(self.turns_json))
        study.sources.add_turns(sid, turns)
        stamp = now()
        study.quotes.set_spans((a, b, self.text[a:b], stamp, qid) for qid, a, b in self.spans
                               if qid in spans)
        for q in removed:
            study.quotes.delete(q.id)
        for q in self.restore:
            study.quotes.insert(replace(q, text=self.text[q.start:q.end]))
        inverse = SetSourceState(sid, old_text, old_sha, json.dumps(old_turns), tuple(kept),
                                 tuple(q.id for q in self.restore), tuple(removed),
                                 f"the text before {self.file or 'the replacement'}")
        touched = set(spans) | {q.id for q in self.restore}
        pids = {t["participant_id"] for t in old_turns + turns if t.get("participant_id")}
        result = {"source": sid, "participants_created": made,
                  "quotes_restored": [q.id for q in self.restore]}
        return Applied(Changes(quotes=frozenset(touched), participants=frozenset(pids),
                               sources=frozenset({sid})), inverse, result)


def _materialise(study: Study, turns: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """Turn dicts ready to store: a speaker new to the source gets its participant now."""
    made: dict[str, int] = {}
    out = []
    for t in turns:
        name = t.pop("new_participant", None)
        if name:
            if name not in made:
                if study.participants.by_name(name) is not None:  # taken since the plan was made
                    raise InvalidInput(f"a participant named {name!r} was added meanwhile: "
                                       "plan the replacement again")
                made[name] = study.participants.add(name, created_at=now())
            t["participant_id"] = made[name]
        t["role"] = Role(t["role"])
        out.append(t)
    return out, sorted(made)


def version_text(study: Study, source_id: int, version_id: int) -> str:
    """The text one kept version of the source had."""
    kept = study.source_history.get(version_id)
    if kept is None or kept[0] != source_id:
        raise NotFound(f"source {source_id} has no earlier version {version_id}")
    return kept[2]


def versions(study: Study, source_id: int) -> list[dict[str, Any]]:
    """The earlier texts a source had, newest last."""
    return [{"version": v.id, "replaced_at": v.replaced_at, "coder": v.coder, "chars": v.chars,
             "sha256": v.sha256} for v in study.source_history.versions(source_id)]


def restore(study: Study, source_id: int, version_id: int, coder: str) -> Applied:
    """Put back a text the source had before (``restore_operation``), as one undo step; the
    result also lists the deleted quotes that could not come back."""
    op, lost = restore_operation(study, source_id, version_id)
    applied = execute(study, op, coder)
    applied.result["quotes_not_restored"] = lost
    return applied


def restore_operation(study: Study, source_id: int, version_id: int,
                      ) -> tuple[SetSourceState, list[dict[str, Any]]]:
    """The change that puts back a text the source had before: its turns, the quote spans it
    had then, and the quotes the replacement deleted (``_deleted_quotes``); and the deleted
    quotes that cannot come back, to report.

    Quotes made since cannot be placed exactly on the old text: they are re-anchored like any
    replacement and must all land; otherwise nothing changes and the quotes are named."""
    kept = study.source_history.get(version_id)
    if kept is None or kept[0] != source_id:
        raise NotFound(f"source {source_id} has no earlier version {version_id}")
    _, sha256, text, state = kept
    spans = {q: (a, b) for q, a, b in state["quotes"]}
    current = study.quotes.for_source(source_id)
    later = [q for q in current if q.id not in spans]
    if later:
        alignment = align(study.sources.text(source_id), text)
        for p in place(alignment, [Span(q.id, q.start, q.end, q.text) for q in later]):
            if not p.placed:
                raise InvalidInput(f"quote {p.key} was made after version {version_id} and cannot "
                                   "be placed on that text; edit or delete it first")
            spans[p.key] = (p.start, p.end)  # type: ignore[assignment]
    alive = {q.id for q in current}
    back, lost = _deleted_quotes(study, source_id, state.get("deleted", []))
    op = SetSourceState(source_id, text, sha256, json.dumps(state["turns"]),
                        tuple((q, a, b) for q, (a, b) in spans.items() if q in alive), (),
                        tuple(back), f"version {version_id}")
    return op, lost


def _quote_record(q: Quote) -> dict[str, Any]:
    """A quote as the source history keeps it (its text is the kept text's, at its span)."""
    return {"id": q.id, "guid": q.guid, "start": q.start, "end": q.end, "coder": q.coder,
            "created_at": q.created_at, "modified_at": q.modified_at, "memo": q.memo,
            "codes": list(q.code_ids), "origin": q.origin}


def _deleted_quotes(study: Study, source_id: int, records: list[dict[str, Any]],
                    ) -> tuple[list[Quote], list[dict[str, Any]]]:
    """The quotes a replacement deleted, to make again on the text it replaced: those not
    back already (an undo), with the codes that still exist, under their old id when it is
    free. A quote whose every code was deleted since is not made (a quote has a code): it is
    returned in the second list, to report."""
    back: list[Quote] = []
    lost: list[dict[str, Any]] = []
    # a quote whose id was taken since gets one above every id in use and every id kept here
    next_id = max([study.quotes.max_id(), *(r["id"] for r in records)], default=0) + 1
    for r in records:
        if study.quotes.by_guid(r["guid"]) is not None:
            continue
        codes = tuple(c for c in r["codes"] if study.codes.get(c) is not None)
        if not codes:
            lost.append({"guid": r["guid"], "start": r["start"], "end": r["end"],
                         "reason": "its codes were deleted since"})
            continue
        qid = r["id"]
        if study.quotes.get(qid) is not None:
            qid, next_id = next_id, next_id + 1
        back.append(Quote(qid, r["guid"], source_id, r["start"], r["end"], "", r["coder"],
                          r["created_at"], r["modified_at"], r["memo"], codes,
                          r.get("origin", "manual")))
    return back, lost
