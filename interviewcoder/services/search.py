"""Search every source: keyword-in-context hits, and coding a set of hits in one step.

``search(study, query, ...)`` runs an FTS5 query over every turn (store/search.py) and gives
one ``Hit`` per match: where it is, who said it, and the words either side of it, as a
concordance shows them. ``code_hits`` turns chosen hits into one undoable operation that
codes each hit (or the sentence or turn around it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from interviewcoder.core.errors import InvalidInput
from interviewcoder.core.spans import sentence_around, snap_to_words, trim
from interviewcoder.services.coding import AddQuote, Retag
from interviewcoder.services.operations import Composite, Operation
from interviewcoder.store import Study
from interviewcoder.store import search as index

CONTEXT = 60  # characters of context either side of a hit
SPANS = ("hit", "sentence", "turn")


@dataclass(frozen=True)
class Hit:
    source_id: int
    source: str
    kind: str
    turn_id: int
    turn_start: int
    turn_end: int
    speaker: str | None
    role: str
    participant: str | None
    outcome: str | None
    persona: str | None
    start: int  # the match, as source offsets
    end: int
    left: str  # context before the match (within its turn), on one line
    match: str
    right: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class SearchResults:
    query: str
    hits: list[Hit]
    turns: int  # turns that match in all (more than shown when ``truncated``)
    truncated: bool

    @property
    def capped(self) -> bool:
        """The count stopped at ``COUNT_CAP``: at least that many turns match."""
        return self.turns >= index.COUNT_CAP

    def turns_text(self) -> str:
        n = f"{self.turns:,}" + ("+" if self.capped else "")
        return f"{n} turn{'s' if self.turns != 1 else ''}"

    def as_dict(self) -> dict[str, object]:
        return {"query": self.query, "turns": self.turns, "turns_capped": self.capped,
                "truncated": self.truncated, "hits": [h.as_dict() for h in self.hits]}


def search(study: Study, query: str, *, outcome: str | None = None, persona: str | None = None,
           role: str | None = None, kind: str | None = None, limit: int = 200,
           context: int = CONTEXT) -> SearchResults:
    """Hits of ``query`` in every source, in study order; at most ``limit`` turns' worth."""
    if limit < 1:
        raise InvalidInput("the limit must be at least 1")
    turns, total = index.search(study.db, query, outcome=outcome, persona=persona, role=role,
                                kind=kind, limit=limit)
    hits = []
    for t in turns:
        for a, b in t.matches:
            la, lb = a - t.start, b - t.start
            hits.append(Hit(t.source_id, t.source, t.kind, t.turn_id, t.start, t.end, t.speaker,
                            t.role, t.participant, t.outcome, t.persona, a, b,
                            _left(t.text, la, context), _line(t.text[la:lb]),
                            _right(t.text, lb, context)))
    return SearchResults(" ".join(query.split()), hits, total, total > len(turns))


def _line(text: str) -> str:
    return " ".join(text.split())


def _left(text: str, at: int, context: int) -> str:
    a = max(0, at - context)
    if a > 0:  # start on a word
        space = text.find(" ", a, at)
        a = space + 1 if space >= 0 else a
    out = _line(text[a:at])
    if text[at - 1:at].isspace() and out:
        out += " "
    return ("…" if a > 0 else "") + out


def _right(text: str, at: int, context: int) -> str:
    b = min(len(text), at + context)
    if b < len(text):
        space = text.rfind(" ", at, b)
        b = space if space > at else b
    out = _line(text[at:b])
    if text[at:at + 1].isspace() and out:
        out = " " + out
    return out + ("…" if b < len(text) else "")


def hit_span(study: Study, hit: Hit, span: str = "sentence") -> tuple[int, int]:
    """The span to code for a hit: the hit itself (whole words), its sentence, or its turn."""
    if span not in SPANS:
        raise InvalidInput(f"unknown span {span!r} (one of {', '.join(SPANS)})")
    if span == "turn":
        text = study.sources.text_span(hit.source_id, hit.turn_start, hit.turn_end)
        a, b = trim(text, 0, len(text))
        return hit.turn_start + a, hit.turn_start + b
    text = study.sources.text_span(hit.source_id, hit.turn_start, hit.turn_end)
    a, b = hit.start - hit.turn_start, hit.end - hit.turn_start
    a, b = snap_to_words(text, a, b) if span == "hit" else sentence_around(text, a, b)
    return hit.turn_start + a, hit.turn_start + b


def code_hits(study: Study, hits: list[Hit], code_ids: tuple[int, ...],
              span: str = "sentence") -> Operation:
    """One operation (one undo step) that codes every hit: a new quote for each distinct span,
    or the codes added to a quote that already has exactly that span."""
    if not hits:
        raise InvalidInput("no search results chosen to code")
    if not code_ids:
        raise InvalidInput("choose a code to apply to the search results")
    spans = list(dict.fromkeys((h.source_id, *hit_span(study, h, span)) for h in hits))
    ops: list[Operation] = []
    for source_id, start, end in spans:
        same = next((q for q in study.quotes.for_source(source_id)
                     if q.start == start and q.end == end), None)
        if same is None:
            ops.append(AddQuote(source_id, start, end, tuple(code_ids), origin="search"))
        elif set(code_ids) - set(same.code_ids):
            ops.append(Retag(same.id, add=tuple(c for c in code_ids if c not in same.code_ids)))
    n = len(spans)
    return Composite(tuple(ops), f"Code {n} search result{'s' if n != 1 else ''}")
