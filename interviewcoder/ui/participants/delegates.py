"""Cell editors of the People table: drop-downs for the outcome (the study's vocabulary) and
the role (participant / interviewer)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

_Index = QModelIndex | QPersistentModelIndex


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a cell with a non-editable combo box of ``choices()``; the choice is committed as
    soon as it is made."""

    def __init__(self, choices: Callable[[], list[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: _Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItems(self._choices())
        combo.activated.connect(lambda _i, c=combo: self._commit(c))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo)

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        current = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if editor.findText(current) < 0 and current:
            editor.addItem(current)
        editor.setCurrentText(current)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802
                     index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        if editor.currentText() != index.data(Qt.ItemDataRole.EditRole):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
