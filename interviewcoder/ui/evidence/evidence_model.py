"""EvidenceModel: one row per code, grouped by dimension; QuotesBehindModel: a cell's quotes.

Both hold plain lists; sorting sorts the list (within each dimension) and resets the model.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from interviewcoder.core.evidence import CodeEvidence
from interviewcoder.core.friction import friction
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
CELL_ROLE = Qt.ItemDataRole.UserRole + 7  # the GroupShare of an outcome column
GAP_ROLE = Qt.ItemDataRole.UserRole + 8  # (gap, friction) of a "lost − won" column
_DIM_ORDER = {d.value: i for i, d in enumerate(Dimension)}
THIN_COLOUR = QColor("#fff4ce")
MORE_IN_CONTRAST = QColor(198, 40, 40)  # a positive gap: more among lost (churned) than won
MORE_IN_WON = QColor(46, 125, 50)
FRICTION_MARK = "▲ "


def gap_colour(gap: float) -> QColor:
    """Red for a positive gap (more among lost or churned), green for negative; the stronger
    the gap, the deeper the tint (full at ±50 pp)."""
    base = MORE_IN_CONTRAST if gap > 0 else MORE_IN_WON
    c = QColor(base)
    c.setAlpha(int(30 + 150 * min(1.0, abs(gap) / 0.5)) if abs(gap) >= 0.005 else 0)
    return c


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
        if self._sort[0] >= self.columnCount():  # the column went with the filter (an outcome)
            self._sort = (-1, Qt.SortOrder.AscendingOrder)
        self._arrange()
        self.endResetModel()

    # --- columns -------------------------------------------------------------------------------

    def headers(self) -> list[str]:
        sizes = self.table.outcome_sizes if self.table else {}
        return (["Dimension", "Code", "Participants"]
                + [f"{o} (n={sizes.get(o, 0):,})" for o in self.outcomes]
                + ["Mentions", "Thin"] + [f"{g} − won" for g in self.contrasts])

    def outcome_of(self, column: int) -> str | None:
        i = column - 3
        return self.outcomes[i] if 0 <= i < len(self.outcomes) else None

    def contrast_of(self, column: int) -> str | None:
        i = column - 5 - len(self.outcomes)
        return self.contrasts[i] if 0 <= i < len(self.contrasts) else None

    def gap_column(self, contrast: str) -> int | None:
        return 5 + len(self.outcomes) + self.contrasts.index(contrast) \
            if contrast in self.contrasts else None

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
            if self.outcome_of(section) is not None:  # two short lines: the columns stay narrow
                return headers[section].replace(" (", "\n(")
            return headers[section] if 0 <= section < len(headers) else None
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            outcome = self.outcome_of(section)
            if outcome is not None and self.table is not None:
                return (f"{outcome}: participants with the code of the "
                        f"{self.table.outcome_sizes.get(outcome, 0)} {outcome} participants, "
                        "their share and its 95% interval")
            contrast = self.contrast_of(section)
            if contrast is not None:
                return f"share among {contrast} minus share among won: where deals die"
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
            if role == CELL_ROLE:
                return s
            if role == SHARE_ROLE:
                return (s.share, s.low, s.high)
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{s.participants} ({s.share:.0%})"
            if role == Qt.ItemDataRole.ToolTipRole:
                return (f"{s.participants} of {s.size} {outcome} participants ({s.share:.0%}; "
                        f"95% interval {s.low:.0%}–{s.high:.0%}); {s.mentions} quotes")
            return None
        value = self._value(row, column)
        contrast = self.contrast_of(column)
        if contrast is not None:
            marked = contrast in friction(row.by_outcome)
            if role == GAP_ROLE:
                return (value, marked)
            if role == Qt.ItemDataRole.DisplayRole:
                return (FRICTION_MARK if marked else "") + _pp(value)
            if role == Qt.ItemDataRole.BackgroundRole and value is not None:
                return QBrush(gap_colour(value))
            if role == Qt.ItemDataRole.ToolTipRole and value is not None:
                a, b = row.by_outcome[contrast], row.by_outcome.get("won")
                base = f"{b.participants} of {b.size} won" if b else "won"
                text = (f"{contrast} − won: {_pp(value)} ({a.participants} of {a.size} {contrast} "
                        f"against {base})")
                if marked:
                    text += "\n▲ friction: the gap is larger than its 95% interval"
                if a.participants < 3 or (b is not None and b.participants < 3):
                    text += "\nthin: a side has fewer than 3 participants"
                return text
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, bool):
                return "thin" if value else ""
            if isinstance(value, float):
                return _pp(value)
            return value
        if role == Qt.ItemDataRole.BackgroundRole and row.thin and column == 2:
            return QBrush(THIN_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return row.code + ("\nThin evidence: fewer than 3 participants" if row.thin else "")
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
