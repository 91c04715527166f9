"""Pattern suggestions: a SpanRuler built from the curated files in models/patterns/ and the
study's own patterns proposes whole sentences for codes, naming the words that matched.

A pattern row is spaCy's SpanRuler format plus an optional ``score`` (0-1, default 0.7)::

    {"label": "influence/Review sites", "pattern": "capterra", "id": "review-sites:capterra"}
    {"label": "step/Compared vendors", "pattern": [{"LOWER": {"IN": ["compared", "comparing"]}}]}

String patterns are phrases matched on lower-cased tokens; list patterns are token patterns.
Rows whose label is not a code of the study's codebook are left out.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewcoder.core.errors import InvalidInput
from interviewcoder.nlp.suggestion import Suggestion
from interviewcoder.paths import models_path

if TYPE_CHECKING:
    from spacy.language import Language

SPANS_KEY = "interviewcoder_patterns"
DEFAULT_SCORE = 0.7
USER_SCORE = 0.9
# Rows whose id starts so are the study's own patterns (anyone may have written them): their
# token patterns run on a CPU-time budget per suggestion run (``nlp.anchored.Budget``).
STUDY_PATTERN_PREFIX = "user:"
STUDY_PATTERN_SECONDS = 1.0  # each study pattern, per run (hostile ones took 0.4-4 s each)
STUDY_PATTERNS_SECONDS = 3.0  # all of them together, per run


@dataclass(frozen=True, slots=True)
class PatternRow:
    label: str
    pattern: str | list[dict[str, Any]]
    id: str
    score: float = DEFAULT_SCORE

    def as_ruler_pattern(self) -> dict[str, Any]:
        return {"label": self.label, "pattern": self.pattern, "id": self.id}


def _row(data: Any, where: str) -> PatternRow:
    if not isinstance(data, dict) or "label" not in data or "pattern" not in data:
        raise InvalidInput(f"{where}: a pattern needs 'label' and 'pattern'")
    pattern = normalise_pattern(data["pattern"], where)
    score = float(data.get("score", DEFAULT_SCORE))
    if not 0 < score <= 1:
        raise InvalidInput(f"{where}: score must be between 0 and 1")
    return PatternRow(str(data["label"]), pattern, str(data.get("id") or where), score)


def normalise_pattern(pattern: Any, where: str = "pattern") -> str | list[dict[str, Any]]:
    """Check a phrase or token pattern; raise InvalidInput with spaCy's complaint if bad."""
    if isinstance(pattern, str):
        if not pattern.strip():
            raise InvalidInput(f"{where}: the phrase is empty")
        return pattern.strip()
    tokens_ok = isinstance(pattern, list) and all(isinstance(t, dict) for t in pattern)
    if not tokens_ok or not pattern:
        raise InvalidInput(f"{where}: a pattern is a phrase or a list of token patterns")
    from spacy.schemas import validate_token_pattern

    errors = validate_token_pattern(pattern)
    if errors:
        raise InvalidInput(f"{where}: {errors[0]}")
    return pattern


def parse_user_pattern(text: str) -> str | list[dict[str, Any]]:
    """A pattern as a user types it: JSON (a token list, or a quoted phrase) or a plain phrase.

    It will be kept in the study, so it must pass ``check_study_pattern``."""
    stripped = text.strip()
    if stripped.startswith(("[", '"', "{")):
        try:
            value = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"pattern is not valid JSON: {exc.msg}") from exc
        if isinstance(value, dict):
            value = value.get("pattern")
        return check_study_pattern(normalise_pattern(value))
    return check_study_pattern(normalise_pattern(stripped))


# Patterns kept in a study may come from anyone. spaCy's matcher runs a REGEX with Python's
# backtracking ``re`` (``(a+)+$`` never ends), and its cost grows with every optional or
# repeated token: one unbounded wildcard took 6 s on 3,000 words, four ``{0,3}`` ones 20 s.
MAX_PATTERN_JSON = 8192
MAX_TOKENS = 12
MAX_CHOICES = 500
MAX_OPTIONAL = 3
_COUNT = re.compile(r"^\{(\d*)(,?)(\d*)\}$")


def read_study_pattern(text: str, where: str = "pattern") -> str | list[dict[str, Any]]:
    """A pattern as a study stores it (JSON), checked as a user's would be."""
    if len(text) > MAX_PATTERN_JSON:
        raise InvalidInput(f"{where}: longer than {MAX_PATTERN_JSON} characters")
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise InvalidInput(f"{where}: not valid JSON") from None
    return check_study_pattern(normalise_pattern(value, where), where)


