"""QuotesModel: the quotes of one source, or of one code across the study.

Rows are plain dicts fetched through the store; filtering and sorting work on the list and
reset the model (a proxy model would call ``data()`` millions of times on a big study).
"""

from __future__ import annotations

from bisect import insort
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from interviewcoder.services.operations import Changes
from interviewcoder.store import workspace
from interviewcoder.ui.common.study_cache import StudyCache

QUOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SOURCE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
HEADERS = ("Quote", "Codes", "Participant", "Outcome", "Persona", "Coder", "Memo", "Source")
ALL = ""
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


def _position(row: dict[str, Any]) -> tuple[int, int, int]:
    return (row["source_id"], row["start"], row["id"])


class QuotesModel(QAbstractTableModel):
    def __init__(self, cache: StudyCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self.mode: str = "source"  # source | code
        self.key: int | None = None
        self.filters = {"outcome": ALL, "persona": ALL, "coder": ALL}
        self._all: list[dict[str, Any]] = []
        self.rows: list[dict[str, Any]] = []
        self._sort = (-1, Qt.SortOrder.AscendingOrder)
        cache.updated.connect(self._on_updated)

    # --- what is shown -----------------------------------------------------------------------

    def show(self, mode: str, key: int | None) -> None:
        self.mode, self.key = mode, key
        self.beginResetModel()
        self._all = self._fetch()
        self._arrange()
        self.endResetModel()

    def _fetch(self) -> list[dict[str, Any]]:
        if self.key is None:
            return []
        db = self.cache.study.db
        if self.mode == "source":
            return workspace.quote_rows(db, source_id=self.key)
        return workspace.quote_rows(db, code_id=self.key)

    def _belongs(self, row: dict[str, Any]) -> bool:
        if self.mode == "source":
            return row["source_id"] == self.key
        return self.key in row["code_ids"]

    def set_filter(self, name: str, value: str) -> None:
        self.beginResetModel()
        self.filters[name] = value
        self._arrange()
        self.endResetModel()

    def _arrange(self) -> None:
        out, want = [], self.filters
        for row in self._all:
            people = row["participants"]
            if want["outcome"] and all(p[2] != want["outcome"] for p in people):
                continue
            if want["persona"] and all(p[3] != want["persona"] for p in people):
                continue
            if want["coder"] and row["coder"] != want["coder"]:
                continue
            out.append(row)
        column, order = self._sort
        if column >= 0:
            out.sort(key=lambda r: self._sort_key(r, column),
                     reverse=order == Qt.SortOrder.DescendingOrder)
        self.rows = out

    def _sort_key(self, row: dict[str, Any], column: int) -> Any:
        if column == 0:
            return (row["source"].casefold(), row["start"])
        value = self._text(row, column)
        return value.casefold()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._arrange()
        self.layoutChanged.emit()

    def _on_updated(self, changes: Changes) -> None:
        if self.key is None:
            return
        if changes.codebook or changes.participants:
            if self.mode == "code" and self.key not in self.cache.codes:
                self.show(self.mode, None)
            else:
                self.show(self.mode, self.key)
            return
        if not changes.quotes:
            if changes.codes & {c for r in self._all for c in r["code_ids"]}:
                self._refresh_all()
            return
        fresh = workspace.quote_rows(self.cache.study.db, quote_ids=changes.quotes)
        self.beginResetModel()
        self._all = [r for r in self._all if r["id"] not in changes.quotes]
        for row in fresh:
            if self._belongs(row):
                insort(self._all, row, key=_position)
        self._arrange()
        self.endResetModel()

    def _refresh_all(self) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(HEADERS) - 1))

    def row_of(self, quote_id: int) -> int:
        for i, row in enumerate(self.rows):
            if row["id"] == quote_id:
                return i
        return -1

    def choices(self, name: str) -> list[str]:
        """The values present for a filter, for its combo box."""
        if name == "coder":
            return sorted({r["coder"] for r in self._all})
        pos = 2 if name == "outcome" else 3
        return sorted({p[pos] for r in self._all for p in r["participants"] if p[pos]})

    # --- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def _text(self, row: dict[str, Any], column: int) -> str:
        people = row["participants"]
        if column == 0:
            return " ".join(row["text"].split())
        if column == 1:
            return "; ".join(self.cache.label(c) for c in self.cache.ordered(row["code_ids"]))
        if column == 2:
            return ", ".join(p[1] for p in people)
        if column == 3:
            return ", ".join(dict.fromkeys(p[2] for p in people))
        if column == 4:
            return ", ".join(dict.fromkeys(p[3] for p in people if p[3]))
        if column == 5:
            return row["coder"]
        if column == 6:
            return row["memo"]
        return row["source"]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._text(row, col)
            return text if len(text) <= 300 else text[:299] + "…"
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 0:
                return row["text"][:2000]
            return self._text(row, col) or None
        if role == QUOTE_ID_ROLE:
            return row["id"]
        if role == SOURCE_ID_ROLE:
            return row["source_id"]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
