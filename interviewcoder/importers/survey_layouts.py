"""Recognise a survey export's header layout: Qualtrics, SurveyMonkey, Google Forms, Typeform.

Each layout says how many header rows there are, what each column is called, and the question
text behind it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FLAVOURS = ("qualtrics", "surveymonkey", "googleforms", "typeform", "generic")
_IMPORT_ID = re.compile(r"""^\{\s*["']ImportId["']\s*:""")
_V_TAG = re.compile(r"^V\d+$")
_RESPONSE_ID = {"responseid", "response id"}
_FORMS_TIMESTAMP = {
    "timestamp", "tijdstempel", "horodateur", "marca temporal", "zeitstempel",
    "carimbo de data/hora", "informazioni cronologiche", "sygnatura czasowa",
}
_MONKEY_SUBHEADERS = {"response", "open-ended response"}


@dataclass(frozen=True, slots=True)
class HeaderLayout:
    flavour: str
    header_rows: int
    columns: tuple[str, ...]
    questions: tuple[str, ...]


def detect_flavour(rows: list[list[str]]) -> str:
    """The survey tool that made the export, judged from its header rows."""
    first = [c.strip() for c in rows[0]] if rows else []
    second = [c.strip() for c in rows[1]] if len(rows) > 1 else []
    third = rows[2] if len(rows) > 2 else []
    lowered = {c.lower() for c in first}
    if any(_IMPORT_ID.match(c.strip()) for c in third):
        return "qualtrics"
    if first[:1] == ["V1"] and "ResponseID" in second:
        return "qualtrics"
    if lowered & _RESPONSE_ID and second and second[0].lower() in _RESPONSE_ID | {"start date"}:
        return "qualtrics"
    if "respondent id" in lowered and _MONKEY_SUBHEADERS & {c.lower() for c in second}:
        return "surveymonkey"
    if first and first[0].lower() in _FORMS_TIMESTAMP:
        return "googleforms"
    if "#" in first and ({"submitted at", "token"} & lowered):
        return "typeform"
    return "generic"


def header_layout(rows: list[list[str]], flavour: str) -> HeaderLayout:
    """How many rows are headers, and the column names and question texts they give."""
    first = [c.strip() for c in rows[0]]
    second = [c.strip() for c in rows[1]] if len(rows) > 1 else [""] * len(first)
    if flavour == "qualtrics":
        third = rows[2] if len(rows) > 2 else []
        if any(_IMPORT_ID.match(c.strip()) for c in third):
            return _layout(flavour, 3, first, second)
        if len(rows) > 1 and (first[:1] == ["V1"] or second[:1] != first[:1]):
            names = [s if _V_TAG.match(f) and s else f for f, s in zip(first, second, strict=True)]
            return _layout(flavour, 2, names, second)
        return _layout(flavour, 1, first, first)
    if flavour == "surveymonkey" and len(rows) > 1:
        return _layout(flavour, 2, *_monkey_names(first, second))
    return _layout(flavour, 1, first, first)


def _monkey_names(first: list[str], second: list[str]) -> tuple[list[str], list[str]]:
    """Question text spans columns (blank cells to its right); the second row names options."""
    names: list[str] = []
    questions: list[str] = []
    current = ""
    for top, sub in zip(first, second, strict=True):
        current = top or current
        questions.append(current)
        if not current:
            names.append(sub)
        elif sub and sub.lower() not in _MONKEY_SUBHEADERS:
            names.append(f"{current} - {sub}")
        else:
            names.append(current)
    return names, questions


def _layout(flavour: str, header_rows: int, names: list[str], texts: list[str]) -> HeaderLayout:
    unique: list[str] = []
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        base = name or f"Column {i + 1}"
        count = seen.get(base, 0) + 1
        seen[base] = count
        unique.append(base if count == 1 else f"{base} ({count})")
    questions = [t or n for t, n in zip(texts, unique, strict=True)]
    return HeaderLayout(flavour, header_rows, tuple(unique), tuple(questions))