def check_study_pattern(pattern: str | list[dict[str, Any]], where: str = "pattern"
                        ) -> str | list[dict[str, Any]]:
    """Refuse what can make matching slow without end: REGEX, unbounded repetition (``*``,
    ``+``, ``{n,}``), more than a few optional tokens, huge lists. Returns the pattern."""
    if isinstance(pattern, str):
        if len(pattern) > 500:
            raise InvalidInput(f"{where}: a phrase of at most 500 characters")
        return pattern
    if len(json.dumps(pattern)) > MAX_PATTERN_JSON:
        raise InvalidInput(f"{where}: longer than {MAX_PATTERN_JSON} characters")
    if len(pattern) > MAX_TOKENS:
        raise InvalidInput(f"{where}: at most {MAX_TOKENS} tokens")
    optional = 0
    for token in pattern:
        _check_values(token, where)
        op = token.get("OP")
        if op is None or op in ("!", "1"):
            continue
        low, high = _count(str(op), where)
        optional += high - low
    if optional > MAX_OPTIONAL:
        raise InvalidInput(f"{where}: at most {MAX_OPTIONAL} optional tokens in all "
                           "(each '?' is one, '{1,3}' is two)")
    return pattern


def _count(op: str, where: str) -> tuple[int, int]:
    if op == "?":
        return 0, 1
    if op in ("*", "+"):
        raise InvalidInput(f"{where}: OP {op!r} repeats without bound; use a count such as "
                           "'{0,2}'")
    match = _COUNT.match(op)
    if not match or (match[2] and not match[3]):
        raise InvalidInput(f"{where}: OP {op!r} is not a bounded count such as '?' or '{{1,3}}'")
    low = int(match[1] or 0)
    high = int(match[3]) if match[2] else low
    if high > 5:
        raise InvalidInput(f"{where}: OP {op!r} repeats more than 5 times")
    return low, high


def _check_values(value: Any, where: str) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            if str(key).upper() == "REGEX":
                raise InvalidInput(f"{where}: REGEX is not allowed in patterns kept in a study "
                                   "(a regular expression can run for ever); use LOWER with IN")
            _check_values(inner, where)
    elif isinstance(value, list):
        if len(value) > MAX_CHOICES:
            raise InvalidInput(f"{where}: a list of at most {MAX_CHOICES} choices")
        for inner in value:
            _check_values(inner, where)


def load_pattern_file(path: Path) -> list[PatternRow]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InvalidInput(f"{path.name}:{n}: not JSON ({exc.msg})") from exc
            rows.append(_row(data, f"{path.name}:{n}"))
    return rows


_lock = threading.Lock()
_curated: dict[tuple[str, tuple[tuple[str, int, int], ...]], list[PatternRow]] = {}


def curated_patterns(directory: Path | None = None) -> list[PatternRow]:
    """Every pattern shipped in models/patterns/*.jsonl (read once while the files stay as
    they are: parsing and checking 1,100 rows took longer than suggesting for a turn)."""
    directory = directory or models_path("patterns")
    files = sorted(directory.glob("*.jsonl"))
    stamp = tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    key = (str(directory), stamp)
    with _lock:
        rows = _curated.get(key)
    if rows is None:
        rows = [row for path in files for row in load_pattern_file(path)]
        with _lock:
            _curated[key] = rows
    return list(rows)


def restrict_to_codebook(rows: Iterable[PatternRow], code_paths: Iterable[str]) -> list[PatternRow]:
    """Keep rows whose label names a code (case-insensitive), relabelled to its exact path."""
    exact = {p.casefold(): p for p in code_paths}
    out = []
    for row in rows:
        path = exact.get(row.label.casefold())
        if path is not None:
            out.append(PatternRow(path, row.pattern, row.id, row.score))
    return out


