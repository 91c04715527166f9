"""A survey export as rows of cells → respondents and open-text questions."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from interviewcoder.core.errors import ImportFailed
from interviewcoder.core.types import ParsedSurvey, SurveyQuestion, SurveyRespondent

from .base import Progress, SurveyOptions
from .survey_layouts import FLAVOURS, HeaderLayout, detect_flavour, header_layout

NON_ANSWERS = frozenset({"", "-99"})
ID_COLUMNS = ("responseid", "response id", "respondent id", "#", "token", "id")
_METADATA = {
    "startdate", "enddate", "start date", "end date", "status", "ipaddress", "ip address",
    "progress", "duration (in seconds)", "finished", "recordeddate", "recorded date",
    "recipientlastname", "recipientfirstname", "recipientemail", "externalreference",
    "externaldatareference", "locationlatitude", "locationlongitude", "locationaccuracy",
    "distributionchannel", "userlanguage", "responseset", "name", "emailaddress",
    "email address", "collector id", "timestamp", "submitted at", "start date (utc)",
    "submit date (utc)", "network id", "stage date (utc)", "last name", "first name",
}
_NUMBERISH = re.compile(r"^[\s\d.,:/+\-%$€£()TZ]*$")
_TEXT_HINT = re.compile(r"(_TEXT$|open-ended|please specify|comment|why|explain)", re.IGNORECASE)


def survey_from_rows(
    rows: list[list[str]], title: str, file: str, options: SurveyOptions, progress: Progress
) -> ParsedSurvey:
    rows = _rectangular(rows)
    if not rows:
        raise ImportFailed(file, "the survey has no header row")
    flavour = options.flavour or detect_flavour(rows)
    if flavour not in FLAVOURS:
        raise ImportFailed(file, f"unknown survey format {flavour!r}")
    layout = header_layout(rows, flavour)
    data = [row for row in rows[layout.header_rows :] if any(c.strip() for c in row)]
    if not data:
        raise ImportFailed(file, "the survey has no responses")
    id_index = _id_column(layout, data, options, file)
    ids = [row[id_index].strip() for row in data] if id_index is not None else None
    ids = ids or [str(n) for n in range(1, len(data) + 1)]
    text_idx = _text_columns(layout, data, options, id_index, file)
    attr_idx = _attribute_columns(layout, options, id_index, text_idx, file)
    respondents: list[SurveyRespondent] = []
    for n, (rid, row) in enumerate(zip(ids, data, strict=True), 1):
        attributes = {layout.columns[i]: row[i].strip() for i in attr_idx if _answer(row[i])}
        respondents.append(SurveyRespondent(rid, attributes))
        if n % 2000 == 0:
            progress(n, len(data), f"Read {n} of {len(data)} responses")
    questions = tuple(
        SurveyQuestion(
            column=layout.columns[i],
            text=layout.questions[i],
            answers=tuple((rid, row[i].strip()) for rid, row in zip(ids, data, strict=True)
                          if _answer(row[i])),
        )
        for i in text_idx
    )
    meta = {
        "id_column": layout.columns[id_index] if id_index is not None else None,
        "header_rows": layout.header_rows,
        "columns": list(layout.columns),
        "signature": _signature(flavour, layout.columns),
    }
    progress(len(data), len(data), f"Read {len(data)} responses")
    return ParsedSurvey(title, flavour, tuple(respondents), questions, meta)


def _answer(value: str) -> bool:
    return value.strip() not in NON_ANSWERS


def _rectangular(rows: list[list[str]]) -> list[list[str]]:
    """Pad short rows, and drop trailing columns that are empty everywhere (trailing commas)."""
    rows = [row for row in rows if row is not None]
    width = max((len(row) for row in rows), default=0)
    while width and all(len(row) < width or not row[width - 1].strip() for row in rows):
        width -= 1
    return [[*row[:width], *([""] * (width - len(row)))] for row in rows] if width else []


def _find(layout: HeaderLayout, wanted: str, file: str) -> int:
    key = wanted.strip().lower()
    for names in (layout.columns, layout.questions):
        for i, name in enumerate(names):
            if name.strip().lower() == key:
                return i
    raise ImportFailed(file, f"no column named {wanted!r}")


def _id_column(
    layout: HeaderLayout, data: list[list[str]], options: SurveyOptions, file: str
) -> int | None:
    if options.id_column:
        i = _find(layout, options.id_column, file)
        if not _unique_ids(data, i):
            raise ImportFailed(file, f"column {options.id_column!r} has empty or repeated ids")
        return i
    lowered = [c.strip().lower() for c in layout.columns]
    for wanted in ID_COLUMNS:
        if wanted in lowered and _unique_ids(data, lowered.index(wanted)):
            return lowered.index(wanted)
    return None


def _unique_ids(data: list[list[str]], i: int) -> bool:
    values = [row[i].strip() for row in data]
    return all(values) and len(set(values)) == len(values)


def _text_columns(
    layout: HeaderLayout, data: list[list[str]], options: SurveyOptions, id_index: int | None,
    file: str,
) -> list[int]:
    if options.text_columns is not None:
        return [_find(layout, name, file) for name in options.text_columns]
    return [
        i for i, name in enumerate(layout.columns)
        if i != id_index and name.strip().lower() not in _METADATA
        and looks_like_free_text([row[i] for row in data], name)
    ]


def looks_like_free_text(values: Sequence[str], name: str = "") -> bool:
    """Long, varied free text rather than options, numbers or dates."""
    answers = [v.strip() for v in values if _answer(v)]
    if not answers:
        return False
    if sum(1 for a in answers if _NUMBERISH.match(a)) > len(answers) / 2:
        return False
    words = sum(len(a.split()) for a in answers) / len(answers)
    varied = len(set(answers)) / len(answers)
    if len(answers) >= 10 and varied < 0.5:
        return False
    if _TEXT_HINT.search(name):
        return True
    mean_length = sum(map(len, answers)) / len(answers)
    return words >= 3 or (words >= 2 and varied >= 0.8 and mean_length >= 10)


def _attribute_columns(
    layout: HeaderLayout, options: SurveyOptions, id_index: int | None, text_idx: list[int],
    file: str,
) -> list[int]:
    if options.attribute_columns is not None:
        return [_find(layout, name, file) for name in options.attribute_columns]
    skip = set(text_idx) | ({id_index} if id_index is not None else set())
    return [i for i in range(len(layout.columns)) if i not in skip]


def _signature(flavour: str, columns: Sequence[str]) -> str:
    digest = hashlib.sha256("\x1f".join([flavour, *columns]).encode("utf-8"))
    return digest.hexdigest()[:16]
