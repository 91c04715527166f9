"""Coding: add, remove, retag and edit quotes, each an undoable operation."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from interviewcoder.core.errors import InvalidInput, NotFound
from interviewcoder.core.types import Quote, Role
from interviewcoder.services.operations import Applied, Changes, Composite, Operation, execute
from interviewcoder.store import Study, now
from interviewcoder.store.checks import overlapping_turns


def _quote(study: Study, quote_id: int) -> Quote:
    q = study.quotes.get(quote_id)
    if q is None:
        raise NotFound(f"no quote with id {quote_id}")
    return q


def _check_span(study: Study, source_id: int, start: int, end: int) -> None:
    if study.sources.get(source_id) is None:
        raise NotFound(f"no source with id {source_id}")
    length = study.sources.text_length(source_id)
    if not (0 <= start < end <= length):
        raise InvalidInput(
            f"offsets {start}..{end} are not a span of source {source_id} (0..{length})"
        )


def _check_codes(study: Study, code_ids: tuple[int, ...]) -> None:
    for cid in code_ids:
        if study.codes.get(cid) is None:
            raise NotFound(f"no code with id {cid}")


@dataclass(frozen=True)
class AddQuote(Operation):
    source_id: int
    start: int
    end: int
    code_ids: tuple[int, ...]
    memo: str = ""
    origin: str = "manual"
    # Set when re-creating a removed quote (undo), so it comes back exactly as it was.
    quote_id: int = 0
    guid: str = ""
    coder: str = ""
    created_at: str = ""
    action = "add_quote"

    def target(self) -> str:
        return f"source:{self.source_id}"

    def detail(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "codes": list(self.code_ids)}

    def run(self, study: Study, coder: str) -> Applied:
        _check_span(study, self.source_id, self.start, self.end)
        if not self.code_ids:
            raise InvalidInput("a quote needs at least one code")
        _check_codes(study, self.code_ids)
        stamp = now()
        quote = Quote(
            id=self.quote_id,
            guid=self.guid or str(uuid.uuid4()),
            source_id=self.source_id,
            start=self.start,
            end=self.end,
            text=study.sources.text_span(self.source_id, self.start, self.end),
            coder=self.coder or coder,
            created_at=self.created_at or stamp,
            modified_at=stamp,
            memo=self.memo,
            code_ids=tuple(self.code_ids),
            origin=self.origin,
        )
        qid = study.quotes.insert(quote)
        return Applied(
            Changes(quotes=frozenset({qid}), codes=frozenset(self.code_ids),
                    sources=frozenset({self.source_id})),
            RemoveQuote(qid),
            qid,
        )


@dataclass(frozen=True)
class RemoveQuote(Operation):
    quote_id: int
    action = "remove_quote"

    def target(self) -> str:
        return f"quote:{self.quote_id}"

    def run(self, study: Study, coder: str) -> Applied:
        q = _quote(study, self.quote_id)
        study.quotes.delete(q.id)
        inverse = AddQuote(q.source_id, q.start, q.end, q.code_ids, q.memo, q.origin,
                           q.id, q.guid, q.coder, q.created_at)
        return Applied(
            Changes(quotes=frozenset({q.id}), codes=frozenset(q.code_ids),
                    sources=frozenset({q.source_id})),
            inverse,
            q.id,
        )


@dataclass(frozen=True)
class Retag(Operation):
    """Add and/or remove codes of one quote."""

    quote_id: int
    add: tuple[int, ...] = ()
    remove: tuple[int, ...] = ()
    action = "retag_quote"

    def target(self) -> str:
        return f"quote:{self.quote_id}"

    def detail(self) -> dict[str, object]:
        return {"add": list(self.add), "remove": list(self.remove)}

    def run(self, study: Study, coder: str) -> Applied:
        q = _quote(study, self.quote_id)
        _check_codes(study, self.add)
        have = set(q.code_ids)
        added = tuple(c for c in dict.fromkeys(self.add) if c not in have)
        removed = tuple(c for c in dict.fromkeys(self.remove) if c in have and c not in added)
        if not (have | set(added)) - set(removed):
            raise InvalidInput("a quote needs at least one code; delete the quote instead")
        study.quotes.link(q.id, added)
        study.quotes.unlink(q.id, removed)
        study.quotes.update(replace(q, modified_at=now()))
        return Applied(
            Changes(quotes=frozenset({q.id}), codes=frozenset(added + removed),
                    sources=frozenset({q.source_id})),
            Retag(q.id, add=removed, remove=added),
        )


@dataclass(frozen=True)
class EditQuote(Operation):
    """Change a quote's span and/or memo (None leaves a field as it is)."""

    quote_id: int
    start: int | None = None
    end: int | None = None
    memo: str | None = None
    action = "edit_quote"

    def target(self) -> str:
        return f"quote:{self.quote_id}"

    def detail(self) -> dict[str, object]:
        return {k: v for k, v in (("start", self.start), ("end", self.end), ("memo", self.memo))
                if v is not None}

    def run(self, study: Study, coder: str) -> Applied:
        q = _quote(study, self.quote_id)
        start = q.start if self.start is None else self.start
        end = q.end if self.end is None else self.end
        _check_span(study, q.source_id, start, end)
        text = study.sources.text_span(q.source_id, start, end)
        memo = q.memo if self.memo is None else self.memo
        study.quotes.update(replace(q, start=start, end=end, text=text, memo=memo, modified_at=now()))
        return Applied(
            Changes(quotes=frozenset({q.id}), codes=frozenset(q.code_ids),
                    sources=frozenset({q.source_id})),
            EditQuote(q.id, q.start, q.end, q.memo),
        )


