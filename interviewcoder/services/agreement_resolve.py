"""Resolving a disagreement: accept one coder's version of a code on a unit.

Every other compared coder's coding of that code on the unit becomes the accepted coder's:

- the accepted coder gave it, another did not: that coder gets a quote with the code on the
  part of the unit the accepted coder's quotes cover (origin ``accepted``, memo naming whose
  version it is);
- another coder gave it, the accepted coder did not: the code leaves that coder's quotes on
  the unit; where a quote reaches beyond the unit, the part outside keeps the code (a new
  quote of that coder with the same memo and creation time), so nothing else changes.

It is one ``Composite`` of the ordinary coding operations: one undo step, logged.
``AcceptVersions`` does it for several units in one step, each planned after the one before
has been applied (two units may share a quote).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from interviewcoder.core.errors import InvalidInput
from interviewcoder.core.types import Quote
from interviewcoder.services.agreement import Disagreement
from interviewcoder.services.coding import AddQuote, RemoveQuote, Retag
from interviewcoder.services.operations import Applied, Changes, Composite, Operation, execute
from interviewcoder.store import Study
from interviewcoder.store import coder_queries as sql

ORIGIN = "accepted"


def _quotes(study: Study, spans: Sequence[tuple[int, int, int]], coder: str,
            code_id: int) -> list[Quote]:
    found: dict[int, Quote] = {}
    for sid, start, end in spans:
        for row in sql.quotes_in(study.db, sid, start, end, coder, code_id):
            q = study.quotes.get(row["id"])
            if q is not None:
                found[q.id] = q
    return sorted(found.values(), key=lambda q: (q.source_id, q.start, q.id))


def _merge(pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(pieces):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _outside(start: int, end: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """[start, end) minus the holes."""
    out, pos = [], start
    for a, b in _merge(holes):
        if b <= pos or a >= end:
            continue
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < end:
        out.append((pos, end))
    return out


def accept_version(study: Study, d: Disagreement, accepted: str, coders: Sequence[str]) -> Operation:
    """The undoable operation that makes every other coder's coding of ``d``'s code on ``d``'s
    unit the same as ``accepted``'s."""
    if accepted not in coders:
        raise InvalidInput(f"{accepted!r} is not one of the compared coders")
    code = study.codes.get(d.code_id)
    if code is None:
        raise InvalidInput(f"no code with id {d.code_id}")
    texts: dict[int, str] = {}

    def text(sid: int) -> str:
        if sid not in texts:
            texts[sid] = study.sources.text(sid)
        return texts[sid]

    winner = _quotes(study, d.spans, accepted, code.id)
    ops: list[Operation] = []
    for other in coders:
        if other == accepted:
            continue
        theirs = _quotes(study, d.spans, other, code.id)
        if winner and not theirs:
            for sid, start, end in d.spans:
                pieces = [(max(q.start, start), min(q.end, end)) for q in winner
                          if q.source_id == sid and q.start < end and q.end > start]
                for a, b in _merge(pieces):
                    ops.append(AddQuote(sid, a, b, (code.id,), f"accepted from {accepted}'s coding",
                                        ORIGIN, coder=other))
        elif theirs and not winner:
            for q in theirs:
                holes = [(a, b) for sid, a, b in d.spans if sid == q.source_id]
                ops.append(RemoveQuote(q.id) if q.code_ids == (code.id,)
                           else Retag(q.id, remove=(code.id,)))
                for a, b in _outside(q.start, q.end, holes):
                    if text(q.source_id)[a:b].strip():
                        ops.append(AddQuote(q.source_id, a, b, (code.id,), q.memo, q.origin,
                                            coder=other, created_at=q.created_at))
    if not ops:
        raise InvalidInput("the coders already agree here")
    return Composite(tuple(ops), f"Accept {accepted}'s coding of {code.name}")


@dataclass(frozen=True)
class AcceptVersions(Operation):
    """Accept ``accepted``'s version on several disagreements as one undo step."""

    disagreements: tuple[Disagreement, ...]
    accepted: str
    coders: tuple[str, ...]
    action = "accept_version"

    @property
    def label(self) -> str:
        return f"Accept {self.accepted}'s version"

    def target(self) -> str:
        codes = sorted({d.code_id for d in self.disagreements})
        return "code:" + ",".join(str(c) for c in codes)

    def detail(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "coders": list(self.coders),
                "units": [[d.source_id, d.start, d.end] for d in self.disagreements]}

    def run(self, study: Study, coder: str) -> Applied:
        changes = Changes()
        inverses: list[Operation] = []
        for d in self.disagreements:
            try:
                op = accept_version(study, d, self.accepted, self.coders)
            except InvalidInput:
                if len(self.disagreements) == 1:
                    raise
                continue  # agreed already (an earlier unit's change covered it)
            applied = op.run(study, coder)
            changes |= applied.changes
            inverses.append(applied.inverse)
        if not inverses:
            raise InvalidInput("the coders already agree on these units")
        return Applied(changes, Composite(tuple(reversed(inverses)), self.label))


def accept(study: Study, disagreements: Sequence[Disagreement], accepted: str,
           coders: Sequence[str], coder: str) -> Applied:
    """Accept ``accepted``'s version on the disagreements now (one transaction, logged)."""
    return execute(study, AcceptVersions(tuple(disagreements), accepted, tuple(coders)), coder)
