"""The patterns the redactor finds by shape: e-mail addresses, URLs and bare domains, IP
addresses, street addresses and postcodes, and the placeholders it writes itself.

Addresses are a tested pattern set, in the manner of Presidio's pattern recognisers (each
pattern a shape that is rare in ordinary prose, anchored on a number or a postcode):

- English: a house number, one to four capitalised words (or an ordinal) and a street word
  (``221B Baker Street``, ``1600 Amphitheatre Parkway``, ``350 5th Ave``), with a flat or suite;
- French: a number (``bis``/``ter``), a street word and its name (``12 rue de la Paix``,
  ``5 avenue Victor Hugo``, ``10 place de l'Étoile``);
- German: a street name ending in a street word, and its number (``Hauptstraße 5``,
  ``Berliner Str. 12a``, ``Kurfürstendamm 21``);
- postcodes: a US state and ZIP (``Mountain View, CA 94043``), a ZIP+4, a UK postcode
  (``SW1A 1AA``, with the town before it), a five-digit postcode and its town
  (``75002 Paris``, ``D-10117 Berlin``), a ZIP or postcode after its label, a PO box.

Each address pattern is tried only on text holding a digit; IP candidates are checked with
``ipaddress``.
"""

from __future__ import annotations

import ipaddress
import re

EMAIL_RE = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_URL_END = r"[^\s<>\"'()\[\]{}]"
URL_RE = re.compile(
    rf"(?:\b(?:https?|ftp)://|\bwww\.){_URL_END}+"
    rf"|\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{{2,}}/{_URL_END}*",
    re.IGNORECASE,
)
# Top-level domains a bare domain (``janedoe.dev``) may end in: the common generic ones and the
# country codes, less those that are also file extensions people write (.md, .py, .sh, .rs...).
_TLDS = """com org net edu gov mil int io dev app ai co me info biz tech xyz cloud site online
store shop blog page link live pro name email studio design agency digital media news tv fm gg
ly so to ws cc eu asia uk us ca de fr es it nl be ch at se no dk fi pl pt ie au nz jp cn in br
mx ar cl za ru kr sg hk tw il tr gr cz sk hu ro bg hr si lt lv ee lu ua ae sa qa ng ke eg ma
vn th my id ph pk nyc london berlin paris""".split()
DOMAIN_RE = re.compile(
    rf"(?<![\w@.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{{0,61}}[A-Za-z0-9])?\.)+"
    rf"(?:{'|'.join(sorted(_TLDS, key=len, reverse=True))})(?![\w-])(?:/{_URL_END}*)?",
    re.IGNORECASE,
)
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
IPV4_RE = re.compile(rf"(?<![\d.]){_OCTET}(?:\.{_OCTET}){{3}}(?!\.?\d)")
_IPV6_CANDIDATE = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
PLACEHOLDER_RE = re.compile(
    r"\[(?:Participant|Speaker|Interviewer|Person|Organisation) \d+\]"
    r"|\[(?:email|phone|url|address|ip|redacted|name)\]")
TRAILING = ".,;:!?'\""
_DIGIT = re.compile(r"\d")

# --- addresses ---------------------------------------------------------------------------------

_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
_CAP = rf"[{_UP}][{_LOW}{_UP}'’-]*"  # a capitalised word
_TOWN = rf"[{_UP}][{_LOW}]+(?:[ -][{_UP}][{_LOW}]+){{0,2}}"
_NUM = r"\d{1,5}[A-Za-z]?(?:[-–/]\d{1,5}[A-Za-z]?)?"
_UNIT = r"(?:,?\s+(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|#)\.?\s*#?[\w-]{1,6})?"
_EN_STREET_WORD = (r"(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct"
                   r"|Place|Pl|Square|Sq|Terrace|Ter|Way|Parkway|Pkwy|Highway|Hwy|Circle|Cir"
                   r"|Crescent|Cres|Close|Grove|Gardens|Gdns|Row|Mews|Walk|Plaza|Alley|Trail"
                   r"|Loop|Broadway|Embankment|Quay|Wharf)")
_STATES = ("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE "
           "NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR").split()
