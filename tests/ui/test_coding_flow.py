"""Drive the real window on the demo study: select, tag through the quick picker, undo, reopen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from interviewcoder.core.types import Dimension
from interviewcoder.services.studies import open_study
from tests.ui.conftest import open_main_window


def _code(window, dimension: Dimension, name: str) -> int:
    return next(c.id for c in window.cache.codes.values()
                if c.dimension == dimension and c.name == name)


def _uncoded_span(window, words: str) -> tuple[int, int]:
    """A span of the shown source holding ``words`` that no quote covers yet."""
    text = window.reader.source_text
    start = text.index(words)
    end = start + len(words)
    assert not any(q.start < end and start < q.end for q in window.reader.quotes.values())
    return start, end


def _select_in_reader(qtbot, window, start: int, end: int) -> None:
    """Select a span with the keyboard, from inside its first word to inside its last."""
    lay = window.reader.layout_map
    cur = window.reader.textCursor()
    cur.setPosition(lay.doc_pos(start + 1))
    window.reader.setTextCursor(cur)
    for _ in range(lay.doc_pos(end - 1) - lay.doc_pos(start + 1)):
        qtbot.keyClick(window.reader, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)


def test_tag_a_span_with_three_codes_through_the_quick_picker(qtbot, window, demo_path, settings):
    w = window
    source_id = next(sid for sid, row in w.sources.model.rows.items() if row["kind"] == "interview")
    w.sources.select_source(source_id)
    assert w.reader.source_id == source_id
    qtbot.waitUntil(lambda: w.quotes.model.key == source_id)  # the dock fills in after the reader
    start, end = _uncoded_span(w, w.reader.source_text.split("\n\n")[-1].split(".")[0][:40].rsplit(" ", 1)[0])
    _select_in_reader(qtbot, w, start, end)
    assert w.reader.selected_span() == (start, end)  # snapped back out to whole words

    w.reader.setFocus()
    qtbot.keyClick(w.reader, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    picker = w.picker
    assert picker is not None and picker.isVisible()
    for query in ("compared vendors", "hidden costs", "peer referral"):
        qtbot.keyClicks(picker.edit, query)
        qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert picker.isVisible()  # stays open for the next code
    assert "Peer referral" in picker.applied.text()
    w.reader.select_span(start, end)  # a new selection is a new target for the picker
    assert picker.applied.text().startswith("Tag the selection")

    wanted = {_code(w, Dimension.STEP, "Compared vendors"), _code(w, Dimension.ANXIETY, "Hidden costs"),
              _code(w, Dimension.INFLUENCE, "Peer referral")}
    study = w.session.study
    [quote] = [q for q in study.quotes.for_source(source_id) if (q.start, q.end) == (start, end)]
    assert set(quote.code_ids) == wanted and quote.coder == "Ana"
    assert quote.text == w.reader.source_text[start:end]

    # highlight painted in the colour of the first code in codebook order (the step)
    step_colour = w.cache.codes[_code(w, Dimension.STEP, "Compared vendors")].colour
    assert w.reader.background_at(start) == step_colour
    assert w.reader.background_at(end - 1) == step_colour
    assert w.reader.quotes_at(start) == (quote.id,)
    assert "Peer referral" in w.reader.tooltip_for(start)
    # and the quote's row in the quotes dock
    row = w.quotes.model.row_of(quote.id)
    assert row >= 0
    assert [i.row() for i in w.quotes.view.selectionModel().selectedRows()] == [row]
    codes_cell = w.quotes.model.index(row, 1).data()
    assert "Step: Compared vendors" in codes_cell and "Influence: Peer referral" in codes_cell

    # three undo steps take the codes back off, then the quote
    picker.close()
    w.reader.setFocus()
    for _ in range(3):
        qtbot.keyClick(w.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert study.quotes.get(quote.id) is None
    assert w.reader.background_at(start) is None
    assert w.quotes.model.row_of(quote.id) == -1
    for _ in range(3):
        qtbot.keyClick(w.reader, Qt.Key.Key_Z,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    again = study.quotes.get(quote.id)
    assert again is not None and set(again.code_ids) == wanted
    assert w.reader.background_at(start) == step_colour
    assert w.quotes.model.row_of(quote.id) >= 0

    w.close()
    with open_study(demo_path) as reopened:
        kept = reopened.quotes.get(quote.id)
        assert kept is not None and (kept.start, kept.end) == (start, end)
        assert set(kept.code_ids) == wanted
    w2 = open_main_window(qtbot, demo_path, settings)
    w2.sources.select_source(source_id)
    assert quote.id in w2.reader.quotes
    assert w2.reader.background_at(start) == step_colour
    w2.close()


def test_overlapping_quotes_are_underlined_and_click_selects_the_inner_one(qtbot, window):
    w = window
    sid = next(iter(w.sources.model.rows))
    w.sources.select_source(sid)
    qtbot.waitUntil(lambda: w.quotes.model.key == sid)
    text = w.reader.source_text
    turn = max(w.reader.layout_map.turns, key=lambda t: t.end - t.start)
    words = text[turn.start:turn.end].split()
    outer_start = turn.start
    outer_end = turn.start + len(" ".join(words[:12]))
    inner_start = turn.start + len(" ".join(words[:4])) + 1
    inner_end = turn.start + len(" ".join(words[:7]))
    step = _code(w, Dimension.STEP, "Read reviews")
    anxiety = _code(w, Dimension.ANXIETY, "Security review")
    outer = w.coding.tag_span(step, sid, outer_start, outer_end)
    inner = w.coding.tag_span(anxiety, sid, inner_start, inner_end)
    assert outer != inner
    assert not w.reader.underlined_at(outer_start)
    assert w.reader.underlined_at(inner_start)
    assert w.reader.background_at(inner_start) != w.reader.background_at(outer_start)
    assert w.reader.quotes_at(inner_start) == (inner, outer)

    # a click on the overlap selects the inner quote, and the quotes dock follows
    lay = w.reader.layout_map
    cur = QTextCursor(w.reader.document())
    cur.setPosition(lay.doc_pos(inner_start + 2))
    w.reader.setTextCursor(cur)
    w.reader.ensureCursorVisible()
    w.reader.selected_quote = None
    rect = w.reader.cursorRect(cur)
    qtbot.mouseClick(w.reader.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.reader.selected_quote == inner
    selected = w.quotes.view.selectionModel().selectedRows()
    assert [i.row() for i in selected] == [w.quotes.model.row_of(inner)]


def test_number_keys_apply_recent_codes_and_double_click_on_a_code_tags(qtbot, window):
    w = window
    sid = next(iter(w.sources.model.rows))
    w.sources.select_source(sid)
    turn = w.reader.layout_map.turns[-1]
    start = turn.start
    end = start + len(" ".join(w.reader.source_text[turn.start:turn.end].split()[:3]))
    w.reader.select_span(start, end)
    code = _code(w, Dimension.VALUE, "Saved time")
    idx = w.codebook.model.index_of(code)
    w.codebook.view.scrollTo(idx)
    rect = w.codebook.view.visualRect(idx)
    qtbot.mouseClick(w.codebook.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(w.codebook.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    [q] = [q for q in w.session.study.quotes.for_source(sid) if (q.start, q.end) == (start, end)]
    assert q.code_ids == (code,)
    assert w.coding.recent[0] == code

    other = _code(w, Dimension.TRIGGER, "Painful incident")
    w.coding.tag(other)
    assert w.coding.recent[:2] == [other, code]
    w.reader.select_span(start, end)
    w.reader.setFocus()
    qtbot.keyClick(w.reader, Qt.Key.Key_2)  # the second most recent: "Saved time" again -> no-op
    qtbot.keyClick(w.reader, Qt.Key.Key_1)
    assert set(w.session.study.quotes.get(q.id).code_ids) == {code, other}
    assert w.settings.recent_codes[0] == w.cache.codes[other].guid


def test_find_in_source(qtbot, window):
    w = window
    w.sources.select_source(next(iter(w.sources.model.rows)))
    word = w.reader.source_text.split()[5].strip(".,?!")
    w.reader.setFocus()
    qtbot.keyClick(w.reader, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert w.find_bar.isVisible()
    qtbot.keyClicks(w.find_bar.edit, word)
    assert w.reader.textCursor().selectedText().casefold() == word.casefold()


def test_reader_headers_follow_a_participant_edit(qtbot, window):
    from interviewcoder.services.participants import UpdateParticipant

    w = window
    sid = next(s for s, row in w.sources.model.rows.items() if row["kind"] == "interview")
    w.sources.select_source(sid)
    turn = next(t for t in w.reader.layout_map.turns if t.participant_id is not None)
    person = w.cache.participants[turn.participant_id]
    header = next(h.text for h in w.reader.layout_map.headers
                  if w.reader.layout_map.turns[h.turn].participant_id == person.id)
    assert person.outcome in header
    w.session.apply(UpdateParticipant(person.id, outcome="churned", persona="Procurement"))
    header = next(h.text for h in w.reader.layout_map.headers
                  if w.reader.layout_map.turns[h.turn].participant_id == person.id)
    assert "churned, Procurement" in header
    assert w.reader.toPlainText().count("churned, Procurement") == sum(
        1 for t in w.reader.layout_map.turns if t.participant_id == person.id)


def test_hovering_a_highlight_lists_its_codes(qtbot, window):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    w = window
    quote = max(w.session.study.quotes.all(), key=lambda q: len(q.code_ids))
    w.show_quote(quote.id)
    cur = QTextCursor(w.reader.document())
    cur.setPosition(w.reader.layout_map.doc_pos(quote.start + 2))
    pos = w.reader.cursorRect(cur).center()
    viewport = w.reader.viewport()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos)))
    tip = QToolTip.text()
    for code in w.cache.ordered(quote.code_ids):
        assert code.name in tip
