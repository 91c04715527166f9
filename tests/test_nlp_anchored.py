"""Anchored token patterns find exactly what spaCy's Matcher finds over the whole doc, and the
pattern suggester gives the same suggestions as one SpanRuler holding every row."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

spacy = pytest.importorskip("spacy")

from spacy.matcher import Matcher  # noqa: E402

from interviewcoder.nlp.anchored import AnchoredMatcher, _windows, anchor, words_of  # noqa: E402
from interviewcoder.nlp.patterns import PatternSuggester, curated_patterns  # noqa: E402
from interviewcoder.nlp.pipelines import blank_pipeline  # noqa: E402

WORDS = ["we", "chose", "the", "vendor", "asked", "about", "fees", "a", "quote", "slack",
         "community", "two", "year", "contract", "-", ",", ".", "data", "move", "our", "old"]
NLP = spacy.blank("en")


def _spec() -> st.SearchStrategy[dict]:
    word = st.sampled_from(WORDS)
    test = st.one_of(
        word.map(lambda w: {"LOWER": w}),
        st.lists(word, min_size=1, max_size=4, unique=True).map(lambda ws: {"LOWER": {"IN": ws}}),
        word.map(lambda w: {"ORTH": w}),
        st.just({}),
        st.just({"IS_PUNCT": False}),
        st.lists(word, min_size=1, max_size=3, unique=True).map(lambda ws: {"LOWER": {"NOT_IN": ws}}),
    )
    op = st.sampled_from([None, None, None, "?", "*", "+", "{0,3}", "{1,2}", "{2}", "!"])
    return st.tuples(test, op).map(lambda t: {**t[0], **({"OP": t[1]} if t[1] else {})})


patterns = st.lists(_spec(), min_size=1, max_size=4).filter(
    lambda p: any(s.get("OP") not in ("?", "*", "!") and not s.get("OP", "").startswith("{0")
                  for s in p))
texts = st.lists(st.sampled_from(WORDS), min_size=0, max_size=40).map(" ".join)


def _whole(pattern: list[dict], doc) -> set[tuple[int, int]]:  # noqa: ANN001
    matcher = Matcher(NLP.vocab, validate=False)
    matcher.add("p", [pattern])
    return {(doc[s].idx, doc[e - 1].idx + len(doc[e - 1])) for _, s, e in matcher(doc) if s != e}


@settings(max_examples=400, deadline=None)
@given(pattern=patterns, text=texts)
def test_anchored_matches_are_the_matchers_over_the_whole_doc(pattern, text) -> None:
    doc = NLP(text)
    anchored = AnchoredMatcher(NLP.vocab, [("label", "id", pattern)], {"the", "a", "we", "our"})
    assert {(s, e) for s, e, _, _ in anchored(doc)} == _whole(pattern, doc)


bounded = st.lists(_spec().filter(lambda s: s.get("OP") not in ("*", "+")), min_size=1,
                   max_size=4)


@settings(max_examples=300, deadline=None)
@given(pattern=bounded, text=texts)
def test_a_study_pattern_in_windows_finds_what_the_whole_doc_does(pattern, text) -> None:
    """A study's pattern (budgeted) with no anchor runs in overlapping windows so that its time
    budget can stop it between them; the windows (here 6 tokens) miss and repeat nothing."""
    from interviewcoder.nlp.anchored import Budget

    doc = NLP(text)
    windowed = AnchoredMatcher(NLP.vocab, [("label", "user:1", pattern)], {"the", "a", "we", "our"},
                               budgeted=lambda pid: pid.startswith("user:"), chunk=6)
    found = [(s, e) for s, e, _, _ in windowed(doc, Budget(60.0, 60.0))]
    assert len(found) == len(set(found))
    assert set(found) == _whole(pattern, doc)


def test_a_budget_stops_a_slow_study_pattern_between_windows() -> None:
    from interviewcoder.nlp.anchored import Budget

    hostile = [{"IS_ALPHA": True, "OP": "?"}] * 3 + [{"IS_ALPHA": True, "OP": "{5}"}] * 9
    doc = NLP(" ".join(["a b"] * 3000))
    budget = Budget(per_pattern=0.0, total=60.0)  # out of time after its first window
    rows = [("step/Slow", "user:1", hostile), ("step/Fine", "curated", [{"LOWER": "b"}])]
    found = AnchoredMatcher(NLP.vocab, rows, budgeted=lambda pid: pid.startswith("user:"))(doc, budget)
    slow = [m for m in found if m[3] == "user:1"]
    assert set(budget.stopped) == {"user:1"}
    assert slow and max(e for _, e, _, _ in slow) < len(doc.text) // 4  # stopped early on
    assert sum(m[3] == "curated" for m in found) == 3000  # the others are not budgeted
    unbudgeted = AnchoredMatcher(NLP.vocab, rows[:1], budgeted=lambda pid: True)(doc)
    assert len(unbudgeted) > len(slow)  # without a budget it runs to the end


def test_anchors_skip_optional_specs_and_prefer_rare_words() -> None:
    stop = {"we", "the", "with", "a"}
    pattern = [{"LOWER": "we"}, {"OP": "?"}, {"LOWER": {"IN": ["chose", "picked"]}}]
    assert anchor(pattern, stop) == (2, frozenset({"chose", "picked"}))
    assert anchor([{"LOWER": "rare", "OP": "?"}, {"LOWER": "the"}], stop) == (1, frozenset({"the"}))
    assert anchor([{"LOWER": {"NOT_IN": ["x"]}}, {"IS_PUNCT": False}], stop) is None
    assert words_of({"ORTH": "G2"}) == frozenset({"g2"})
    assert _windows([3, 5, 20], 2, 1, 30) == [(1, 7), (18, 22)]
    assert _windows([3], None, 1, 10) == [(0, 5)] and _windows([3], 0, None, 10) == [(3, 10)]


def _sentences(rng: random.Random, n: int) -> list[str]:
    from benchmarks.bench_nlp import _sentence

    return [" ".join(_sentence(rng) for _ in range(rng.randint(1, 6))) for _ in range(n)]


def test_the_curated_patterns_suggest_the_same_as_one_span_ruler() -> None:
    from benchmarks.bench_nlp import labelled_set

    rows = curated_patterns()
    rng = random.Random(5)
    lines = _sentences(rng, 300) + [text for text, _ in labelled_set()]
    pieces, pos = [], 0
    for line in lines:
        pieces.append((line, pos))
        pos += len(line) + 1
    joined = [("\n".join(lines[i:i + 20]), 0) for i in range(0, len(lines), 20)]
    new, old = PatternSuggester(rows), PatternSuggester(rows, anchored=False)
    assert new._tokens is not None and new._tokens.anchored_count == len(new._tokens)
    for batch in (pieces, joined):
        found = new.suggest(1, batch)
        assert found and sorted(map(repr, found)) == sorted(map(repr, old.suggest(1, batch)))


def test_the_curated_patterns_agree_on_real_transcripts(samples) -> None:
    from interviewcoder.importers import registry

    rows = curated_patterns()
    new, old = PatternSuggester(rows), PatternSuggester(rows, anchored=False)
    checked = 0
    for path in sorted(samples.iterdir()):
        if path.suffix not in {".txt", ".vtt", ".docx"}:
            continue
        _, parsed = registry.read(path)
        pieces = [(parsed.text[t.start:t.end], t.start) for t in parsed.turns] or [(parsed.text, 0)]
        assert sorted(map(repr, new.suggest(1, pieces))) == sorted(map(repr, old.suggest(1, pieces)))
        checked += 1
    assert checked >= 5


class _Pipelines(dict):
    """Built once for the many examples: ours (with line breaks) and spaCy's plain one."""

    def __missing__(self, key: str):  # noqa: ANN204
        nlp = blank_pipeline("en") if key == "ours" else spacy.blank("en")
        if key == "plain":
            nlp.add_pipe("sentencizer")
        self[key] = nlp
        return nlp


