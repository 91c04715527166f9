"""REFI-QDA (QDA-XML 1.0) exchange as plain values, for both directions.

The importer reads a ``.qdpx``/``.qdc`` into a ``RefiProject`` whose source texts are the texts
as they will be stored (BOM gone, newlines normalised, speaker labels of an interviewcoder
export taken out) and whose offsets are code-point offsets into them. The exporter builds a
``RefiProject`` whose source texts are the texts as written to ``sources/`` and whose offsets
are into those. GUIDs are lower-case and valid (``normalise_guid``).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

REFI_NAMESPACE = uuid.UUID("6f1c2a52-3f0e-5d47-9a0b-1d2c3e4f5a6b")
"""Namespace of the name-based (uuid5) GUIDs this project derives."""

_GUID = re.compile(
    r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")

ROLES = ("interviewer", "participant", "answer")
VARIABLE_TYPES = ("Text", "Boolean", "Integer", "Float", "Date", "DateTime")


def normalise_guid(value: str) -> str:
    """A GUID as stored: lower case, no braces. A non-GUID id (``c001``) becomes a name-based
    GUID derived from it, the same every time, so references and re-imports still match."""
    value = (value or "").strip()
    match = _GUID.match(value)
    if match:
        return match.group(1).lower()
    return str(uuid.uuid5(REFI_NAMESPACE, f"id:{value}"))


def is_guid(value: str) -> bool:
    return bool(_GUID.match(value or ""))


def derived_guid(*parts: object) -> str:
    """A stable GUID for something REFI needs a GUID for and the study has none."""
    return str(uuid.uuid5(REFI_NAMESPACE, "\x1f".join(str(p) for p in parts)))


@dataclass(frozen=True, slots=True)
class RefiUser:
    guid: str
    name: str


@dataclass(frozen=True, slots=True)
class RefiCode:
    guid: str
    name: str
    codable: bool = True
    colour: str | None = None
    description: str = ""
    children: tuple[RefiCode, ...] = ()
    note_guids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RefiCoding:
    guid: str
    code_guid: str
    user_guid: str | None = None
    created_at: str | None = None


@dataclass(frozen=True, slots=True)
class RefiSelection:
    """A ``PlainTextSelection``: a span of its source's text, with its codings."""

    guid: str
    start: int
    end: int
    name: str | None = None
    description: str = ""
    codings: tuple[RefiCoding, ...] = ()
    user_guid: str | None = None
    created_at: str | None = None
    modified_at: str | None = None
    note_guids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RefiTurn:
    """A turn restored from an interviewcoder export (or a whole source linked to a case)."""

    start: int
    end: int
    speaker: str | None
    role: str
    case_guid: str | None = None
    start_ms: int | None = None


@dataclass(frozen=True, slots=True)
class RefiSource:
    guid: str
    name: str
    text: str | None
    """None when the source was skipped (``skipped`` says why)."""
    selections: tuple[RefiSelection, ...] = ()
    turns: tuple[RefiTurn, ...] = ()
    """Turns described in the file (an interviewcoder export); empty: none described."""
    skipped: str | None = None
    kind: str = "text"  # text | pdf | picture | audio | video
    variables: tuple[tuple[str, str], ...] = ()
    """(variable name, value) of the source, e.g. ("Source kind", "survey")."""
    note_guids: tuple[str, ...] = ()
    created_at: str | None = None
    counting: str = ""
    """How the file's offsets were counted, as read (e.g. "UTF-16 units, CRLF as 2")."""


@dataclass(frozen=True, slots=True)
class RefiVariable:
    guid: str
    name: str
    type: str = "Text"


@dataclass(frozen=True, slots=True)
class RefiCase:
    guid: str
    name: str
    values: tuple[tuple[str, str], ...] = ()
    """(variable name, value as text)."""
    source_guids: tuple[str, ...] = ()
    selection_guids: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class RefiNote:
    guid: str
    name: str
    text: str
    user_guid: str | None = None
    created_at: str | None = None


@dataclass(frozen=True, slots=True)
class RefiProject:
    name: str
    origin: str
    format: str  # qdpx | qdc | qde
    users: tuple[RefiUser, ...] = ()
    codes: tuple[RefiCode, ...] = ()
    variables: tuple[RefiVariable, ...] = ()
    cases: tuple[RefiCase, ...] = ()
    sources: tuple[RefiSource, ...] = ()
    notes: tuple[RefiNote, ...] = ()
    problems: tuple[str, ...] = ()
    """One line each: what in the file could not be taken (offsets outside a text, a coding
    of no code, ...). Those parts are left out, never moved or guessed."""
    meta: dict[str, Any] = field(default_factory=dict)
    created_at: str | None = None

    @property
    def title(self) -> str:
        return self.name

    def iter_codes(self) -> list[tuple[RefiCode, int]]:
        """Every code with its depth (1 = top level), in document order."""
        out: list[tuple[RefiCode, int]] = []
        stack = [(c, 1) for c in reversed(self.codes)]
        while stack:
            code, depth = stack.pop()
            out.append((code, depth))
            stack.extend((c, depth + 1) for c in reversed(code.children))
        return out
