"""Markdown around a transcript: YAML/TOML front matter (read as metadata) and lines that are
structure rather than speech (headings, rules, setext underlines).

The front matter of transcripts is simple ``key: value`` text, with lists as ``- item`` lines or
``[a, b]``; a value keeps its own colons (``title: Something: with colons``). No YAML library is
needed for that, and none is trusted with arbitrary input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

_FENCES = {"---": ("---", "..."), "+++": ("+++",)}
_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w .-]{0,40}?)[ \t]*(?P<sep>:|=)(?:[ \t]+(?P<value>.*))?$")
_ITEM = re.compile(r"^[ \t]+-[ \t]+(?P<value>.*)$|^-[ \t]+(?P<top>.*)$")
_HEADING = re.compile(r"^[ \t]{0,3}(?P<marks>#{1,6})[ \t]+(?P<text>.*?)[ \t#]*$")
_RULE = re.compile(r"^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT = re.compile(r"^[ \t]{0,3}(={2,}|-{2,})[ \t]*$")
_MAX_LINES = 300
_MAX_VALUE = 500
SPEAKER_KEYS = {"guest", "guests", "host", "hosts", "speaker", "speakers", "participants",
                "participant", "interviewer", "interviewee", "interviewees", "moderator",
                "people", "cast"}
INTERVIEWER_KEYS = {"host", "hosts", "interviewer", "moderator"}


@dataclass(slots=True)
class FrontMatter:
    """The keys and values of a front-matter block, and how many lines it took."""

    values: dict[str, str | list[str]] = field(default_factory=dict)
    lines: int = 0

    @property
    def title(self) -> str | None:
        value = self.values.get("title")
        return value if isinstance(value, str) and value else None

    def names(self, keys: set[str]) -> list[str]:
        """Person names given under these keys (``guest: Trevor Manz``, ``speakers: [A, B]``)."""
        found: list[str] = []
        for key, value in self.values.items():
            if key.casefold() in keys:
                items = value if isinstance(value, list) else re.split(r"[,;&]| and ", value)
                found += [item.strip() for item in items if item.strip()]
        return found


def front_matter(lines: Sequence[str]) -> FrontMatter:
    """Front matter at the very top (``---`` … ``---`` or ``...``; ``+++`` … ``+++``), else
    an empty one. A block whose lines are not mostly ``key: value`` is not front matter."""
    if not lines or lines[0].strip() not in _FENCES:
        return FrontMatter()
    closers = _FENCES[lines[0].strip()]
    end = next((i for i in range(1, min(len(lines), _MAX_LINES))
                if lines[i].strip() in closers), None)
    if end is None or end == 1:
        return FrontMatter()
    body = lines[1:end]
    values: dict[str, str | list[str]] = {}
    current: str | None = None
    keyed = 0
    for line in body:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = _ITEM.match(line)
        if item is not None and current is not None:
            listed = values.get(current)
            entries = listed if isinstance(listed, list) else ([listed] if listed else [])
            entries.append(_scalar(item["value"] if item["value"] is not None else item["top"]))
            values[current] = entries
            keyed += 1
            continue
        match = _KEY.match(line)
        if match is None or line[:1] in " \t":
            if current is not None and isinstance(values.get(current), str) and line[:1] in " \t":
                values[current] = _clip(f"{values[current]} {line.strip()}".strip())
                keyed += 1
            continue
        keyed += 1
        current = match["key"].strip()
        values[current] = _value(match["value"] or "")
    if keyed < max(1, len([x for x in body if x.strip()]) * 0.6):
        return FrontMatter()
    return FrontMatter(values, end + 1)


def _value(text: str) -> str | list[str]:
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        return [_scalar(x) for x in text[1:-1].split(",") if x.strip()]
    return _scalar(text)


def _scalar(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1]
    elif " #" in text:
        text = text.split(" #", 1)[0].rstrip()
    return _clip(text)


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"


def heading(line: str) -> tuple[int, str] | None:
    """``## Transcript`` → (2, "Transcript"); None when the line is no ATX heading."""
    match = _HEADING.match(line)
    if match is None or not match["text"]:
        return None
    return len(match["marks"]), match["text"].strip()


def structure_lines(lines: Sequence[str]) -> set[int]:
    """Indexes of lines that are Markdown structure, not speech: ATX headings, rules, and
    setext underlines (with the heading line above them)."""
    found: set[int] = set()
    for i, line in enumerate(lines):
        if heading(line) is not None or _RULE.match(line):
            found.add(i)
        elif _SETEXT.match(line) and i > 0 and lines[i - 1].strip() and (i - 1) not in found:
            above = lines[i - 1].strip()
            if len(above) <= 80 and not above.endswith((".", ",", ":")):
                found.update((i - 1, i))
    return found
