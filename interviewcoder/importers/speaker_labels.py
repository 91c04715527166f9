"""Speaker labels: the shapes a label line takes, and a raw label made into a name and a role.

A shape is one way a transcript marks who speaks (``Name: text``, ``[id] text``, an Otter
``Name  0:03`` line, ``HH:MM:SS <v Name>text``, ``**[12:34] SPEAKER_02:** text`` ...). Each
shape finds candidate labels; ``speakerlines`` scores the shapes and keeps the one whose labels
explain most of the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from interviewcoder.core.types import Role

from .cues import split_voices

TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_UNTIL = rf"(?:[ \t]*(?:-->|->|→|–|—|-)[ \t]*{TIME})?"  # a range's end, dropped
_STAMP = rf"`?[\[(]?(?P<time>{TIME}){_UNTIL}[\])]?`?"  # 00:12 · [00:12] · `[00:12 - 00:15]`
_E = r"(?:\*\*|__|\*|_)?"  # Markdown emphasis around a label or its time
_BULLET = r"(?:[-+*][ \t]+)?"
_NAME = (r"[^\W_][\w.'’\-]*(?:[ \t\u00a0](?:&[ \t\u00a0])?[\w.'’\-]+){0,7}"
         r"(?:[ \t]\([^()\d]{1,20}\)|[ \t]\[[^\[\]\d]{1,20}\])?")
_AFTER_COLON = r"[ \t\u00a0]?:" + _E + r"(?:[ \t\u00a0]+(?P<text>.*))?$"

SHAPES: dict[str, re.Pattern[str]] = {
    # Name: text · **Name:** text · Name (00:28): text · **Sam (00:01:05):** · Name: (text below)
    "colon": re.compile(
        rf"^[ \t]*{_BULLET}{_E}(?P<name>{_NAME}){_E}"
        rf"(?:[ \t]*[\[(](?P<time>{TIME})[\])])?{_E}{_AFTER_COLON}"),
    # [00:01:02] Name: text · 00:01 Name: text · **[12:34] SPEAKER_02:** text
    "timed-colon": re.compile(
        rf"^[ \t]*{_BULLET}{_E}{_STAMP}{_E}[ \t]*(?:[-–—|][ \t]*)?"
        rf"{_E}(?P<name>{_NAME}){_E}{_AFTER_COLON}"),
    # 0:00:36.2 **Name** text · **Name** text (bold name, no colon)
    "bold": re.compile(
        rf"^[ \t]*{_BULLET}(?:{_STAMP}[ \t]+)?(?:\*\*|__)(?P<name>{_NAME})"
        r"(?:\*\*|__)[ \t\u00a0]+(?P<text>[^:\s].*)$"),
    # [id1] text
    "bracket": re.compile(r"^[ \t]*\[(?P<name>[^\]\n]{1,40})\][ \t\u00a0]*(?P<text>.*)$"),
    # Otter: "Name  0:03" alone on its line; Markdown "**Name** 12:34" or "**Name** (12:34)"
    "otter": re.compile(
        rf"^(?P<name>\S[^\t]{{0,60}}?)[ \t\u00a0]+[\[(]?(?P<time>{TIME})[\])]?[ \t]*$"),
    # HH:MM:SS <v Name>text (WebVTT voice tags in plain text)
    "voice": re.compile(
        rf"^[ \t]*(?:[\[(]?(?P<time>{TIME})[\])]?[ \t]+)?(?P<text><v(?:\.[^\s>]*)?[ \t]+[^>]+>.*)$"),
}
TIMED_LINE = re.compile(rf"^[ \t]*{_STAMP}[ \t]+(?P<text>\S.*)$")
"""A caption line with a time but no label (``01:04:41 Thank you.``)."""
_TIME_ONLY = re.compile(rf"^[ \t]*[\[(]?{TIME}[\])]?[ \t]*$")
_LEADING_STAMP = re.compile(rf"^\\?[\[(](?P<time>{TIME})\\?[\])][ \t]*")
"""A time at the start of a turn's text: ``**Name:** \\[06:14\\] Yeah`` (escaped Markdown)."""

