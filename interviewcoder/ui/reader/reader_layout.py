"""How a source is laid out in the reader, and the exact map between the two position systems.

Quotes hold offsets into the source's stored text (Python ``str`` indices: code points). The
reader's document shows each turn's text verbatim under a header line (speaker, role, time), and
Qt counts positions in UTF-16 units, where a character outside the Basic Multilingual Plane
(an emoji) takes two. ``ReaderLayout`` keeps a table of verbatim blocks
``(doc_start, src_start, src_end)`` and converts both ways. No Qt here: it is plain maths.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from interviewcoder.core.types import Role, Turn

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# Characters the Qt text document turns into something else (a paragraph or line break);
# each is replaced by a space of the same UTF-16 length so positions stay exact.
_QT_BREAKS = re.compile("[\r\u2028\u2029\x0b\x0c\x00]")
TURN_GAP = "\n\n"


class Utf16Index:
    """Convert between code-point offsets and UTF-16 offsets of one string."""

    def __init__(self, text: str) -> None:
        # max() and isascii() run in C; the regex scan only when the text has astral characters
        plain = not text or text.isascii() or max(text) < "\U00010000"
        self.astral = [] if plain else [m.start() for m in _ASTRAL.finditer(text)]
        self.astral16 = [a + k for k, a in enumerate(self.astral)]

    def to16(self, i: int) -> int:
        return i + bisect_left(self.astral, i) if self.astral else i

    def from16(self, j: int) -> int:
        """Code-point offset of UTF-16 offset ``j`` (inside a surrogate pair: its character)."""
        return j - bisect_left(self.astral16, j) if self.astral else j


_BREAK_CHARS = "\r\u2028\u2029\x0b\x0c\x00"


def qt_safe(text: str) -> str:
    """``text`` with characters Qt would reinterpret replaced one for one by spaces."""
    if not any(c in text for c in _BREAK_CHARS):  # substring tests run in C
        return text
    return _QT_BREAKS.sub(" ", text)


class Block(NamedTuple):
    """A run of source text shown verbatim: doc positions are UTF-16, src are code points."""

    doc_start: int
    src_start: int
    src_end: int
    turn: int  # index into ReaderLayout.turns, -1 for text outside every turn


class Header(NamedTuple):
    doc_start: int
    doc_end: int
    turn: int
    text: str


@dataclass
class ReaderLayout:
    text: str  # the document's text
    blocks: list[Block]
    headers: list[Header]
    turns: list[Turn]
    source_length: int
    _index: Utf16Index = field(repr=False)
    _doc_starts: list[int] = field(repr=False, default_factory=list)
    _src_starts: list[int] = field(repr=False, default_factory=list)

    def __post_init__(self) -> None:
        self._doc_starts = [b.doc_start for b in self.blocks]
        self._src_starts = [b.src_start for b in self.blocks]

    @property
    def doc_length(self) -> int:
        """Length of the document text in UTF-16 units."""
        return len(self.text) + len(_ASTRAL.findall(self.text))

    def block_doc_end(self, b: Block) -> int:
        return b.doc_start + self._index.to16(b.src_end) - self._index.to16(b.src_start)

    # --- source -> document ----------------------------------------------------------------

    def doc_pos(self, src: int) -> int:
        """Document position of source offset ``src`` (in a gap between turns: the next turn)."""
        k = bisect_right(self._src_starts, src) - 1
        if k >= 0 and src <= self.blocks[k].src_end:
            b = self.blocks[k]
            return b.doc_start + self._index.to16(src) - self._index.to16(b.src_start)
        if k + 1 < len(self.blocks):
            return self.blocks[k + 1].doc_start
        return self.doc_length

    def doc_ranges(self, start: int, end: int) -> list[tuple[int, int]]:
        """Document ranges showing source span [start, end): one per verbatim block it touches."""
        out: list[tuple[int, int]] = []
        k = max(0, bisect_right(self._src_starts, start) - 1)
        to16 = self._index.to16
        while k < len(self.blocks):
            b = self.blocks[k]
            if b.src_start >= end:
                break
            s, e = max(start, b.src_start), min(end, b.src_end)
            if s < e:
                base = b.doc_start - to16(b.src_start)
                out.append((base + to16(s), base + to16(e)))
            k += 1
        return out

    def doc_ranges_sorted(self, spans: Iterable[tuple[int, int]]
                          ) -> Iterator[tuple[int, int, int]]:
        """``(i, doc_start, doc_end)`` for the i-th of ``spans`` (sorted by start, not
        overlapping, as highlight segments are): ``doc_ranges`` for all of them in one walk
        over the blocks instead of a search each."""
        blocks, n = self.blocks, len(self.blocks)
        to16 = self._index.to16
        plain = not self._index.astral
        k = 0
        for i, (start, end) in enumerate(spans):
            while k < n and blocks[k].src_end <= start:
                k += 1
            j = k
            while j < n and blocks[j].src_start < end:
                b = blocks[j]
                s = start if start > b.src_start else b.src_start
                e = end if end < b.src_end else b.src_end
                if s < e:
                    if plain:
                        base = b.doc_start - b.src_start
                        yield i, base + s, base + e
                    else:
                        base = b.doc_start - to16(b.src_start)
                        yield i, base + to16(s), base + to16(e)
                j += 1

    # --- document -> source ----------------------------------------------------------------

    def src_pos(self, doc: int, *, forward: bool = True) -> int:
        """Source offset at document position ``doc``.

        A position in a header or a gap maps to the start of the next verbatim block when
        ``forward`` (the start of a selection), else to the end of the previous one.
        """
        k = bisect_right(self._doc_starts, doc) - 1
        if k >= 0:
            b = self.blocks[k]
            if doc <= self.block_doc_end(b):
                return self._index.from16(self._index.to16(b.src_start) + doc - b.doc_start)
        if forward:
            return self.blocks[k + 1].src_start if k + 1 < len(self.blocks) else self.source_length
        return self.blocks[k].src_end if k >= 0 else 0

    def src_span(self, doc_start: int, doc_end: int) -> tuple[int, int]:
        """Source span of a document selection (empty when it holds no source text)."""
        if doc_end < doc_start:
            doc_start, doc_end = doc_end, doc_start
        s = self.src_pos(doc_start, forward=True)
        e = self.src_pos(doc_end, forward=False)
        return (s, e) if s < e else (s, s)

    def turn_at(self, src: int) -> Turn | None:
        k = bisect_right(self._src_starts, src) - 1
        if k >= 0 and src < self.blocks[k].src_end and self.blocks[k].turn >= 0:
            return self.turns[self.blocks[k].turn]
        return None


def format_time(ms: int) -> str:
    seconds = ms // 1000
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


_ROLE_NAMES = {Role.INTERVIEWER: "interviewer", Role.PARTICIPANT: "participant",
               Role.ANSWER: "answer"}


def header_text(turn: Turn, participant_name: str | None, detail: str | None = None) -> str:
    who = turn.speaker or participant_name or "Unnamed speaker"
    parts = [who]
    if participant_name and turn.speaker and participant_name != turn.speaker:
        parts[0] = f"{who} ({participant_name})"
    role = _ROLE_NAMES[turn.role]
    if role != who.casefold():
        parts.append(role)
    if detail:
        parts.append(detail)
    if turn.start_ms is not None:
        parts.append(format_time(turn.start_ms))
    return "  ·  ".join(parts)


def build_layout(text: str, turns: list[Turn], participant_names: dict[int, str],
                 participant_details: dict[int, str] | None = None) -> ReaderLayout:
    """Lay out a source: for each turn a header line, then its text verbatim; text between
    turns that is not white space is shown verbatim too (so nothing of the source is hidden).

    ``participant_details`` adds e.g. "lost, Operations" to the header of a participant's turn.
    """
    details = participant_details or {}
    index = Utf16Index(text)
    to16 = index.to16
    parts: list[str] = []
    blocks: list[Block] = []
    headers: list[Header] = []
    pos16 = 0  # document length so far, UTF-16 units
    ordered = sorted((t for t in turns if 0 <= t.start <= t.end <= len(text)),
                     key=lambda t: (t.start, t.ord))
    cursor = 0
    # Plain appends in one loop (no helper calls): this runs once per turn of sources with
    # thousands of turns each time one opens.
    for i, turn in enumerate(ordered):
        start = max(turn.start, cursor)
        if text[cursor:start].strip():
            if parts:
                parts.append(TURN_GAP)
                pos16 += 2
            blocks.append(Block(pos16, cursor, start, -1))
            parts.append(text[cursor:start])
            pos16 += to16(start) - to16(cursor)
        if start >= turn.end and turn.end > turn.start:
            continue
        if parts:
            parts.append(TURN_GAP)
            pos16 += 2
        pid = turn.participant_id
        head = header_text(turn, participant_names.get(pid) if pid else None,
                           details.get(pid) if pid else None)
        n16 = len(head) + len(_ASTRAL.findall(head))
        headers.append(Header(pos16, pos16 + n16, i, head))
        parts.append(head + "\n")
        pos16 += n16 + 1
        blocks.append(Block(pos16, start, turn.end, i))
        parts.append(text[start:turn.end])
        pos16 += to16(turn.end) - to16(start)
        if turn.end > cursor:
            cursor = turn.end
    if text[cursor:].strip() or not blocks:
        if parts:
            parts.append(TURN_GAP)
            pos16 += 2
        blocks.append(Block(pos16, cursor, len(text), -1))
        parts.append(text[cursor:])
    # Qt's line breaks replaced once over the whole document (one for one, so no position
    # moves), not piece by piece: 6,664 calls took a sixth of the time to open a big source.
    return ReaderLayout(qt_safe("".join(parts)), blocks, headers, ordered, len(text), index)
