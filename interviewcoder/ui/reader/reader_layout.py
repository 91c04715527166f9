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
from dataclasses import dataclass, field

from interviewcoder.core.types import Role, Turn

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# Characters the Qt text document turns into something else (a paragraph or line break);
# each is replaced by a space of the same UTF-16 length so positions stay exact.
_QT_BREAKS = re.compile("[\r\u2028\u2029\x0b\x0c\x00]")
TURN_GAP = "\n\n"


class Utf16Index:
    """Convert between code-point offsets and UTF-16 offsets of one string."""

    def __init__(self, text: str) -> None:
        self.astral = [m.start() for m in _ASTRAL.finditer(text)]
        self.astral16 = [a + k for k, a in enumerate(self.astral)]

    def to16(self, i: int) -> int:
        return i + bisect_left(self.astral, i) if self.astral else i

    def from16(self, j: int) -> int:
        """Code-point offset of UTF-16 offset ``j`` (inside a surrogate pair: its character)."""
        return j - bisect_left(self.astral16, j) if self.astral else j


def qt_safe(text: str) -> str:
    """``text`` with characters Qt would reinterpret replaced one for one by spaces."""
    return _QT_BREAKS.sub(" ", text)


@dataclass(frozen=True, slots=True)
class Block:
    """A run of source text shown verbatim: doc positions are UTF-16, src are code points."""

    doc_start: int
    src_start: int
    src_end: int
    turn: int  # index into ReaderLayout.turns, -1 for text outside every turn


@dataclass(frozen=True, slots=True)
class Header:
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


def header_text(turn: Turn, participant_name: str | None, detail: str | None = None) -> str:
    who = turn.speaker or participant_name or "Unnamed speaker"
    parts = [who]
    if participant_name and turn.speaker and participant_name != turn.speaker:
        parts[0] = f"{who} ({participant_name})"
    role = {Role.INTERVIEWER: "interviewer", Role.PARTICIPANT: "participant",
            Role.ANSWER: "answer"}[turn.role]
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
    parts: list[str] = []
    blocks: list[Block] = []
    headers: list[Header] = []
    pos16 = 0  # document length so far, UTF-16 units

    def put(piece: str, n16: int) -> None:
        nonlocal pos16
        parts.append(piece)
        pos16 += n16

    def verbatim(start: int, end: int, turn: int) -> None:
        blocks.append(Block(pos16, start, end, turn))
        put(qt_safe(text[start:end]), index.to16(end) - index.to16(start))

    ordered = sorted((t for t in turns if 0 <= t.start <= t.end <= len(text)),
                     key=lambda t: (t.start, t.ord))
    cursor = 0
    for i, turn in enumerate(ordered):
        start = max(turn.start, cursor)
        if text[cursor:start].strip():
            if parts:
                put(TURN_GAP, 2)
            verbatim(cursor, start, -1)
        if start >= turn.end and turn.end > turn.start:
            continue
        if parts:
            put(TURN_GAP, 2)
        name = participant_names.get(turn.participant_id) if turn.participant_id else None
        detail = details.get(turn.participant_id) if turn.participant_id else None
        head = qt_safe(header_text(turn, name, detail))
        n16 = len(head) + len(_ASTRAL.findall(head))
        headers.append(Header(pos16, pos16 + n16, i, head))
        put(head + "\n", n16 + 1)
        verbatim(start, turn.end, i)
        cursor = max(cursor, turn.end)
    if text[cursor:].strip() or not blocks:
        if parts:
            put(TURN_GAP, 2)
        verbatim(cursor, len(text), -1)
    return ReaderLayout("".join(parts), blocks, headers, ordered, len(text), index)
