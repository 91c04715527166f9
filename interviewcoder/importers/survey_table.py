"""A survey export as rows of cells → respondents and open-text questions, with what was
inferred (platform, header rows, each column's class) kept for the import report.

The table is never held whole: a ``RowSource`` reads the file's rows again each time it is
called. The header rows and the platform are inferred from the first ``HEAD_ROWS`` rows; one
pass over the rest gathers each column's statistics (counts, the first answers and an evenly
spread sample, see ``survey_stats``); the respondents and their answers are read again, row by
row, when the survey is stored (``ParsedSurvey.records``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

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
from .survey_stats import PREVIEW, ColumnStats, gather

__all__ = ["NON_ANSWERS", "looks_like_free_text", "survey_from_rows", "find_column", "RowSource"]

ID_COLUMNS = ("responseid", "response id", "respondent id", "respondentid", "#", "token", "id",
              "response_id", "submission id", "record id")
HEAD_ROWS = 600
"""The rows the header layout and platform are inferred from (headers and 500 rows below)."""
_LETTERS = re.compile(r"^[A-Za-z]{1,3}$")
_TRAILING_SEPARATORS = re.compile(r"[\s;]+$")

RowSource = Callable[[], Iterable[Sequence[str]]]
"""Every row of the table as read (header rows too), read again on each call."""


@dataclass(frozen=True)
class _ListRows:
    rows: Sequence[Sequence[str]]

    def __call__(self) -> Iterable[Sequence[str]]:
        return self.rows


@dataclass(frozen=True)
class DataRows:
    """The respondents' rows of a table: past the header rows, padded or cut to ``width``,
    rows with no content left out."""

    source: RowSource
    width: int
    header_rows: int

    def __call__(self) -> Iterator[list[str]]:
        width = self.width
        for n, row in enumerate(self.source()):
            if n < self.header_rows or not any(c.strip() for c in row[:width]):
                continue
            yield _fit(row, width)


@dataclass(frozen=True)
class SurveyRecords:
    """``ParsedSurvey.records``: each respondent and their answers, read row by row."""

    rows: DataRows
    id_index: int | None
    attributes: tuple[tuple[int, str, str], ...]  # (column index, name, kind)
    questions: tuple[int, ...]  # the column index of each open-text question

    def __call__(self) -> Iterator[tuple[SurveyRespondent, tuple[str | None, ...]]]:
        id_index, attributes, questions = self.id_index, self.attributes, self.questions
        for n, row in enumerate(self.rows(), 1):
            rid = row[id_index].strip() if id_index is not None else str(n)
            values = {name: _attribute(row[i], kind) for i, name, kind in attributes
                      if is_answer(row[i])}
            answers = tuple(cell if (cell := row[i].strip()) not in NON_ANSWERS
                            and not is_placeholder(cell) else None for i in questions)
            yield SurveyRespondent(rid, values), answers


def survey_from_rows(
    rows: RowSource | Sequence[Sequence[str]], title: str, file: str, options: SurveyOptions,
    progress: Progress,
) -> ParsedSurvey:
    """The survey in ``rows``: a list of rows, or a ``RowSource`` read again when needed (once
    here, twice when a row far down is wider than the first ``HEAD_ROWS``; once more when the
    survey is stored)."""
    source: RowSource = rows if callable(rows) else _ListRows(rows)
    parsed, width = _survey(source, None, title, file, options, progress)
    if parsed is None:  # a row below the head was wider: read again with the whole width
        parsed, _ = _survey(source, width, title, file, options, progress)
    assert parsed is not None
    return parsed


def _survey(
    source: RowSource, known_width: int | None, title: str, file: str, options: SurveyOptions,
    progress: Progress,
) -> tuple[ParsedSurvey | None, int]:
    """One pass over the rows. Returns (None, the real width) when the head's width (the
    layout was inferred at) proves narrower than a row below it."""
    rows = iter(source())
    head: list[Sequence[str]] = []
    for row in rows:
        head.append(row)
        if len(head) >= HEAD_ROWS:
            break
    width = known_width if known_width is not None else max(map(_filled, head), default=0)
    if not width:
        rest = max(map(_filled, rows), default=0)
        if not rest:
            raise ImportFailed(file, "the survey has no header row")
        return None, rest
    table = [_fit(row, width) for row in head]
    if options.flavour:
        if options.flavour not in FLAVOURS:
            raise ImportFailed(file, f"unknown survey format {options.flavour!r}")
        guess = FlavourGuess(options.flavour, 1.0, "chosen with --survey-format")
    else:
        guess = detect_flavour(table)
    flavour = guess.flavour
    layout = header_layout(table, flavour)
    wanted, wanted_error = _id_candidates(layout, options, file)
    seen = _Widest(width)
    data = (_fit(row, width) for n, row in enumerate(_chain(head, rows, seen))
            if n >= layout.header_rows and any(c.strip() for c in row[:width]))
    stats, ids = gather(data, width, wanted, progress)
    if seen.widest > width:
        return None, seen.widest
    if not stats.count:
        raise ImportFailed(file, "the survey has no responses")
    if wanted_error is not None:
        raise wanted_error
    id_index = _id_column(layout, stats.unique, options, file)
    columns = _apply_options(classify(layout, stats.columns, stats.first_rows, id_index),
                             layout, options, file)
    kinds = {c.index: c.kind for c in columns}
    columns = [replace(c, preview=_preview(c, stats.columns[c.index], ids.get(c.index)))
               for c in columns]
    attributes = tuple((c.index, layout.columns[c.index], kinds[c.index]) for c in columns
                       if c.cls in (ColumnClass.ATTRIBUTE, ColumnClass.PERSONAL))
    opened = [c for c in columns if c.cls is ColumnClass.OPEN_TEXT]
    records = SurveyRecords(DataRows(source, width, layout.header_rows), id_index, attributes,
                            tuple(c.index for c in opened))
    respondent_ids = ids[id_index] if id_index is not None else None
    respondent_ids = respondent_ids or tuple(str(n) for n in range(1, stats.count + 1))
    questions = tuple(SurveyQuestion(column=layout.columns[c.index],
                                     text=layout.questions[c.index], answers=())
                      for c in opened)
    meta = {
        "id_column": layout.columns[id_index] if id_index is not None else None,
        "header_rows": layout.header_rows,
        "columns": list(layout.columns),
        "signature": _signature(flavour, layout.columns),
    }
    progress(stats.count, stats.count, f"Read {stats.count} responses")
    inference = Inference(flavour, guess.confidence, f"{guess.reason}; {layout.reason}")
    return ParsedSurvey(title, flavour, records, tuple(respondent_ids), questions, meta,
                        tuple(columns), inference), width


class _Widest:
    def __init__(self, width: int) -> None:
        self.widest = width


def _chain(head: list[Sequence[str]], rows: Iterator[Sequence[str]],
           seen: _Widest) -> Iterator[Sequence[str]]:
    yield from head
    for row in rows:
        if len(row) > seen.widest:
            seen.widest = max(seen.widest, _filled(row))
        yield row


def _filled(row: Sequence[str]) -> int:
    """The row's width up to its last cell with content (trailing empty cells do not count)."""
    n = len(row)
    while n and not row[n - 1].strip():
        n -= 1
    return n


