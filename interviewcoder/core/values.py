"""Survey answers as the values they are: a column of numbers or dates stays numbers or dates.

A survey's closed answers are stored as text (participant attributes). For export, a column
whose every non-empty answer is a number (Likert ``4``, ``3.5``) becomes numbers; one whose
every answer is a date, a date and time, or a time of day becomes those; anything else stays
text. The whole column decides, so a ZIP code column with ``02139`` stays text throughout, and
``03/04/2024`` is a date only when the column shows which part is the day (some value above
12); an ambiguous column stays text rather than guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from typing import Any

_INT = re.compile(r"-?(0|[1-9]\d{0,14})")  # no "+": "+44..." is a phone number
_FLOAT = re.compile(r"-?(0|[1-9]\d{0,14})\.\d{1,10}")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?")
_SLASH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?")


def _hour(h: str, ampm: str | None) -> int:
    hour = int(h)
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(h)
        hour = hour % 12 + (12 if ampm.lower() == "pm" else 0)
    return hour


def _number(text: str) -> int | float | None:
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return None


def _iso(text: str) -> date | datetime | None:
    try:
        if m := _ISO_DATE.fullmatch(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _ISO_DATETIME.fullmatch(text):  # the wall-clock time as written (no zone)
            return datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6] or 0))
    except ValueError:
        return None
    return None


def _clock(text: str) -> time | None:
    m = _TIME.fullmatch(text)
    if not m:
        return None
    try:
        return time(_hour(m[1], m[4]), int(m[2]), int(m[3] or 0))
    except ValueError:
        return None


def _slash(day_first: bool) -> Callable[[str], date | datetime | None]:
    def parse(text: str) -> date | datetime | None:
        m = _SLASH.fullmatch(text)
        if not m:
            return None
        a, b, year = int(m[1]), int(m[2]), int(m[3])
        day, month = (a, b) if day_first else (b, a)
        try:
            if m[4] is None:
                return date(year, month, day)
            return datetime(year, month, day, _hour(m[4], m[7]), int(m[5]), int(m[6] or 0))
        except ValueError:
            return None
    return parse


def typed_column(values: Sequence[str | None]) -> list[Any]:
    """The column's values as numbers, dates/times or (unchanged) text; blanks become None."""
    texts = [None if v is None or not str(v).strip() else str(v).strip() for v in values]
    present = [t for t in texts if t is not None]
    if not present:
        return [None] * len(texts)
    parsers: list[Callable[[str], Any]] = [_number, _iso, _clock]
    slash_orders = [_slash(False), _slash(True)]
    for parse in parsers:
        parsed = [parse(t) for t in present]
        if all(p is not None for p in parsed):
            return _fill(texts, parsed)
    fits = []
    for parse in slash_orders:
        parsed = [parse(t) for t in present]
        if all(p is not None for p in parsed):
            fits.append(parsed)
    if len(fits) == 1 or (fits and fits[0] == fits[-1]):  # one reading only (or both agree)
        return _fill(texts, fits[0])
    return list(texts)


def _fill(texts: list[str | None], parsed: list[Any]) -> list[Any]:
    it = iter(parsed)
    return [None if t is None else next(it) for t in texts]
