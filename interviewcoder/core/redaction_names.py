"""Names and terms for the redactor: every spelling of them one compiled pattern finds.

A name (``Jane Doe``) is known by its words; the pattern matches it

- whole and by each part at any length (``Jane``, ``Doe``, ``Li``), in any case;
- with any joining between the words (``jane_doe``, ``jane.doe``, ``JaneDoe``, ``janedoe``,
  ``Jane-Doe``), inside identifiers (``acme_won_jane_doe``: ``_``, digits and a camelCase
  step are word edges) and before a possessive (``Doe's``);

but never inside another word (``does``, ``Janet``, ``LinkedIn``). A part that is also an
ordinary word (``Will``, ``May``: ``redaction_words.COMMON``) counts only with a capital; a part
shared by two people becomes ``[name]``; role labels and titles are never parts.

The words of every entry are put in a trie, so one pattern over thousands of names costs about
what a pattern over a few costs (the alternatives share their prefixes), and a match is looked
up by its letters alone.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass

from interviewcoder.core.redaction_words import COMMON, LEGAL_FORMS, NOT_A_NAME

AMBIGUOUS_NAME = "[name]"
_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"[^\W_]+")
_SUFFIX = re.compile(r"\s*\([^()]*\)\s*$")  # "Speaker 1 (acme_call)": the part in brackets
_GAP = "\x00"
_SEP = r"[\s_.\-'’()]{0,3}"
_LETTER = r"[^\W\d_]"
_LOWER = r"(?-i:[a-zß-öø-ÿ])"
_UPPER = r"(?-i:[A-ZÀ-ÖØ-Þ])"
_LEFT = r"(?<![^\W_])"  # one test per position: the common case costs little
_LEFT_CAMEL = rf"(?:(?<![^\W_])|(?<={_LOWER})(?={_UPPER}))"  # also after a camelCase step
_RIGHT = rf"(?:(?![^\W_])|(?<={_LETTER})(?=\d)|(?<={_LOWER})(?={_UPPER}))"
CAMEL = re.compile(r"[a-zß-öø-ÿ][A-ZÀ-ÖØ-Þ]")
"""Text holding a camelCase step is read with the pattern that also starts at one."""
_NOT_LETTERS = str.maketrans({c: " " for c in string.punctuation + string.digits
                              + "’‘“”„–—…«»¿¡·•€£$§°×"})
# The same for ASCII bytes, lowering capitals in the same pass; a control character that is
# not white space (which ``bytes.split`` would not split on) becomes NUL, a sign to read the text
ASCII_WORDS = bytes.maketrans(
    bytes(range(128)),
    bytes(ord(" ") if chr(i) in string.punctuation + string.digits
          else ord(chr(i).lower()) if chr(i).isalpha()
          else i if chr(i).isprintable() or chr(i) in " \t\n\r\x0b\x0c" else 0
          for i in range(128)))


@dataclass(frozen=True, slots=True)
class Entry:
    pseudonym: str
    kind: str  # name | term
    capital_only: bool = False


def words(text: str) -> list[str]:
    return _TOKEN.findall(text)


def key_of(text: str) -> str:
    return "".join(_TOKEN.findall(text)).lower()


def _is_part(word: str) -> bool:
    low = word.lower()
    return len(word) >= 2 and not word.isdigit() and low not in NOT_A_NAME


def generic_label(text: str) -> bool:
    return _generic(words(text))


def _generic(tokens: list[str]) -> bool:
    """A role label with at most numbers and letters after it (``Speaker 2``, ``Interviewer``,
    ``Speaker B``); ``R-0013`` is not one (it names a respondent)."""
    return (any(t.lower() in NOT_A_NAME for t in tokens)
            and all(t.lower() in NOT_A_NAME or t.isdigit() or len(t) == 1 for t in tokens))


class Lexicon:
    """Names and terms, each with its pseudonym; ``pattern()`` finds them all in one pass."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self._sequences: dict[str, tuple[str, ...]] = {}
        self._parts: dict[str, set[str]] = {}
        self._part_kind: dict[str, str] = {}

    def add_name(self, name: str, pseudonym: str) -> None:
        """A person's name: whole, every run of its words, each word (the bracketed suffix of
        a generic label such as ``Speaker 1 (call)`` gives no parts)."""
        tokens = words(name)
        if not tokens or _generic(tokens):
            return
        self._whole(tokens, pseudonym, "name")
        core = words(_SUFFIX.sub("", name)) or tokens
        for i in range(len(core)):
            for j in range(i + 1, len(core) + 1):
                run = core[i:j]
                if run == tokens or _generic(run) or (len(run) == 1 and not _is_part(run[0])):
                    continue
                self._part(run, pseudonym, "name")

    def add_term(self, term: str, pseudonym: str, *, parts: bool = True) -> None:
        """A term (``Acme Corp``): whole with any joining; with ``parts`` also each word that
        is not a company form or an ordinary word (``Acme``, not ``Corp``)."""
        tokens = words(term)
        if not tokens:
            return
        self._whole(tokens, pseudonym, "term")
        if parts and len(tokens) > 1:
            for t in tokens:
                low = t.lower()
                if _is_part(t) and low not in LEGAL_FORMS and low not in COMMON:
                    self._part([t], pseudonym, "term")

    def _whole(self, tokens: list[str], pseudonym: str, kind: str) -> None:
        key = "".join(tokens).lower()
        if key in self.entries and key not in self._parts:
            return  # a whole name already known keeps its first pseudonym
        self.entries[key] = Entry(pseudonym, kind, len(tokens) == 1 and key in COMMON)
        self._sequences[key] = tuple(t.lower() for t in tokens)
        self._parts.pop(key, None)

    def _part(self, tokens: list[str], pseudonym: str, kind: str) -> None:
        key = "".join(tokens).lower()
        if key in self.entries and key not in self._parts:
            return  # a whole name wins over a part of another
        owners = self._parts.setdefault(key, set())
        if owners and kind == "term" and self._part_kind.get(key) == "name":
            return  # a name's part stays the name's
        if kind == "name" and self._part_kind.get(key) == "term":
            owners.clear()
        owners.add(pseudonym)
        self._part_kind[key] = kind
        chosen = pseudonym if len(owners) == 1 else AMBIGUOUS_NAME
        self.entries[key] = Entry(chosen, kind, len(tokens) == 1 and key in COMMON)
        self._sequences[key] = tuple(t.lower() for t in tokens)

    def prefilter(self) -> Prefilter:
        """A quick test that is False only for text in which ``patterns()`` can find nothing
        (most text): see ``Prefilter``."""
        heads: set[str] = set()
        digits = False
        for seq in self._sequences.values():
            for k in range(1, len(seq) + 1):
                first = "".join(seq[:k]).translate(_NOT_LETTERS).split()
                if first and "".join(seq[:k])[:1].isalpha():
                    heads.add(first[0])
                else:
                    digits = True
        return Prefilter(frozenset(heads), digits)

    def patterns(self) -> NamePatterns | None:
        """The patterns over every entry (None when there is none)."""
        if not self._sequences:
            return None
        trie: dict = {}
        for seq in self._sequences.values():
            node = trie
            for ch in _GAP.join(seq):
                node = node.setdefault(ch, {})
            node[""] = True
        return NamePatterns(_emit(trie))

    def lookup(self, found: str) -> Entry | None:
        """The entry a match of ``pattern()`` stands for; None when the case rule refuses it
        (an ordinary word written without a capital)."""
        entry = self.entries.get(key_of(found))
        if entry is None or (entry.capital_only and not found[:1].isupper()):
            return None
        return entry


