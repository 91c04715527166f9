"""spaCy assistance as use cases: suggest codes for a source, accept or reject suggestions, keep
the study's own patterns, train the learned suggester, build the redactor for exports.

Suggestions come from the curated patterns in models/patterns/ (for the codes of the study's
codebook), the study's own patterns per code, and the learned model when one is trained; they
skip interviewer turns, spans already coded with the code, and anything the researcher rejected.
Accepting goes through the same undoable ``AddQuote`` as manual coding (origin ``suggestion``);
rejecting is undoable too.
"""

from __future__ import annotations

import json
import threading
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from interviewcoder.core.errors import InvalidInput, NotFound
from interviewcoder.core.types import Code, Role
from interviewcoder.nlp.learned import (
    MAX_STORED_BYTES,
    LearnedSuggester,
    Progress,
    TrainedModel,
    train_classifier,
)
from interviewcoder.nlp.patterns import (
    STUDY_PATTERN_PREFIX,
    USER_SCORE,
    PatternRow,
    PatternSuggester,
    curated_patterns,
    parse_user_pattern,
    read_study_pattern,
    restrict_to_codebook,
)
from interviewcoder.nlp.suggestion import Suggestion, merge_suggestions
from interviewcoder.nlp.training_data import CodedSpan, LabelledSentence, label_sentences
from interviewcoder.services import redaction
from interviewcoder.services.codebook import resolve
from interviewcoder.services.coding import AddQuote
from interviewcoder.services.operations import Applied, Changes, Composite, Operation, execute
from interviewcoder.services.studies import SYSTEM_CODER
from interviewcoder.store import Study
from interviewcoder.store.nlp import CodePattern, NlpRepo
from interviewcoder.store.workspace import quote_spans

MODEL_NAME = "suggestions"
ORIGIN = "suggestion"
# A suggestion is dropped when a quote with its code already covers this share of it.
COVERED = 0.5


def _no_progress(done: int, total: int, message: str) -> None:
    return None


# --- the study's language and patterns --------------------------------------------------------


def set_language(study: Study, language: str) -> None:
    """Set the study's language (a spaCy language code such as en, fr, de)."""
    from interviewcoder.nlp.pipelines import blank_pipeline

    language = language.strip().lower()
    blank_pipeline(language)  # raises InvalidInput for a language spaCy does not know
    with study.atomic():
        study.set_meta("language", language)


def add_pattern(study: Study, code_ref: str | int, pattern: str, coder: str = SYSTEM_CODER) -> int:
    """Keep a pattern for a code: a phrase, or JSON token patterns. Returns the pattern's id."""
    code = _code(study, code_ref)
    value = parse_user_pattern(pattern)
    text = json.dumps(value, ensure_ascii=False)
    with study.atomic():
        pattern_id = NlpRepo(study.db).add_pattern(code.id, text)
        study.log(coder, "add_pattern", f"code:{code.id}", {"pattern": value, "id": pattern_id})
        return pattern_id


def remove_pattern(study: Study, pattern_id: int, coder: str = SYSTEM_CODER) -> None:
    with study.atomic():
        if not NlpRepo(study.db).delete_pattern(pattern_id):
            raise NotFound(f"no pattern with id {pattern_id}")
        study.log(coder, "remove_pattern", f"pattern:{pattern_id}")


def list_patterns(study: Study, code_ref: str | int | None = None) -> list[CodePattern]:
    code_id = None if code_ref is None else _code(study, code_ref).id
    return NlpRepo(study.db).patterns(code_id)


def _code(study: Study, ref: str | int) -> Code:
    code = study.codes.get(ref) if isinstance(ref, int) else resolve(study, ref)
    if code is None:
        raise NotFound(f"no code with id {ref}")
    return code


