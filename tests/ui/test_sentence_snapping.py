"""Code → Snap selections to sentences: spaCy loads in a worker, then selections widen."""

from __future__ import annotations

from interviewcoder.ui.app import open_window


def test_sentence_toggle_widens_selections_to_whole_sentences(qtbot, demo_path, settings) -> None:
    window = open_window(demo_path, settings)
    qtbot.addWidget(window)
    reader = window.reader
    source = next(s for s in window.session.study.sources.list() if s.kind.value == "interview")
    window.show_source(source.id)
    text = reader.source_text
    turn = next(t for t in window.session.study.sources.turns(source.id)
                if t.role.value == "participant" and text[t.start:t.end].count(". ") >= 2)
    body = text[turn.start:turn.end]
    second = body.index(". ") + 2  # the second sentence of the turn
    end_second = body.index(". ", second) + 1
    # select a few words in the middle of the second sentence
    reader.select_span(turn.start + second + 3, turn.start + second + 12)
    words = reader.selected_span()
    assert words is not None and words[0] > turn.start + second  # by word: still inside
    snapping = window.sentence_snapping
    assert reader.span_snapper is None  # off by default: word snapping only
    snapping.action.setChecked(True)  # as the menu item does
    qtbot.waitUntil(lambda: reader.span_snapper is not None, timeout=60_000)
    assert settings.snap_sentences
    assert reader.selected_span() == (turn.start + second, turn.start + end_second)
    snapping.action.setChecked(False)
    assert reader.span_snapper is None and not settings.snap_sentences
    assert reader.selected_span() == words
    assert snapping.wait()
