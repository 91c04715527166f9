"""The Paths view: each participant's steps in transcript order, loops marked, and the
step -> step transitions with participant counts per outcome; everyone's quotes or one
coder's."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QTableView, QVBoxLayout, QWidget

from interviewcoder.core.evidence import Filters
from interviewcoder.core.journey import Path
from interviewcoder.services import evidence
from interviewcoder.services.evidence import Paths
from interviewcoder.ui.evidence.coder_choice import CoderChoice
from interviewcoder.ui.evidence.evidence_compute import Recompute

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
LOOP = "↺ "
LOOP_COLOUR = QColor("#fff4ce")


class _ListModel(QAbstractTableModel):
    headers: list[str] = []

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[list[Any]] = []

    def set_rows(self, rows: list[list[Any]], headers: list[str] | None = None) -> None:
        self.beginResetModel()
        self.rows = rows
        if headers is not None:
            self.headers = headers
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        value = self.rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return value
        return self.extra(index, role)

    def extra(self, index: Index, role: int) -> Any:
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class PathsModel(_ListModel):
    headers = ["Participant", "Outcome", "Persona", "Steps", "Path", "Loops"]

    def extra(self, index: Index, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and self.rows[index.row()][5]:
            return QBrush(LOOP_COLOUR)
        return None


class TransitionsModel(_ListModel):
    headers = ["From", "To", "Participants", "Times"]


def path_text(result: Paths, path: Path) -> str:
    """Step names joined by arrows (``+`` between steps that happened together); a step seen
    before is marked as a loop."""
    return result.text(path, LOOP)


class PathsView(QWidget):
    refreshed = Signal()

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.outcome = QComboBox(self)
        self.coder = CoderChoice(session, self)
        bar = QHBoxLayout()
        for label, widget in (("Outcome", self.outcome), ("Coder", self.coder)):
            bar.addWidget(QLabel(label, self))
            bar.addWidget(widget)
        bar.addStretch(1)
        self.paths_model = PathsModel(self)
        self.transitions_model = TransitionsModel(self)
        self.paths = QTableView(self)
        self.paths.setModel(self.paths_model)
        self.paths.horizontalHeader().setStretchLastSection(False)
        self.transitions = QTableView(self)
        self.transitions.setModel(self.transitions_model)
        for view in (self.paths, self.transitions):
            view.verticalHeader().hide()
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.paths)
        split.addWidget(self.transitions)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(bar)
        box.addWidget(split, 1)
        self.result: Paths | None = None
        self._filters = Filters()
        self.compute = Recompute(session, self._compute, parent=self)
        self.compute.ready.connect(self._show)
        self.outcome.currentIndexChanged.connect(self._redraw)
        self.coder.chosen.connect(self.refresh)

    def _compute(self, study: Any) -> Paths:  # runs in a worker thread
        return evidence.paths(study, self._filters)

    def refresh(self, *_: object) -> None:
        self._filters = Filters(coder=self.coder.coder())
        self.compute.run_now()

    def _show(self, result: Paths) -> None:
        self.result = result
        current = self.outcome.currentText()
        self.outcome.blockSignals(True)
        self.outcome.clear()
        self.outcome.addItems(["All", *result.outcomes])
        self.outcome.setCurrentIndex(max(0, self.outcome.findText(current)))
        self.outcome.blockSignals(False)
        self._redraw()
        self.refreshed.emit()

    def _redraw(self) -> None:
        result = self.result
        if result is None:
            return
        outcome = self.outcome.currentText()
        only = None if outcome in ("All", "") else outcome
        rows = [[p.name, p.outcome, p.persona or "", len(path.steps), path_text(result, path),
                 "; ".join(result.steps[s].name for s in path.loops)]
                for p, path in result.paths if only is None or p.outcome == only]
        self.paths_model.set_rows(rows)
        headers = ["From", "To", "Participants", *[f"{o}" for o in result.outcomes], "Times"]
        moves = [[result.steps[t.source].name, result.steps[t.target].name,
                  t.total if only is None else t.participants.get(only, 0)]
                 + [t.participants.get(o, 0) for o in result.outcomes] + [t.times]
                 for t in result.transitions if only is None or t.participants.get(only)]
        self.transitions_model.set_rows(moves, headers)
        self.paths.resizeColumnsToContents()
        self.transitions.resizeColumnsToContents()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self.coder.fill()
        if self.result is None or self.compute.stale:
            self.refresh()

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        self.compute.wait()
        super().closeEvent(event)
