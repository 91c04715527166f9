"""A survey export as rows of cells → respondents and open-text questions, with what was
inferred (platform, header rows, each column's class) kept for the import report."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import replace

from interviewcoder.core.errors import ImportFailed
from interviewcoder.core.types import (
    ColumnClass,
    Inference,
    ParsedSurvey,
    SurveyColumn,
    SurveyQuestion,
    SurveyRespondent,
    column_letter,
)

from .base import Progress, SurveyOptions
from .survey_columns import NON_ANSWERS, classify, is_answer, is_placeholder, looks_like_free_text
from .survey_layouts import FLAVOURS, FlavourGuess, HeaderLayout, detect_flavour, fold, header_layout

__all__ = ["NON_ANSWERS", "looks_like_free_text", "survey_from_rows", "find_column"]

ID_COLUMNS = ("responseid", "response id", "respondent id", "respondentid", "#", "token", "id",
              "response_id", "submission id", "record id")
_LETTERS = re.compile(r"^[A-Za-z]{1,3}$")
_TRAILING_SEPARATORS = re.compile(r"[\s;]+$")


def survey_from_rows(
    rows: list[list[str]], title: str, file: str, options: SurveyOptions, progress: Progress
) -> ParsedSurvey:
    rows = _rectangular(rows)
    if not rows:
        raise ImportFailed(file, "the survey has no header row")
    if options.flavour:
        if options.flavour not in FLAVOURS:
            raise ImportFailed(file, f"unknown survey format {options.flavour!r}")
        guess = FlavourGuess(options.flavour, 1.0, "chosen with --survey-format")
    else:
        guess = detect_flavour(rows)
    flavour = guess.flavour
    layout = header_layout(rows, flavour)
    data = [row for row in rows[layout.header_rows :] if any(c.strip() for c in row)]
    if not data:
        raise ImportFailed(file, "the survey has no responses")
    id_index = _id_column(layout, data, options, file)
    columns = _apply_options(classify(layout, data, id_index), layout, options, file)
    ids = [row[id_index].strip() for row in data] if id_index is not None else None
    ids = ids or [str(n) for n in range(1, len(data) + 1)]
    attr_idx = [c.index for c in columns if c.cls in (ColumnClass.ATTRIBUTE, ColumnClass.PERSONAL)]
    kinds = {c.index: c.kind for c in columns}
    respondents: list[SurveyRespondent] = []
    for n, (rid, row) in enumerate(zip(ids, data, strict=True), 1):
        attributes = {layout.columns[i]: _attribute(row[i], kinds[i]) for i in attr_idx
                      if is_answer(row[i])}
        respondents.append(SurveyRespondent(rid, attributes))
        if n % 2000 == 0:
            progress(n, len(data), f"Read {n} of {len(data)} responses")
    questions = tuple(
        SurveyQuestion(
            column=layout.columns[c.index],
            text=layout.questions[c.index],
            answers=tuple((rid, cell) for rid, row in zip(ids, data, strict=True)
                          if (cell := row[c.index].strip()) not in NON_ANSWERS
                          and not is_placeholder(cell)),
        )
        for c in columns if c.cls is ColumnClass.OPEN_TEXT
    )
    meta = {
        "id_column": layout.columns[id_index] if id_index is not None else None,
        "header_rows": layout.header_rows,
        "columns": list(layout.columns),
        "signature": _signature(flavour, layout.columns),
    }
    progress(len(data), len(data), f"Read {len(data)} responses")
    inference = Inference(flavour, guess.confidence, f"{guess.reason}; {layout.reason}")
    return ParsedSurvey(title, flavour, tuple(respondents), questions, meta, tuple(columns),
                        inference)


def _attribute(value: str, kind: str) -> str:
    value = value.strip()
    if kind in ("multi-select", "ranking") and ";" in value:
        return "; ".join(x.strip() for x in _TRAILING_SEPARATORS.sub("", value).split(";"))
    return value


def _rectangular(rows: list[list[str]]) -> list[list[str]]:
    """Pad short rows, and drop trailing columns that are empty everywhere (trailing commas)."""
    rows = [row for row in rows if row is not None]
    width = max((len(row) for row in rows), default=0)
    while width and all(len(row) < width or not row[width - 1].strip() for row in rows):
        width -= 1
    return [[*row[:width], *([""] * (width - len(row)))] for row in rows] if width else []


def find_column(layout: HeaderLayout, wanted: str, file: str) -> int:
    """A column by its name, its question text, its number (1 = first) or its letter (A, AB)."""
    return _find_all(layout, wanted, file)[0]


def _find_all(layout: HeaderLayout, wanted: str, file: str) -> list[int]:
    """Like ``find_column``; ``"Q2,Q3"`` names two columns when no column is called that."""
    key = fold(wanted)
    for names in (layout.columns, layout.questions):
        for i, name in enumerate(names):
            if fold(name) == key:
                return [i]
    text = wanted.strip()
    if text.isdigit() and 1 <= int(text) <= len(layout.columns):
        return [int(text) - 1]
    if _LETTERS.match(text):
        letters = [column_letter(i) for i in range(len(layout.columns))]
        if text.upper() in letters:
            return [letters.index(text.upper())]
    if "," in text:
        found: list[int] = []
        for part in (p for p in text.split(",") if p.strip()):
            found += _find_all(layout, part, file)
        return found
    raise ImportFailed(file, f"no column named {wanted!r}")


def _resolve(layout: HeaderLayout, specs: Sequence[str], file: str) -> list[int]:
    found: list[int] = []
    for spec in specs:
        found += [i for i in _find_all(layout, spec, file) if i not in found]
    return found


def _id_column(
    layout: HeaderLayout, data: list[list[str]], options: SurveyOptions, file: str
) -> int | None:
    if options.id_column:
        i = find_column(layout, options.id_column, file)
        if not _unique_ids(data, i):
            raise ImportFailed(file, f"column {options.id_column!r} has empty or repeated ids")
        return i
    lowered = [fold(c) for c in layout.columns]
    for wanted in ID_COLUMNS:
        if wanted in lowered and _unique_ids(data, lowered.index(wanted)):
            return lowered.index(wanted)
    return None


def _unique_ids(data: list[list[str]], i: int) -> bool:
    values = [row[i].strip() for row in data]
    return all(values) and len(set(values)) == len(values)


def _apply_options(columns: list[SurveyColumn], layout: HeaderLayout, options: SurveyOptions,
                   file: str) -> list[SurveyColumn]:
    """The user's ``--text-columns`` / ``--attribute-columns`` override the inference."""
    out: list[SurveyColumn] = []
    texts = set(_resolve(layout, options.text_columns, file)) \
        if options.text_columns is not None else None
    attributes = set(_resolve(layout, options.attribute_columns, file)) \
        if options.attribute_columns is not None else None
    for c in columns:
        if c.cls is not ColumnClass.ID and texts is not None:
            if c.index in texts:
                c = replace(c, cls=ColumnClass.OPEN_TEXT, reason="chosen as an open-text column")
            elif c.cls is ColumnClass.OPEN_TEXT:
                c = replace(c, cls=ColumnClass.ATTRIBUTE, reason=f"not chosen ({c.reason})")
        if c.cls not in (ColumnClass.ID, ColumnClass.OPEN_TEXT) and attributes is not None:
            if c.index not in attributes:
                c = replace(c, cls=ColumnClass.IGNORED, reason="not among the chosen attributes")
            elif c.cls is not ColumnClass.PERSONAL:  # personal data stays marked, whoever chose it
                c = replace(c, cls=ColumnClass.ATTRIBUTE, reason="chosen as an attribute")
        out.append(c)
    return out


def _signature(flavour: str, columns: Sequence[str]) -> str:
    digest = hashlib.sha256("\x1f".join([flavour, *columns]).encode("utf-8"))
    return digest.hexdigest()[:16]
