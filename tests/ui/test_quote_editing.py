"""Editing quotes (codes, memo, span, delete), jumping from the quotes dock, the File menu."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QInputDialog

from interviewcoder.core.types import Dimension
from interviewcoder.ui.app import ask_coder
from interviewcoder.ui.coding.quote_editor import QuoteEditor, narrow, widen
from interviewcoder.ui.common.settings import Settings
from interviewcoder.ui.quotes.quotes_model import QUOTE_ID_ROLE, SOURCE_ID_ROLE


def _code(window, dimension: Dimension, name: str) -> int:
    return next(c.id for c in window.cache.codes.values()
                if c.dimension == dimension and c.name == name)


def test_widen_and_narrow_by_words() -> None:
    text = "one two three four five"
    assert widen(text, 8, 13, "start") == (4, 13)
    assert widen(text, 8, 13, "end") == (8, 18)
    assert narrow(text, 4, 18, "start") == (8, 18)
    assert narrow(text, 4, 18, "end") == (4, 13)
    assert narrow(text, 8, 13, "end") == (8, 13)  # never empty


def test_quote_editor_changes_codes_memo_and_span_in_one_undo_step(qtbot, window):
    w = window
    study = w.session.study
    quote = max(study.quotes.all(), key=lambda q: len(q.code_ids))
    w.show_quote(quote.id)
    assert w.reader.selected_quote == quote.id
    editor = QuoteEditor(w.session, w.cache, quote.id, w.reader, w)
    qtbot.addWidget(editor)
    added = _code(w, Dimension.JOB, "Reduce manual work")
    removed = quote.code_ids[0]
    editor.set_code_checked(added, True)
    editor.set_code_checked(removed, False)
    editor.memo.setPlainText("Names the trigger plainly")
    text = study.sources.text(quote.source_id)
    editor._move(narrow, "end")
    depth = w.session.undo_stack.count()
    editor.save()
    after = study.quotes.get(quote.id)
    assert added in after.code_ids and removed not in after.code_ids
    assert after.memo == "Names the trigger plainly"
    assert after.end < quote.end and after.text == text[after.start:after.end]
    assert w.session.undo_stack.count() == depth + 1
    shown = w.reader.quotes[quote.id]
    assert (shown.start, shown.end, set(shown.code_ids)) == (after.start, after.end, set(after.code_ids))
    w.session.undo_stack.undo()
    back = study.quotes.get(quote.id)
    assert (back.start, back.end, back.memo, back.code_ids) == \
        (quote.start, quote.end, quote.memo, quote.code_ids)


def test_quote_editor_span_buttons_are_labelled_and_its_codes_filter(qtbot, window):
    from PySide6.QtWidgets import QLabel

    w = window
    quote = next(q for q in w.session.study.quotes.all() if len(q.text.split()) > 4)
    editor = QuoteEditor(w.session, w.cache, quote.id, w.reader, w)
    qtbot.addWidget(editor)
    editor.show()
    labels = {lab.text() for lab in editor.findChildren(QLabel)}
    assert {"Start", "End"} <= labels
    assert set(editor.span_buttons) == {"start ◀", "start ▶", "end ◀", "end ▶"}
    text = w.session.study.sources.text(quote.source_id)
    qtbot.mouseClick(editor.span_buttons["start ▶"], Qt.MouseButton.LeftButton)
    assert editor.start > quote.start and editor.end == quote.end  # the start moved right
    qtbot.mouseClick(editor.span_buttons["end ▶"], Qt.MouseButton.LeftButton)
    assert editor.end > quote.end and text[editor.end - 1].isalnum()
    assert "one word later" in editor.span_buttons["end ▶"].toolTip()
    qtbot.keyClicks(editor.filter, "hidden")
    shown = [editor.codes.item(i) for i in range(editor.codes.count()) if not editor.codes.item(i).isHidden()]
    own = {w.cache.label(w.cache.codes[c]) for c in quote.code_ids}
    assert {i.text() for i in shown} == own | {"Anxiety: Hidden costs"}
    editor.filter.clear()
    assert all(not editor.codes.item(i).isHidden() for i in range(editor.codes.count()))
    editor.reject()


def test_quote_editor_refuses_no_codes_and_deletes(qtbot, window):
    w = window
    quote = w.session.study.quotes.all()[0]
    editor = QuoteEditor(w.session, w.cache, quote.id, None, w)
    qtbot.addWidget(editor)
    for cid in quote.code_ids:
        editor.set_code_checked(cid, False)
    editor.save()
    assert "at least one code" in editor.error.text()
    assert w.session.study.quotes.get(quote.id) is not None
    editor.delete()
    assert w.session.study.quotes.get(quote.id) is None
    w.session.undo_stack.undo()
    assert w.session.study.quotes.get(quote.id) is not None


def test_double_click_in_quotes_dock_jumps_to_the_quote(qtbot, window):
    w = window
    code = max(w.cache.codes, key=lambda c: w.cache.usage(c)[0])
    w.codebook.select_code(code)
    assert w.quotes.model.mode == "code" and w.quotes.model.rowCount() > 1
    row = w.quotes.model.rowCount() - 1
    qid = w.quotes.model.index(row, 0).data(QUOTE_ID_ROLE)
    sid = w.quotes.model.index(row, 0).data(SOURCE_ID_ROLE)
    w.quotes.view.scrollTo(w.quotes.model.index(row, 0))
    rect = w.quotes.view.visualRect(w.quotes.model.index(row, 0))
    qtbot.mouseClick(w.quotes.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(w.quotes.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.reader.source_id == sid and w.reader.selected_quote == qid
    q = w.session.study.quotes.get(qid)
    doc = w.reader.textCursor().position()
    assert w.reader.layout_map.src_pos(doc) == q.start


def test_coder_name_is_asked_once(qtbot, qapp, monkeypatch):
    asked = []

    def fake(*args, **kwargs):
        asked.append(args)
        return ("  Maya  ", True)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(fake))
    settings = Settings()
    assert ask_coder(settings) == "Maya"
    assert ask_coder(Settings()) == "Maya"
    assert len(asked) == 1


def test_dropped_files_go_to_the_import_signal(qtbot, window, tmp_path):
    f = tmp_path / "interview.txt"
    f.write_text("Interviewer: Hi\nAna: Hello", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f))])
    with qtbot.waitSignal(window.files_dropped) as blocker:
        event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                           Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
        window.dropEvent(event)
    assert blocker.args[0] == [str(f)]


def test_open_another_study_from_recent(qtbot, window, tmp_path):
    from interviewcoder.services.studies import create

    other = tmp_path / "other.icstudy"
    create(other, template="blank").close()
    window.settings.add_recent_study(other)
    window._fill_recent()
    action = next(a for a in window.recent_menu.actions() if a.text() == "other.icstudy")
    opened = []
    monkey = window.open_study
    window.open_study = lambda p: opened.append(p) or monkey(p)
    action.trigger()
    assert opened == [str(other.resolve())]
    assert not window.isVisible()
    from interviewcoder.ui import app

    new = app._windows[-1]
    qtbot.addWidget(new)
    assert new.session.study.path == other.resolve() or new.session.study.path == other
    assert len(new.cache.codes) == 0  # the blank template
    new.close()


def test_find_next_and_previous(qtbot, window):
    w = window
    w.sources.select_source(next(iter(w.sources.model.rows)))
    w.find_bar.open()
    qtbot.keyClicks(w.find_bar.edit, "the")
    first = w.reader.textCursor().selectionStart()
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Return)
    second = w.reader.textCursor().selectionStart()
    assert second > first
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert w.reader.textCursor().selectionStart() == first
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Escape)
    assert not w.find_bar.isVisible()


def test_delete_key_removes_the_selected_quote(qtbot, window):
    w = window
    quote = w.session.study.quotes.all()[0]
    w.show_quote(quote.id)
    w.reader.setFocus()
    qtbot.keyClick(w.reader, Qt.Key.Key_Delete)
    assert w.session.study.quotes.get(quote.id) is None
    assert quote.id not in w.reader.quotes
    qtbot.keyClick(w.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.session.study.quotes.get(quote.id) is not None


def test_new_study_from_a_template(qtbot, window, tmp_path, monkeypatch):
    from interviewcoder.ui import app
    from interviewcoder.ui.dialogs.new_study_dialog import NewStudyDialog

    target = tmp_path / "fresh"

    def fill_and_accept(dialog):
        dialog.location.setText(str(target))
        dialog.templates.setCurrentIndex(dialog.templates.findData("blank"))
        return 1

    monkeypatch.setattr(NewStudyDialog, "exec", fill_and_accept)
    window.new_study()
    new = app._windows[-1]
    qtbot.addWidget(new)
    assert new is not window and not window.isVisible()
    assert new.session.study.path.name == "fresh.icstudy"
    assert new.session.study.meta("template") == "blank" and not new.cache.codes
    assert window.settings.recent_studies[0].endswith("fresh.icstudy")
    new.close()
