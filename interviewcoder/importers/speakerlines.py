"""Find speaker turns in lines of text: Otter.ai blocks, ``Name: text`` and ``[id] text``.

Used for plain text, Markdown and .docx paragraphs alike. Text with no recognisable speakers
is one turn.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .layout import Segment

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_OTTER_HEADER = re.compile(rf"^(?P<name>\S[^\t]{{0,60}}?)[ \t\u00a0]+(?P<time>{_TIME})[ \t]*$")
_NAME = r"[^\W_][\w.'’\-]*(?:[ \t\u00a0][\w.'’\-]+){0,4}(?:[ \t]\([^()\d]{1,20}\))?"
_COLON_LABEL = re.compile(
    rf"^[ \t]*(?:[*_]{{2}})?(?P<name>{_NAME})"
    rf"(?:[ \t]*[\[(](?P<time>{_TIME})[\])])?"
    r"(?:[*_]{2})?[ \t\u00a0]?:(?:[*_]{2})?(?:[ \t\u00a0]+(?P<text>.*))?$"
)
_BRACKET_LABEL = re.compile(r"^[ \t]*\[(?P<name>[^\]\n]{1,40})\][ \t\u00a0]*(?P<text>.*)$")
_TIME_ONLY = re.compile(rf"^[ \t]*{_TIME}[ \t]*$")
_TRANSCRIBED_BY = re.compile(r"^\s*Transcribed by\s+\S+\s*$", re.IGNORECASE)
_OTTER_META = {"SUMMARY KEYWORDS", "SPEAKERS"}
_MAX_DISTINCT_SPEAKERS = 12


@dataclass(slots=True)
class SpeakerLayout:
    """What the lines held: turns, a title when the file names one, and metadata."""

    layout: str  # otter | colon | bracket | none
    segments: list[Segment]
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


def parse_time_ms(value: str) -> int:
    """``MM:SS``, ``H:MM:SS`` or with a fraction, to milliseconds."""
    whole, _, fraction = value.replace(",", ".").partition(".")
    seconds = 0
    for part in whole.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds * 1000 + int((fraction + "000")[:3])


def split_speakers(lines: Sequence[str]) -> SpeakerLayout:
    """Pick the layout that the lines follow and cut them into turns."""
    lines = [line for line in lines if not _TRANSCRIBED_BY.match(line)]
    otter = [i for i, line in enumerate(lines) if _otter_header(line)]
    preamble = lines[: otter[0]] if otter else []
    has_otter_meta = any(line.strip() in _OTTER_META for line in preamble)
    if len(otter) >= 2 or (otter and has_otter_meta):
        return _otter(lines, otter)
    colon = _labelled(lines, _COLON_LABEL)
    bracket = _labelled(lines, _BRACKET_LABEL)
    best = max((colon, bracket), key=lambda found: len(found))
    if best and _plausible(best, lines):
        return _cut(lines, best, "colon" if best is colon else "bracket")
    return SpeakerLayout("none", [Segment(None, "\n".join(lines))])


def _otter_header(line: str) -> re.Match[str] | None:
    match = _OTTER_HEADER.match(line)
    if match is None or ":" in match["name"] or not any(ch.isalpha() for ch in match["name"]):
        return None
    if len(match["name"].split()) > 6 or match["name"].rstrip().endswith((".", ",", "•")):
        return None
    return match


def _otter(lines: list[str], headers: list[int]) -> SpeakerLayout:
    """Speaker lines with a time; before the first, a title and Otter's metadata block.

    A preamble without Otter's markers that is longer than a title and a date is kept as a
    turn with no speaker rather than dropped.
    """
    preamble = [line.strip() for line in lines[: headers[0]]]
    filled = [p for p in preamble if p]
    title = next((p for p in filled if p not in _OTTER_META), None)
    meta: dict[str, str] = {}
    for key, label in (("keywords", "SUMMARY KEYWORDS"), ("speakers", "SPEAKERS")):
        if label in preamble:
            following = preamble[preamble.index(label) + 1 :]
            meta[key] = next((p for p in following if p), "")
    segments: list[Segment] = []
    if not meta and len(filled) > 2:
        segments.append(Segment(None, "\n".join(lines[: headers[0]])))
        title = None
    bounds = [*headers, len(lines)]
    for here, nxt in zip(bounds, bounds[1:], strict=False):
        match = _otter_header(lines[here])
        assert match is not None
        body = "\n".join(lines[here + 1 : nxt])
        segments.append(Segment(match["name"].strip(), body, parse_time_ms(match["time"])))
    return SpeakerLayout("otter", segments, title, meta)


def _labelled(lines: Sequence[str], pattern: re.Pattern[str]) -> dict[int, re.Match[str]]:
    found: dict[int, re.Match[str]] = {}
    for i, line in enumerate(lines):
        match = pattern.match(line)
        if match is None:
            continue
        name = match["name"].strip()
        if not any(ch.isalpha() for ch in name) or _TIME_ONLY.match(name):
            continue
        found[i] = match
    return found


def _plausible(found: dict[int, re.Match[str]], lines: Sequence[str]) -> bool:
    """Two labelled lines at least, and names that repeat rather than prose that varies."""
    if len(found) < 2:
        return False
    names = Counter(match["name"].strip() for match in found.values())
    return len(names) <= max(_MAX_DISTINCT_SPEAKERS, len(found) // 3)


def _cut(lines: list[str], found: dict[int, re.Match[str]], layout: str) -> SpeakerLayout:
    segments: list[Segment] = []
    first = min(found)
    if first > 0:
        segments.append(Segment(None, "\n".join(lines[:first])))
    starts = sorted(found)
    bounds = [*starts, len(lines)]
    for here, nxt in zip(bounds, bounds[1:], strict=False):
        match = found[here]
        body = [match["text"] or "", *lines[here + 1 : nxt]]
        time = match.groupdict().get("time")
        start_ms = parse_time_ms(time) if time else None
        segments.append(Segment(match["name"].strip(), "\n".join(body), start_ms))
    return SpeakerLayout(layout, segments)