_INTERVIEWER_WORDS = {
    "interviewer", "moderator", "host", "co-host", "cohost", "facilitator", "researcher",
    "interviewer 1", "interviewer 2", "q", "question", "int", "i", "observer", "note-taker",
    "notetaker", "ux researcher", "enquêteur", "enquêtrice", "animateur", "animatrice",
    "interviewerin", "moderatorin", "entrevistador", "entrevistadora", "intervistatore",
}
_PARTICIPANT_WORDS = {
    "interviewee", "participant", "respondent", "guest", "customer", "candidate", "client",
    "user", "answer", "invité", "invitée", "gast", "invitado", "invitada", "ospite",
}
_NOT_SPEAKERS = {
    "note", "notes", "summary", "action items", "action item", "actions", "next steps",
    "agenda", "title", "date", "time", "location", "duration", "attendees", "participants",
    "speakers", "keywords", "tags", "topic", "topics", "transcript", "recording", "source",
    "url", "link", "links", "subject", "comment", "comments", "update", "edit", "edited",
    "decision", "decisions", "todo", "to do", "takeaways", "key takeaways", "follow-up",
    "follow up", "outcome", "outcomes", "result", "results", "conclusion", "conclusions",
    "background", "context", "objective", "objectives", "goal", "goals", "purpose",
    "questions", "chapter", "chapters", "section", "example", "warning", "tip", "important",
    "caution", "disclaimer", "copyright", "license", "licence", "description", "episode",
    "sponsor", "sponsors", "resources", "show notes", "timestamps", "q&a", "references",
    "ps", "p.s", "nb", "n.b", "edit note", "transcriber note", "transcriber's note",
    "interview date", "interview", "project", "study", "file", "version", "author", "by",
    "status", "priority", "owner", "deadline", "overview", "highlights", "quote", "quotes",
    "résumé", "remarque", "zusammenfassung", "notiz", "resumen", "nota",
    "break", "intro", "outro", "music", "ad", "ads", "commercial", "pause", "silence",
    "crosstalk", "laughter", "laughs", "inaudible", "unintelligible", "applause", "end",
}
_NUMBERED = re.compile(
    r"^(question|q|item|point|step|part|section|chapter|topic|task|slide|page|theme|exercise|"
    r"scenario|prompt|case|day|week|session|round|phase|stage|problem|issue|action|note|"
    r"answer|figure|table|appendix|block|module|lesson|unit)[ \t._#-]*\d+[a-z]?$",
    re.IGNORECASE)
_GENERIC_ID = re.compile(r"^[A-Za-z]{1,8}[ _#-]?\d{1,4}$|^[A-Z]$")
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "la", "le",
              "bin", "al", "el", "y", "e", "do", "dos", "das", "ten", "ter", "zu", "of", "&",
              "and"}
_ROLE_SUFFIX = re.compile(r"^(?P<name>.+?)[ \t\u00a0]*[\[(](?P<role>[^()\[\]]{1,30})[\])]$")
_ROLE_DASH = re.compile(r"^(?P<name>.+?)[ \t]+[-–—,][ \t]+(?P<role>[^,\-–—]{1,30})$")


@dataclass(frozen=True, slots=True)
class Label:
    """A label found on a line: who (normalised), their role if the label gives one, when."""

    name: str
    role: Role | None
    time: str | None
    text: str
    key: str  # the name folded, for counting


def role_of_word(word: str) -> Role | None:
    """The role a bare label or a suffix names (``Moderator`` → interviewer)."""
    folded = " ".join(word.casefold().split())
    if folded in _INTERVIEWER_WORDS:
        return Role.INTERVIEWER
    if folded in _PARTICIPANT_WORDS:
        return Role.PARTICIPANT
    return None


