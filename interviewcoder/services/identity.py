"""Who a speaker is: the identity rules every import (and a merge of studies) follows.

- An interviewer (``Interviewer``, ``Moderator``, ``Host``…, a role suffix such as
  ``Ana (Interviewer)``, or a name the researcher gives) belongs to no participant.
- A generic label (``Speaker 1``, ``Unknown Speaker``, ``SPEAKER_00``, ``Interviewee``…) is a
  new participant of this source, never joined to anyone in another source.
- A name that an existing participant has is only a *suggestion*: the speaker joins that
  participant when the researcher says so (the review step, ``--same-person``); otherwise a
  new participant is made and the possible match is reported.
- A name the researcher gives explicitly (``--participant``) is who the speaker is.

Plain functions on names, so the import, its review step and a merge of studies share them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

INTERVIEWER = "interviewer"
PARTICIPANT = "participant"
NOBODY = "none"  # not a person: its turns count for no one
ROLES = (PARTICIPANT, INTERVIEWER, NOBODY)

_STAFF = r"interviewer|moderator|facilitator|host|co-?host|researcher|interviewers"
DEFAULT_INTERVIEWER = re.compile(rf"^(?:{_STAFF}|q|i|int|mod)\b", re.IGNORECASE)
ROLE_SUFFIX = re.compile(
    rf"(?:\(\s*(?:{_STAFF})\s*\)|\[\s*(?:{_STAFF})\s*\]|\s[-–—,|]\s*(?:{_STAFF}))\s*$",
    re.IGNORECASE)
GENERIC_SPEAKER = re.compile(
    r"^(?:(?:(?:unknown|unidentified)(?:[ _-]*speaker)?|speaker|spk|participant|interviewee|"
    r"respondent|guest|customer|user|person|caller|voice|attendee)"
    r"(?:[ _#-]*\d+|[ _#-]+[a-z])?|[prab][ _#-]*\d*)$",
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """An existing participant a speaker may be, and why."""

    name: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class ParticipantChoice:
    """``new``: create a participant of this name; ``join``: the participant of this name
    (existing, or made by an earlier file of the same import)."""

    action: str
    name: str

    def to_dict(self) -> dict[str, str]:
        return {"action": self.action, "name": self.name}


@dataclass(frozen=True, slots=True)
class Match:
    choice: ParticipantChoice
    suggestion: Suggestion | None = None
    reason: str = ""


def is_generic(label: str) -> bool:
    """A label that names no one in particular ("Speaker 1", "SPEAKER_00", "Interviewee")."""
    return bool(GENERIC_SPEAKER.match(label.strip()))


def interviewer_reason(label: str | None, named: Iterable[str] = ()) -> str | None:
    """Why ``label`` is an interviewer, or None: named by the researcher (added to the default
    detection, never replacing it), a staff label, or a role suffix."""
    if not label:
        return None
    text = label.strip()
    if text.casefold() in {n.strip().casefold() for n in named if n.strip()}:
        return "named as interviewer"
    if DEFAULT_INTERVIEWER.match(text):
        return f"label {text!r}"
    if ROLE_SUFFIX.search(text):
        return "role in the label"
    return None


def unique_name(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base 2``, ``base 3``… when a participant already has it."""
    used = {t.casefold() for t in taken}
    if base.casefold() not in used:
        return base
    n = 2
    while f"{base} {n}".casefold() in used:
        n += 1
    return f"{base} {n}"


def _same_name_reason(name: str) -> str:
    return "same full name" if len(name.split()) >= 2 else "same name (a first name only)"


def match_participant(
    label: str, *, title: str, existing: Mapping[str, str], taken: Iterable[str] = (),
    same_person: bool = False, explicit: str | None = None,
) -> Match:
    """Who the speaker ``label`` of a source titled ``title`` is.

    ``existing`` maps casefolded names to the participants' names (the study's, and those an
    earlier file of the same import creates); ``taken`` is every name in use, for making new
    names unique. ``same_person`` says a same name is the same person; ``explicit`` is the
    participant the researcher named for this source.
    """
    taken = set(taken) | set(existing.values())
    if explicit:
        found = existing.get(explicit.strip().casefold())
        if found is not None:
            return Match(ParticipantChoice("join", found), None, "named by you")
        return Match(ParticipantChoice("new", explicit.strip()), None, "named by you")
    label = label.strip()
    if is_generic(label):
        return Match(ParticipantChoice("new", unique_name(f"{label} ({title})", taken)), None,
                     "a generic label: a participant of this source only")
    found = existing.get(label.casefold())
    if found is None:
        return Match(ParticipantChoice("new", unique_name(label, taken)), None, "a new name")
    suggestion = Suggestion(found, _same_name_reason(label))
    if same_person:
        return Match(ParticipantChoice("join", found), suggestion, "the same person (you said so)")
    return Match(ParticipantChoice("new", unique_name(f"{label} ({title})", taken)), suggestion,
                 "a possible match, not joined")