def pattern_rows(study: Study, codes: Sequence[Code] | None = None,
                 notes: list[str] | None = None) -> list[PatternRow]:
    """Curated patterns for the study's codes plus the study's own patterns.

    A pattern the study holds is checked like one typed in (``read_study_pattern``: no REGEX,
    no unbounded repetition, ...); one that fails is left out and described in ``notes``."""
    codes = list(codes if codes is not None else study.codes.list())
    rows = restrict_to_codebook(curated_patterns(), [c.path for c in codes])
    by_id = {c.id: c for c in codes}
    for p in NlpRepo(study.db).patterns():
        code = by_id.get(p.code_id)
        if code is None:
            continue
        try:
            value = read_study_pattern(p.pattern, f"pattern {p.id} of {code.path}")
        except InvalidInput as exc:
            if notes is not None:
                notes.append(f"left out {exc}")
            continue
        rows.append(PatternRow(code.path, value, f"{STUDY_PATTERN_PREFIX}{p.id}", USER_SCORE))
    return rows


# --- suggesting --------------------------------------------------------------------------------


# Adjacent turns separated only by line breaks are read as one piece (the line breaks still
# end sentences): thousands of short survey answers then cost a few big spaCy docs, not
# thousands of small ones.
MAX_PIECE = 100_000


def _pieces(study: Study, source_id: int) -> list[tuple[str, int]]:
    """The stretches of a source worth suggesting on: every turn but the interviewer's."""
    text = study.sources.text(source_id)
    turns = study.sources.turns(source_id)
    if not turns:
        return [(text, 0)]
    spans: list[list[int]] = []
    for t in turns:
        if t.role == Role.INTERVIEWER or t.end <= t.start:
            continue
        if spans:
            gap = text[spans[-1][1] : t.start]
            joinable = "\n" in gap and not gap.strip() and t.end - spans[-1][0] <= MAX_PIECE
            if joinable and t.start >= spans[-1][1]:
                spans[-1][1] = t.end
                continue
        spans.append([t.start, t.end])
    return [(text[s:e], s) for s, e in spans]


_models_lock = threading.Lock()
_models: dict[tuple[str, str], LearnedSuggester] = {}


def learned_suggester(study: Study) -> LearnedSuggester | None:
    """The study's trained model, loaded once per (study, training time)."""
    repo = NlpRepo(study.db)
    info = repo.model_info(MODEL_NAME)
    if info is None:
        return None
    key = (str(study.path.resolve()), info[0])
    with _models_lock:
        model = _models.get(key)
    if model is None:
        row = repo.model(MODEL_NAME, max_bytes=MAX_STORED_BYTES)
        if row is None:
            return None
        model = LearnedSuggester(row.data)
        with _models_lock:
            _models[key] = model
    return model


def suggest(
    study: Study,
    source_id: int | None = None,
    *,
    min_score: float = 0.0,
    use_learned: bool = True,
    installed: str | None = None,
    progress: Progress = _no_progress,
    cancelled: Callable[[], bool] = lambda: False,
    notes: list[str] | None = None,
) -> list[Suggestion]:
    """Suggestions for one source (or every source), best first within each span.

    ``notes`` receives a line for each of the study's patterns that was left out, or stopped
    for taking too long (``nlp.patterns.STUDY_PATTERN_SECONDS``)."""
    if source_id is not None and study.sources.get(source_id) is None:
        raise NotFound(f"no source with id {source_id}")
    source_ids = [source_id] if source_id is not None else [s.id for s in study.sources.list()]
    codes = study.codes.list()
    patterns = PatternSuggester(pattern_rows(study, codes, notes), study.language)
    learned = learned_suggester(study) if use_learned else None
    out: list[Suggestion] = []
    for n, sid in enumerate(source_ids):
        if cancelled():
            break
        progress(n, len(source_ids), f"Suggesting for source {sid}")
        found = _candidates(study, sid, patterns, learned, installed)
        out.extend(still_open(study, sid, found, min_score=min_score, codes=codes))
    if notes is not None:
        notes.extend(patterns.stopped())
    progress(len(source_ids), len(source_ids), f"{len(out)} suggestions")
    return out


def candidates(study: Study, source_id: int, *, use_learned: bool = True,
               installed: str | None = None, notes: list[str] | None = None) -> list[Suggestion]:
    """Everything the patterns (and the learned model) propose for a source, before dropping
    what is coded, rejected or below a score: the spaCy part, worth keeping while the source's
    text and the codebook stay as they are. ``still_open`` then filters it cheaply.
    ``notes`` receives a line for each of the study's patterns that was left out."""
    if study.sources.get(source_id) is None:
        raise NotFound(f"no source with id {source_id}")
    patterns = PatternSuggester(pattern_rows(study, notes=notes), study.language)
    learned = learned_suggester(study) if use_learned else None
    found = _candidates(study, source_id, patterns, learned, installed)
    if notes is not None:
        notes.extend(patterns.stopped())
    return found


