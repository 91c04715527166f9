"""A new quote across a speaker change: the reader's bar warns and offers to split it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from interviewcoder.core.types import Dimension, Role


def _code(window, name: str) -> int:
    return next(c.id for c in window.cache.codes.values()
                if c.dimension in (Dimension.STEP, Dimension.ANXIETY) and c.name == name)


def test_a_quote_across_speakers_is_flagged_and_split_at_the_turns(qtbot, window) -> None:
    """Issue 13, item 4: a quote that takes in the next speaker's words counts for them too."""
    w = window
    sid = next(s for s, row in w.sources.model.rows.items() if row["kind"] == "interview")
    w.sources.select_source(sid)
    qtbot.waitUntil(lambda: w.quotes.model.key == sid)
    turns = w.reader.layout_map.turns
    k = next(i for i in range(len(turns) - 2) if turns[i].role == Role.PARTICIPANT
             and turns[i + 1].role == Role.INTERVIEWER and turns[i + 2].role == Role.PARTICIPANT
             and not any(q.start < turns[i + 2].end and turns[i].start < q.end
                         for q in w.reader.quotes.values()))
    first, question, second = turns[k], turns[k + 1], turns[k + 2]
    start = first.start + (first.end - first.start) // 2
    start = w.reader.source_text.index(" ", start) + 1
    end = second.start + w.reader.source_text[second.start:second.end].index(" ", 3)
    study = w.session.study
    before = study.quotes.count()

    w.reader.select_span(start, end)
    span = w.reader.selected_span()
    qid = w.coding.tag(_code(w, "Compared vendors"))
    assert qid is not None and study.quotes.count() == before + 1
    bar = w.coding.crossing_bar
    qtbot.waitUntil(bar.isVisible)
    assert f"Quote {qid} crosses a speaker change" in bar.label.text()
    assert first.speaker in bar.label.text() and question.speaker in bar.label.text()
    assert bar.split.isVisible()

    qtbot.mouseClick(bar.split, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    pieces = sorted((q for q in study.quotes.for_source(sid) if span[0] <= q.start < span[1]),
                    key=lambda q: q.start)
    assert [(q.start, q.end) for q in pieces] == [(span[0], first.end), (second.start, span[1])]
    assert not any((q.start, q.end) == span for q in study.quotes.for_source(sid))
    assert all(q.code_ids == (_code(w, "Compared vendors"),) for q in pieces)
    assert study.quotes.count() == before + 2  # two pieces replace the one quote

    # the selection is still the whole span: the next code goes to both pieces
    assert w.reader.selected_span() == span
    costs = _code(w, "Hidden costs")
    w.coding.tag(costs)
    assert all(costs in study.quotes.get(q.id).code_ids for q in pieces)
    assert study.quotes.count() == before + 2

    # undo: the codes come off the pieces in one step, then the split is undone in one step
    w.reader.setFocus()
    qtbot.keyClick(w.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert all(costs not in study.quotes.get(q.id).code_ids for q in pieces)
    qtbot.keyClick(w.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    restored = study.quotes.get(qid)
    assert restored is not None and (restored.start, restored.end) == span
    assert [(q.start, q.end) for q in study.quotes.for_source(sid) if span[0] <= q.start < span[1]
            ] == [span]  # the pieces are gone


def test_a_quote_inside_one_turn_raises_no_bar(qtbot, window) -> None:
    w = window
    sid = next(iter(w.sources.model.rows))
    w.sources.select_source(sid)
    qtbot.waitUntil(lambda: w.quotes.model.key == sid)
    turn = max(w.reader.layout_map.turns, key=lambda t: t.end - t.start)
    text = w.reader.source_text
    end = turn.start + text[turn.start:turn.end].index(" ", 10)
    qid = w.coding.tag_span(_code(w, "Read reviews"), sid, turn.start, end)
    assert qid is not None and not w.coding.crossing_bar.isVisible()
    assert w.coding.split_quote(qid) == []  # nothing to split
