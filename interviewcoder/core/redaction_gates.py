"""The redactor's cheap tests, made once over many texts: which of them hold a digit, a
camelCase step, a dot between a letter and a letter (a domain's shape), a word that may start
a name.

Each test is a necessary condition of a kind of finding (an address holds a digit...), so a
text that fails it is not read for that kind. One text at a time, the tests cost more than the
reading they save on most text (quotes in which there is nothing to find); over a column of a
table they are made on the texts joined, by one table pass and a few searches, and each finding
is given to its text by where it lies.

    facts = Gates(prefilter).many(["We chose Acme.", "Call 555 0100", ...])
    facts[1]  ->  Facts(digits=True, camel=False, dot_letter=False, names=False, quiet=False)

Only ASCII texts are tested together (their bytes are their characters); the caller tests the
others one by one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import NamedTuple

from interviewcoder.core.redaction_names import ASCII_WORDS, Prefilter

# An ASCII text's shape: a lower-case letter becomes "a", a capital "A", a digit "0", a dot
# stays, anything else is a space; so a camelCase step is "aA" in it (what ``CAMEL`` finds in
# any text), and a domain's dot "a.a" or "0.A" (what ``_DOT_LETTER`` finds)
SHAPE = bytes.maketrans(
    bytes(range(128)),
    bytes(ord("a") if chr(i).islower() else ord("A") if chr(i).isupper()
          else ord("0") if chr(i).isdigit() else i if chr(i) == "." else ord(" ")
          for i in range(128)))
_SPACES = bytes.maketrans(b"\t\n\r\x0b\x0c", b"     ")  # words then stand between spaces
FEW_HEADS = 16  # up to this many heads are each searched for (else the texts' words are split)
_MARKS = (b"[", b"@", b"/", b"www.", b"WWW.")  # what placeholders, e-mails and URLs start with
_BEFORE_DOT = frozenset(b"aA0")
_AFTER_DOT = frozenset(b"aA")


class Facts(NamedTuple):
    """What the cheap tests found in one text."""

    digits: bool
    camel: bool
    dot_letter: bool
    names: bool  # a word of it may start a name or term
    quiet: bool  # none of these, nor "[", "@", "/", "www.": there is nothing to find in it


class Gates:
    """The tests for one redactor (``prefilter`` knows its names' heads)."""

    def __init__(self, prefilter: Prefilter | None) -> None:
        self.prefilter = prefilter

    def many(self, texts: Sequence[str]) -> list[Facts]:
        """The facts of each of ``texts`` (every one ASCII), tested together."""
        if not texts:
            return []
        starts, pos = [], 0
        for text in texts:
            starts.append(pos)
            pos += len(text) + 1
        raw = "\n".join(texts).encode("ascii")
        shape = raw.translate(SHAPE)  # the separator becomes a space: no finding crosses it

        digits, camel = _owners(shape, b"0", starts), _owners(shape, b"aA", starts)
        dots = _owners(shape, b".", starts, _domain_dot)
        names = self._names(raw, starts, digits, len(texts))
        marked = set().union(*(_owners(raw, mark, starts) for mark in _MARKS))
        make = Facts._make
        return [make((d, c, o, m, not (d or c or o or m or i in marked)))
                for i, d, c, o, m in zip(range(len(texts)), [i in digits for i in range(len(texts))],
                                         [i in camel for i in range(len(texts))],
                                         [i in dots for i in range(len(texts))], names, strict=True)]

    def _names(self, raw: bytes, starts: list[int], digits: set[int], n: int) -> list[bool]:
        prefilter = self.prefilter
        if prefilter is None:
            return [False] * n
        lowered = raw.translate(ASCII_WORDS)
        out = [prefilter.digits and i in digits for i in range(n)]
        for i in _owners(lowered, b"\0", starts):
            out[i] = True  # a character the words test does not split on: read the text
        spaced = b" " + lowered.translate(_SPACES) + b" "
        heads = prefilter.ascii_heads
        if len(heads) > FEW_HEADS:  # many names: the words of all these texts, once
            heads = heads.intersection(spaced.split())
        for head in heads:
            # the texts where the head stands as a word: a word at ``q`` in ``lowered`` has its
            # space before it at ``q`` in ``spaced``
            for i in _owners(spaced, b" " + head + b" ", starts):
                out[i] = True
        return out


def _owners(shape: bytes, needle: bytes, starts: list[int],
            holds: Callable[[bytes, int], bool] | None = None) -> set[int]:
    """The texts (by index) in which ``needle`` stands (where ``holds`` says so, if given);
    once one is found in a text, the search goes on from the next text (a byte search is
    quicker than a pattern's over text this dense in letters)."""
    out: set[int] = set()
    last = len(starts) - 1
    pos = shape.find(needle)
    while pos >= 0:
        if holds is not None and not holds(shape, pos):
            pos = shape.find(needle, pos + 1)
            continue
        i = bisect_right(starts, pos) - 1
        out.add(i)
        if i == last:
            break
        pos = shape.find(needle, starts[i + 1])
    return out


def _domain_dot(shape: bytes, pos: int) -> bool:
    """A letter or digit, then this dot, then a letter."""
    return (pos > 0 and shape[pos - 1] in _BEFORE_DOT and pos + 1 < len(shape)
            and shape[pos + 1] in _AFTER_DOT)
