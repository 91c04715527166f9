"""The table of suggestions: a thin Qt model over a plain list (code, score, reason, text)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from interviewcoder.core.types import label_of_path
from interviewcoder.nlp.suggestion import Suggestion

SuggestionRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


class SuggestionTableModel(QAbstractTableModel):
    """A thin table over a plain list of suggestions: code, score, reason, text."""

    HEADERS = ("Code", "Score", "Reason", "Text")
    _KEYS: tuple[Callable[[Suggestion], Any], ...] = (
        lambda s: label_of_path(s.code_path).casefold(),
        lambda s: s.score,
        lambda s: s.reason.casefold(),
        lambda s: (s.source_id, s.start),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Suggestion] = []

    def set_suggestions(self, rows: list[Suggestion]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def suggestions(self) -> list[Suggestion]:
        return list(self._rows)

    def suggestion(self, row: int) -> Suggestion:
        return self._rows[row]

    def remove(self, gone: set[tuple[int, int, int, str]]) -> None:
        """Drop the suggestions whose keys are in ``gone`` (accepted or rejected)."""
        for row in range(len(self._rows) - 1, -1, -1):
            if self._rows[row].key in gone:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        s = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (label_of_path(s.code_path), f"{s.score:.2f}", s.reason, " ".join(s.text.split()))[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return (label_of_path(s.code_path), None, s.reason, s.text)[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SuggestionRole:
            return s
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.HEADERS):
                return self.HEADERS[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._KEYS):
            return
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=self._KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()
