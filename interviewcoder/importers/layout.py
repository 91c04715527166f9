"""Lay parsed turns out as one stored text, each turn a character span of it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from interviewcoder.core.types import Inference, ParsedTranscript, ParsedTurn

TURN_SEPARATOR = "\n\n"


@dataclass(slots=True)
class Segment:
    """A turn before layout: who spoke, what they said, when."""

    speaker: str | None
    text: str
    start_ms: int | None = None


def build_transcript(
    title: str, segments: Iterable[Segment], fmt: str, meta: dict[str, Any] | None = None,
    roles: dict[str, str] | None = None, inference: Inference | None = None,
) -> ParsedTranscript:
    """Join the non-empty segments with a blank line between them.

    The speaker label is not part of the text: it is an attribute of the turn. ``roles`` are
    the roles the labels gave (kept for the speakers that have a turn).
    """
    parts: list[str] = []
    turns: list[ParsedTurn] = []
    offset = 0
    for segment in segments:
        text = segment.text.strip()
        if not text:
            continue
        if parts:
            parts.append(TURN_SEPARATOR)
            offset += len(TURN_SEPARATOR)
        parts.append(text)
        turns.append(ParsedTurn(offset, offset + len(text), segment.speaker, segment.start_ms))
        offset += len(text)
    spoken = {turn.speaker for turn in turns}
    return ParsedTranscript(
        title=title, text="".join(parts), turns=tuple(turns), format=fmt, meta=dict(meta or {}),
        speaker_roles={k: v for k, v in (roles or {}).items() if k in spoken},
        inference=inference,
    )


def merge_consecutive(segments: Iterable[Segment], joiner: str = " ") -> list[Segment]:
    """Cues of one speaker in a row become one turn that keeps the first start time.

    A segment with no speaker continues the previous speaker's turn.
    """
    merged: list[Segment] = []
    for segment in segments:
        text = segment.text.strip()
        if not text:
            continue
        previous = merged[-1] if merged else None
        if previous is not None and segment.speaker in (None, previous.speaker):
            previous.text = f"{previous.text}{joiner}{text}"
        else:
            merged.append(Segment(segment.speaker, text, segment.start_ms))
    return merged
