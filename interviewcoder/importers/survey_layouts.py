"""A survey export's platform and header rows, inferred from the file.

The platform (Qualtrics, SurveyMonkey, Google Forms, Typeform, Microsoft Forms) is scored from
every signature it leaves (column names, a sub-header row, Qualtrics' ImportId row) and reported
with a confidence; it is one signal among several, not a gate. The header rows are inferred from
the data: a row below the header whose cells are option texts, ``Response`` /
``Open-Ended Response`` markers, text over numbers, or blank above every respondent's id is a
sub-header, not a respondent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

FLAVOURS = ("qualtrics", "surveymonkey", "googleforms", "typeform", "msforms", "generic")
FLAVOUR_LABELS = {
    "qualtrics": "Qualtrics", "surveymonkey": "SurveyMonkey", "googleforms": "Google Forms",
    "typeform": "Typeform", "msforms": "Microsoft Forms", "generic": "generic table",
}
_IMPORT_ID = re.compile(r"""^\{\s*["']ImportId["']\s*:""")
_V_TAG = re.compile(r"^V\d+$")
_Q_CODE = re.compile(r"^Q\d+(?:[_#.]\w*)?$")
_FORMS_TIMESTAMP = {
    "timestamp", "tijdstempel", "horodateur", "marca temporal", "zeitstempel",
    "carimbo de data/hora", "informazioni cronologiche", "sygnatura czasowa",
}
MONKEY_MARKERS = {"response", "open-ended response"}
OPEN_MARKERS = {"open-ended response"}
_MIN_SCORE = 4.5
_SAMPLE_ROWS = 500

# column name (folded) → (flavour, weight); several flavours may share a name
_COLUMN_SIGNALS: dict[str, tuple[tuple[str, float], ...]] = {
    "responseid": (("qualtrics", 3),), "response id": (("qualtrics", 3),),
    "startdate": (("qualtrics", 1),), "enddate": (("qualtrics", 1),),
    "recordeddate": (("qualtrics", 1),), "ipaddress": (("qualtrics", 1),),
    "distributionchannel": (("qualtrics", 1),), "userlanguage": (("qualtrics", 1),),
    "duration (in seconds)": (("qualtrics", 1),), "recipientemail": (("qualtrics", 1),),
    "recipientfirstname": (("qualtrics", 0.5),), "recipientlastname": (("qualtrics", 0.5),),
    "externalreference": (("qualtrics", 1),), "externaldatareference": (("qualtrics", 1),),
    "locationlatitude": (("qualtrics", 0.5),), "responseset": (("qualtrics", 1),),
    "respondent id": (("surveymonkey", 4),), "respondentid": (("surveymonkey", 4),),
    "collector id": (("surveymonkey", 2),), "collectorid": (("surveymonkey", 2),),
    "start date": (("surveymonkey", 0.5),), "end date": (("surveymonkey", 0.5),),
    "ip address": (("surveymonkey", 0.5),), "custom data 1": (("surveymonkey", 1),),
    "email address": (("surveymonkey", 0.25), ("googleforms", 0.5)),
    "first name": (("surveymonkey", 0.25),), "last name": (("surveymonkey", 0.25),),
    "score": (("googleforms", 0.5),),
    "start date (utc)": (("typeform", 2),), "submit date (utc)": (("typeform", 2),),
    "network id": (("typeform", 2),), "stage date (utc)": (("typeform", 1),),
    "submitted at": (("typeform", 2),), "token": (("typeform", 1),),
    "response type": (("typeform", 1),), "ending": (("typeform", 0.5),),
    "start time": (("msforms", 2),), "completion time": (("msforms", 2),),
    "last modified time": (("msforms", 1),), "total points": (("msforms", 0.5),),
    "quiz feedback": (("msforms", 0.5),), "email": (("msforms", 0.5),),
    "name": (("msforms", 0.5),), "heure de début": (("msforms", 2),),
    "heure de fin": (("msforms", 2),), "startzeit": (("msforms", 2),),
    "fertigstellungszeit": (("msforms", 2),), "hora de inicio": (("msforms", 2),),
    "hora de finalización": (("msforms", 2),), "ora di inizio": (("msforms", 2),),
}
_FIRST_COLUMN_SIGNALS = {"#": ("typeform", 3), "id": ("msforms", 1.5)}


@dataclass(frozen=True, slots=True)
class FlavourGuess:
    flavour: str
    confidence: float
    reason: str


@dataclass(frozen=True, slots=True)
class HeaderLayout:
    flavour: str
    header_rows: int
    columns: tuple[str, ...]
    questions: tuple[str, ...]
    subheaders: tuple[str, ...] = ()
    """The row under the question row (option texts, ``Open-Ended Response``), when there is one."""
    reason: str = ""


def fold(text: str) -> str:
    return " ".join(text.strip().casefold().split())


def detect_flavour(rows: list[list[str]]) -> FlavourGuess:
    """The survey tool that made the export, scored from every signature it leaves."""
    first = [c.strip() for c in rows[0]] if rows else []
    second = [c.strip() for c in rows[1]] if len(rows) > 1 else []
    third = rows[2] if len(rows) > 2 else []
    scores: dict[str, float] = dict.fromkeys(FLAVOURS, 0.0)
    why: dict[str, list[str]] = {f: [] for f in FLAVOURS}

    def add(flavour: str, weight: float, signal: str) -> None:
        scores[flavour] += weight
        why[flavour].append(signal)

    if any(_IMPORT_ID.match(c.strip()) for c in third):
        add("qualtrics", 6, "ImportId row")
    if first[:1] == ["V1"] and "ResponseID" in second:
        add("qualtrics", 6, "V1… row over ResponseID")
    if second and fold(second[0]) in {"responseid", "response id", "start date"}:
        add("qualtrics", 1, "question-text row")
    codes = sum(1 for c in first if _Q_CODE.match(c))
    if codes:
        add("qualtrics", min(2.0, codes * 0.25), f"{codes} Q-coded columns")
    seen: set[str] = set()
    for cell in first:
        key = fold(cell)
        if key in seen:
            continue
        seen.add(key)
        for flavour, weight in _COLUMN_SIGNALS.get(key, ()):
            add(flavour, weight, cell)
    if first:
        lead = fold(first[0])
        if lead in _FIRST_COLUMN_SIGNALS:
            flavour, weight = _FIRST_COLUMN_SIGNALS[lead]
            add(flavour, weight, f"{first[0]} first")
        if lead in _FORMS_TIMESTAMP:
            add("googleforms", 5, f"{first[0]} first")
    markers = {fold(c) for c in second} & MONKEY_MARKERS
    if markers:
        add("surveymonkey", 3, "'" + "' / '".join(sorted(markers)) + "' sub-header")
    ranked = sorted((f for f in FLAVOURS if f != "generic"), key=lambda f: -scores[f])
    best, runner = ranked[0], ranked[1]
    if scores[best] < _MIN_SCORE:
        hint = f" (closest: {FLAVOUR_LABELS[best]}, {', '.join(why[best])})" if why[best] else ""
        return FlavourGuess("generic", 1.0 - scores[best] / _MIN_SCORE,
                            f"no platform signature{hint}")
    confidence = scores[best] / (scores[best] + scores[runner] + 2)
    return FlavourGuess(best, confidence, "signature: " + ", ".join(why[best]))


def header_layout(rows: list[list[str]], flavour: str) -> HeaderLayout:
    """How many rows are headers, and the column names and question texts they give."""
    first = [c.strip() for c in rows[0]]
    second = [c.strip() for c in rows[1]] if len(rows) > 1 else [""] * len(first)
    third = rows[2] if len(rows) > 2 else []
    if any(_IMPORT_ID.match(c.strip()) for c in third):
        return _layout(flavour, 3, first, second, reason="Qualtrics ImportId row under names "
                                                         "and question texts")
    if first[:1] == ["V1"] and "ResponseID" in second:
        names = [s if _V_TAG.match(f) and s else f for f, s in zip(first, second, strict=True)]
        return _layout(flavour, 2, names, second, reason="Qualtrics legacy V1… row over names")
    count = 1
    evidence: list[str] = []
    while count < min(3, len(rows)):
        found = subheader_evidence(rows[count], first, rows[count + 1 : count + 1 + _SAMPLE_ROWS],
                                   below_subheader=count > 1)
        if found is None:
            break
        evidence.append(found)
        count += 1
    if count == 1:
        return _layout(flavour, 1, first, first, reason="one header row (the next row is data)")
    reason = f"{count} header rows: row 2 {evidence[0]}"
    if flavour == "qualtrics" or _names_over_texts(first, second):
        return _layout(flavour, count, first, second, reason=reason)
    names, questions = _option_names(first, second)
    return _layout(flavour, count, names, questions, second, reason)


def subheader_evidence(row: Sequence[str], header: Sequence[str],
                       data: Sequence[Sequence[str]], below_subheader: bool = False) -> str | None:
    """Why ``row`` is a sub-header rather than a respondent, or None when it looks like data.

    Below a first sub-header, option texts under a spanning question are what answers look
    like, so they are no evidence there.
    """
    cells = [c.strip() for c in row]
    if not any(cells):
        return None
    if cells[0] and _datalike(cells[0], [r[0].strip() for r in data if r and r[0].strip()]):
        return None  # the first cell reads like one more respondent's id
    strong: list[str] = []
    headerish = datalike = 0
    for j, cell in enumerate(cells):
        values = [r[j].strip() for r in data if j < len(r) and r[j].strip()]
        if not cell:
            if j == 0 and header[0].strip() and data and len(values) == len(data):
                strong.append("blank above every respondent's id")
            continue
        if fold(cell) in MONKEY_MARKERS:
            strong.append(f"'{cell}' marker")
        elif not header[j].strip() and not below_subheader:
            strong.append("option texts under a question spanning columns")
        elif _datalike(cell, values):
            datalike += 1
        elif (len(set(values)) == 1 and cell in values) or fold(cell).replace(" ", "") == \
                fold(header[j]).replace(" ", ""):
            headerish += 1
        elif values and _typed(values) and not _typed([cell]):
            headerish += 1
        elif cell.endswith(("?", ":")) and cell not in values:
            headerish += 1  # a question's text
    seen = len(strong) + headerish + datalike
    if strong and (len(strong) + headerish) >= 0.6 * seen:
        return "has " + _summary(strong)
    filled = sum(1 for c in cells if c)
    if not strong and headerish >= max(3, 0.8 * filled) and datalike == 0 and data:
        return "repeats the column names or puts text over numbers"
    return None


def _summary(reasons: list[str]) -> str:
    unique = list(dict.fromkeys(r for r in reasons if not r.startswith("'")))
    markers = sorted({r for r in reasons if r.startswith("'")})
    return ", ".join([*markers[:2], *unique])


def _datalike(cell: str, values: list[str]) -> bool:
    """A cell that looks like one more respondent's value in its column."""
    if not values:
        return False
    distinct = set(values)
    if cell in distinct and len(distinct) > 1:
        return True
    typed = _typed(values)
    if typed and typed == _typed([cell]):
        return True
    if len(distinct) == len(values) >= 3:  # an id column: same length and characters
        lengths = {len(v) for v in values}
        chars = set("".join(values[:50]))
        return min(lengths) <= len(cell) <= max(lengths) and set(cell) <= chars
    return False


_NUMBER = re.compile(r"^[-+]?[$€£]?\d[\d,.\s]*%?$")
_DATE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?.*)?$")


def _typed(values: Sequence[str]) -> str | None:
    """``number`` or ``date`` when (nearly) every value is one, else None."""
    if not values:
        return None
    for kind, pattern in (("number", _NUMBER), ("date", _DATE)):
        if sum(1 for v in values if pattern.match(v)) >= 0.9 * len(values):
            return kind
    return None


def _names_over_texts(first: list[str], second: list[str]) -> bool:
    """Qualtrics' shape: short code-like names (``Q1``, ``StartDate``) over question texts."""
    pairs = [(f, s) for f, s in zip(first, second, strict=True) if f and s]
    if not pairs:
        return False
    codes = sum(1 for f, _ in pairs if " " not in f and len(f) <= 30)
    longer = sum(1 for f, s in pairs if len(s) > len(f))
    return codes >= 0.8 * len(pairs) and longer >= 0.5 * len(pairs)


def _option_names(first: list[str], second: list[str]) -> tuple[list[str], list[str]]:
    """Question text spans columns (blank cells to its right); the second row names options."""
    names: list[str] = []
    questions: list[str] = []
    current = ""
    for top, sub in zip(first, second, strict=True):
        current = top or current
        questions.append(current)
        if not current:
            names.append(sub)
        elif sub and fold(sub) not in MONKEY_MARKERS:
            names.append(f"{current} - {sub}")
        else:
            names.append(current)
    return names, questions


def _layout(flavour: str, header_rows: int, names: list[str], texts: list[str],
            subheaders: Sequence[str] = (), reason: str = "") -> HeaderLayout:
    unique: list[str] = []
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        base = name or f"Column {i + 1}"
        count = seen.get(base, 0) + 1
        seen[base] = count
        unique.append(base if count == 1 else f"{base} ({count})")
    questions = [t or n for t, n in zip(texts, unique, strict=True)]
    subs = tuple(s.strip() for s in subheaders) or ("",) * len(unique)
    return HeaderLayout(flavour, header_rows, tuple(unique), tuple(questions), subs, reason)