def _build(language: str, rows: Sequence[PatternRow], anchored: bool) -> _Pipeline:
    """The blank pipeline with, when ``anchored``, a PhraseMatcher for the phrase rows and an
    ``AnchoredMatcher`` for the token rows; else a SpanRuler holding every row (as before)."""
    from interviewcoder.nlp.pipelines import blank_pipeline

    nlp = blank_pipeline(language)
    if not anchored:
        ruler = nlp.add_pipe(
            "span_ruler",
            config={"spans_key": SPANS_KEY, "phrase_matcher_attr": "LOWER", "validate": False},
        )
        ruler.add_patterns([r.as_ruler_pattern() for r in rows])  # type: ignore[attr-defined]
        return _Pipeline(nlp, None, None, {})
    from spacy.matcher import PhraseMatcher

    from interviewcoder.nlp.anchored import AnchoredMatcher

    phrases = PhraseMatcher(nlp.vocab, attr="LOWER", validate=False)
    keys: dict[int, tuple[str, str]] = {}  # the match id (hash of the key) -> label, id
    by_key: dict[str, list[Any]] = {}
    for r in rows:
        if isinstance(r.pattern, str):
            key = repr((r.label, r.id))
            keys[nlp.vocab.strings.add(key)] = (r.label, r.id)
            by_key.setdefault(key, []).append(nlp.make_doc(r.pattern))
    for key, docs in by_key.items():
        phrases.add(key, docs)
    tokens = [(r.label, r.id, r.pattern) for r in rows if not isinstance(r.pattern, str)]
    matcher = AnchoredMatcher(nlp.vocab, tokens, nlp.Defaults.stop_words,
                              budgeted=lambda pid: pid.startswith(STUDY_PATTERN_PREFIX)) \
        if tokens else None
    return _Pipeline(nlp, phrases if keys else None, matcher, keys)


@dataclass(frozen=True)
class _Pipeline:
    nlp: Language
    phrases: Any  # spacy PhraseMatcher for the phrase rows (None: the SpanRuler has them)
    tokens: Any  # AnchoredMatcher for the token rows | None
    keys: dict[int, tuple[str, str]]  # phrase match key -> (label, pattern id)


_pipelines: dict[str, _Pipeline] = {}


def _cached(language: str, rows: Sequence[PatternRow], anchored: bool = True) -> _Pipeline:
    blob = json.dumps([language, anchored, [(r.label, r.id, r.pattern) for r in rows]])
    key = hashlib.sha1(blob.encode()).hexdigest()
    with _lock:
        built = _pipelines.get(key)
        if built is None:
            if len(_pipelines) > 8:
                _pipelines.clear()
            built = _pipelines[key] = _build(language, rows, anchored)
        return built


class PatternSuggester:
    """Proposes (sentence, code, matched words) for texts, from pattern rows.

    Phrase rows run in a PhraseMatcher (a hash lookup per token); token rows run through their
    anchors (``nlp.anchored``). Together they find exactly what one SpanRuler holding every
    row finds, several times faster; ``anchored=False`` builds that SpanRuler, as before
    (benchmarks and tests compare the two).
    """

    def __init__(self, rows: Sequence[PatternRow], language: str = "en", *,
                 anchored: bool = True) -> None:
        from interviewcoder.nlp.anchored import Budget

        self.rows = list(rows)
        # CPU time the study's own token patterns may take, over every call of this suggester.
        self.budget = Budget(STUDY_PATTERN_SECONDS, STUDY_PATTERNS_SECONDS)
        self.language = language
        self._scores: dict[str, float] = {}
        for r in self.rows:
            self._scores[r.id] = max(self._scores.get(r.id, 0.0), r.score)
        built = _cached(language, self.rows, anchored) if self.rows else None
        self._nlp = built.nlp if built else None
        self._phrases = built.phrases if built else None
        self._keys = built.keys if built else {}
        self._tokens = built.tokens if built else None

    def suggest(
        self, source_id: int, pieces: Iterable[tuple[str, int]], batch_size: int = 128
    ) -> list[Suggestion]:
        """Suggestions for (text, offset) pieces of one source (e.g. its participant turns)."""
        if self._nlp is None:
            return []
        out: list[Suggestion] = []
        # The text rides along (``doc.text`` rebuilds it from every token each time). Short
        # pieces (a transcript's turns) are read in batches, one line each: a few big docs
        # instead of thousands of small ones; a line break starts a sentence, and matches
        # across two pieces are dropped, so every piece gets what it would get on its own.
        batches = _batches(pieces) if self._phrases is not None or self._tokens is not None \
            else [(text, [(0, len(text), offset)]) for text, offset in pieces]
        with_text = ((text, (text, parts)) for text, parts in batches)
        for doc, (text, parts) in self._nlp.pipe(with_text, as_tuples=True, batch_size=batch_size):
            out.extend(self._from_doc(source_id, doc, text, parts))
        return out

    def matches(self, doc: Any) -> list[tuple[int, int, str, str]]:
        """(start char, end char, label, pattern id) of every match in a processed doc."""
        found = [(s.start_char, s.end_char, s.label_, s.id_) for s in doc.spans[SPANS_KEY]] \
            if SPANS_KEY in doc.spans else []
        if self._phrases is not None:
            keys = self._keys
            for key, start, end in self._phrases(doc):
                span = doc[start:end]
                found.append((span.start_char, span.end_char, *keys[key]))
        if self._tokens is not None:
            found.extend(self._tokens(doc, self.budget))
        return found

    def stopped(self) -> list[str]:
        """A line for each of the study's patterns stopped for taking too long."""
        labels = {r.id: r.label for r in self.rows}
        return [f"stopped pattern {pid.removeprefix(STUDY_PATTERN_PREFIX)} of {labels.get(pid, '?')} "
                f"after {spent:.1f} s of matching (too slow on this text; its suggestions are "
                "incomplete)" for pid, spent in self.budget.stopped.items()]

    def _from_doc(self, source_id: int, doc: Any, text: str,
                  parts: list[tuple[int, int, int]]) -> Iterable[Suggestion]:
        """Suggestions from a doc made of ``parts`` (start, end in the doc, source offset)."""
        spans = self.matches(doc)
        if not spans:
            return
        starts, ends = _sentence_bounds(doc, len(text))
        part_starts = [p[0] for p in parts]
        found: dict[tuple[int, int, str], list[tuple[int, int, float]]] = {}
        scores = self._scores
        for start_char, end_char, label, pattern_id in spans:
            k = bisect_right(part_starts, start_char) - 1
            if k < 0 or end_char > parts[k][1]:
                continue  # across two pieces: not a match in either
            i = bisect_right(starts, start_char) - 1
            found.setdefault((max(starts[i], parts[k][0]), min(ends[i], parts[k][1]), label),
                             []).append((start_char, end_char, scores.get(pattern_id, DEFAULT_SCORE)))
        for (s, e, label), hits in found.items():
            offset = parts[bisect_right(part_starts, s) - 1]
            groups = _groups(hits)
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            yield Suggestion(
                source_id=source_id,
                start=s - offset[0] + offset[2],
                end=e - offset[0] + offset[2],
                text=text[s:e],
                code_path=label,
                dimension=label.split("/", 1)[0],
                score=_combine(groups),
                reason=_reason(text, groups),
                method="pattern",
            )


