"""Timed cues of WebVTT and SRT files, and how they become speaker turns."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .layout import Segment, merge_consecutive

_TIMESTAMP = r"(?:\d+:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?"
TIMING = re.compile(rf"^\s*(?P<start>{_TIMESTAMP})\s*-->\s*(?P<end>{_TIMESTAMP})(?:\s.*)?$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+(?P<name>[^>]+)>")
_TAG = re.compile(r"</?[^<>\n]*>")
_PREFIX = re.compile(r"^(?P<name>[^:\n<>\[\]]{1,60}?)[ \t]?:[ \t]+(?P<text>\S.*)$", re.DOTALL)
_BRACKET_PREFIX = re.compile(r"^\[(?P<name>[^\]\n]{1,40})\][ \t]*(?P<text>.*)$", re.DOTALL)
_DASH_ONLY = re.compile(r"^[-–—]\s*")


@dataclass(frozen=True, slots=True)
class Cue:
    start_ms: int
    lines: tuple[str, ...]


def timestamp_ms(value: str) -> int:
    """``H:MM:SS.mmm``, ``MM:SS.mmm``, unpadded (``0:0:0.570``) or with a comma, to ms."""
    whole, _, fraction = value.replace(",", ".").partition(".")
    seconds = 0
    for part in whole.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds * 1000 + int((fraction + "000")[:3])


def parse_cues(text: str) -> list[Cue]:
    """Every block holding a timing line becomes a cue; other blocks (header, NOTE,
    STYLE, REGION, stray text) are skipped. Cue ids (numbers, ``GUID/12-3``) are ignored."""
    cues: list[Cue] = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = block.split("\n")
        for i, line in enumerate(lines):
            match = TIMING.match(line)
            if match is not None:
                payload = tuple(x.strip() for x in lines[i + 1 :] if x.strip())
                cues.append(Cue(timestamp_ms(match["start"]), payload))
                break
    return cues


def cue_segments(cues: Iterable[Cue]) -> list[Segment]:
    """Segments with their speaker: voice tags (several per cue allowed), else a ``Name:`` or
    ``[Name]`` prefix. A prefix seen only once counts only in a file that uses prefixes."""
    raw = [(cue.start_ms, voice, body) for cue in cues for voice, body in _voices(cue.lines)]
    prefixed = Counter(
        match["name"].strip()
        for _, voice, body in raw
        if voice is None and (match := _speaker_prefix(body)) is not None
    )
    uses_prefixes = any(count >= 2 for count in prefixed.values())
    segments: list[Segment] = []
    for start_ms, voice, body in raw:
        speaker = voice
        if speaker is None and (match := _speaker_prefix(body)) is not None:
            name = match["name"].strip()
            if prefixed[name] >= 2 or (uses_prefixes and _looks_like_name(name)):
                speaker, body = name, match["text"]
        text = clean_cue_text(body)
        if text:
            segments.append(Segment(speaker, text, start_ms))
    return segments


def cues_to_turns(cues: Iterable[Cue]) -> list[Segment]:
    """Consecutive cues of one speaker merge; cues with no speaker continue the turn before.

    When no cue names a speaker at all, every cue is its own turn (keeping its time).
    """
    segments = cue_segments(cues)
    if not any(segment.speaker for segment in segments):
        return segments
    return merge_consecutive(segments)


def _voices(lines: tuple[str, ...]) -> list[tuple[str | None, str]]:
    return split_voices(" ".join(lines))


def split_voices(body: str) -> list[tuple[str | None, str]]:
    """Text split at its ``<v Name>`` tags; text before the first tag has no voice."""
    matches = list(_VOICE.finditer(body))
    if not matches:
        return [(None, body)]
    parts: list[tuple[str | None, str]] = []
    if body[: matches[0].start()].strip():
        parts.append((None, body[: matches[0].start()]))
    for match, nxt in zip(matches, [*matches[1:], None], strict=True):
        end = nxt.start() if nxt is not None else len(body)
        parts.append((match["name"].strip() or None, body[match.end() : end]))
    return parts


def clean_cue_text(body: str) -> str:
    """Cue text without its tags (``</v>``, ``<i>``, ``<c.x>``) and with entities decoded."""
    return html.unescape(_TAG.sub("", body)).strip()


def _speaker_prefix(body: str) -> re.Match[str] | None:
    body = _DASH_ONLY.sub("", _TAG.sub("", body).strip()) if body.startswith(("-", "–")) else body
    match = _PREFIX.match(body) or _BRACKET_PREFIX.match(body)
    if match is None or not any(ch.isalpha() for ch in match["name"]):
        return None
    if re.search(r"\d{1,2}:\d{2}", match["name"]) or len(match["name"].split()) > 6:
        return None
    return match


def _looks_like_name(name: str) -> bool:
    words = name.split()
    return len(words) <= 3 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)
