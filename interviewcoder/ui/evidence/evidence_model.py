"""EvidenceModel: one row per code, grouped by dimension; QuotesBehindModel: a cell's quotes.

Both hold plain lists; sorting sorts the list (within each dimension) and resets the model.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from interviewcoder.core.evidence import CodeEvidence
from interviewcoder.core.types import DIMENSION_LABELS, Dimension
from interviewcoder.services.evidence import EvidenceTable

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
CODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2  # the outcome of an outcome column, else None
SHARE_ROLE = Qt.ItemDataRole.UserRole + 3  # (share, low, high) of an outcome column
SORT_ROLE = Qt.ItemDataRole.UserRole + 4
QUOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 5
SOURCE_ID_ROLE = Qt.ItemDataRole.UserRole + 6
THIN_ROLE = Qt.ItemDataRole.UserRole + 7  # the cell (or the differential) rests on thin evidence
_DIM_ORDER = {d.value: i for i, d in enumerate(Dimension)}
THIN_COLOUR = QColor("#fff4ce")


def _pp(value: float | None) -> str:
    return "" if value is None else f"{value * 100:+.0f} pp"


class EvidenceModel(QAbstractTableModel):
    """Columns: Dimension, Code, Participants, one per outcome, Mentions, Thin, differentials."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table: EvidenceTable | None = None
        self.rows: list[CodeEvidence] = []
        self.outcomes: list[str] = []
        self.contrasts: list[str] = []
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)

    def set_table(self, table: EvidenceTable) -> None:
        self.beginResetModel()
        self.table = table
        self.outcomes = list(table.outcomes)
        self.contrasts = [g for g in ("lost", "churned")
                          if any(g in r.differential for r in table.rows)]
        self.rows = list(table.rows)
        self._arrange()
        self.endResetModel()

    # --- columns -------------------------------------------------------------------------------

    def headers(self) -> list[str]:
        sizes = self.table.outcome_sizes if self.table else {}
        return (["Dimension", "Code", "Participants"]
                + [f"{o} (n={sizes.get(o, 0)})" for o in self.outcomes]
                + ["Mentions", "Thin"] + [f"{g} − won" for g in self.contrasts])

    def outcome_of(self, column: int) -> str | None:
        i = column - 3
        return self.outcomes[i] if 0 <= i < len(self.outcomes) else None

    def contrast_of(self, column: int) -> str | None:
        i = column - 5 - len(self.outcomes)
        return self.contrasts[i] if 0 <= i < len(self.contrasts) else None

    def _value(self, row: CodeEvidence, column: int) -> Any:
        outcome = self.outcome_of(column)
        if outcome is not None:
            return row.by_outcome[outcome].share
        n = len(self.outcomes)
        fixed = [DIMENSION_LABELS[Dimension(row.dimension)], row.code, row.participants]
        if column < 3:
            return fixed[column]
        rest = [row.mentions, row.thin] + [row.differential.get(g) for g in self.contrasts]
        return rest[column - 3 - n]

    # --- sorting (the list, within dimension) ------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.beginResetModel()
        self._sort = (column, order)
        self._arrange()
        self.endResetModel()

    def _arrange(self) -> None:
        column, order = self._sort
        codebook = {r.code_id: i for i, r in enumerate(self.table.rows)} if self.table else {}
        self.rows.sort(key=lambda r: codebook.get(r.code_id, 0))
        if column >= 1:
            def key(r: CodeEvidence) -> Any:
                v = self._value(r, column)
                return (v is None, v if not isinstance(v, str) else v.casefold())

            self.rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.rows.sort(key=lambda r: _DIM_ORDER.get(r.dimension, 99))  # stable: groups stay

    # --- Qt -----------------------------------------------------------------------------------

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else 5 + len(self.outcomes) + len(self.contrasts)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            headers = self.headers()
            return headers[section] if 0 <= section < len(headers) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        outcome = self.outcome_of(column)
        if role == CODE_ID_ROLE:
            return row.code_id
        if role == GROUP_ROLE:
            return outcome
        if role == SORT_ROLE:
            return self._value(row, column)
        if outcome is not None:
            s = row.by_outcome[outcome]
            if role == SHARE_ROLE:
                return (s.share, s.low, s.high)
            if role == THIN_ROLE:
                return s.thin
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{s.participants} ({s.share:.0%})"
            if role == Qt.ItemDataRole.ToolTipRole:
                return (f"{s.participants} of {s.size} {outcome} participants ({s.share:.0%}; "
                        f"95% interval {s.low:.0%}–{s.high:.0%}); {s.mentions} quotes"
                        + ("\nThin evidence: fewer than 3 participants in this cell (hollow bar)"
                           if s.thin else ""))
            return None
        contrast = self.contrast_of(column)
        if contrast is not None and row.thin_differential.get(contrast):
            if role == THIN_ROLE:
                return True
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(THIN_COLOUR)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"Thin evidence: the {contrast} or the won cell has fewer than 3 participants"
        value = self._value(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, bool):
                return "thin" if value else ""
            if isinstance(value, float):
                return _pp(value)
            return value
        if role == Qt.ItemDataRole.BackgroundRole and row.thin and column == 2:
            return QBrush(THIN_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and row.thin:
            return "Thin evidence: fewer than 3 participants"
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class QuotesBehindModel(QAbstractTableModel):
    HEADERS = ("Participant", "Outcome", "Persona", "Source", "Quote")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == QUOTE_ID_ROLE:
            return row["quote_id"]
        if role == SOURCE_ID_ROLE:
            return row["source_id"]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            key = ("participants", "outcomes", "personas", "source", "text")[index.column()]
            text = row.get(key) or ""
            if role == Qt.ItemDataRole.DisplayRole and key == "text":
                text = " ".join(text.split())
            return text
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
