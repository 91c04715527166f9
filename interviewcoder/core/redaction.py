"""Redaction for sharing: e-mail addresses, phone numbers, URLs, known names and extra terms
become stable pseudonyms (``[Participant 3]``, ``[email]``, ``[phone]``, ``[url]``).

Pure Python. An optional entity finder (the nlp layer builds one from an installed NER pipeline)
adds PERSON / ORG entities, each given a numbered pseudonym that stays the same for every text
the same ``Redactor`` redacts, so one export reads consistently.

    names = participant_pseudonyms(["Ana Silva", "Bo Chen"])
    redactor = Redactor(names, extra_terms=["Acme"])
    redactor.redact("Ana (ana@acme.com) said ...")  ->  "[Participant 1] ([email]) said ..."
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

EntityFinder = Callable[[str], Iterable[tuple[int, int, str]]]
"""``finder(text)`` yields (start, end, label) entities; labels PERSON/PER and ORG are used."""

EMAIL = "[email]"
PHONE = "[phone]"
URL = "[url]"
TERM = "[redacted]"
AMBIGUOUS_NAME = "[name]"

_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
_URL_RE = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'()\[\]{}]+"
    r"|\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/[^\s<>\"'()\[\]{}]*",
    re.IGNORECASE,
)
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]?\d{2,5}){0,5}(?![\w])"
)
_DATE_RE = re.compile(r"^\d{4}[-.]\d{1,2}[-.]\d{1,2}$|^\d{1,2}[-.]\d{1,2}[-.]\d{2,4}$")
_TRAILING = ".,;:!?'\""
_PERSON_LABELS = {"PERSON": "Person", "PER": "Person"}
_ORG_LABELS = {"ORG": "Organisation"}


@dataclass(frozen=True, slots=True)
class Redaction:
    start: int
    end: int
    replacement: str
    kind: str  # email | url | phone | name | term | entity


def participant_pseudonyms(names: Sequence[str], prefix: str = "Participant") -> dict[str, str]:
    """``[Participant 1]``... in the given order (give participants in id order for stability)."""
    return {name: f"[{prefix} {i}]" for i, name in enumerate(names, 1) if name.strip()}


def _name_variants(names: Mapping[str, str]) -> dict[str, str]:
    """Full names, plus each capitalised part (first name, surname) of three letters or more.

    A part shared by two people with different pseudonyms becomes ``[name]``.
    """
    variants: dict[str, str] = {}
    parts: dict[str, set[str]] = {}
    for name, pseudonym in names.items():
        name = " ".join(name.split())
        if not name:
            continue
        variants[name] = pseudonym
        words = re.findall(r"[^\W\d_][\w'’-]*", name)
        if len(words) > 1:
            for word in words:
                if len(word) >= 3 and word[0].isupper():
                    parts.setdefault(word, set()).add(pseudonym)
    for word, pseudonyms in parts.items():
        if word not in variants:
            variants[word] = pseudonyms.pop() if len(pseudonyms) == 1 else AMBIGUOUS_NAME
    return variants


def _phone_ok(match: str) -> bool:
    digits = sum(ch.isdigit() for ch in match)
    if not 7 <= digits <= 15:
        return False
    return not _DATE_RE.match(match.strip())


class Redactor:
    """Replaces identifying text with pseudonyms; one instance per export keeps them stable."""

    def __init__(
        self,
        names: Mapping[str, str] | None = None,
        extra_terms: Iterable[str] = (),
        extra_entities: EntityFinder | None = None,
        *,
        emails: bool = True,
        phones: bool = True,
        urls: bool = True,
    ) -> None:
        self.emails, self.phones, self.urls = emails, phones, urls
        self.extra_entities = extra_entities
        self._entity_names: dict[tuple[str, str], str] = {}
        self._entity_counts: dict[str, int] = {}
        self._names = _name_variants(names or {})
        self._name_re = self._alternation(self._names)
        terms = {" ".join(t.split()): TERM for t in extra_terms if t.strip()}
        self._term_re = self._alternation(terms)

    @staticmethod
    def _alternation(words: Mapping[str, str]) -> re.Pattern[str] | None:
        if not words:
            return None
        ordered = sorted(words, key=len, reverse=True)
        body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
        return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)

    def _lookup_name(self, found: str) -> str:
        found = " ".join(found.split())
        if found in self._names:
            return self._names[found]
        folded = found.casefold()
        for name, pseudonym in self._names.items():
            if name.casefold() == folded:
                return pseudonym
        return AMBIGUOUS_NAME

    def _entity_pseudonym(self, text: str, kind: str) -> str:
        key = (kind, " ".join(text.split()).casefold())
        if key not in self._entity_names:
            n = self._entity_counts.get(kind, 0) + 1
            self._entity_counts[kind] = n
            self._entity_names[key] = f"[{kind} {n}]"
        return self._entity_names[key]

    def find(self, text: str) -> list[Redaction]:
        """Every span to replace, without overlaps (earlier, then longer, spans win)."""
        found: list[Redaction] = []
        if self.emails:
            found += [
                Redaction(m.start(), m.end(), EMAIL, "email") for m in _EMAIL_RE.finditer(text)
            ]
        if self.urls:
            for m in _URL_RE.finditer(text):
                end = m.end()
                while end > m.start() and text[end - 1] in _TRAILING:
                    end -= 1
                found.append(Redaction(m.start(), end, URL, "url"))
        if self.phones:
            found += [
                Redaction(m.start(), m.end(), PHONE, "phone")
                for m in _PHONE_RE.finditer(text)
                if _phone_ok(m.group())
            ]
        if self._name_re is not None:
            found += [
                Redaction(m.start(), m.end(), self._lookup_name(m.group()), "name")
                for m in self._name_re.finditer(text)
                if self._case_ok(m.group())
            ]
        if self._term_re is not None:
            found += [
                Redaction(m.start(), m.end(), TERM, "term")
                for m in self._term_re.finditer(text)
            ]
        if self.extra_entities is not None:
            for start, end, label in self.extra_entities(text):
                kind = _PERSON_LABELS.get(label) or _ORG_LABELS.get(label)
                if kind and end > start:
                    pseudonym = self._entity_pseudonym(text[start:end], kind)
                    found.append(Redaction(start, end, pseudonym, "entity"))
        return _without_overlaps(found)

    def _case_ok(self, found: str) -> bool:
        """A single-word name part matches only when capitalised (``Will``, not ``will``)."""
        if " " in found.strip() or found in self._names:
            return True
        return found[:1].isupper()

    def redact(self, text: str) -> str:
        if not text:
            return text
        pieces: list[str] = []
        pos = 0
        for r in self.find(text):
            pieces.append(text[pos : r.start])
            pieces.append(r.replacement)
            pos = r.end
        pieces.append(text[pos:])
        return "".join(pieces)

    __call__ = redact


def _without_overlaps(found: list[Redaction]) -> list[Redaction]:
    priority = {"email": 0, "url": 1, "name": 2, "term": 3, "entity": 4, "phone": 5}
    ordered = sorted(found, key=lambda r: (r.start, -(r.end - r.start), priority[r.kind]))
    out: list[Redaction] = []
    for r in ordered:
        if out and r.start < out[-1].end:
            continue
        out.append(r)
    return out