_PIPELINES = _Pipelines()


def _old_newline_breaks(text: str) -> list[int]:
    """Sentence starts after line breaks, as the component found them before (by regex)."""
    import re

    doc = NLP(text)
    starts = [t.idx for t in doc]
    after = [m.end() for m in re.finditer(r"\n\s*", text)]
    return sorted(starts.index(a) for a in after if a in starts)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["word", "Two", ".", "\n", " ", "\n\n", " \n ", "\t", "\r\n",
                                 "x\u2028y", "end."]), max_size=30).map("".join))
def test_line_breaks_start_sentences_as_before(text: str) -> None:
    doc = _PIPELINES["ours"](text)
    expected = _old_newline_breaks(text)
    assert all(doc[i].is_sent_start for i in expected)
    base = _PIPELINES["plain"](text)
    extra = {i for i in range(1, len(doc)) if doc[i].is_sent_start and not base[i].is_sent_start}
    assert extra <= set(expected)


def test_the_labelled_set_covers_the_journey_codebook() -> None:
    import json

    from benchmarks.bench_nlp import labelled_set
    from interviewcoder.paths import resource_path

    template = json.loads(resource_path("templates", "journey.json").read_text("utf-8"))
    paths = {f"{c['dimension']}/{c['name']}" for c in template["codes"]}
    data = labelled_set()
    used = [c for _, codes in data for c in codes]
    assert set(used) <= paths
    assert all(used.count(p) >= 2 for p in paths)  # every code has examples to miss
    assert sum(1 for _, codes in data if not codes) >= 30  # and sentences about none
    assert len({text for text, _ in data}) == len(data)