def strip_markup(raw: str) -> str:
    """A label without Markdown emphasis, surrounding brackets, a trailing colon or spaces."""
    text = raw
    while True:
        before = text
        text = text.replace("\u00a0", " ").strip().strip("*_").strip()
        text = text.removesuffix(":")
        if len(text) >= 2 and (text[0], text[-1]) in (("[", "]"), ("(", ")"), ("<", ">")):
            text = text[1:-1]
        if text == before:
            return " ".join(text.split())


@lru_cache(maxsize=4096)
def normalise(raw: str) -> tuple[str, Role | None] | None:
    """A raw label → (speaker name, role the label gives), or None when it is no name at all.

    ``**Emma**`` → Emma; ``Sam Rivers (Interviewer)`` → Sam Rivers, interviewer;
    ``Interviewer (Sam Rivers)`` → Sam Rivers, interviewer; ``Moderator`` → Moderator,
    interviewer; ``Ashlee Kupor (SL)`` stays as it is (SL is no role).
    """
    name = strip_markup(raw)
    if not name or not any(ch.isalpha() for ch in name) or _TIME_ONLY.match(name):
        return None
    for pattern in (_ROLE_SUFFIX, _ROLE_DASH):
        match = pattern.match(name)
        if match is None:
            continue
        inner, outer = strip_markup(match["role"]), strip_markup(match["name"])
        if (role := role_of_word(inner)) is not None and outer:
            return outer, role
        if (role := role_of_word(outer)) is not None and inner and pattern is _ROLE_SUFFIX:
            return inner, role
    return name, role_of_word(name)


@lru_cache(maxsize=4096)
def is_stop_label(name: str) -> bool:
    """Labels that head a note, not a speaker: ``Summary``, ``Action items``, ``Question 3``."""
    folded = " ".join(name.casefold().split()).rstrip(".")
    return folded in _NOT_SPEAKERS or _NUMBERED.match(folded) is not None


def name_like(name: str) -> bool:
    """Looks like a person's name or a speaker id: capitalised words (particles aside), or
    ``P3`` / ``SPEAKER_02`` / ``A``. ``Action items`` is not (a lower-case second word)."""
    if _GENERIC_ID.match(name) or role_of_word(name) is not None:
        return True
    words = name.split()
    if not 1 <= len(words) <= (8 if "&" in words else 4):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.casefold() in _PARTICLES for w in words)


_QUICK = {  # a cheap test every line of that shape passes, to skip the regex on the rest
    "colon": lambda line: ":" in line,
    "timed-colon": lambda line: ":" in line[:40] and any(ch.isdigit() for ch in line[:12]),
    "bold": lambda line: "**" in line or "__" in line,
    "bracket": lambda line: line.lstrip()[:1] == "[",
    "otter": lambda line: line.rstrip()[-1:].isdigit() or line.rstrip()[-1:] in ")]",
    "voice": lambda line: "<v" in line,
}


def find(shape: str, line: str) -> list[Label]:
    """The label(s) a line carries in ``shape`` (voice lines may carry several), else []."""
    if not _QUICK[shape](line):
        return []
    match = SHAPES[shape].match(line)
    if match is None:
        return []
    time = match.groupdict().get("time")
    if shape == "voice":
        labels = []
        for voice, body in split_voices(match["text"]):
            found = normalise(voice) if voice else None
            if found is None:
                labels.append(Label("", None, time, body, ""))
            else:
                labels.append(Label(found[0], found[1], time, body, found[0].casefold()))
        return labels if any(label.key for label in labels) else []
    raw = match["name"]
    if shape == "otter" and not _otter_name(raw):
        return []
    if shape == "bracket" and _TIME_ONLY.match(raw):
        return []
    found = normalise(raw)
    if found is None:
        return []
    name, role = found
    text = match.groupdict().get("text") or ""
    if time is None and (stamp := _LEADING_STAMP.match(text)):
        time, text = stamp["time"], text[stamp.end() :]
    return [Label(name, role, time, text, name.casefold())]


def _otter_name(raw: str) -> bool:
    name = strip_markup(raw)
    if ":" in name or not any(ch.isalpha() for ch in name):
        return False
    return len(name.split()) <= 6 and not raw.rstrip().endswith((".", ",", "•"))
