"""Span helpers on plain strings: trimming and snapping selections to word boundaries."""

from __future__ import annotations


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch in "_'’-"


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words, then trim white space at both ends.

    A selection that starts or ends inside a word takes the whole word; one that is only
    white space collapses to an empty span at ``start``.
    """
    n = len(text)
    start = max(0, min(start, n))
    end = max(start, min(end, n))
    start, end = trim(text, start, end)
    if start == end:
        return start, start
    while start > 0 and _is_word(text[start - 1]) and _is_word(text[start]):
        start -= 1
    while end < n and _is_word(text[end - 1]) and _is_word(text[end]):
        end += 1
    return start, end


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


_SENTENCE_END = ".!?…"


def sentence_around(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    """The sentence(s) holding [start, end), kept within [lo, hi) (a turn): from just after
    the last sentence end (``.``, ``!``, ``?``, ``…`` then white space) before ``start``, to
    just after the first one at or after ``end``; white space trimmed. Plain rules, no NLP:
    good for widening a search hit to something worth coding."""
    hi = len(text) if hi is None else hi
    a = start
    while a > lo and not (text[a - 1].isspace() and a - 2 >= lo and text[a - 2] in _SENTENCE_END):
        a -= 1
    b = end
    while b < hi and not (text[b - 1] in _SENTENCE_END and (b == hi or text[b].isspace())):
        b += 1
    return trim(text, a, b)
