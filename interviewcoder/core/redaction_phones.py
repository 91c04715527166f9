"""Phone numbers in text, read by ``phonenumbers`` (Google's libphonenumber).

Candidates are found by shape first (seven or more digits in groups, with ``+``, brackets, an
extension such as ``ext. 22``), dates and times left out; each candidate is then parsed:

- with a ``+`` or ``00`` prefix, by its own country code (any country);
- else in the study's region (the hint): accepted when it is a possible number there;
- else, when it is written the national way (a leading ``0`` or a bracketed area code), in the
  other regions studies commonly meet, where it must be a valid number.

Parsing only the candidates (rather than running ``PhoneNumberMatcher`` over every text, once
per region) keeps the cost to text that holds a number.
"""

from __future__ import annotations

import re
from functools import lru_cache

DEFAULT_REGION = "US"
OTHER_REGIONS = ("US", "GB", "FR", "DE", "ES", "IT", "NL", "BE", "CH", "AT", "IE", "AU", "NZ",
                 "CA", "IN", "BR", "MX", "SE", "DK", "NO", "PL", "PT", "SG", "JP")
LANGUAGE_REGIONS = {"en": "US", "fr": "FR", "de": "DE", "es": "ES", "it": "IT", "nl": "NL",
                    "pt": "PT", "pl": "PL", "sv": "SE", "da": "DK", "nb": "NO", "no": "NO",
                    "fi": "FI", "ja": "JP", "zh": "CN", "ko": "KR", "ru": "RU", "tr": "TR",
                    "el": "GR", "cs": "CZ", "hu": "HU", "ro": "RO", "uk": "UA", "he": "IL"}

_CANDIDATE = re.compile(
    r"(?<![\w+])(?:\+|00)?(?:\(\s*\d{1,5}\s*\)[\s.-]?)?\d(?:[\s./-]{0,2}(?:\(\d{1,6}\)|\d{1,6})){1,8}"
    r"(?:\s*(?:ext\.?|extn\.?|extension|x|poste|Durchwahl|Dw\.?|#)\s*\d{1,6})?(?![\w])",
    re.IGNORECASE)
_DATE = re.compile(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$"
                   r"|^\d{4}[-./]\d{1,2}$|^\d{1,2}[-./]\d{4}$")
_DATES_AND_TIMES = re.compile(
    r"(?<!\d)(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})(?!\d)"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|(?<![\d:])\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?![\d:])")
"""Dates and clock times, blanked out before phone numbers are looked for."""
_DIGITS = re.compile(r"\d")
_RANGE = re.compile(r"^([1-9]\d*)\s?[-–]\s?([1-9]\d*)$")
_CUE = re.compile(r"(?:call|phone|tel|telephone|mobile|cell|ring|fax|number|reach|text|whatsapp|sms"
                  r"|handy|telefon|tél|téléphone|portable|appel|numéro|rufnummer|durchwahl)"
                  r"\W{0,12}(?:[^\W\d_]+\W{1,3}){0,3}$", re.IGNORECASE)
_SEVEN = re.compile(r"\d(?:\D{0,3}\d){6}")


def region_for(language: str | None, region: str | None = None) -> str:
    """The phone region hint: ``region`` when given, else the study language's country."""
    if region:
        return region.upper()
    return LANGUAGE_REGIONS.get((language or "").split("-")[0].lower(), DEFAULT_REGION)


def supported_regions() -> frozenset[str]:
    import phonenumbers

    return frozenset(phonenumbers.SUPPORTED_REGIONS)


def phone_numbers(text: str, region: str = DEFAULT_REGION) -> list[tuple[int, int]]:
    """(start, end) of each phone number in ``text``."""
    if not _SEVEN.search(text):
        return []
    if _DATES_AND_TIMES.search(text):
        text = _DATES_AND_TIMES.sub(lambda m: " " * len(m.group()), text)  # offsets kept
        if not _SEVEN.search(text):
            return []
    found = []
    for m in _CANDIDATE.finditer(text):
        candidate = m.group().rstrip(" .-/")
        digits = len(_DIGITS.findall(candidate))
        if digits < 7 or digits > 22 or _DATE.match(candidate):
            continue
        if _needs_cue(candidate, digits) and not _CUE.search(text[max(0, m.start() - 40):m.start()]):
            continue  # "201-1000" (a range) or a bare 7-digit number: a phone only when said so
        if _is_phone(candidate, region):
            found.append((m.start(), m.start() + len(candidate)))
    return found


def _needs_cue(candidate: str, digits: int) -> bool:
    """A number that is as likely something else: a range (``201-1000``, ``10000-50000``)
    or seven digits with no country code or area code (``5551234``)."""
    if candidate.startswith(("+", "(", "00")):
        return False
    ranged = _RANGE.match(candidate)
    if ranged and int(ranged.group(1)) < int(ranged.group(2)):
        return True
    return digits == 7 and not candidate.startswith("0")


@lru_cache(maxsize=4096)
def _is_phone(candidate: str, region: str) -> bool:
    import phonenumbers
    from phonenumbers import NumberParseException

    def parse(where: str | None, text: str = candidate) -> phonenumbers.PhoneNumber | None:
        try:
            return phonenumbers.parse(text, where)
        except NumberParseException:
            return None

    if candidate.startswith(("+", "00")):
        number = parse(None, "+" + candidate[2:] if candidate.startswith("00") else candidate)
        return number is not None and phonenumbers.is_possible_number(number)
    number = parse(region)
    if number is not None and phonenumbers.is_possible_number(number):
        return True
    if not candidate.startswith(("0", "(")):
        return False
    for other in OTHER_REGIONS:
        if other != region:
            number = parse(other)
            if number is not None and phonenumbers.is_valid_number(number):
                return True
    return False
