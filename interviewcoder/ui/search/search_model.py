"""SearchModel: search hits as a concordance (source, speaker, left context, match, right)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from interviewcoder.services.search import Hit

HEADERS = ("Before", "Match", "After", "Speaker", "Source")
BEFORE, MATCH, AFTER, SPEAKER, SOURCE = range(5)
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)


class SearchModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list[Hit] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_hits(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> Hit:
        return self.hits[row]

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        h = self.hits[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (h.left, h.match, h.right, _who(h), h.source)[col]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col == BEFORE else _CENTRE if col == MATCH else None
        if role == Qt.ItemDataRole.FontRole and col == MATCH:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            who = ", ".join(x for x in (h.participant, h.outcome, h.persona) if x) or h.role
            return f"{h.source} — {h.speaker or h.role} ({who})\n\n{h.left}{h.match}{h.right}"
        if role == HIT_ROLE:
            return h
        return None


def _who(h: Hit) -> str:
    return h.speaker or h.participant or h.role
