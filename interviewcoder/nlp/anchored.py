"""Token patterns run only where they can match: around a word every match must hold.

spaCy's Matcher tries each token pattern at every token, and a ``{"LOWER": {"IN": [...]}}``
test is a Python call each time: the 28 curated token patterns took about 85 % of pattern
suggestion time, the 1,055 phrase patterns (a hash lookup per token) the rest.

Every match of a pattern holds a token for each of its required token specs. So each pattern
gets an *anchor*: one required spec that only words of a known set can satisfy (the one
least likely to be common: no stop words, fewest words). One pass over the doc's ``LOWER``
column finds the tokens holding an anchor word; the pattern's Matcher then runs only on a
window around each, as wide as the pattern reaches before and after its anchor (unbounded
``*``/``+`` reach the doc's edge), and only when the window also holds a word of each of the
pattern's other required word sets. A window hides only tokens no match through that anchor
can reach, and a match found in a window is a match in the doc, so the matches are exactly
those of the Matcher over the whole doc. Patterns with no anchor run on the whole doc.

Patterns kept in a study may come from anyone (``budgeted`` rows): the checks on them bound
what they may say, not how long spaCy takes on hostile text (three optional tokens over
20,000 matching words: 2 s per pattern). A ``Budget`` given to a call times each of their
matcher runs in CPU time and stops a pattern once it has used its share; so that a stop
comes soon, such a pattern with no anchor runs in overlapping windows of ``CHUNK`` tokens (it
has bounded reach, so every match lies inside one window), not on the whole doc at once.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

_WORD_KEYS = ("LOWER", "ORTH", "TEXT")
_RANGE = re.compile(r"^\{(\d*)(,?)(\d*)\}$")
Match = tuple[int, int, str, str]  # start char, end char, label, pattern id
CHUNK = 512  # tokens per window for a budgeted pattern with no anchor


@dataclass
class Budget:
    """CPU seconds a run may spend on budgeted patterns: ``per_pattern`` each, ``total`` in
    all. ``stopped`` names each pattern stopped, with the seconds it had used."""

    per_pattern: float
    total: float
    spent: dict[str, float] = field(default_factory=dict)
    used: float = 0.0
    stopped: dict[str, float] = field(default_factory=dict)

    def allows(self, pattern_id: str) -> bool:
        return pattern_id not in self.stopped

    def charge(self, pattern_id: str, seconds: float) -> bool:
        """Count ``seconds`` against a pattern; False once it (or the run) is out of time."""
        spent = self.spent[pattern_id] = self.spent.get(pattern_id, 0.0) + seconds
        self.used += seconds
        if spent > self.per_pattern or self.used > self.total:
            self.stopped.setdefault(pattern_id, spent)
            return False
        return True


@dataclass(frozen=True)
class _Anchored:
    matcher: Any  # spacy.matcher.Matcher with this one pattern
    label: str
    id: str
    before: int | None  # tokens a match can hold before its anchor (None: unbounded)
    after: int | None
    others: tuple[frozenset[int], ...]  # word hashes of its other required specs
    # When a side is unbounded: per spec of that side, nearest the anchor first, its
    # (fewest, most) and word hashes (None: any word), to bound the window on the tokens.
    left: tuple[tuple[int, int | None, frozenset[int] | None], ...] = ()
    right: tuple[tuple[int, int | None, frozenset[int] | None], ...] = ()
    budgeted: bool = False


@dataclass(frozen=True)
class _Chunked:
    """A budgeted pattern with no anchor, run in overlapping windows."""

    matcher: Any
    label: str
    id: str
    reach: int  # the most tokens a match can hold


def _reach(spec: dict[str, Any]) -> tuple[int, int | None]:
    """(fewest, most) tokens one spec takes; most is None when unbounded."""
    op = spec.get("OP")
    if op in (None, "1"):
        return 1, 1
    if op == "?":
        return 0, 1
    if op == "!":
        return 0, 1  # an upper bound: a wider window is still exact
    if op == "*":
        return 0, None
    if op == "+":
        return 1, None
    found = _RANGE.match(str(op))
    if found is None:
        return 0, None
    low, comma, high = found.groups()
    fewest = int(low or 0)
    most = int(high) if high else (None if comma else fewest)
    return fewest, most


def words_of(spec: dict[str, Any]) -> frozenset[str] | None:
    """The lower-cased words a token must be one of to satisfy ``spec``, if it says so."""
    for key in _WORD_KEYS:
        value = spec.get(key)
        if isinstance(value, str):
            return frozenset({value if key == "LOWER" else value.lower()})
        if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            words = value["IN"]
            if all(isinstance(w, str) for w in words):
                return frozenset(w if key == "LOWER" else w.lower() for w in words)
    return None


def anchor(pattern: Sequence[dict[str, Any]],
           stop_words: frozenset[str] | set[str]) -> tuple[int, frozenset[str]] | None:
    """The index and word set of the spec to anchor a pattern on, or None."""
    best: tuple[tuple[int, int], int, frozenset[str]] | None = None
    for i, spec in enumerate(pattern):
        if _reach(spec)[0] < 1:
            continue  # optional: a match need not hold it
        words = words_of(spec)
        if not words:
            continue
        cost = (sum(1 for w in words if w in stop_words), len(words))
        if best is None or cost < best[0]:
            best = (cost, i, words)
    return None if best is None else (best[1], best[2])


def _span_reach(specs: Iterable[dict[str, Any]]) -> int | None:
    total = 0
    for spec in specs:
        most = _reach(spec)[1]
        if most is None:
            return None
        total += most
    return total


class AnchoredMatcher:
    """Matches of token patterns (label, id, pattern) on docs, through their anchors."""

    def __init__(self, vocab: Vocab, rows: Iterable[tuple[str, str, list[dict[str, Any]]]],
                 stop_words: frozenset[str] | set[str] = frozenset(),
                 budgeted: Callable[[str], bool] = lambda _id: False, chunk: int = CHUNK) -> None:
        from spacy.matcher import Matcher

        self._vocab = vocab
        self._anchored: list[_Anchored] = []
        self._by_word: dict[int, list[int]] = {}  # LOWER hash of an anchor word -> patterns
        self._whole = Matcher(vocab, validate=False)  # patterns with no anchor
        self._whole_rows: dict[int, tuple[str, str]] = {}
        self._chunked: list[_Chunked] = []
        self._chunk = chunk
        for label, pattern_id, pattern in rows:
            found = anchor(pattern, stop_words)
            reach = _span_reach(pattern)
            if found is None and budgeted(pattern_id) and reach is not None:
                own = Matcher(vocab, validate=False)
                own.add("chunked", [pattern])
                self._chunked.append(_Chunked(own, label, pattern_id, max(1, reach)))
                continue
            if found is None:
                key = vocab.strings.add(f"interviewcoder-whole-{len(self._whole_rows)}")
                self._whole.add(key, [pattern])
                self._whole_rows[key] = (label, pattern_id)
                continue
            index, words = found
            matcher = Matcher(vocab, validate=False)
            matcher.add("anchored", [pattern])
            n = len(self._anchored)
            others = tuple(frozenset(vocab.strings.add(w) for w in other)
                           for i, spec in enumerate(pattern)
                           if i != index and _reach(spec)[0] >= 1 and (other := words_of(spec)))
            before, after = _span_reach(pattern[:index]), _span_reach(pattern[index + 1:])
            self._anchored.append(_Anchored(
                matcher, label, pattern_id, before, after, others,
                self._sides(pattern[:index][::-1]) if before is None else (),
                self._sides(pattern[index + 1:]) if after is None else (),
                budgeted(pattern_id)))
            for word in words:
                self._by_word.setdefault(vocab.strings.add(word), []).append(n)

    def _sides(self, specs: Sequence[dict[str, Any]]) -> tuple[tuple[int, int | None,
                                                                      frozenset[int] | None], ...]:
        out = []
        for spec in specs:
            fewest, most = _reach(spec)
            words = words_of(spec) if spec.get("OP") != "!" else None  # "!": any other word
            out.append((fewest, most, None if words is None else
                        frozenset(self._vocab.strings.add(w) for w in words)))
        return tuple(out)

    def __len__(self) -> int:
        return len(self._anchored) + len(self._whole_rows) + len(self._chunked)

    @property
    def anchored_count(self) -> int:
        return len(self._anchored)

    def __call__(self, doc: Doc, budget: Budget | None = None) -> list[Match]:
        """Every match in ``doc``; budgeted patterns stop when ``budget`` says so."""
        out: list[Match] = []
        if self._whole_rows:
            for key, start, end in self._whole(doc):
                if start != end:
                    label, pattern_id = self._whole_rows[key]
                    out.append(self._chars(doc, start, end, label, pattern_id))
        for c in self._chunked:
            self._run_chunked(doc, c, budget, out)
        if not self._anchored:
            return out
        from spacy.attrs import LOWER

        by_word = self._by_word
        hits: dict[int, list[int]] = {}
        words = doc.to_array(LOWER).tolist()
        for i, word in enumerate(words):
            patterns = by_word.get(word)
            if patterns is not None:
                for n in patterns:
                    hits.setdefault(n, []).append(i)
        for n, positions in hits.items():
            a = self._anchored[n]
            for lo, hi in _windows_of(a, positions, words):
                if a.others:  # a match needs a word of each other required spec too
                    window = set(words[lo:hi])
                    if any(window.isdisjoint(other) for other in a.others):
                        continue
                if a.budgeted and budget is not None:
                    if not budget.allows(a.id):
                        break
                    t0 = time.thread_time()
                    found = a.matcher(doc[lo:hi])
                    budget.charge(a.id, time.thread_time() - t0)
                else:
                    found = a.matcher(doc[lo:hi])
                for _key, start, end in found:
                    if start != end:
                        out.append(self._chars(doc, lo + start, lo + end, a.label, a.id))
        return out

    def _run_chunked(self, doc: Doc, c: _Chunked, budget: Budget | None, out: list[Match]) -> None:
        """Windows of ``chunk`` tokens (at least ``reach``), each starting ``chunk - reach + 1``
        after the last: a match of at most ``reach`` tokens lies wholly inside one of them."""
        n = len(doc)
        chunk = max(self._chunk, c.reach)
        step = chunk - c.reach + 1
        seen: set[tuple[int, int]] = set()
        lo = 0
        while lo < n:
            if budget is not None and not budget.allows(c.id):
                return
            hi = min(n, lo + chunk)
            t0 = time.thread_time()
            found = c.matcher(doc[lo:hi])
            if budget is not None:
                budget.charge(c.id, time.thread_time() - t0)
            for _key, start, end in found:
                span = (lo + start, lo + end)
                if start != end and span not in seen:
                    seen.add(span)
                    out.append(self._chars(doc, span[0], span[1], c.label, c.id))
            if hi == n:
                return
            lo += step

    @staticmethod
    def _chars(doc: Doc, start: int, end: int, label: str, pattern_id: str) -> Match:
        last = doc[end - 1]
        return (doc[start].idx, last.idx + len(last), label, pattern_id)


def _windows_of(a: _Anchored, positions: list[int], words: list[int]) -> list[tuple[int, int]]:
    """The windows to match a pattern in, around its anchor's positions."""
    if not (a.left or a.right):
        return _windows(positions, a.before, a.after, len(words))
    out: list[tuple[int, int]] = []
    for p in positions:
        lo = _extent(words, p, a.left, -1) if a.left else max(0, p - (a.before or 0))
        hi = _extent(words, p, a.right, 1) + 1 if a.right else min(len(words), p + (a.after or 0) + 1)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _extent(words: list[int], anchor: int,
            specs: tuple[tuple[int, int | None, frozenset[int] | None], ...], step: int) -> int:
    """The farthest token (left with ``step`` -1, right with +1) a match through the anchor
    can reach: the specs of that side, nearest first, each taking up to its most tokens, and
    only tokens of its words when it names them (an upper bound: tests are not checked)."""
    ends = {anchor}
    edge = -1 if step < 0 else len(words)
    for fewest, most, allowed in specs:
        reached: set[int] = set()
        for q in ends:
            if fewest == 0:
                reached.add(q)
            taken, j = 0, q + step
            while j != edge and (most is None or taken < most):
                if allowed is not None and words[j] not in allowed:
                    break
                taken += 1
                if taken >= fewest:
                    reached.add(j)
                j += step
        if not reached:
            return anchor
        ends = reached
    return min(ends) if step < 0 else max(ends)


def _windows(positions: list[int], before: int | None, after: int | None,
             length: int) -> list[tuple[int, int]]:
    """Token windows around anchor positions (ascending), overlapping ones merged."""
    out: list[tuple[int, int]] = []
    for p in positions:
        lo = 0 if before is None else max(0, p - before)
        hi = length if after is None else min(length, p + after + 1)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out
