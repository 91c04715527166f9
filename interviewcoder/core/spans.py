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