def _fit(row: Sequence[str], width: int) -> list[str]:
    if len(row) == width:
        return list(row)
    return [*row[:width], *([""] * (width - len(row)))]


def _preview(column: SurveyColumn, stats: ColumnStats, ids: tuple[str, ...] | None) -> tuple[str, ...]:
    """The first answers of a column as the review shows them."""
    if column.cls is ColumnClass.ID:
        return tuple((ids or ())[:PREVIEW])
    if column.cls is ColumnClass.OPEN_TEXT:
        return tuple(stats.first_codable[:PREVIEW])
    if column.cls in (ColumnClass.ATTRIBUTE, ColumnClass.PERSONAL):
        return tuple(_attribute(v, column.kind) for v in stats.first[:PREVIEW])
    return ()


def _attribute(value: str, kind: str) -> str:
    value = value.strip()
    if kind in ("multi-select", "ranking") and ";" in value:
        return "; ".join(x.strip() for x in _TRAILING_SEPARATORS.sub("", value).split(";"))
    return value


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


def _id_candidates(layout: HeaderLayout, options: SurveyOptions,
                   file: str) -> tuple[list[int], ImportFailed | None]:
    """The columns that may hold the respondents' ids (their uniqueness is checked as the rows
    are read), and the error naming an ``--id-column`` the file lacks."""
    if options.id_column:
        try:
            return [find_column(layout, options.id_column, file)], None
        except ImportFailed as exc:
            return [], exc
    lowered = [fold(c) for c in layout.columns]
    return [lowered.index(w) for w in ID_COLUMNS if w in lowered], None


def _id_column(
    layout: HeaderLayout, unique: set[int], options: SurveyOptions, file: str
) -> int | None:
    if options.id_column:
        i = find_column(layout, options.id_column, file)
        if i not in unique:
            raise ImportFailed(file, f"column {options.id_column!r} has empty or repeated ids")
        return i
    lowered = [fold(c) for c in layout.columns]
    for wanted in ID_COLUMNS:
        if wanted in lowered and lowered.index(wanted) in unique:
            return lowered.index(wanted)
    return None


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
