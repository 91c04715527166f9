"""Survey respondents' names: short, stable and readable.

A respondent is named by the platform's id when it is short (SurveyMonkey's ``3123668248``,
Qualtrics' ``R_2YPOQ602ER1jkf1``), else ``R-0013`` (the row, or the small number the platform
gives, e.g. Microsoft Forms' ``ID``). Each respondent keeps the survey, the file and the
platform id as attributes, so a newer export of the same survey finds the same people again;
a name already used by someone else (another survey's ``R-0001``) is never joined: the
respondent gets the next free ``R-`` number instead.
"""

from __future__ import annotations

import re

from interviewcoder.core.types import ParsedSurvey, Participant

SURVEY_ATTRIBUTE = "Survey"
FILE_ATTRIBUTE = "Survey file"
ROW_ATTRIBUTE = "Survey row"
_SHORT_ID = 20
_SMALL_NUMBER = 8  # digits; longer numbers are platform ids, unique on their own
_R_NUMBER = re.compile(r"^R-(\d+)$")


def respondent_key(parsed: ParsedSurvey) -> str:
    """The attribute that holds each respondent's platform id (or row number)."""
    return parsed.meta.get("id_column") or ROW_ATTRIBUTE


def preferred_name(respondent_id: str, row: int, has_id_column: bool) -> str:
    """The name a respondent gets when nobody has it yet."""
    rid = respondent_id.strip()
    if not has_id_column:
        return f"R-{row:04d}"
    if rid.isdigit() and len(rid) < _SMALL_NUMBER:
        return f"R-{int(rid):04d}"
    if len(rid) <= _SHORT_ID and not any(ch.isspace() for ch in rid):
        return rid
    return f"R-{row:04d}"


def legacy_name(title: str, respondent_id: str, has_id_column: bool) -> str:
    """The name earlier versions gave (``exit-survey #13``), found again on re-import."""
    if not has_id_column or (respondent_id.isdigit() and len(respondent_id) < _SMALL_NUMBER):
        return f"{title} #{respondent_id}"
    return respondent_id


def respondent_names(parsed: ParsedSurvey, title: str,
                     people: list[Participant]) -> dict[str, str]:
    """Respondent id → participant name, given everyone already in the study."""
    key = respondent_key(parsed)
    has_id = parsed.meta.get("id_column") is not None
    mine = {p.attributes.get(key): p.name for p in people
            if p.attributes.get(SURVEY_ATTRIBUTE) == title and key in p.attributes}
    taken = {p.name: p for p in people}
    numbers = [int(m[1]) for name in taken if (m := _R_NUMBER.match(name))]
    next_free = max(numbers, default=0) + 1
    names: dict[str, str] = {}
    used: set[str] = set()
    for row, rid in enumerate(parsed.ids, 1):
        name = mine.get(rid)
        if name is None and legacy_name(title, rid, has_id) in taken:
            name = legacy_name(title, rid, has_id)
        if name is None:
            name = preferred_name(rid, row, has_id)
            if name in taken or name in used:
                while f"R-{next_free:04d}" in taken or f"R-{next_free:04d}" in used:
                    next_free += 1
                name = f"R-{next_free:04d}"
        used.add(name)
        names[rid] = name
    return names


def identity_attributes(parsed: ParsedSurvey, title: str, file: str,
                        respondent_id: str) -> dict[str, str]:
    """The attributes that say where a respondent came from."""
    return {SURVEY_ATTRIBUTE: title, FILE_ATTRIBUTE: file, respondent_key(parsed): respondent_id}
