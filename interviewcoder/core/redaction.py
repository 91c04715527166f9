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
from typing import Any

from interviewcoder.core.redaction_gates import SHAPE, Facts, Gates
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
MANY = 32  # texts not yet remembered that ``redact_many`` tests together (fewer: one by one)
CACHE_TEXT = 200  # strings up to this length are remembered once seen twice (names, codes...)
CACHE_SHORT = 40  # ...and up to this length from the first sighting
CACHE_SIZE = 100_000  # at most this many; later strings are read each time
SEEN_SIZE = 1_000_000  # hashes of strings seen once, to know a second sighting


@dataclass(frozen=True, slots=True)
class Redaction:
    start: int
    end: int
    replacement: str
    kind: str  # email | url | phone | ip | address | name | term | entity | keep (a placeholder)


@dataclass
class RedactionCounts:
    """How many of each kind one redactor replaced, and how often each pseudonym was written
    (read it from ``Redactor.counts``, which adds the uses of remembered strings first)."""

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
        self._counts = RedactionCounts()
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
        self._gates = Gates(self._may_hold if self._names_re is not None else None)
        # a remembered string: [its redacted text, its (kind, pseudonym) hits, uses not yet
        # counted]; counting a use is one increment, and ``counts`` adds them up when read
        self._cache: dict[str, list] = {}
        self._seen_once: set[int] = set()

    # --- finding ---------------------------------------------------------------------------

    def find(self, text: str) -> list[Redaction]:
        """Every span to replace, without overlaps (earlier, then longer, spans win)."""
        if text.isascii():  # most text: its shape in one table pass, then byte searches
            raw = text.encode("ascii")
            shape = raw.translate(SHAPE)
            return self._find(text, b"0" in shape, b"aA" in shape,
                              _dot_letter(text) if "." in text else False, None, raw)
        return self._find(text, _DIGIT.search(text) is not None, None, None, None, None)

    def _find(self, text: str, digits: bool, camel: bool | None, dot_letter: bool | None,
              names: bool | None, raw: bytes | None) -> list[Redaction]:
        """``find`` with what the cheap tests found (None: not tested yet; see
        ``redaction_gates``): IPs, addresses and phones all hold a digit, a domain a dot
        between letters, a name a word that starts one."""
        found: list[Redaction] = []
        if "[" in text:
            found += [Redaction(m.start(), m.end(), m.group(), "keep")
                      for m in PLACEHOLDER_RE.finditer(text)]
        if self.emails and "@" in text:
            found += [Redaction(m.start(), m.end(), EMAIL, "email") for m in EMAIL_RE.finditer(text)]
        if self.urls and "." in text:
            found += [Redaction(a, b, URL, "url") for a, b in urls(text, dot_letter=dot_letter)]
        if self.ips and digits:
            found += [Redaction(a, b, IP, "ip") for a, b in ip_addresses(text)]
        if self._names_re is not None:
            if camel is None:
                camel = CAMEL.search(text) is not None
            if camel:
                pattern = self._names_re.camel
            elif names if names is not None else self._may_hold(text, raw, digits):
                pattern = self._names_re.plain
            else:
                pattern = None
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
        return _without_overlaps(found) if len(found) > 1 else found

    def _entity_pseudonym(self, text: str, kind: str) -> str:
        key = (kind, " ".join(text.split()).casefold())
        if key not in self._entity_names:
            n = self._entity_counts.get(kind, 0) + 1
            self._entity_counts[kind] = n
            self._entity_names[key] = f"[{kind} {n}]"
        return self._entity_names[key]

    # --- replacing -------------------------------------------------------------------------

    def redact(self, text: str) -> str:
        """``text`` with every finding replaced; counted in ``counts``.

        Short strings (up to ``CACHE_SHORT`` characters: a name, a code, an outcome, a column's
        repeated values) are remembered, and longer ones up to ``CACHE_TEXT`` once seen a
        second time, so their later uses cost a lookup; a string seen once (a quote's text)
        is read and let go.
        """
        if not text:
            return text
        entry = self._cache.get(text)
        if entry is not None:
            entry[2] += 1
            return entry[0]
        return self._remember(text, self.find(text))

    def redact_many(self, values: Sequence[Any]) -> list[Any]:
        """``redact`` over many values (a column of a table): the same texts and counts, each
        distinct text read once, with the cheap tests made over all of them at once
        (``redaction_gates``); values that are not text, and empty texts, pass as they are."""
        try:
            uses = Counter(values)
        except TypeError:  # a value that cannot be a key: one by one
            return [self.redact(v) if isinstance(v, str) else v for v in values]
        cache = self._cache
        done: dict[str, str] = {}
        todo: list[str] = []
        for value, n in uses.items():
            if value and isinstance(value, str):
                entry = cache.get(value)
                if entry is None:
                    todo.append(value)
                else:
                    entry[2] += n
                    done[value] = entry[0]
        if todo:
            self._read_many(todo, uses, done)
        return [done.get(v, v) if isinstance(v, str) else v for v in values]

    def _read_many(self, texts: list[str], uses: Counter[Any], done: dict[str, str]) -> None:
        """Read each of ``texts`` (distinct, none remembered) into ``done``."""
        if len(texts) < MANY:
            for text in texts:
                done[text] = self._remember(text, self.find(text), uses[text])
            return
        tested = [t for t in texts if t.isascii()]
        facts: dict[str, Facts] = dict(zip(tested, self._gates.many(tested), strict=True))
        cache, quiet = self._cache, 0
        entities = self.extra_entities is not None
        for text in texts:
            f = facts.get(text)
            if f is not None and f.quiet and not entities:  # nothing to find: it stays as it is
                done[text] = text
                if len(text) <= CACHE_SHORT and len(cache) < CACHE_SIZE:
                    cache[text] = [text, (), uses[text]]
                else:
                    quiet += uses[text]
                continue
            found = (self.find(text) if f is None
                     else self._find(text, f.digits, f.camel, f.dot_letter, f.names, None))
            done[text] = self._remember(text, found, uses[text])
        self._counts.strings += quiet

    def _remember(self, text: str, found: list[Redaction], uses: int = 1) -> str:
        """``text`` replaced; counted ``uses`` times, and remembered as ``redact`` says (a text
        used twice at once is remembered as one seen twice)."""
        out = replace(text, found)
        hits = tuple([(r.kind, r.replacement) for r in found if r.kind != "keep"]) if found else ()
        if len(text) <= CACHE_TEXT and len(self._cache) < CACHE_SIZE:
            key = hash(text)
            if len(text) <= CACHE_SHORT or uses > 1 or key in self._seen_once:
                self._cache[text] = [out, hits, uses]
                return out
            if len(self._seen_once) >= SEEN_SIZE:
                self._seen_once.clear()
            self._seen_once.add(key)
        self._count(hits, uses)
        return out

    @property
    def counts(self) -> RedactionCounts:
        """What this redactor has replaced so far (its redaction report)."""
        for entry in self._cache.values():
            if entry[2]:
                self._count(entry[1], entry[2])
                entry[2] = 0
        return self._counts

    def _count(self, hits: Sequence[tuple[str, str]], uses: int) -> None:
        counts = self._counts
        counts.strings += uses
        if hits:
            counts.changed += uses
            for kind, pseudonym in hits:
                counts.kinds[kind] += uses
                counts.pseudonyms[pseudonym] += uses

    def tally(self, found: Sequence[Redaction]) -> None:
        """Count replacements made from ``spans`` (a writer that moves offsets with them)."""
        self._count([(r.kind, r.replacement) for r in found if r.kind != "keep"], 1)

    __call__ = redact

    def spans(self, text: str) -> list[Redaction]:
        """The replacements of ``text`` with their offsets, for writers that must move other
        offsets with them (``replace`` and ``moved_offset`` do it)."""
        return self.find(text) if text else []


def _dot_letter(text: str) -> bool:
    """Whether a letter or digit, a dot and a letter stand together in ASCII ``text`` (a
    domain's shape; ``_DOT_LETTER`` of the patterns, found faster where dots are few)."""
    i = text.find(".")
    while i >= 0:
        if i and text[i - 1].isalnum() and text[i + 1:i + 2].isalpha():
            return True
        i = text.find(".", i + 1)
    return False


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
