"""The Search dock on the demo study: search every source, jump to a hit, code hits at once."""

from __future__ import annotations

from PySide6.QtCore import Qt

from interviewcoder.services import search as searching
from interviewcoder.ui import app


def test_search_jump_and_code_selected_results_in_one_undo_step(qtbot, demo_path, settings):
    w = app.open_window(demo_path, settings)  # with every extension, as the app opens it
    qtbot.addWidget(w)
    dock = w.search
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    w.reader.setFocus()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(w.reader, Qt.Key.Key_F, ctrl_shift)
    assert dock.query.hasFocus()
    qtbot.keyClicks(dock.query, '"security review"')
    qtbot.keyClick(dock.query, Qt.Key.Key_Return)
    hits = dock.model.hits
    assert len(hits) >= 3 and all(h.match.casefold() == "security review" for h in hits)
    assert dock.model.index(0, 1).data() == hits[0].match  # Before | Match | After
    assert "hits in" in dock.status.text()

    # filters narrow it in SQL
    lost = dock.filters["outcome"].findData("lost")
    dock.filters["outcome"].setCurrentIndex(lost)
    assert dock.model.hits and all(h.outcome == "lost" for h in dock.model.hits)
    dock.filters["outcome"].setCurrentIndex(0)

    # a double-click (or Enter) shows the hit in the reader, selected
    first = dock.model.hits[0]
    dock.view.setFocus()
    dock.view.setCurrentIndex(dock.model.index(0, 1))
    qtbot.keyClick(dock.view, Qt.Key.Key_Return)
    assert w.reader.source_id == first.source_id
    cur = w.reader.textCursor()
    lay = w.reader.layout_map
    assert lay.src_span(cur.selectionStart(), cur.selectionEnd()) == (first.start, first.end)

    # code all of them, each with its sentence, as one step
    study = w.session.study
    before = {q.id for q in study.quotes.all()}
    dock.view.selectAll()
    dock.code.setEditText("Anxiety: Security review")
    code = next(c.id for c in w.cache.codes.values() if c.name == "Security review")
    dock.span.setCurrentIndex(dock.span.findData("sentence"))
    spans = {(h.source_id, *searching.hit_span(study, h, "sentence")) for h in dock.model.hits}
    n = dock.code_selected()
    assert n == len(spans) >= 3
    coded = {(q.source_id, q.start, q.end) for q in study.quotes.all() if code in q.code_ids}
    assert spans <= coded
    for _sid, a, b in spans:
        assert "security review" in w.session.study.sources.text(_sid)[a:b].casefold()
    assert "Coded" in w.statusBar().currentMessage()
    assert w.session.undo_stack.undoText().startswith("Code ")
    w.session.undo_stack.undo()
    assert {q.id for q in study.quotes.all()} == before
    # a bad query says why in one line
    dock.query.setText("NEAR(")
    dock.run()
    assert dock.model.rowCount() == 0 and "bad search query" in dock.status.text()
    w.close()
