"""The quick picker: type to filter every code, Enter applies; stays open for the next code.

When no code is named what was typed, it offers "Create code '<text>' in <dimension>" (typing
``anxiety: text`` picks the dimension). Codes already on the quote being tagged are marked.
It opens beside the selection, never over it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QKeyEvent, QTextCursor
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListView, QPlainTextEdit, QVBoxLayout, QWidget

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.core.types import DIMENSION_SINGULAR, Dimension
from interviewcoder.services.codebook import AddCode
from interviewcoder.ui.common.study_cache import StudyCache
from interviewcoder.ui.common.swatches import swatch

CODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CREATE_ROLE = Qt.ItemDataRole.UserRole + 2  # (dimension, name) of a "Create code" row
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


class CodePickerModel(QAbstractListModel):
    """Codes matching a query across all dimensions: name prefix first, then word starts;
    when none matches, rows that create a code of the typed name."""

    def __init__(self, cache: StudyCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self.query = ""
        self.on_quote: set[int] = set()  # codes already on the quote being tagged
        self.preferred = Dimension.STEP  # first dimension offered for a new code
        self.ids: list[int | tuple[Dimension, str]] = list(cache.code_order)

    def set_query(self, query: str) -> None:
        self.beginResetModel()
        self.query = query
        found = self._match(query)
        explicit = _parse_new(query)[0] is not None
        # "Create code" rows when nothing matches, or after the matches when the text names
        # a dimension ("anxiety: Slow onboarding") and that code does not exist yet.
        self.ids = [*found, *(self._creations(query) if not found or explicit else [])]
        self.endResetModel()

    def refresh(self) -> None:
        self.set_query(self.query)

    def set_on_quote(self, code_ids: set[int] | frozenset[int]) -> None:
        self.on_quote = set(code_ids)
        if self.ids:
            self.dataChanged.emit(self.index(0), self.index(len(self.ids) - 1))

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

    def _creations(self, query: str) -> list[tuple[Dimension, str]]:
        dims, name = _parse_new(query)
        name = " ".join(name.split())
        if not name:
            return []
        taken = {(c.dimension, c.name.casefold()) for c in self.cache.codes.values()}
        if dims is None:
            dims = [self.preferred, *(d for d in Dimension if d != self.preferred)]
        return [(d, name) for d in dims if (d, name.casefold()) not in taken]

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.ids)):
            return None
        row = self.ids[index.row()]
        if isinstance(row, tuple):
            dim, name = row
            if role == Qt.ItemDataRole.DisplayRole:
                return f"Create code “{name}” in {DIMENSION_SINGULAR[dim]}"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Adds the code to the codebook and applies it (Ctrl+Z undoes each)"
            if role == CREATE_ROLE:
                return row
            return None
        code = self.cache.codes.get(row)
        if code is None:
            return None
        on = code.id in self.on_quote
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cache.label(code) + ("   ✓ on this quote" if on else "")
        if role == Qt.ItemDataRole.DecorationRole:
            return swatch(code.colour)
        if role == Qt.ItemDataRole.ForegroundRole and on:
            return QBrush(QColor("#5f6368"))
        if role == Qt.ItemDataRole.ToolTipRole:
            note = "Already on this quote." if on else ""
            return "\n\n".join(x for x in (code.description, note) if x) or None
        if role == CODE_ID_ROLE:
            return code.id
        return None


def _parse_new(query: str) -> tuple[list[Dimension] | None, str]:
    """``anxiety: Slow onboarding`` / ``anxiety/Slow onboarding`` name the dimension."""
    for sep in (":", "/"):
        head, found, tail = query.partition(sep)
        if found:
            key = head.strip().casefold()
            for d in Dimension:
                if key in (d.value, DIMENSION_SINGULAR[d].casefold(), d.label.casefold()):
                    return [d], tail.strip()
    return None, query.strip()


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

    def open_for(self, target: str, on_quote: frozenset[int] | set[int] = frozenset()) -> None:
        """Show the picker (again) for a new target: the applied list starts empty."""
        self._labels = []
        self.model.set_on_quote(on_quote)
        self.applied.setText(f"Tag {target}")
        self.edit.clear()
        self.model.refresh()
        self._select_row(0)
        self.show()
        self.raise_()
        self.activateWindow()
        self.edit.setFocus()

    def retarget(self, target: str, on_quote: frozenset[int] | set[int] = frozenset()) -> None:
        """The reader's selection changed while the picker is open: a new target."""
        self._labels = []
        self.model.set_on_quote(on_quote)
        self.applied.setText(f"Tag {target}")

    def note_applied(self, label: str, code_id: int | None = None) -> None:
        self._labels.append(label)
        self.applied.setText("Applied: " + ", ".join(self._labels))
        if code_id is not None:
            self.model.set_on_quote(self.model.on_quote | {code_id})
            code = self.model.cache.codes.get(code_id)
            if code is not None:
                self.model.preferred = code.dimension

    def place_clear_of(self, reader: QPlainTextEdit) -> None:
        """Put the picker beside the reader's selection (below it, else above, else to the
        side), inside the screen, never over the selected text."""
        cur = reader.textCursor()
        first, last = QRect(reader.cursorRect()), QRect(reader.cursorRect())
        if cur.hasSelection():
            a, b = QTextCursor(cur), QTextCursor(cur)
            a.setPosition(cur.selectionStart())
            b.setPosition(cur.selectionEnd())
            first, last = reader.cursorRect(a), reader.cursorRect(b)
        port = reader.viewport()
        top_left = port.mapToGlobal(QPoint(0, min(first.top(), last.top())))
        bottom = port.mapToGlobal(QPoint(0, max(first.bottom(), last.bottom()))).y()
        sel = QRect(QPoint(port.mapToGlobal(QPoint(0, 0)).x(), top_left.y()),
                    QPoint(port.mapToGlobal(QPoint(port.width(), 0)).x(), bottom))
        screen = (reader.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        w, h = self.width(), self.height()
        x = min(max(port.mapToGlobal(first.bottomLeft()).x(), screen.left()), screen.right() - w)
        if bottom + 6 + h <= screen.bottom():
            y = bottom + 6
        elif sel.top() - 6 - h >= screen.top():
            y = sel.top() - 6 - h
        else:  # a selection taller than the screen allows: beside the reader's text
            y = max(screen.top(), min(sel.top(), screen.bottom() - h))
            right = sel.right() + 6
            x = right if right + w <= screen.right() else max(screen.left(), sel.left() - 6 - w)
        self.move(x, y)

    def _query(self, text: str) -> None:
        self.model.set_query(text)
        self._select_row(0)

    def _select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(row, 0))

    def current_code(self) -> int | None:
        idx = self.list.currentIndex()
        return idx.data(CODE_ID_ROLE) if idx.isValid() else None

    def current_creation(self) -> tuple[Dimension, str] | None:
        idx = self.list.currentIndex()
        return idx.data(CREATE_ROLE) if idx.isValid() else None

    def _activate_index(self, index: QModelIndex) -> None:
        self.list.setCurrentIndex(index)
        self._apply_current()

    def _apply_current(self) -> None:
        cid = self.current_code()
        creation = self.current_creation()
        if cid is None and creation is not None:
            try:
                cid = int(self.model.cache.session.apply(AddCode(creation[0], creation[1])).result)
            except InterviewcoderError as exc:
                self.applied.setText(str(exc))
                return
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
