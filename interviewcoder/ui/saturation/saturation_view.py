"""The Saturation tab: participants in interview order (import order, or an attribute the
researcher sets such as an interview date), what each added, and the curve per outcome."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

from interviewcoder.core.saturation import Saturation, Step
from interviewcoder.services import saturation
from interviewcoder.ui.common.compact import CompactSplitter
from interviewcoder.ui.evidence.evidence_compute import Recompute
from interviewcoder.ui.saturation.saturation_chart import MEASURES, SaturationChart

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
IMPORT = "import order"


class SaturationModel(QAbstractTableModel):
    HEADERS = ("#", "Participant", "Outcome", "New codes", "Codes reaching 3", "New step × anxiety",
               "Pairs reaching 3", "Codes so far", "Codes with 3+")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.steps: list[Step] = []
        self.names: dict[int, str] = {}

    def set_result(self, result: Saturation | None) -> None:
        self.beginResetModel()
        self.steps = list(result.steps) if result else []
        self.names = dict(result.code_names) if result else {}
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.steps)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.steps):
            return None
        s = self.steps[index.row()]
        values = (s.position, s.name, s.outcome, len(s.new_codes), len(s.codes_at_enough), s.new_pairs,
                  s.pairs_at_enough, s.total_codes, s.total_codes_enough)
        if role == Qt.ItemDataRole.DisplayRole:
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (3, 4):
            codes = s.new_codes if index.column() == 3 else s.codes_at_enough
            return "\n".join(self.names.get(c, str(c)) for c in codes) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() not in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class SaturationView(QWidget):
    refreshed = Signal()

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.order = QComboBox(self)
        self.order.setToolTip("Interview order: when each participant's first source was imported, "
                              "or a participant attribute you set (e.g. interviewed=2026-03-02)")
        self.measure = QComboBox(self)
        for key, label in MEASURES:
            self.measure.addItem(label, key)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 3, 6, 3)
        for label, widget in (("Order", self.order), ("Curve", self.measure)):
            bar.addWidget(QLabel(label, self))
            bar.addWidget(widget)
        bar.addStretch(1)
        self.chart = SaturationChart(self)
        self.model = SaturationModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setMinimumHeight(60)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setMinimumWidth(1)
        split = CompactSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.chart)
        split.addWidget(self.table)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(bar)
        box.addWidget(split, 1)
        box.addWidget(self.summary)
        self.result: Saturation | None = None
        self._order_by: str | None = None
        self.compute = Recompute(session, self._compute, parent=self)
        self.compute.ready.connect(self._show)
        self.compute.failed.connect(self.summary.setText)
        self.order.currentIndexChanged.connect(self._order_changed)
        self.measure.currentIndexChanged.connect(
            lambda: self.chart.set_data(self.result, self.measure.currentData()))
        self._fill_orders()

    def _fill_orders(self) -> None:
        current = self.order.currentData()
        self.order.blockSignals(True)
        self.order.clear()
        self.order.addItem(IMPORT, None)
        for key in saturation.order_keys(self.session.study):
            self.order.addItem(f"by {key}", key)
        self.order.setCurrentIndex(max(0, self.order.findData(current)))
        self.order.blockSignals(False)

    def _compute(self, study: Any) -> Saturation:  # runs in a worker thread
        return saturation.compute(study, order_by=self._order_by)

    def _order_changed(self) -> None:
        self._order_by = self.order.currentData()
        self.compute.run_now()

    def refresh(self) -> None:
        self.compute.run_now()

    def _show(self, result: Saturation) -> None:
        self._fill_orders()
        self.result = result
        self.chart.set_data(result, self.measure.currentData())
        self.model.set_result(result)
        self.table.resizeColumnsToContents()
        n = len(result.steps)
        last = result.last_new
        if not n:
            text = "No interviewed participants yet (none has a participant turn)."
        elif not last:
            text = f"{n} interviewed participants; none of them has a coded quote yet."
        else:
            text = (f"{n} interviewed participants; the last new code came with participant "
                    f"{last} ({result.steps[last - 1].name}).")
        if n and last and n - last >= 3:
            text += f" The {n - last} participants after it added no new code."
        if result.left_out:
            text += f" Left out (no participant turns): {', '.join(result.left_out)}."
        self.summary.setText(text)
        self.refreshed.emit()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if self.result is None or self.compute.stale:
            self.compute.run_now()

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        self.compute.wait()
        super().closeEvent(event)
