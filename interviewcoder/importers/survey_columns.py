"""Classify each column of a survey export by its values: id, open text, attribute, personal
data, or ignored — with the kind (choice, checkbox, multi-select, ranking, number, date, …) and
the reason, for the import report.

Signals: the share of distinct answers, their mean length in words and characters, one value
repeated down the column (a ticked checkbox), list separators (``;`` — Microsoft Forms adds a
trailing one — or ``,`` with a small reused vocabulary), numbers and dates, whole rankings, the
column's name and the platform's own markers (SurveyMonkey's ``Open-Ended Response``, Qualtrics'
``_TEXT`` columns). Placeholders (``-``, ``n/a``, ``none``, ``.``) are not codable answers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from interviewcoder.core.types import ColumnClass, SurveyColumn

from .survey_layouts import OPEN_MARKERS, HeaderLayout, fold

if TYPE_CHECKING:
    from .survey_stats import ColumnStats

NON_ANSWERS = frozenset({"", "-99"})
PLACEHOLDERS = frozenset({
    "-", "--", "---", "n/a", "na", "n.a.", "n.a", "none", "nil", "null", ".", "..", "...",
    "?", "-99", "not applicable", "no answer", "no comment", "no comments", "s.o.", "k.a.",
    "aucun", "aucune", "keine", "ninguno", "ninguna", "nessuno",
})
_PUNCTUATION_ONLY = re.compile(r"^[\W_]+$")
METADATA = {
    "startdate", "enddate", "start date", "end date", "status", "progress",
    "duration (in seconds)", "finished", "recordeddate", "recorded date",
    "externalreference", "externaldatareference", "locationaccuracy", "distributionchannel",
    "userlanguage", "responseset", "collector id", "collectorid", "timestamp",
    "submitted at", "start date (utc)", "submit date (utc)", "stage date (utc)",
    "response type", "start time", "completion time", "last modified time", "total points",
    "quiz feedback", "custom data 1", "tags", "ending", "token",
}
_PERSONAL_NAMES = {
    "name", "full name", "first name", "last name", "given name", "family name", "surname",
    "firstname", "lastname", "fullname", "recipientfirstname", "recipientlastname",
    "your name", "your full name", "respondent name", "participant name", "contact name",
    "naam", "voornaam", "achternaam", "nom", "prénom", "nom de famille", "nombre", "apellido",
    "apellidos", "nome", "cognome", "vorname", "nachname", "imię", "nazwisko",
    "what is your name", "what's your name", "what is your full name",
}
_PERSONAL_EXACT = {
    "email": "email", "e-mail": "email", "email address": "email", "e-mail address": "email",
    "emailaddress": "email", "recipientemail": "email", "your email": "email",
    "your email address": "email", "adresse e-mail": "email", "adresse de messagerie": "email",
    "correo electrónico": "email", "e-mail-adresse": "email",
    "ip address": "ip", "ipaddress": "ip", "ip": "ip", "ip_address": "ip", "network id": "ip",
    "locationlatitude": "location", "locationlongitude": "location", "latitude": "location",
    "longitude": "location", "lat": "location", "lng": "location", "lon": "location",
    "geolocation": "location", "phone": "phone", "phone number": "phone",
    "telephone": "phone", "mobile": "phone", "mobile number": "phone", "téléphone": "phone",
    "telefon": "phone", "teléfono": "phone", "address": "address", "street address": "address",
    "home address": "address", "postal address": "address", "adresse": "address",
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_IP = re.compile(r"^(?:\d{1,3}\.){3}\d{1,3}$|^[0-9a-fA-F:]{6,39}$")
_NUMBER = re.compile(r"^[\s\d.,:/+\-%$€£()TZ]*$")
_DATE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T,]+\d{1,2}:\d{2}(?::\d{2})?.*)?$"
                   r"|^\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?$")
_TEXT_HINT = re.compile(
    r"(_TEXT$|open-ended|please specify|comment|why|explain|describe|in your own words|"
    r"feedback|anything else|suggestion|thoughts|tell us|what did you|how could we|improve)",
    re.IGNORECASE)
_WRITE_IN = re.compile(r"^(other|others|autre|andere|otro|altro)\b.*", re.IGNORECASE)
_RANK_HINT = re.compile(r"\brank|\branking|order of (preference|importance)|classement",
                        re.IGNORECASE)
_LIST_SPLIT = {";": re.compile(r"\s*;\s*"), ",": re.compile(r"\s*,\s+|\s*,(?=\S)")}
_GROUP_SUFFIX = re.compile(r"^(?P<stem>.+?)(?:[_#.-]\d+|\s+-\s+.+)$")


def is_answer(value: str) -> bool:
    """A cell with content (not empty, not Qualtrics' ``-99`` for "not shown")."""
    return value.strip() not in NON_ANSWERS


def is_placeholder(value: str) -> bool:
    """``-``, ``n/a``, ``none``, ``.`` and the like: a cell filled in with nothing to code."""
    if len(value) > 24:  # every placeholder is short; most answers are not
        return False
    text = value.strip()
    return text.casefold() in PLACEHOLDERS or _PUNCTUATION_ONLY.match(text) is not None


def codable(value: str) -> bool:
    return is_answer(value) and not is_placeholder(value)


def classify(layout: HeaderLayout, stats: Sequence[ColumnStats], first_rows: list[list[str]],
             id_index: int | None) -> list[SurveyColumn]:
    """Each column's class, kind and reason (before any user override), from what one pass
    over the rows kept of it (``survey_stats``) and the first rows."""
    rankings = _ranking_groups(layout, first_rows)
    return [_classify_one(layout, stats[j], j, id_index, rankings)
            for j in range(len(layout.columns))]


def _classify_one(layout: HeaderLayout, stats: ColumnStats, j: int, id_index: int | None,
                  rankings: set[int]) -> SurveyColumn:
    name, question = layout.columns[j], layout.questions[j]
    sub = layout.subheaders[j] if j < len(layout.subheaders) else ""
    answers = stats.first  # the first answers (the personal-data test reads 500)
    placeholders = stats.placeholders
    real = stats.sample()  # the statistics below need no more than a few thousand answers

    def column(cls: ColumnClass, kind: str, reason: str) -> SurveyColumn:
        return SurveyColumn(j, name, question, cls, kind, reason, stats.answers, placeholders)

    if j == id_index:
        return column(ColumnClass.ID, "id", "respondent id: unique in every row")
    if not answers:
        return column(ColumnClass.IGNORED, "empty", "no answers")
    personal = personal_kind(name, answers) or (personal_kind(question, answers)
                                               if question != name else None)
    if personal:
        return column(ColumnClass.PERSONAL, personal, f"personal data ({personal})")
    if fold(name) in METADATA:
        return column(ColumnClass.ATTRIBUTE, "metadata", "survey tool's metadata column")
    options = {fold(name), fold(sub), fold(_option(name))}
    if stats.uniform and (stats.answers >= 3 or fold(answers[0]) in options):
        kind = "checkbox" if fold(answers[0]) in options else "constant"
        return column(ColumnClass.ATTRIBUTE, kind, f"one value in every answer ({answers[0]!r})")
    if j in rankings or (_RANK_HINT.search(question) and _numeric(real)):
        return column(ColumnClass.ATTRIBUTE, "ranking", "ranks: every row orders the same options")
    listed = _list_kind(real, question)
    if listed is not None:
        return column(ColumnClass.ATTRIBUTE, *listed)
    if real and _numeric(real):
        return column(ColumnClass.ATTRIBUTE, "number", "numbers")
    if real and sum(1 for a in real if _DATE.match(a)) >= 0.9 * len(real):
        return column(ColumnClass.ATTRIBUTE, "date", "dates or times")
    if not real:
        return column(ColumnClass.IGNORED, "placeholders", "only placeholder answers")
    verdict = _open_text(real, name, question, sub)
    if verdict is not None:
        return column(ColumnClass.OPEN_TEXT, *verdict)
    share = len({a.casefold() for a in real}) / len(real)
    kind = "choice" if len(set(real)) <= max(12, len(real) * 0.2) else "short text"
    return column(ColumnClass.ATTRIBUTE, kind, f"short answers, {share:.0%} distinct")


def personal_kind(header: str, answers: Sequence[str]) -> str | None:
    """``name``, ``email``, ``ip``, ``location``, ``phone`` or ``address`` when the column holds
    personal data (by its name, or by values that are e-mail or IP addresses)."""
    key = fold(header).rstrip("?:* ").strip()
    if key in _PERSONAL_NAMES:
        return "name"
    if key in _PERSONAL_EXACT:
        return _PERSONAL_EXACT[key]
    sample = [a for a in answers[:500] if a]
    if sample:
        if sum(1 for a in sample if _EMAIL.match(a)) >= 0.8 * len(sample):
            return "email"
        if sum(1 for a in sample if _IP.match(a) and any(ch in a for ch in ".:")) >= 0.8 * len(sample):
            return "ip"
    return None


def looks_like_free_text(values: Sequence[str], name: str = "") -> bool:
    """Long, varied free text rather than options, numbers or dates."""
    real = [v.strip() for v in values if codable(v)]
    return bool(real) and not _numeric(real) and _open_text(real, name, name, "") is not None


def _open_text(real: list[str], name: str, question: str, sub: str) -> tuple[str, str] | None:
    n = len(real)
    share = len({a.casefold() for a in real}) / n
    words = sum(len(a.split()) for a in real) / n
    length = sum(map(len, real)) / n
    many = len({a.casefold() for a in real}) > 12  # more than a list of options
    if fold(sub) in OPEN_MARKERS and (n < 10 or (share >= 0.2 and many)):
        return "text", "the survey tool marks it Open-Ended Response"
    name_hint = _TEXT_HINT.search(name) is not None
    if n >= 10 and share < 0.5 and not (name_hint and share >= 0.3 and many):
        return None
    if words >= 3:
        return "text", f"free text: {words:.1f} words on average, {share:.0%} distinct"
    if name_hint or (question != name and _TEXT_HINT.search(question)):
        return "text", "its name asks for text"
    if _WRITE_IN.match(name) and share >= 0.5:
        return "write-in", f"'{name}' write-in answers, {share:.0%} distinct"
    if words >= 2 and share >= 0.8 and length >= 10:
        return "text", f"varied short text, {share:.0%} distinct"
    return None


def _numeric(values: Sequence[str]) -> bool:
    return sum(1 for v in values if _NUMBER.match(v)) > len(values) / 2


def _option(name: str) -> str:
    """The option a column stands for: ``Gender - Male`` → Male; ``None (2)`` → None."""
    return re.sub(r" \(\d+\)$", "", name.rsplit(" - ", 1)[-1])


def _list_kind(real: list[str], question: str) -> tuple[str, str] | None:
    """``A;B;`` answers from a small vocabulary: a multi-select, or a ranking when every row
    lists the same options in its own order."""
    if len(real) < 2:
        return None
    for sep, pattern in _LIST_SPLIT.items():
        with_sep = [a for a in real if sep in a]
        if len(with_sep) < max(2, 0.3 * len(real)):
            continue
        rows = [[x for x in pattern.split(a) if x] for a in real]
        items = Counter(x for row in rows for x in row)
        mentions = sum(items.values())
        reused = mentions / max(1, len(items))
        if len(items) > 40 or reused < (2 if sep == ";" else 3):
            continue
        if sep == "," and sum(len(x.split()) for x in items) / len(items) > 5:
            continue
        full = sum(1 for row in rows if len(set(row)) == len(items) >= 3)
        orders = {tuple(row) for row in rows}
        if len(orders) >= 2 and (full >= 0.7 * len(rows) or (_RANK_HINT.search(question) and full)):
            return "ranking", f"ranks: every answer orders the same {len(items)} options"
        combinations = {frozenset(row) for row in rows}
        shared = sum(1 for item in items if sum(item in c for c in combinations) >= 2)
        if len(combinations) < 2 or shared == 0:
            continue  # the same sentence again and again, not options ticked in combinations
        return "multi-select", f"options joined by '{sep}' ({len(items)} options)"
    return None


def _ranking_groups(layout: HeaderLayout, data: list[list[str]]) -> set[int]:
    """Columns of one question (same text, or names like ``Q5_1``, ``Q5_2``) whose numbers in
    each row are a permutation of 1..k: a ranking spread over k columns."""
    groups: dict[str, list[int]] = {}
    for j, (name, question) in enumerate(zip(layout.columns, layout.questions, strict=True)):
        match = _GROUP_SUFFIX.match(name)
        key = question if question != name else (match["stem"] if match else name)
        groups.setdefault(key, []).append(j)
    found: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        checked = ranked = 0
        for row in data[:500]:
            values = [row[j].strip() for j in members if is_answer(row[j])]
            if not values:
                continue
            checked += 1
            if all(v.isdigit() for v in values):
                numbers = sorted(int(v) for v in values)
                ranked += numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 2
        if checked and ranked >= 0.8 * checked:
            found.update(members)
    return found