_ZIP = r"\d{5}(?:-\d{4})?"
_US_TAIL = rf"(?:,\s*{_TOWN})?,?\s+(?:{'|'.join(_STATES)})\s+{_ZIP}(?!\d)"
_UK_POSTCODE = r"[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}"
_UK_TAIL = rf"(?:,?\s+{_TOWN})?,?\s+{_UK_POSTCODE}\b"
_NOT_A_TOWN = (r"(?!(?:Euro|Euros|Dollar|Dollars|Pfund|Franken|Francs|Users|User|Nutzer|Kunden"
               r"|Mitarbeiter|Personen|Leute|Menschen|Stück|Jahre|Tage|Mal|Mitglieder|Employees"
               r"|People|Customers|Seats|Clients|Utilisateurs|Salariés|Personnes|Jours|Ans)\b)")
_EU_POSTCODE = rf"(?:[DFA]-)?\d{{5}}\s+{_NOT_A_TOWN}{_TOWN}(?:\s+(?:CEDEX|Cedex)(?:\s\d{{1,2}})?)?"
_EU_TAIL = rf"(?:,?\s+{_EU_POSTCODE})?"
_FR_WORD = (r"(?:rue|avenue|av\.|boulevard|bd|place|allée|allee|chemin|impasse|quai|cours|route"
            r"|passage|square|voie|sentier|esplanade|faubourg|promenade|parvis|cité|villa"
            r"|hameau|lieu-dit|rond-point|résidence)")
_FR_PART = r"(?:(?:de|du|des|la|le|les|et|aux?|sur|en|à|sous)\s+|[ldLD]['’])"
_FR_NAME = rf"(?:{_FR_PART}){{0,3}}{_CAP}(?:[\s-]+(?:{_FR_PART}){{0,3}}{_CAP}){{0,4}}"
_DE_WORD = r"(?:straße|strasse|str\.|gasse|weg|platz|allee|damm|ufer|chaussee|steig|pfad)"
_DE_SPLIT = r"(?:Straße|Strasse|Str\.|Gasse|Weg|Platz|Allee|Damm|Ufer|Chaussee|Ring|Markt)"

# Each pattern starts with a cheap first character (a digit, a capital, a street word) so the
# regex engine skips ahead to where one can start; what may stand before the anchor (a flat
# number, a town, a compound street name, "D-") is taken by looking back from the match.
_NUMBER = re.compile(r"\d+")
_EN_STREET = re.compile(  # these three are tried where a number starts a word (``match``)
    rf"\d{{1,5}}[A-Za-z]?(?:[-–/]\d{{1,5}}[A-Za-z]?)?,?\s+"
    rf"(?:(?:{_CAP}|\d+(?:st|nd|rd|th))\s+){{1,4}}{_EN_STREET_WORD}\b\.?{_UNIT}"
    rf"(?:{_US_TAIL}|{_UK_TAIL})?")
_FR_STREET = re.compile(
    rf"\d{{1,4}}(?:\s?(?:bis|ter|quater|[A-Da-d])\b)?,?\s+(?i:{_FR_WORD})\s+"
    rf"{_FR_NAME}{_EU_TAIL}")
_DE_COMPOUND = re.compile(  # the end of "Hauptstraße 5": the word before it is looked back at
    rf"(?:stra(?:ße|sse)|str\.|gasse|weg|platz|allee|damm|ufer|chaussee|steig|pfad)"
    rf"\s*\d{{1,4}}(?![\d.,]\d)(?:\s?[a-zA-Z]\b)?{_EU_TAIL}")
_DE_SPLIT_RE = re.compile(
    rf"(?:Stra(?:ße|sse)|Str\.|Gasse|Weg|Platz|Allee|Damm|Ufer|Chaussee|Ring|Markt)"
    rf"\s*\d{{1,4}}(?![\d.,]\d)(?:\s?[a-zA-Z]\b)?{_EU_TAIL}")