class Prefilter:
    """A match of the names' patterns starts a run of letters, and that run is the first
    letters of an entry's first k words run together (``Jane Doe``: ``jane`` or, joined,
    ``janedoe``): text none of whose words is such a head holds no name. Text with digits is
    always read when an entry starts with one (``digits``), text with characters this test
    does not split on always (a camelCase step is the caller's test).

    ``prefilter(text, raw, has_digit)``: ``raw`` is the text's ASCII bytes when it is ASCII
    (then read by byte tables, several times faster), else None. ``lowered(words, has_digit)``
    takes ASCII text already put through ``ASCII_WORDS`` (a caller testing many texts at once
    translates them together).
    """

    def __init__(self, heads: frozenset[str], digits: bool) -> None:
        self.heads = heads
        self.ascii_heads = frozenset(h.encode("ascii") for h in heads if h.isascii())
        self.digits = digits

    def __call__(self, text: str, raw: bytes | None, has_digit: bool) -> bool:
        if raw is not None:
            return self.lowered(raw.translate(ASCII_WORDS), has_digit)
        if self.digits and has_digit:
            return True
        words = text.lower().translate(_NOT_LETTERS).split()
        return not self.heads.isdisjoint(words) or not "".join(words).isalpha()

    def lowered(self, lowered: bytes, has_digit: bool) -> bool:
        if self.digits and has_digit:
            return True
        found = lowered.split()
        return not found or not self.ascii_heads.isdisjoint(found) or b"\0" in lowered


class NamePatterns:
    """Two patterns over the same entries: ``plain`` starts after a non-letter (``jane_doe``,
    `` Doe's``); ``camel`` also starts at a camelCase step (``acmeWonJaneDoe``), for text where
    ``CAMEL`` finds one. Over thousands of names each takes a good part of a second to compile,
    so ``camel`` is compiled when first asked for (many exports never need it)."""

    def __init__(self, body: str) -> None:
        self._body = body
        self.plain = re.compile(f"{_LEFT}{body}{_RIGHT}", re.IGNORECASE)
        self._camel: re.Pattern[str] | None = None

    @property
    def camel(self) -> re.Pattern[str]:
        if self._camel is None:
            self._camel = re.compile(f"{_LEFT_CAMEL}{self._body}{_RIGHT}", re.IGNORECASE)
        return self._camel


def _emit(node: dict) -> str:
    """The trie below ``node`` as a regular expression (alternatives share their prefixes)."""
    branches, singles = [], []
    for ch in sorted(k for k in node if k):
        child = node[ch]
        piece = _SEP if ch == _GAP else re.escape(ch)
        if list(child) == [""]:
            (branches if ch == _GAP else singles).append(piece)
        else:
            branches.append(piece + _emit(child))
    if singles:
        branches.append(singles[0] if len(singles) == 1 else "[" + "".join(singles) + "]")
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?"
    return body


def names_in(values: Iterable[str]) -> list[str]:
    return [v for v in values if words(v)]
