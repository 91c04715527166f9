"""Re-anchor quotes from a source's old text onto its corrected text.

``align(old, new)`` finds the runs of characters the two texts share (a diff of lines first,
then of words and spaces inside the lines that changed, with Google's diff-match-patch), and
``place(...)`` moves each quote through them:

- ``same``: both ends fall in shared runs and the quote's text is unchanged there (spaces
  aside): the quote lands on the same words.
- ``moved``: the quote's text was deleted where it was and inserted, word for word, exactly
  once elsewhere (a paragraph moved): the quote follows it.
- ``review``: anything else — an edit inside the quote, its text gone, or several places it
  could have gone. Never dropped, never moved silently: the researcher decides, shown the old
  text and the best candidate (where the shared runs put its ends, when they do).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_WORD = re.compile(r"\S+")
_SPACE = re.compile(r"\s+")

SAME, MOVED, REVIEW = "same", "moved", "review"


@dataclass(frozen=True, slots=True)
class Block:
    """``length`` characters equal in both texts, from ``old`` in the old and ``new`` in the new."""

    old: int
    new: int
    length: int


@dataclass(frozen=True, slots=True)
class Span:
    key: int  # the caller's id for the span (a quote id)
    start: int
    end: int
    text: str  # the span's text in the old text


@dataclass(frozen=True, slots=True)
class Placement:
    key: int
    status: str  # same | moved | review
    start: int | None  # where it goes (same/moved), or the best candidate (review), or None
    end: int | None
    reason: str = ""

    @property
    def placed(self) -> bool:
        return self.status != REVIEW


class Alignment:
    """The shared runs of two texts, and position maps through them."""

    def __init__(self, old: str, new: str, blocks: Sequence[Block]) -> None:
        self.old, self.new = old, new
        self.blocks = list(blocks)
        self._old_starts = [b.old for b in self.blocks]
        by_new = sorted(self.blocks, key=lambda b: b.new)
        self._new_blocks = by_new
        self._new_starts = [b.new for b in by_new]

    def map_old(self, pos: int) -> int | None:
        """The new position of the old character at ``pos`` (None when it did not survive)."""
        i = bisect_right(self._old_starts, pos) - 1
        if i >= 0:
            b = self.blocks[i]
            if b.old <= pos < b.old + b.length:
                return b.new + pos - b.old
        return None

    def map_new(self, pos: int) -> int | None:
        """The old position of the new character at ``pos`` (None when it is new text)."""
        i = bisect_right(self._new_starts, pos) - 1
        if i >= 0:
            b = self._new_blocks[i]
            if b.new <= pos < b.new + b.length:
                return b.old + pos - b.new
        return None

    def inserted(self) -> list[tuple[int, int]]:
        """Spans of the new text that are not shared with the old text."""
        out: list[tuple[int, int]] = []
        at = 0
        for b in self._new_blocks:
            if b.new > at:
                out.append((at, b.new))
            at = max(at, b.new + b.length)
        if at < len(self.new):
            out.append((at, len(self.new)))
        return out

    @property
    def shared(self) -> int:
        return sum(b.length for b in self.blocks)


def align(old: str, new: str, *, timeout: float = 5.0) -> Alignment:
    """Shared runs of ``old`` and ``new``: lines first, then words and spaces where lines differ."""
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    blocks: list[Block] = []
    o = n = 0  # character positions at the start of the current line in each text
    pending_old: list[str] = []
    pending_new: list[str] = []

    def flush() -> None:
        nonlocal o, n
        a, b = "".join(pending_old), "".join(pending_new)
        if a and b:
            blocks.extend(_token_blocks(a, b, o, n, timeout))
        o += len(a)
        n += len(b)
        pending_old.clear()
        pending_new.clear()

    for op, old_part, new_part in _fold_blank_lines(_diff(old_lines, new_lines, timeout)):
        if op == 0:
            flush()
            size = sum(len(x) for x in old_part)
            blocks.append(Block(o, n, size))
            o += size
            n += size
        else:
            pending_old.extend(old_part)
            pending_new.extend(new_part)
    flush()
    return Alignment(old, new, _merge(blocks))


def _fold_blank_lines(runs: list[tuple[int, list[str], list[str]]]
                      ) -> list[tuple[int, list[str], list[str]]]:
    """Join two changed runs separated only by blank lines: a paragraph split in two (a space
    turned into a line break) is one edit, and its words must be diffed together."""
    out: list[tuple[int, list[str], list[str]]] = []
    for run in runs:
        if (len(out) >= 2 and run[0] == 1 and out[-1][0] == 0 and out[-2][0] == 1
                and not "".join(out[-1][1]).strip()):
            blank = out.pop()
            prev = out.pop()
            run = (1, prev[1] + blank[1] + run[1], prev[2] + blank[2] + run[2])
        out.append(run)
    return out


def _token_blocks(a: str, b: str, o: int, n: int, timeout: float) -> list[Block]:
    """Shared runs of two changed regions, by a diff of their words: white space never anchors
    (a lone shared space between unrelated sentences means nothing), and the spaces between two
    shared words are shared when they are equal."""
    words_a = [(m.start(), m.group()) for m in _WORD.finditer(a)]
    words_b = [(m.start(), m.group()) for m in _WORD.finditer(b)]
    out: list[Block] = []
    i = j = 0
    for op, old_part, new_part in _diff([w for _, w in words_a], [w for _, w in words_b], timeout):
        if op == 0:
            for k in range(len(old_part)):
                (pa, wa), (pb, _) = words_a[i + k], words_b[j + k]
                out.append(Block(o + pa, n + pb, len(wa)))
                if k + 1 < len(old_part):
                    gap_a = a[pa + len(wa):words_a[i + k + 1][0]]
                    gap_b = b[pb + len(wa):words_b[j + k + 1][0]]
                    if gap_a == gap_b:
                        out.append(Block(o + pa + len(wa), n + pb + len(wa), len(gap_a)))
        i += len(old_part)
        j += len(new_part)
    return out


def _diff(a: list[str], b: list[str], timeout: float) -> list[tuple[int, list[str], list[str]]]:
    """Diff two token lists: (0, equal, equal) or (1, deleted, inserted) runs, in order."""
    from diff_match_patch import diff_match_patch

    vocab: dict[str, str] = {}
    tokens: list[str] = []

    def encode(items: list[str]) -> str:
        chars = []
        for item in items:
            ch = vocab.get(item)
            if ch is None:
                ch = vocab[item] = _char(len(tokens))
                tokens.append(item)
            chars.append(ch)
        return "".join(chars)

    dmp = diff_match_patch()
    dmp.Diff_Timeout = timeout
    diffs = dmp.diff_main(encode(a), encode(b), False)
    out: list[tuple[int, list[str], list[str]]] = []
    i = j = 0
    for op, chars in diffs:
        size = len(chars)
        if op == 0:
            out.append((0, a[i:i + size], b[j:j + size]))
            i += size
            j += size
        elif op == -1:
            if out and out[-1][0] == 1:
                out[-1][1].extend(a[i:i + size])
            else:
                out.append((1, a[i:i + size], []))
            i += size
        else:
            if out and out[-1][0] == 1:
                out[-1][2].extend(b[j:j + size])
            else:
                out.append((1, [], b[j:j + size]))
            j += size
    return out


def _char(index: int) -> str:
    # Every token one character, skipping the surrogate range (not valid on its own in a str).
    code = index + 0x100
    if code >= 0xD800:
        code += 0x800
    return chr(code)


def _merge(blocks: Iterable[Block]) -> list[Block]:
    out: list[Block] = []
    for b in blocks:
        if b.length <= 0:
            continue
        if out and out[-1].old + out[-1].length == b.old and out[-1].new + out[-1].length == b.new:
            last = out.pop()
            b = Block(last.old, last.new, last.length + b.length)
        out.append(b)
    return out


def same_words(a: str, b: str) -> bool:
    """Equal but for runs of white space (a line break for a space, two spaces for one)."""
    if a == b:
        return True
    return _SPACE.sub(" ", a).strip() == _SPACE.sub(" ", b).strip()


def place(alignment: Alignment, spans: Iterable[Span]) -> list[Placement]:
    """Where each span of the old text goes in the new text (see the module docstring)."""
    new = alignment.new
    out: list[Placement] = []
    for span in spans:
        start = alignment.map_old(span.start)
        last = alignment.map_old(span.end - 1)
        if start is not None and last is not None and last >= start:
            end = last + 1
            if same_words(new[start:end], span.text):
                out.append(Placement(span.key, SAME, start, end))
                continue
            out.append(Placement(span.key, REVIEW, start, end, "the quoted text was edited"))
            continue
        found = _moved(alignment, span)
        if found is not None:
            out.append(Placement(span.key, MOVED, *found))
            continue
        cand = _candidate(alignment, span)
        reason = ("the quoted text is no longer in the source" if cand is None
                  else "part of the quoted text was deleted or changed")
        out.append(Placement(span.key, REVIEW, *(cand or (None, None)), reason))
    return out


def _moved(alignment: Alignment, span: Span) -> tuple[int, int] | None:
    """Where the span's words (spaces aside) went, when they appear exactly once in the new text
    and that place is new text: not, for the most part, text shared with elsewhere in the old
    text (a chance equal word inside moved text is allowed; a copy of other old text is not)."""
    words = span.text.split()
    if not words:
        return None
    # Whole words only: "save" is not the start of "savemi".
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")
    hits = pattern.finditer(alignment.new)
    first = next(hits, None)
    if first is None or next(hits, None) is not None:
        return None
    a, b = first.span()
    elsewhere = 0
    for pos in range(a, b):
        old = alignment.map_new(pos)
        if old is not None and not (span.start <= old < span.end):
            elsewhere += 1
    return (a, b) if elsewhere * 4 <= b - a else None


def _candidate(alignment: Alignment, span: Span) -> tuple[int, int] | None:
    """The new span between the first and last of the quote's characters that survived."""
    first = last = None
    for pos in range(span.start, span.end):
        mapped = alignment.map_old(pos)
        if mapped is not None:
            first = mapped
            break
    for pos in range(span.end - 1, span.start - 1, -1):
        mapped = alignment.map_old(pos)
        if mapped is not None:
            last = mapped
            break
    if first is None or last is None or last < first:
        return None
    return _edge_word(alignment, first, -1), _edge_word(alignment, last + 1, +1)


def _edge_word(alignment: Alignment, at: int, step: int) -> int:
    """Widen a candidate by one new word at its edge: a word corrected at the start or the end
    of a quote ("Teh price" -> "The price") belongs to it."""
    new, fresh = alignment.new, (lambda i: 0 <= i < len(new) and alignment.map_new(i) is None)
    i = at - 1 if step < 0 else at
    while fresh(i) and new[i].isspace():
        i += step
    if not fresh(i):
        return at
    while fresh(i) and not new[i].isspace():
        i += step
    return i + 1 if step < 0 else i
