"""Sentence boundaries and snapping a selection to whole sentences (blank spaCy pipelines)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewcoder.core.errors import InvalidInput
from interviewcoder.nlp.pipelines import blank_pipeline, sentence_pipeline
from interviewcoder.nlp.sentences import sentence_spans, snap_to_sentences

TEXT = (
    "We looked at three tools. Then we compared G2 and Capterra before buying! "
    "Did it work? Mostly.\nA new line starts a new sentence even without a full stop\n"
    "  Last one here."
)


def _sentence(text: str, start: int, end: int) -> str:
    s, e = snap_to_sentences(text, start, end)
    return text[s:e]


def test_snap_widens_a_word_to_its_sentence() -> None:
    start = TEXT.index("G2")
    assert _sentence(TEXT, start, start + 2) == "Then we compared G2 and Capterra before buying!"


def test_snap_spans_every_sentence_the_selection_touches() -> None:
    start = TEXT.index("tools")
    end = TEXT.index("compared")
    assert _sentence(TEXT, start, end) == (
        "We looked at three tools. Then we compared G2 and Capterra before buying!"
    )


def test_a_caret_snaps_to_its_sentence() -> None:
    pos = TEXT.index("work")
    assert _sentence(TEXT, pos, pos) == "Did it work?"


def test_line_breaks_end_sentences_and_whitespace_is_trimmed() -> None:
    pos = TEXT.index("without")
    expected = "A new line starts a new sentence even without a full stop"
    assert _sentence(TEXT, pos, pos + 3) == expected
    pos = TEXT.index("Last")
    assert _sentence(TEXT, pos - 2, pos + 4) == "Last one here."


def test_sentence_spans_cover_the_text_without_whitespace_edges() -> None:
    spans = sentence_spans(TEXT)
    assert [TEXT[s:e] for s, e in spans] == [
        "We looked at three tools.",
        "Then we compared G2 and Capterra before buying!",
        "Did it work?",
        "Mostly.",
        "A new line starts a new sentence even without a full stop",
        "Last one here.",
    ]
    assert spans == sorted(spans)


def test_snap_in_a_long_text_only_parses_a_window_and_stays_exact() -> None:
    filler = "This is filler sentence number one of many. " * 3000
    text = filler + "The target sentence sits here. " + filler
    pos = text.index("target")
    s, e = snap_to_sentences(text, pos, pos + 6)
    assert text[s:e] == "The target sentence sits here."


def test_snap_rejects_offsets_outside_the_text() -> None:
    with pytest.raises(InvalidInput):
        snap_to_sentences("Short.", 3, 99)


def test_french_text_is_tokenised_as_french() -> None:
    nlp = blank_pipeline("fr")
    assert nlp.lang == "fr"
    tokens = [t.text for t in nlp("L'entreprise a comparé aujourd'hui.")]
    assert tokens[:2] == ["L'", "entreprise"]
    assert "aujourd'hui" in tokens
    text = "Nous avons comparé trois outils. Ensuite, nous avons demandé une démo."
    pos = text.index("démo")
    s, e = snap_to_sentences(text, pos, pos + 4, language="fr")
    assert text[s:e] == "Ensuite, nous avons demandé une démo."


def test_pipelines_are_cached_per_language() -> None:
    assert sentence_pipeline("en") is sentence_pipeline("en")
    assert sentence_pipeline("fr") is not sentence_pipeline("en")


def test_an_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(InvalidInput, match="no language"):
        blank_pipeline("xx-not-a-language")


def test_an_uninstalled_pipeline_falls_back_to_blank() -> None:
    nlp = sentence_pipeline("en", installed="no_such_pipeline_xyz")
    assert nlp is sentence_pipeline("en")


def test_importing_the_gui_facing_modules_does_not_load_spacy() -> None:
    code = (
        "import sys\n"
        "import interviewcoder.nlp, interviewcoder.nlp.suggestion, interviewcoder.nlp.patterns\n"
        "import interviewcoder.nlp.learned, interviewcoder.services.suggestions\n"
        "import interviewcoder.ui.suggestions.suggestions_panel, interviewcoder.cli.nlp_cmds\n"
        "import interviewcoder.core.redaction\n"
        "print('spacy' in sys.modules, 'thinc' in sys.modules)\n"
    )
    root = str(Path(__file__).resolve().parents[1])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=root, env={"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": root})
    assert out.stdout.split() == ["False", "False"]


WORDS = ["We", "compared", "tools", "G2", "demo", "fees", "ok", "Yes", "no", "the", "price"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8),
                  st.sampled_from([". ", "? ", "! ", "\n", ", ", " "])),
        min_size=1, max_size=12),
    st.data(),
)
def test_snapping_covers_the_selection_and_is_stable(parts, data) -> None:
    text = "".join(" ".join(words) + sep for words, sep in parts)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    s, e = snap_to_sentences(text, start, end)
    assert 0 <= s <= e <= len(text)
    selected = text[start:end].strip()
    if selected:
        # every non-space character selected stays inside the snapped span
        first = start + text[start:end].index(selected[0])
        last = start + text[start:end].rindex(selected[-1])
        assert s <= first and last < e
        assert text[s:e] == text[s:e].strip()
        assert snap_to_sentences(text, s, e) == (s, e)
