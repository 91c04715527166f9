"""Memos on codes (beside the description) and on sources, edited in the app, undoable."""

from __future__ import annotations

from PySide6.QtCore import Qt

from interviewcoder.ui.codebook.code_dialogs import CodeDialog
from interviewcoder.ui.common.memo_dialog import MemoDialog


def test_a_code_memo_is_edited_beside_its_description_and_shown(qtbot, window):
    w = window
    code = next(iter(w.cache.codes.values()))
    dialog = CodeDialog(w, code=code)
    qtbot.addWidget(dialog)
    assert dialog.memo.toPlainText() == ""
    dialog.memo.setPlainText("Merge with 'Asked peers'? Decide after interview 8.")
    values = dialog.values()
    assert w.codebook.update_code(code.id, memo=values["memo"])
    assert w.session.study.codes.get(code.id).memo == values["memo"]
    tip = w.codebook.model.index_of(code.id).data(Qt.ItemDataRole.ToolTipRole)
    assert "Memo: Merge with 'Asked peers'?" in tip
    again = CodeDialog(w, code=w.cache.codes[code.id])
    qtbot.addWidget(again)
    assert again.memo.toPlainText() == values["memo"]  # the dialog shows it next time
    w.session.undo_stack.undo()
    assert w.cache.codes[code.id].memo == ""


def test_a_source_memo_is_edited_from_the_sources_dock_and_shown(qtbot, window):
    w = window
    sid = next(iter(w.sources.model.rows))
    dialog = MemoDialog("Source memo", "a source", "", w)
    qtbot.addWidget(dialog)
    dialog.edit.setPlainText("The recording cut out for ten minutes after the pricing part.")
    assert w.sources.edit_memo(sid, dialog)
    assert w.session.study.sources.get(sid).memo.startswith("The recording cut out")
    tip = w.sources.model.index_of(sid).data(Qt.ItemDataRole.ToolTipRole)
    assert "Memo: The recording cut out" in tip
    w.sources.filter.setText("recording cut out")  # the filter finds sources by their memo
    assert w.sources.model.source_count() == 1
    w.sources.filter.clear()
    assert w.session.undo_stack.undoText() == "Set source memo"
    w.session.undo_stack.undo()
    assert w.session.study.sources.get(sid).memo == ""
    assert "Memo:" not in w.sources.model.index_of(sid).data(Qt.ItemDataRole.ToolTipRole)
