"""Redaction for sharing: names, contact details, addresses and given terms become stable
placeholders (``[Participant 3]``, ``[email]``, ``[phone]``, ``[url]``, ``[address]``, ``[ip]``,
``[redacted]``).

One ``Redactor`` serves one export: every string that leaves (cells, headers, sheet names, note
rows, file-derived names, the study name, attribute names and values, words drawn on the map)
passes through it, so ``[Participant 3]`` is the same person in every sheet and file, and its
counts are the export's redaction report. Its patterns are compiled once; each string is read
in one pass per kind of thing, gated by a cheap test (``@`` for e-mails, a digit for phones and
addresses...), and short strings (names, codes, outcomes) are remembered.

    names = participant_pseudonyms(["Ana Silva", "Bo Chen"])
    redactor = Redactor(names, extra_terms=["Acme"])
    redactor.redact("Ana (ana@acme.com) said ...")  ->  "[Participant 1] ([email]) said ..."

Pure Python (``phonenumbers`` for phone numbers). An optional entity finder (the nlp layer
builds one from an installed NER pipeline) adds PERSON / ORG entities, each numbered.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from interviewcoder.core.redaction_names import AMBIGUOUS_NAME, CAMEL, Lexicon
from interviewcoder.core.redaction_patterns import (
    EMAIL_RE,
    PLACEHOLDER_RE,
    addresses,
    ip_addresses,
    urls,
)
from interviewcoder.core.redaction_phones import DEFAULT_REGION, phone_numbers

EntityFinder = Callable[[str], Iterable[tuple[int, int, str]]]
"""``finder(text)`` yields (start, end, label) entities; labels PERSON/PER and ORG are used."""

EMAIL = "[email]"
PHONE = "[phone]"
URL = "[url]"
ADDRESS = "[address]"
IP = "[ip]"
TERM = "[redacted]"
__all__ = ["ADDRESS", "AMBIGUOUS_NAME", "EMAIL", "IP", "PHONE", "TERM", "URL", "Redaction",
           "RedactionCounts", "Redactor", "moved_offset", "participant_pseudonyms", "replace"]

KINDS = ("name", "email", "phone", "url", "address", "ip", "term", "entity")
_PRIORITY = {"keep": 0, "email": 1, "url": 2, "ip": 3, "name": 4, "term": 5, "address": 6,
             "entity": 7, "phone": 8}
_PERSON_LABELS = {"PERSON": "Person", "PER": "Person"}
_ORG_LABELS = {"ORG": "Organisation"}
_DIGIT = re.compile(r"\d")
CACHE_TEXT = 200  # strings up to this length are remembered (names, codes, cells that repeat)
CACHE_SIZE = 50_000


@dataclass(frozen=True, slots=True)
class Redaction:
    start: int
    end: int
    replacement: str
    kind: str  # email | url | phone | ip | address | name | term | entity | keep (a placeholder)


@dataclass
class RedactionCounts:
    """How many of each kind one redactor replaced, and how often each pseudonym was written."""

    kinds: Counter[str] = field(default_factory=Counter)
    pseudonyms: Counter[str] = field(default_factory=Counter)
    strings: int = 0  # strings read
    changed: int = 0  # strings with at least one replacement


def participant_pseudonyms(names: Sequence[str], prefix: str = "Participant") -> dict[str, str]:
    """``[Participant 1]``... in the given order (give participants in id order for stability)."""
    return {name: f"[{prefix} {i}]" for i, name in enumerate(names, 1) if name.strip()}


class Redactor:
    """Replaces identifying text with placeholders; one instance per export keeps them stable.

    ``names``: full name → pseudonym (every part of each name is known too);
    ``extra_terms``: terms matched like names, with their parts (``Acme Corp``, ``AcmeCorp``,
    ``Acme``); ``exact_terms``: values replaced only whole (personal survey values);
    ``region``: the phone region hint (ISO code).
    """

    def __init__(
        self,
        names: Mapping[str, str] | None = None,
        extra_terms: Iterable[str] = (),
        extra_entities: EntityFinder | None = None,
        *,
        exact_terms: Iterable[str] = (),
        emails: bool = True,
        phones: bool = True,
        urls: bool = True,
        addresses: bool = True,
        ips: bool = True,
        region: str = DEFAULT_REGION,
    ) -> None:
        self.emails, self.phones, self.urls = emails, phones, urls
        self.addresses, self.ips, self.region = addresses, ips, region
        self.extra_entities = extra_entities
        self.counts = RedactionCounts()
        self._entity_names: dict[tuple[str, str], str] = {}
        self._entity_counts: dict[str, int] = {}
        self._lexicon = Lexicon()
        for name, pseudonym in (names or {}).items():
            self._lexicon.add_name(name, pseudonym)
        for term in extra_terms:
            self._lexicon.add_term(term, TERM)
        for term in exact_terms:
            self._lexicon.add_term(term, TERM, parts=False)
        self._names_re = self._lexicon.patterns()
        self._may_hold = self._lexicon.prefilter()
        self._cache: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {}

    # --- finding ---------------------------------------------------------------------------

    def find(self, text: str) -> list[Redaction]:
        """Every span to replace, without overlaps (earlier, then longer, spans win)."""
        found: list[Redaction] = []
        if "[" in text:
            found += [Redaction(m.start(), m.end(), m.group(), "keep")
                      for m in PLACEHOLDER_RE.finditer(text)]
        if self.emails and "@" in text:
            found += [Redaction(m.start(), m.end(), EMAIL, "email") for m in EMAIL_RE.finditer(text)]
        digits = _DIGIT.search(text) is not None  # IPs, addresses and phones all hold one
        if self.urls and "." in text:
            found += [Redaction(a, b, URL, "url") for a, b in urls(text)]
        if self.ips and digits:
            found += [Redaction(a, b, IP, "ip") for a, b in ip_addresses(text)]
        if self._names_re is not None:
            plain, camel = self._names_re
            pattern = camel if CAMEL.search(text) else plain
            if pattern is plain and not self._may_hold(text):
                pattern = None  # no word of the text starts a name or term
            for m in pattern.finditer(text) if pattern is not None else ():
                entry = self._lexicon.lookup(m.group())
                if entry is not None:
                    end = m.end()
                    if text[end:end + 1] == ")" and m.group().count("(") > m.group().count(")"):
                        end += 1  # "Speaker 2 (call)": the bracket closes with the name
                    found.append(Redaction(m.start(), end, entry.pseudonym, entry.kind))
        if self.addresses and digits:
            found += [Redaction(a, b, ADDRESS, "address") for a, b in addresses(text)]
        if self.phones and digits:
            found += [Redaction(a, b, PHONE, "phone") for a, b in phone_numbers(text, self.region)]
        if self.extra_entities is not None:
            for start, end, label in self.extra_entities(text):
                kind = _PERSON_LABELS.get(label) or _ORG_LABELS.get(label)
                if kind and end > start:
                    pseudonym = self._entity_pseudonym(text[start:end], kind)
                    found.append(Redaction(start, end, pseudonym, "entity"))
        return _without_overlaps(found)

    def _entity_pseudonym(self, text: str, kind: str) -> str:
        key = (kind, " ".join(text.split()).casefold())
        if key not in self._entity_names:
            n = self._entity_counts.get(kind, 0) + 1
            self._entity_counts[kind] = n
            self._entity_names[key] = f"[{kind} {n}]"
        return self._entity_names[key]

    # --- replacing -------------------------------------------------------------------------

    def redact(self, text: str) -> str:
        """``text`` with every finding replaced; counted in ``counts``."""
        if not text:
            return text
        counts = self.counts
        counts.strings += 1
        cached = self._cache.get(text)
        if cached is None:
            found = self.find(text)
            cached = (replace(text, found),
                      tuple((r.kind, r.replacement) for r in found if r.kind != "keep"))
            if len(text) <= CACHE_TEXT:
                if len(self._cache) >= CACHE_SIZE:
                    self._cache.clear()
                self._cache[text] = cached
        out, hits = cached
        if hits:
            counts.changed += 1
            for kind, pseudonym in hits:
                counts.kinds[kind] += 1
                counts.pseudonyms[pseudonym] += 1
        return out

    def tally(self, found: Sequence[Redaction]) -> None:
        """Count replacements made from ``spans`` (a writer that moves offsets with them)."""
        self.counts.strings += 1
        hits = [r for r in found if r.kind != "keep"]
        if hits:
            self.counts.changed += 1
            for r in hits:
                self.counts.kinds[r.kind] += 1
                self.counts.pseudonyms[r.replacement] += 1

    __call__ = redact

    def spans(self, text: str) -> list[Redaction]:
        """The replacements of ``text`` with their offsets, for writers that must move other
        offsets with them (``replace`` and ``moved_offset`` do it)."""
        return self.find(text) if text else []


def replace(text: str, found: Sequence[Redaction]) -> str:
    """``text`` with each of ``found`` (sorted, without overlaps) replaced."""
    if not found:
        return text
    pieces: list[str] = []
    pos = 0
    for r in found:
        pieces.append(text[pos:r.start])
        pieces.append(r.replacement)
        pos = r.end
    pieces.append(text[pos:])
    return "".join(pieces)


def moved_offset(offset: int, found: Sequence[Redaction], *, end: bool = False) -> int:
    """Where character ``offset`` of the original text is in ``replace(text, found)``. An
    offset inside a replaced span moves to the start of its placeholder, or with ``end`` (the
    end of a selection) to its end, so a selection keeps the whole placeholder."""
    shift = 0
    for r in found:
        if offset < r.end:
            if offset > r.start:
                return r.start + shift + (len(r.replacement) if end else 0)
            break
        shift += len(r.replacement) - (r.end - r.start)
    return offset + shift


def _without_overlaps(found: list[Redaction]) -> list[Redaction]:
    ordered = sorted(found, key=lambda r: (r.start, -(r.end - r.start), _PRIORITY[r.kind]))
    out: list[Redaction] = []
    for r in ordered:
        if out and r.start < out[-1].end:
            continue
        out.append(r)
    return out
