"""The quick picker: type to filter every code, Enter applies; stays open for the next code."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from interviewcoder.ui.common.study_cache import StudyCache
from interviewcoder.ui.common.swatches import swatch

CODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


class CodePickerModel(QAbstractListModel):
    """Codes matching a query across all dimensions: name prefix first, then word starts."""

    def __init__(self, cache: StudyCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self.query = ""
        self.ids: list[int] = list(cache.code_order)

    def set_query(self, query: str) -> None:
        self.beginResetModel()
        self.query = query
        self.ids = self._match(query)
        self.endResetModel()

    def refresh(self) -> None:
        self.set_query(self.query)

    def _match(self, query: str) -> list[int]:
        words = query.casefold().split()
        if not words:
            return list(self.cache.code_order)
        scored = []
        for cid in self.cache.code_order:
            code = self.cache.codes[cid]
            label = self.cache.label(code).casefold()
            name = code.name.casefold()
            if not all(w in label for w in words):
                continue
            if name.startswith(words[0]):
                score = 0
            elif any(part.startswith(words[0]) for part in name.split()):
                score = 1
            else:
                score = 2
            scored.append((score, self.cache.rank(cid), cid))
        return [cid for *_, cid in sorted(scored)]

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.ids)):
            return None
        code = self.cache.codes.get(self.ids[index.row()])
        if code is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cache.label(code)
        if role == Qt.ItemDataRole.DecorationRole:
            return swatch(code.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            return code.description or None
        if role == CODE_ID_ROLE:
            return code.id
        return None


class CodePicker(QDialog):
    """Popup over the reader. ``picked(code_id)`` on Enter; Escape closes it."""

    picked = Signal(int)

    def __init__(self, cache: StudyCache, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("codePicker")
        self.setStyleSheet("#codePicker { border: 1px solid #8a8f98; background: palette(window); }")
        self.model = CodePickerModel(cache, self)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Type to find a code; Enter applies it; Esc closes")
        self.edit.textChanged.connect(self._query)
        self.edit.installEventFilter(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.activated.connect(self._activate_index)
        self.list.clicked.connect(self._activate_index)
        self.applied = QLabel()
        self.applied.setWordWrap(True)
        self.applied.setStyleSheet("color: #1f3a5f")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.applied)
        self.resize(380, 340)
        self._labels: list[str] = []
        cache.updated.connect(self._codes_changed)

    def _codes_changed(self, _changes: object) -> None:
        self.model.refresh()

    def open_for(self, target: str) -> None:
        """Show the picker (again) for a new target: the applied list starts empty."""
        self._labels = []
        self.applied.setText(f"Tag {target}")
        self.edit.clear()
        self.model.refresh()
        self._select_row(0)
        self.show()
        self.raise_()
        self.activateWindow()
        self.edit.setFocus()

    def retarget(self, target: str) -> None:
        """The reader's selection changed while the picker is open: a new target."""
        self._labels = []
        self.applied.setText(f"Tag {target}")

    def note_applied(self, label: str) -> None:
        self._labels.append(label)
        self.applied.setText("Applied: " + ", ".join(self._labels))

    def _query(self, text: str) -> None:
        self.model.set_query(text)
        self._select_row(0)

    def _select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(row, 0))

    def current_code(self) -> int | None:
        idx = self.list.currentIndex()
        return idx.data(CODE_ID_ROLE) if idx.isValid() else None

    def _activate_index(self, index: QModelIndex) -> None:
        self.list.setCurrentIndex(index)
        self._apply_current()

    def _apply_current(self) -> None:
        cid = self.current_code()
        if cid is not None:
            self.picked.emit(cid)
            self.edit.clear()
            self.edit.setFocus()

    def eventFilter(self, obj: QObject, event: Any) -> bool:  # noqa: N802
        if obj is self.edit and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._apply_current()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 8,
                        Qt.Key.Key_PageUp: -8}[Qt.Key(key)]
                row = self.list.currentIndex().row() + step
                self._select_row(max(0, min(row, self.model.rowCount() - 1)))
                return True
            if key == Qt.Key.Key_Escape:
                self.close()
                return True
        return super().eventFilter(obj, event)
