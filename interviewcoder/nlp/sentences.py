"""Sentence boundaries and snapping a selection to whole sentences."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from interviewcoder.core.errors import InvalidInput
from interviewcoder.nlp.pipelines import sentence_pipeline

# Snapping parses a window around the selection, not the whole (maybe 200,000-word) source.
WINDOW = 4000


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_spans(
    text: str, language: str = "en", installed: str | None = None, offset: int = 0
) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (whitespace trimmed), shifted by ``offset``."""
    nlp = sentence_pipeline(language, installed)
    doc = nlp(text)
    return list(_doc_sentences(doc, text, offset))


def _doc_sentences(doc: Any, text: str, offset: int) -> Iterator[tuple[int, int]]:
    for sent in doc.sents:
        s, e = _trim(text, sent.start_char, sent.end_char)
        if e > s:
            yield s + offset, e + offset


def sentence_spans_many(
    texts: Iterable[tuple[str, int]], language: str = "en", installed: str | None = None
) -> Iterator[list[tuple[int, int]]]:
    """Sentences of many (text, offset) pairs, streamed through ``nlp.pipe``."""
    nlp = sentence_pipeline(language, installed)
    for doc, offset in nlp.pipe(texts, as_tuples=True, batch_size=256):
        yield list(_doc_sentences(doc, doc.text, offset))


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """A stretch of ``text`` around [start, end) that begins and ends at line breaks if possible."""
    lo = max(0, start - WINDOW)
    nl = text.rfind("\n", lo, start)
    lo = nl + 1 if nl >= 0 else (0 if lo == 0 else _word_edge(text, lo))
    hi = min(len(text), end + WINDOW)
    nl = text.find("\n", end, hi)
    hi = nl if nl >= 0 else hi
    return lo, hi


def _word_edge(text: str, pos: int) -> int:
    while pos < len(text) and not text[pos].isspace():
        pos += 1
    return pos


def snap_to_sentences(
    text: str, start: int, end: int, language: str = "en", installed: str | None = None
) -> tuple[int, int]:
    """Widen [start, end) to the sentences it touches; whitespace at the edges is left out.

    A selection of whitespace only, or one outside any sentence, is returned unchanged.
    """
    if not 0 <= start <= end <= len(text):
        raise InvalidInput(f"selection {start}-{end} is outside the text (0-{len(text)})")
    lo, hi = _window(text, start, end)
    spans = sentence_spans(text[lo:hi], language, installed, offset=lo)
    touched = [(s, e) for s, e in spans if s < max(end, start + 1) and e > start]
    if not touched:
        return start, end
    return touched[0][0], touched[-1][1]