_US_STATE_ZIP = re.compile(rf"(?:{'|'.join(_STATES)})(?<!\w\w\w)\s+{_ZIP}(?!\d)")
_ZIP4 = re.compile(r"\d(?<![\w-]\d)\d{4}-\d{4}(?![\d-])")
_UK = re.compile(r"[A-PR-UWYZ](?<!\w\w)[A-HK-Y]?\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}\b")
_EU = re.compile(rf"\d{{5}}\s+{_NOT_A_TOWN}{_TOWN}(?:\s+(?:CEDEX|Cedex)(?:\s\d{{1,2}})?)?")
_LABELLED = re.compile(
    r"(?i:\b(?:zip(?:\s*code)?|postal\s+code|post\s*code|code\s+postal|PLZ|Postleitzahl)\b)"
    r"\s*:?\s*(?:[A-Z]{1,2}-)?\d{4,5}(?:-\d{4})?\b")
_PO_BOX = re.compile(r"(?i:\b(?:P\.?\s?O\.?\s?Box|Post\s+Office\s+Box|Postfach|Boîte\s+postale"
                     r"|B\.P\.)\s*\d[\d ]{0,8}\d?\b)")
_LABEL_WORDS = ("zip", "post", "code", "plz", "box", "b.p.", "boîte")

_BEFORE_UNIT = re.compile(r"\b(?:Flat|Apt|Apartment|Suite|Unit)\s+[\w-]{1,5},?\s+$")
_BEFORE_TOWN = re.compile(rf"\b{_TOWN},?\s+$")
_BEFORE_COMPOUND = re.compile(rf"(?:\b[{_UP}][{_LOW}]+\s+)?\b[{_UP}][{_LOW}-]*$")
_BEFORE_SPLIT = re.compile(rf"\b[{_UP}][{_LOW}-]*\s+$")
_BEFORE_COUNTRY = re.compile(r"\b[DFA]-$")
_LOOK_BACK = 40


def _back(regex: re.Pattern[str], text: str, start: int) -> int | None:
    """Where ``regex`` (anchored at the end) starts in the text just before ``start``."""
    window = text[max(0, start - _LOOK_BACK):start]
    m = regex.search(window)
    return None if m is None else start - len(window) + m.start()


