"""Turn a study's coded quotes into labelled sentences for the learned suggester (no spaCy)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# A sentence takes a quote's codes when the two overlap by at least this share of the shorter.
OVERLAP = 0.5


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    """One training example. ``group`` ties the sentences of one quote together, so a quote is
    held out whole when measuring precision and recall."""

    text: str
    labels: frozenset[str]
    group: str


@dataclass(frozen=True, slots=True)
class CodedSpan:
    quote_id: int
    start: int
    end: int
    labels: frozenset[str]


def label_sentences(
    text: str,
    sentences: Iterable[tuple[int, int]],
    quotes: Sequence[CodedSpan],
    source_key: str = "",
) -> list[LabelledSentence]:
    """Label each sentence with the codes of the quotes that cover it.

    A sentence no quote touches is a negative example (no labels); one a quote only grazes is
    left out, as it is neither clearly coded nor clearly not.
    """
    ordered = sorted(quotes, key=lambda q: q.start)
    out: list[LabelledSentence] = []
    for s, e in sentences:
        labels: set[str] = set()
        first_quote: int | None = None
        grazed = False
        for q in ordered:
            if q.start >= e:
                break
            overlap = min(e, q.end) - max(s, q.start)
            if overlap <= 0:
                continue
            if overlap >= OVERLAP * min(e - s, q.end - q.start):
                labels |= q.labels
                first_quote = q.quote_id if first_quote is None else first_quote
            else:
                grazed = True
        if labels:
            out.append(LabelledSentence(text[s:e], frozenset(labels), f"q{first_quote}"))
        elif not grazed:
            out.append(LabelledSentence(text[s:e], frozenset(), f"s{source_key}:{s}"))
    return out