BATCH_CHARS = 100_000  # spaCy refuses docs over 1,000,000 characters


def _batches(pieces: Iterable[tuple[str, int]]) -> list[tuple[str, list[tuple[int, int, int]]]]:
    """Pieces joined by line breaks into texts of up to ``BATCH_CHARS``, each with its parts
    (start and end in the joined text, offset in the source)."""
    out: list[tuple[str, list[tuple[int, int, int]]]] = []
    texts: list[str] = []
    parts: list[tuple[int, int, int]] = []
    size = 0
    for text, offset in pieces:
        if texts and size + len(text) + 1 > BATCH_CHARS:
            out.append(("\n".join(texts), parts))
            texts, parts, size = [], [], 0
        start = size + (1 if texts else 0)
        texts.append(text)
        parts.append((start, start + len(text), offset))
        size = start + len(text)
    if texts:
        out.append(("\n".join(texts), parts))
    return out


def _sentence_bounds(doc: Any, length: int) -> tuple[list[int], list[int]]:
    """Start and end characters of the doc's sentences, read from its arrays in one go
    (``span.sent`` re-scans the doc for every match)."""
    import numpy

    flags = doc.to_array("SENT_START").astype("int64")
    idx = doc.to_array("IDX")
    first = numpy.flatnonzero(flags == 1)
    if not len(first) or first[0] != 0:
        first = numpy.concatenate(([0], first))
    starts = [int(x) for x in idx[first]]
    ends = starts[1:] + [length]
    return starts, ends


def _groups(hits: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Overlapping matches merge into one (their best score); separate ones stay apart."""
    groups: list[tuple[int, int, float]] = []
    for start, end, score in sorted(hits):
        if groups and start < groups[-1][1]:
            g_start, g_end, best = groups[-1]
            groups[-1] = (g_start, max(g_end, end), max(best, score))
        else:
            groups.append((start, end, score))
    return groups


def _combine(groups: list[tuple[int, int, float]]) -> float:
    """Separate matches add up as evidence: 1 - prod(1 - score)."""
    miss = 1.0
    for _, _, score in groups:
        miss *= 1.0 - score
    return round(1.0 - miss, 4)


def _reason(text: str, groups: list[tuple[int, int, float]]) -> str:
    words = dict.fromkeys(" ".join(text[s:e].split()) for s, e, _ in groups)
    return "matched " + ", ".join(f"“{w}”" for w in words)
