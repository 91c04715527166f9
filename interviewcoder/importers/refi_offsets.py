"""Selection offsets as the file's origin counts them, mapped onto the text as stored.

Tools count differently: NVivo (a .NET program) counts UTF-16 code units, so an emoji is two;
ATLAS.ti counts a CRLF line break as one character; Python tools (qc, QualCoder, Taguette)
count code points, CRLF as two. A source's text is stored with its BOM removed and its line
breaks as ``\\n`` (like every other import), and offsets are code points into that text.

The origin gives the first guess; when the text has CRLFs, characters outside the BMP or a BOM
(where the candidate countings differ), the counting under which most selections begin and end
between words wins, and the result says which was used.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

_SPECIAL = re.compile("\r\n|[\U00010000-\U0010FFFF]")
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


@dataclass(frozen=True, slots=True)
class Counting:
    utf16: bool = False
    crlf: int = 2  # how many characters a CRLF line break counts for
    bom: bool = False  # whether the BOM is counted as a character

    def describe(self) -> str:
        unit = "UTF-16 units" if self.utf16 else "code points"
        text = f"{unit}, CRLF as {self.crlf}"
        return text + (", BOM counted" if self.bom else "")


def origin_counting(origin: str) -> Counting:
    """What a tool is known (or expected) to count, from the file's ``origin``."""
    o = (origin or "").casefold()
    if "atlas" in o:
        return Counting(utf16=True, crlf=1)
    if "nvivo" in o or "maxqda" in o:
        return Counting(utf16=True, crlf=2)
    return Counting()


class OffsetMap:
    """File offsets under one counting → offsets into the normalised text."""

    def __init__(self, raw: str, counting: Counting) -> None:
        self.counting = counting
        self._starts: list[int] = []  # file offset where a character of different width begins
        self._widths: list[int] = []
        self._norm: list[int] = []  # normalised offset of that character
        self._delta: list[int] = []  # file - normalised offset after it
        df = dn = 0  # (file offset - raw index), (normalised offset - raw index)
        for match in _SPECIAL.finditer(raw):
            r = match.start()
            crlf = match.group() == "\r\n"
            raw_width = 2 if crlf else 1
            file_width = counting.crlf if crlf else (2 if counting.utf16 else 1)
            if file_width != 1:
                self._starts.append(r + df)
                self._widths.append(file_width)
                self._norm.append(r + dn)
                self._delta.append(r + df + file_width - (r + dn + 1))
            df += file_width - raw_width
            dn += 1 - raw_width
        self.file_length = len(raw) + df
        """The text's length in the file's units (without a BOM)."""

    def to_text(self, offset: int, end: bool = False) -> int | None:
        """The normalised offset of a file offset; None when it is outside the text. An
        offset inside one character (between CR and LF, inside a surrogate pair) goes to that
        character's start (for a start) or end (for an end)."""
        if self.counting.bom:
            offset -= 1
        if offset < 0 or offset > self.file_length:
            return None
        n = bisect_left(self._starts, offset) - 1  # last wide character starting before offset
        if n < 0:
            return offset
        if offset < self._starts[n] + self._widths[n]:
            return self._norm[n] + (1 if end else 0)
        return offset - self._delta[n]


def candidates(raw: str, had_bom: bool, origin: str) -> list[Counting]:
    """The countings worth trying for this text, the origin's guess first."""
    first = origin_counting(origin)
    utf16 = (False, True) if _ASTRAL.search(raw) else (first.utf16,)
    crlf = (2, 1) if "\r\n" in raw else (first.crlf,)
    bom = (False, True) if had_bom else (False,)
    out = [first]
    for u in utf16:
        for c in crlf:
            for b in bom:
                option = Counting(u, c, b)
                if option not in out:
                    out.append(option)
    return out


def _cut_inside_word(text: str, pos: int) -> bool:
    return 0 < pos < len(text) and text[pos - 1].isalnum() and text[pos].isalnum()


def choose_counting(raw: str, norm: str, had_bom: bool, origin: str,
                    spans: list[tuple[int, int]]) -> OffsetMap:
    """The counting under which the most selections fall inside the text, between words.
    (An interviewcoder export counts code points: nothing to guess.)"""
    if origin.casefold().startswith("interviewcoder"):
        return OffsetMap(raw, Counting())
    options = candidates(raw, had_bom, origin)
    best: OffsetMap | None = None
    best_score = -1
    for counting in options:
        mapping = OffsetMap(raw, counting)
        if len(options) == 1 or not spans:
            return mapping
        score = 0
        for start, end in spans:
            a, b = mapping.to_text(start), mapping.to_text(end, end=True)
            if a is None or b is None or b <= a:
                continue
            score += not _cut_inside_word(norm, a) and not _cut_inside_word(norm, b)
        if score > best_score:  # ties keep the earlier option (the origin's guess)
            best, best_score = mapping, score
    assert best is not None
    return best