def add_quote(study: Study, source_id: int, start: int, end: int, code_ids: list[int],
              coder: str, memo: str = "", origin: str = "manual") -> Applied:
    """Add one quote with its codes. ``Applied.result`` is the new quote's id."""
    return execute(study, AddQuote(source_id, start, end, tuple(code_ids), memo, origin), coder)


def remove_quote(study: Study, quote_id: int, coder: str) -> Applied:
    return execute(study, RemoveQuote(quote_id), coder)


def retag(study: Study, quote_id: int, coder: str, add: list[int] | None = None,
          remove: list[int] | None = None) -> Applied:
    return execute(study, Retag(quote_id, tuple(add or ()), tuple(remove or ())), coder)


def edit_quote(study: Study, quote_id: int, coder: str, *, start: int | None = None,
               end: int | None = None, memo: str | None = None) -> Applied:
    return execute(study, EditQuote(quote_id, start, end, memo), coder)


# --- quotes across a speaker change -----------------------------------------------------------


@dataclass(frozen=True)
class TurnPiece:
    """The part of a span inside one turn."""

    ord: int
    start: int
    end: int
    speaker: str | None
    role: str
    participant_id: int | None

    @property
    def voice(self) -> tuple[str | None, str, int | None]:
        return (self.speaker, self.role, self.participant_id)


def turn_pieces(study: Study, source_id: int, start: int, end: int) -> list[TurnPiece]:
    """The span cut at the turn boundaries, each piece without surrounding white space."""
    out = []
    for ord_, t_start, t_end, speaker, role, pid in overlapping_turns(study.db, source_id, start, end):
        a, b = max(start, t_start), min(end, t_end)
        text = study.sources.text_span(source_id, a, b)
        lead, trail = len(text) - len(text.lstrip()), len(text) - len(text.rstrip())
        if b - trail > a + lead:
            out.append(TurnPiece(ord_, a + lead, b - trail, speaker, role, pid))
    return out


def crosses_speakers(pieces: list[TurnPiece]) -> bool:
    """Whether the pieces belong to more than one speaker (a speaker change)."""
    return len({p.voice for p in pieces}) > 1


def split_at_turns(study: Study, quote_id: int) -> Operation | None:
    """One undoable operation replacing a quote across a speaker change by one quote per
    participant turn it overlaps (same codes, memo and origin; the interviewer's words left
    out), or None when the quote does not cross a speaker change."""
    q = _quote(study, quote_id)
    pieces = turn_pieces(study, q.source_id, q.start, q.end)
    keep = [p for p in pieces if p.role != Role.INTERVIEWER]
    if not crosses_speakers(pieces) or not keep:
        return None
    adds = tuple(AddQuote(q.source_id, p.start, p.end, q.code_ids, q.memo, q.origin) for p in keep)
    return Composite((RemoveQuote(q.id), *adds), "Split quote at turns")