def _numbered(text: str, numbers: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Addresses that start with a number (house numbers, five-digit postcodes), tried only
    where a number starts a word: numbers are few, and a pattern matched at a known place
    costs far less than one searched for at every character."""
    out = []
    for start, end in numbers:
        after = text[end:end + 1]
        if end - start > 5 or not after or not (after.isspace() or after.isalpha()
                                                 or after in ",-–/"):
            continue  # none of the three can go on from here ("Theme 069;", "2024.", "P0012")
        before = text[start - 1:start]
        if before and (before.isalnum() or before in "_.,/:"):
            continue
        if before == "-" and not _BEFORE_COUNTRY.search(text[max(0, start - 3):start]):
            continue
        for regex in (_EN_STREET, _FR_STREET, _EU):
            m = regex.match(text, start)
            if m is None:
                continue
            first = start
            if regex is _EN_STREET:
                first = _back(_BEFORE_UNIT, text, start) or start
            elif regex is _EU and before == "-":
                first = start - 2
            out.append((first, m.end()))
    return out


# What each searched pattern cannot match without, tested before it is searched for: a number
# right after a street word (the German ones are case-sensitive, as their patterns are), or a
# number of a shape (five digits; a digit and two capitals).
_DE_COMPOUND_ENDS = ("straße", "strasse", "str.", "gasse", "weg", "platz", "allee", "damm",
                     "ufer", "chaussee", "steig", "pfad")
_DE_SPLIT_ENDS = ("Straße", "Strasse", "Str.", "Gasse", "Weg", "Platz", "Allee", "Damm", "Ufer",
                  "Chaussee", "Ring", "Markt")
_SEARCHED = (_DE_COMPOUND, _DE_SPLIT_RE, _US_STATE_ZIP, _ZIP4, _UK)


def _searched(text: str, numbers: list[tuple[int, int]], gated: bool) -> set[re.Pattern[str]]:
    """The searched patterns that can match ``text`` (all of them without ``gated``)."""
    if not gated:
        return set(_SEARCHED)
    out: set[re.Pattern[str]] = set()
    for start, end in numbers:
        before = text[max(0, start - _LOOK_BACK):start].rstrip()
        if not before and start >= _LOOK_BACK:
            out.update((_DE_COMPOUND, _DE_SPLIT_RE))  # a long run of spaces: cannot tell
        elif before.endswith(_DE_COMPOUND_ENDS):
            out.add(_DE_COMPOUND)
        if before.endswith(_DE_SPLIT_ENDS):
            out.add(_DE_SPLIT_RE)
        if end - start == 5:
            out.add(_US_STATE_ZIP)  # a ZIP is a number of five digits
            if text[end:end + 1] == "-":
                out.add(_ZIP4)
        after = text[end:end + 2]
        if after.isupper() and after.isalpha():
            out.add(_UK)  # a UK postcode ends in a digit and two capitals ("1AA")
    return out


def _candidates(text: str, *, gated: bool = True) -> list[tuple[int, int]]:
    numbers = [m.span() for m in _NUMBER.finditer(text)]
    if not numbers:
        return []  # every address pattern holds a digit
    out = _numbered(text, numbers)
    searched = _searched(text, numbers, gated)
    for regex, before, required in (
            (_DE_COMPOUND, _BEFORE_COMPOUND, True), (_DE_SPLIT_RE, _BEFORE_SPLIT, True),
            (_US_STATE_ZIP, _BEFORE_TOWN, False), (_ZIP4, None, False),
            (_UK, _BEFORE_TOWN, False)) if searched else ():
        if regex not in searched:
            continue
        for m in regex.finditer(text):
            start = m.start()
            if regex is _DE_COMPOUND and not text[start - 1:start].isalpha():
                continue  # "straße 5" is the end of a street's name, never all of it
            if before is not None:
                back = _back(before, text, start)
                if back is None and required:
                    continue
                start = start if back is None else back
            out.append((start, m.end()))
    low = text.lower()
    if not gated or any([word in low for word in _LABEL_WORDS]):
        out += [(m.start(), m.end()) for regex in (_LABELLED, _PO_BOX) for m in regex.finditer(text)]
    return out


def addresses(text: str, *, gated: bool = True) -> list[tuple[int, int]]:
    """Spans of street addresses and postcodes; overlapping spans, and spans separated only by
    commas and spaces, are joined (``12 rue de la Paix, 75002 Paris`` is one address).
    Patterns are searched for only where what they need is in the text (without ``gated``,
    everywhere: the tests hold the two equal)."""
    spans: list[tuple[int, int]] = []
    for start, end in sorted(_candidates(text, gated=gated)):
        while end > start and text[end - 1] in " ,-.":
            end -= 1
        if spans and (start <= spans[-1][1] or not text[spans[-1][1]:start].strip(" ,")):
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


_DIGIT_DOT = re.compile(r"\d\.\d")
_DOT_LETTER = re.compile(r"[A-Za-z0-9]\.[A-Za-z]")


def ip_addresses(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in IPV4_RE.finditer(text)] if _DIGIT_DOT.search(text) else []
    if text.count(":") >= 2:
        for m in _IPV6_CANDIDATE.finditer(text):
            candidate = m.group()
            if candidate.count(":") < 2 or ("::" not in candidate and candidate.count(":") < 7):
                continue
            try:
                ipaddress.IPv6Address(candidate)
            except ValueError:
                continue
            spans.append((m.start(), m.end()))
    return spans


def urls(text: str, *, dot_letter: bool | None = None) -> list[tuple[int, int]]:
    """URLs (with a scheme, ``www.`` or a path) and bare domains (``janedoe.dev``).
    ``dot_letter``: whether a letter or digit, a dot and a letter stand together in the text,
    when the caller knows (else it is searched for)."""
    if "." not in text:
        return []
    regexes = []
    if "/" in text or "www." in text or "WWW." in text:
        regexes.append(URL_RE)
    if dot_letter if dot_letter is not None else _DOT_LETTER.search(text):
        regexes.append(DOMAIN_RE)
    found = []
    for regex in regexes:
        for m in regex.finditer(text):
            end = m.end()
            while end > m.start() and text[end - 1] in TRAILING:
                end -= 1
            found.append((m.start(), end))
    return found