def _candidates(study: Study, source_id: int, patterns: PatternSuggester,
                learned: LearnedSuggester | None, installed: str | None) -> list[Suggestion]:
    pieces = _pieces(study, source_id)
    found = patterns.suggest(source_id, pieces)
    if learned is not None:
        return merge_suggestions(found, learned.suggest(source_id, pieces, installed=installed))
    return merge_suggestions(found)


def still_open(study: Study, source_id: int, found: Iterable[Suggestion], *,
               min_score: float = 0.0, codes: Sequence[Code] | None = None) -> list[Suggestion]:
    """The candidates of one source that are still worth showing: a code of the codebook,
    at least ``min_score``, not rejected, not already covered by a quote with that code.
    No spaCy: after a coding action this is all that needs redoing."""
    by_path = {c.path.casefold(): c for c in (codes if codes is not None else study.codes.list())}
    rejected = NlpRepo(study.db).rejections(source_id)
    coded = _CodedSpans(study, source_id)
    out = []
    for s in found:
        code = by_path.get(s.code_path.casefold())
        if code is None or s.score < min_score or s.source_id != source_id:
            continue
        if (source_id, s.start, s.end, code.id) in rejected or coded.covers(s, code.id):
            continue
        out.append(s)
    return out


class _CodedSpans:
    """The quotes of a source per code, sorted, to tell quickly whether one covers a span."""

    def __init__(self, study: Study, source_id: int) -> None:
        spans: dict[int, list[tuple[int, int]]] = {}
        for _qid, start, end, code_ids in quote_spans(study.db, source_id):
            for cid in code_ids:
                spans.setdefault(cid, []).append((start, end))
        self._spans = {cid: sorted(v) for cid, v in spans.items()}
        self._starts = {cid: [a for a, _ in v] for cid, v in self._spans.items()}
        self._longest = {cid: max(b - a for a, b in v) for cid, v in self._spans.items()}

    def covers(self, s: Suggestion, code_id: int) -> bool:
        """A quote with this code covers half of the suggestion (or half of the quote)."""
        spans = self._spans.get(code_id)
        if not spans:
            return False
        starts = self._starts[code_id]
        length = max(1, s.end - s.start)
        lo = bisect_left(starts, s.start - self._longest[code_id])
        for start, end in spans[lo : bisect_left(starts, s.end)]:
            if min(end, s.end) - max(start, s.start) >= COVERED * min(length, end - start):
                return True
        return False


def code_of(study: Study, suggestion: Suggestion) -> Code:
    dim, _, name = suggestion.code_path.partition("/")
    code = resolve(study, f"{dim}/{name}")
    return code


# --- accepting and rejecting -------------------------------------------------------------------


@dataclass(frozen=True)
class RejectSuggestion(Operation):
    source_id: int
    start: int
    end: int
    code_id: int
    action = "reject_suggestion"

    def target(self) -> str:
        return f"source:{self.source_id}"

    def detail(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "code": self.code_id}

    def run(self, study: Study, coder: str) -> Applied:
        NlpRepo(study.db).reject(self.source_id, self.start, self.end, self.code_id)
        return Applied(
            Changes(sources=frozenset({self.source_id})),
            UnrejectSuggestion(self.source_id, self.start, self.end, self.code_id),
        )


@dataclass(frozen=True)
class UnrejectSuggestion(Operation):
    source_id: int
    start: int
    end: int
    code_id: int
    action = "unreject_suggestion"

    def target(self) -> str:
        return f"source:{self.source_id}"

    def run(self, study: Study, coder: str) -> Applied:
        NlpRepo(study.db).unreject(self.source_id, self.start, self.end, self.code_id)
        return Applied(
            Changes(sources=frozenset({self.source_id})),
            RejectSuggestion(self.source_id, self.start, self.end, self.code_id),
        )


