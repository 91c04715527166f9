"""The Matrix view: steps x anxieties (or influences) as a heat map of distinct participants.

Choose the column dimension, the outcome (or all), the measure (both codes on one quote, or
both in one answer: turn) and the coder (one coder's quotes only, or everyone's). Each cell's
tooltip gives the count per outcome.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

from interviewcoder.core.evidence import Filters
from interviewcoder.core.types import Dimension
from interviewcoder.services import evidence
from interviewcoder.services.evidence import Matrix
from interviewcoder.ui.evidence.coder_choice import CoderChoice
from interviewcoder.ui.evidence.evidence_compute import Recompute

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
COUNT_ROLE = Qt.ItemDataRole.UserRole + 1
MEASURES = (("quote", "Both codes on one quote"), ("turn", "Both codes in one answer (turn)"))


def heat(count: int, peak: int) -> QColor:
    """White for 0, deepening blue towards ``peak``."""
    if count <= 0 or peak <= 0:
        return QColor("#ffffff")
    t = min(1.0, count / peak)
    low, high = QColor("#eef3f9"), QColor("#2f6eb5")
    return QColor(int(low.red() + (high.red() - low.red()) * t),
                  int(low.green() + (high.green() - low.green()) * t),
                  int(low.blue() + (high.blue() - low.blue()) * t))


class MatrixModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.matrix: Matrix | None = None
        self.outcome: str | None = None
        self.measure = "quote"
        self._peak = 0

    def set_matrix(self, matrix: Matrix | None, outcome: str | None = None,
                   measure: str = "quote") -> None:
        self.beginResetModel()
        self.matrix, self.outcome, self.measure = matrix, outcome, measure
        self._peak = 0
        if matrix is not None:
            self._peak = max((matrix.count(r.id, c.id, outcome, measure)
                              for r in matrix.rows for c in matrix.cols), default=0)
        self.endResetModel()

    def count(self, row: int, column: int) -> int:
        assert self.matrix is not None
        m = self.matrix
        return m.count(m.rows[row].id, m.cols[column].id, self.outcome, self.measure)

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.rows)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.cols)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self.matrix is None:
            return None
        codes = self.matrix.cols if orientation == Qt.Orientation.Horizontal else self.matrix.rows
        return codes[section].name if 0 <= section < len(codes) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.matrix is None:
            return None
        n = self.count(index.row(), index.column())
        if role == COUNT_ROLE:
            return n
        if role == Qt.ItemDataRole.DisplayRole:
            return str(n) if n else ""
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(heat(n, self._peak))
        if role == Qt.ItemDataRole.ForegroundRole and self._peak and n / self._peak > 0.6:
            return QBrush(QColor("#ffffff"))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            m = self.matrix
            r, c = m.rows[index.row()], m.cols[index.column()]
            per = ", ".join(f"{o} {m.count(r.id, c.id, o, self.measure)}" for o in m.outcomes)
            return f"{r.name} × {c.name}: {m.count(r.id, c.id, None, self.measure)} participants ({per})"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class MatrixView(QWidget):
    refreshed = Signal()

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.dimension = QComboBox(self)
        self.dimension.addItem("Step × Anxiety", Dimension.ANXIETY.value)
        self.dimension.addItem("Step × Influence", Dimension.INFLUENCE.value)
        self.outcome = QComboBox(self)
        self.measure = QComboBox(self)
        for key, label in MEASURES:
            self.measure.addItem(label, key)
        self.coder = CoderChoice(session, self)
        bar = QHBoxLayout()
        for label, widget in (("Matrix", self.dimension), ("Outcome", self.outcome),
                              ("Measure", self.measure), ("Coder", self.coder)):
            bar.addWidget(QLabel(label, self))
            bar.addWidget(widget)
        bar.addStretch(1)
        self.model = MatrixModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(bar)
        box.addWidget(self.table, 1)
        self.matrices: dict[str, Matrix] = {}
        self.compute = Recompute(session, self._compute, parent=self)
        self.compute.ready.connect(self._show)
        for combo in (self.dimension, self.outcome, self.measure):
            combo.currentIndexChanged.connect(self._redraw)
        self.coder.chosen.connect(self.refresh)
        self._filters = Filters()

    def _compute(self, study: Any) -> dict[str, Matrix]:  # runs in a worker thread
        f = self._filters
        return {d.value: evidence.matrix(study, d, f) for d in (Dimension.ANXIETY, Dimension.INFLUENCE)}

    def refresh(self, *_: object) -> None:
        self._filters = Filters(coder=self.coder.coder())
        self.compute.run_now()

    def _show(self, matrices: dict[str, Matrix]) -> None:
        self.matrices = matrices
        outcomes = next(iter(matrices.values())).outcomes if matrices else []
        current = self.outcome.currentText()
        self.outcome.blockSignals(True)
        self.outcome.clear()
        self.outcome.addItems(["All", *outcomes])
        self.outcome.setCurrentIndex(max(0, self.outcome.findText(current)))
        self.outcome.blockSignals(False)
        self._redraw()
        self.refreshed.emit()

    def _redraw(self) -> None:
        matrix = self.matrices.get(self.dimension.currentData())
        outcome = self.outcome.currentText()
        self.model.set_matrix(matrix, None if outcome in ("All", "") else outcome,
                              self.measure.currentData())
        self.table.resizeColumnsToContents()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self.coder.fill()
        if not self.matrices or self.compute.stale:
            self.refresh()

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        self.compute.wait()
        super().closeEvent(event)
