"""The quick picker: create a code when nothing matches, mark codes already on the quote,
open beside the selection, not over it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QTextCursor

from interviewcoder.core.types import Dimension, Role


def _selection_rect(reader) -> QRect:
    cur = reader.textCursor()
    a, b = QTextCursor(cur), QTextCursor(cur)
    a.setPosition(cur.selectionStart())
    b.setPosition(cur.selectionEnd())
    r = reader.cursorRect(a).united(reader.cursorRect(b))
    port = reader.viewport()
    return QRect(port.mapToGlobal(QPoint(0, r.top())), port.mapToGlobal(QPoint(port.width(), r.bottom())))


def test_picker_creates_a_missing_code_marks_present_ones_and_stays_clear(qtbot, window):
    w = window
    sid = next(s for s, row in w.sources.model.rows.items() if row["kind"] == "interview")
    w.sources.select_source(sid)
    turn = next(t for t in w.reader.layout_map.turns if t.role != Role.INTERVIEWER and t.end - t.start > 60)
    w.reader.select_span(turn.start, turn.start + 40)
    span = w.reader.selected_span()
    w.reader.setFocus()
    qtbot.keyClick(w.reader, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    picker = w.picker
    assert picker.isVisible()
    assert not picker.frameGeometry().intersects(_selection_rect(w.reader))

    qtbot.keyClicks(picker.edit, "worried about the onboarding call")
    rows = [picker.model.index(r, 0).data() for r in range(picker.model.rowCount())]
    assert rows[0] == "Create code “worried about the onboarding call” in Step"
    assert len(rows) == len(Dimension)  # one offer per dimension, nothing else matches
    picker.edit.clear()
    qtbot.keyClicks(picker.edit, "anxiety: Onboarding call")
    rows = [picker.model.index(r, 0).data() for r in range(picker.model.rowCount())]
    assert rows == ["Create code “Onboarding call” in Anxiety"]
    depth = w.session.undo_stack.count()
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    made = next(c for c in w.cache.codes.values() if c.name == "Onboarding call")
    assert made.dimension == Dimension.ANXIETY
    [quote] = [q for q in w.session.study.quotes.for_source(sid) if (q.start, q.end) == span]
    assert quote.code_ids == (made.id,)
    assert "Anxiety: Onboarding call" in picker.applied.text()
    assert w.session.undo_stack.count() == depth + 2  # the new code, then the quote

    # the code is now on the quote: marked, and not offered for creation again
    qtbot.keyClicks(picker.edit, "onboarding call")
    first = picker.model.index(0, 0)
    assert first.data() == "Anxiety: Onboarding call   ✓ on this quote"
    assert all("Create code" not in picker.model.index(r, 0).data() or "Anxiety" not in
               picker.model.index(r, 0).data() for r in range(picker.model.rowCount()))
    # a code on the quote from before is marked too, when the picker opens on that quote
    picker.close()
    w.reader.select_span(*span)
    w.reader.setFocus()
    qtbot.keyClick(w.reader, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert w.picker.model.on_quote == {made.id}
    w.picker.close()
    for _ in range(2):
        w.session.undo_stack.undo()
    assert made.id not in w.cache.codes and w.session.study.quotes.get(quote.id) is None


def test_picker_opens_above_a_selection_near_the_bottom_of_the_reader(qtbot, window):
    w = window
    w.sources.select_source(next(iter(w.sources.model.rows)))
    port = w.reader.viewport()
    cur = w.reader.cursorForPosition(QPoint(20, port.height() - 20))
    at = cur.position()
    cur.setPosition(max(0, at - 12))
    cur.setPosition(at, QTextCursor.MoveMode.KeepAnchor)
    w.reader.setTextCursor(cur)
    assert w.reader.cursorRect().bottom() > port.height() - 60  # near the bottom, still on screen
    assert w.reader.textCursor().hasSelection()
    picker = w.open_picker()
    sel = _selection_rect(w.reader)
    assert not picker.frameGeometry().intersects(sel)
    screen = w.reader.screen().availableGeometry()
    assert screen.contains(picker.frameGeometry())
    picker.close()