def accept_operation(study: Study, suggestion: Suggestion) -> AddQuote:
    """The undoable operation that accepts a suggestion (for a GUI's undo stack)."""
    code = code_of(study, suggestion)
    return AddQuote(suggestion.source_id, suggestion.start, suggestion.end, (code.id,),
                    origin=ORIGIN)


def accept_all_operation(
    study: Study, suggestions: Iterable[Suggestion], threshold: float
) -> Composite:
    """One undo step accepting every suggestion scoring at least ``threshold``.

    Suggestions of one span with several codes become one quote with those codes.
    """
    spans: dict[tuple[int, int, int], list[int]] = {}
    for s in suggestions:
        if s.score >= threshold:
            cid = code_of(study, s).id
            ids = spans.setdefault((s.source_id, s.start, s.end), [])
            if cid not in ids:
                ids.append(cid)
    ops = tuple(
        AddQuote(sid, start, end, tuple(ids), origin=ORIGIN)
        for (sid, start, end), ids in sorted(spans.items())
    )
    if not ops:
        raise InvalidInput(f"no suggestion scores {threshold:.2f} or more")
    return Composite(ops, f"Accept {len(ops)} suggestions")


def reject_operation(study: Study, suggestion: Suggestion) -> RejectSuggestion:
    code = code_of(study, suggestion)
    return RejectSuggestion(suggestion.source_id, suggestion.start, suggestion.end, code.id)


def accept(study: Study, suggestion: Suggestion, coder: str) -> Applied:
    """Create the suggested quote (undoable, origin 'suggestion'). ``result`` is its id."""
    return execute(study, accept_operation(study, suggestion), coder)


def accept_all(
    study: Study, suggestions: Iterable[Suggestion], coder: str, threshold: float
) -> Applied:
    """Accept every suggestion scoring at least ``threshold``; ``result`` lists quote ids."""
    return execute(study, accept_all_operation(study, suggestions, threshold), coder)


def reject(study: Study, suggestion: Suggestion, coder: str) -> Applied:
    """Remember that this span is not this code; it is never suggested again (undoable)."""
    return execute(study, reject_operation(study, suggestion), coder)


# --- training ----------------------------------------------------------------------------------


def training_examples(study: Study, installed: str | None = None) -> list[LabelledSentence]:
    """Labelled sentences from every source with at least one quote (others are not yet read)."""
    from interviewcoder.nlp.sentences import sentence_spans_many

    paths = {c.id: c.path for c in study.codes.list()}
    examples: list[LabelledSentence] = []
    for source in study.sources.list():
        quotes = study.quotes.for_source(source.id)
        if not quotes:
            continue
        spans = [
            CodedSpan(q.id, q.start, q.end, frozenset(paths[c] for c in q.code_ids if c in paths))
            for q in quotes
        ]
        text = study.sources.text(source.id)
        pieces = _pieces(study, source.id)
        for sentences in sentence_spans_many(pieces, study.language, installed):
            examples.extend(label_sentences(text, sentences, spans, str(source.id)))
    return examples


def train(
    study: Study,
    *,
    min_examples: int | None = None,
    installed: str | None = None,
    progress: Progress = _no_progress,
    cancelled: Callable[[], bool] = lambda: False,
) -> TrainedModel:
    """Train the study's learned suggester from its coded quotes and store it in the study."""
    progress(0, 1, "Collecting coded sentences")
    examples = training_examples(study, installed)
    model = train_classifier(
        examples, study.language, min_examples=min_examples, progress=progress,
        cancelled=cancelled,
    )
    with study.atomic():
        NlpRepo(study.db).save_model(MODEL_NAME, model.language, model.data, model.metrics_json())
        study.log(SYSTEM_CODER, "train_model", MODEL_NAME,
                  {"codes": len(model.metrics), "sentences": model.sentences})
    return model


def model_metrics(study: Study) -> dict[str, Any] | None:
    """The stored model's training time, language and per-code metrics, or None if untrained."""
    info = NlpRepo(study.db).model_info(MODEL_NAME)
    if info is None:
        return None
    created_at, language, metrics = info
    return {"trained_at": created_at, "language": language, **metrics}


# --- redaction ---------------------------------------------------------------------------------


study_redactor = redaction.study_redactor  # kept here for callers of the NLP services
