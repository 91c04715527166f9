"""Reading QDA-XML elements, whatever their namespace or the case of their names: users,
the code tree, variables, cases and notes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from interviewcoder.core.refi import (
    RefiCase,
    RefiCode,
    RefiNote,
    RefiUser,
    RefiVariable,
    normalise_guid,
)

Element = Any  # an lxml element
_RGB = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
_TYPED = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue")


def local(el: Element) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1].casefold()


def kids(el: Element | None, name: str) -> Iterator[Element]:
    if el is None:
        return
    name = name.casefold()
    for child in el:
        if local(child) == name:
            yield child


def kid(el: Element | None, name: str) -> Element | None:
    return next(kids(el, name), None)


def attr(el: Element, name: str, default: str | None = None) -> str | None:
    return el.get(name, default)


def text(el: Element | None) -> str:
    """An element's text content (an empty element gives "")."""
    if el is None:
        return ""
    return "".join(el.itertext())


def guid(el: Element, name: str = "guid") -> str:
    return normalise_guid(attr(el, name) or "")


def ref_guids(el: Element, name: str) -> tuple[str, ...]:
    return tuple(guid(r, "targetGUID") for r in kids(el, name))


@lru_cache(maxsize=4096)
def timestamp(value: str | None) -> str | None:
    """An xsd:dateTime as the study stores times (UTC, ISO 8601, milliseconds); None when
    missing or unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("z", "Z"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def colour(value: str | None) -> str | None:
    """``#RRGGBB`` in lower case (``#RGB`` expanded); None when missing or not a colour."""
    match = _RGB.match((value or "").strip())
    if not match:
        return None
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return f"#{digits}"


def users(root: Element) -> tuple[RefiUser, ...]:
    out = []
    for el in kids(kid(root, "Users"), "User"):
        g = guid(el)
        name = (attr(el, "name") or attr(el, "id") or "").strip() or f"user {g[:8]}"
        out.append(RefiUser(g, name))
    return tuple(out)


def codes(parent: Element | None) -> tuple[RefiCode, ...]:
    """The code tree under a ``Codes`` (or ``Code``) element, any depth."""
    out = []
    for el in kids(parent, "Code"):
        codable = (attr(el, "isCodable") or "true").strip().casefold() not in ("false", "0")
        out.append(RefiCode(
            guid=guid(el), name=(attr(el, "name") or "").strip(), codable=codable,
            colour=colour(attr(el, "color") or attr(el, "colour")),
            description=text(kid(el, "Description")), children=codes(el),
            note_guids=ref_guids(el, "NoteRef")))
    return tuple(out)


def variables(root: Element) -> tuple[RefiVariable, ...]:
    out = []
    for el in kids(kid(root, "Variables"), "Variable"):
        kind = (attr(el, "typeOfVariable") or "Text").strip()
        out.append(RefiVariable(guid(el), (attr(el, "name") or "").strip(), kind))
    return tuple(out)


def variable_values(el: Element, names: dict[str, str],
                    problems: list[str]) -> tuple[tuple[str, str], ...]:
    """(variable name, value text) of an element's ``VariableValue``s."""
    out = []
    for value in kids(el, "VariableValue"):
        ref = kid(value, "VariableRef")
        target = guid(ref, "targetGUID") if ref is not None else ""
        name = names.get(target)
        if name is None:
            problems.append(f"a value of an unknown variable ({target}) was left out")
            continue
        typed = next((c for c in value if local(c) in {t.casefold() for t in _TYPED}), None)
        out.append((name, text(typed)))
    return tuple(out)


def cases(root: Element, names: dict[str, str], problems: list[str]) -> tuple[RefiCase, ...]:
    out = []
    for el in kids(kid(root, "Cases"), "Case"):
        g = guid(el)
        out.append(RefiCase(
            guid=g, name=(attr(el, "name") or "").strip() or f"Case {g[:8]}",
            values=variable_values(el, names, problems),
            source_guids=ref_guids(el, "SourceRef"), selection_guids=ref_guids(el, "SelectionRef"),
            description=text(kid(el, "Description")).strip()))
    return tuple(out)


def notes(root: Element) -> tuple[RefiNote, ...]:
    """Notes with their text inline (``PlainTextContent``, how every tool writes them)."""
    out = []
    for el in kids(kid(root, "Notes"), "Note"):
        out.append(RefiNote(
            guid=guid(el), name=(attr(el, "name") or "").strip(),
            text=text(kid(el, "PlainTextContent")),
            user_guid=normalise_guid(attr(el, "creatingUser") or "") if attr(el, "creatingUser")
            else None,
            created_at=timestamp(attr(el, "creationDateTime"))))
    return tuple(out)
