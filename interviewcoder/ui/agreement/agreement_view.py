"""The Agreement tab: how consistently the coders coded, per code and overall.

Choose the coders (every coder with quotes by default), the unit (turn, sentence, character,
participant) and whether uncoded units count. The table gives n units, the units each coder
gave the code, percent agreement, Cohen's κ (two coders) and Krippendorff's α; codes with too
few units are shaded. Selecting a code lists its disagreements below. The report is computed
off the UI thread (``Recompute``) and again after every change to the study.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.agreement_units import UNIT_KINDS
from interviewcoder.services import agreement
from interviewcoder.services.agreement import AgreementReport
from interviewcoder.ui.agreement.agreement_model import AgreementModel
from interviewcoder.ui.agreement.disagreements_view import DisagreementsView
from interviewcoder.ui.evidence.evidence_compute import Recompute

UNIT_LABELS = {"turn": "Turn (what the evidence counts)", "sentence": "Sentence",
               "character": "Character", "participant": "Participant (the evidence itself)"}


class AgreementView(QWidget):
    refreshed = Signal()
    jump = Signal(int, int, int)  # source id, start, end

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.coders_button = QToolButton(self)
        self.coders_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.coders_menu = QMenu(self.coders_button)
        self.coders_button.setMenu(self.coders_menu)
        self.unit = QComboBox(self)
        for key in UNIT_KINDS:
            self.unit.addItem(UNIT_LABELS[key], key)
        self.include_uncoded = QCheckBox("Count uncoded units", self)
        self.include_uncoded.setToolTip(
            "Count units no coder coded as agreement that a code is absent. Off by default: "
            "uncoded text makes κ look better than the coding is.")
        bar = QHBoxLayout()
        for label, widget in (("Coders", self.coders_button), ("Unit", self.unit)):
            bar.addWidget(QLabel(label, self))
            bar.addWidget(widget)
        bar.addWidget(self.include_uncoded)
        bar.addStretch(1)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = AgreementModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_disagreements())
        self.disagreements = DisagreementsView(session, self)
        self.disagreements.jump.connect(self.jump)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.disagreements)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        box.addLayout(bar)
        box.addWidget(self.status)
        box.addWidget(split, 1)
        self.report: AgreementReport | None = None
        self._chosen: list[str] | None = None  # None: every coder with quotes
        self._args: dict[str, Any] = {"coders": None, "unit": "turn", "include_uncoded": False}
        self.compute = Recompute(session, self._compute, parent=self)
        self.compute.ready.connect(self._show)
        self.compute.failed.connect(self._failed)
        self.unit.currentIndexChanged.connect(self.refresh)
        self.include_uncoded.toggled.connect(self.refresh)
        session.changed.connect(self._study_changed)
        self._fill_coders()

    # --- choices -------------------------------------------------------------------------

    def _study_changed(self, *_: object) -> None:
        # who has quotes is a query over every quote: asked when the tab is shown, not on
        # every coding action while it is hidden
        if self.isVisible():
            self._fill_coders()

    def _fill_coders(self) -> None:
        have = sorted(agreement.coded_coders(self.session.study))
        chosen = set(have if self._chosen is None else self._chosen)
        self.coders_menu.clear()
        for name in have:
            action = QAction(name, self.coders_menu)
            action.setCheckable(True)
            action.setChecked(name in chosen)
            action.toggled.connect(self._coders_toggled)
            self.coders_menu.addAction(action)
        self._label_coders()

    def coders(self) -> list[str]:
        return [a.text() for a in self.coders_menu.actions() if a.isChecked()]

    def set_coders(self, names: list[str]) -> None:
        for action in self.coders_menu.actions():
            action.blockSignals(True)
            action.setChecked(action.text() in names)
            action.blockSignals(False)
        self._coders_toggled()

    def _coders_toggled(self, *_: object) -> None:
        self._chosen = self.coders()
        self._label_coders()
        self.refresh()

    def _label_coders(self) -> None:
        names = self.coders()
        self.coders_button.setText(", ".join(names) if names else "(choose two or more)")

    # --- computing -----------------------------------------------------------------------

    def _compute(self, study: Any) -> AgreementReport:  # runs in a worker thread
        return agreement.compute(study, self._args["coders"], unit=self._args["unit"],
                                 include_uncoded=self._args["include_uncoded"],
                                 with_disagreements=True)

    def refresh(self, *_: object) -> None:
        coders = self.coders()
        if len(coders) < 2:
            self.model.set_report(None)
            self.disagreements.clear("")
            self.status.setText("Agreement compares two or more coders: choose them above "
                                f"(coders with quotes: {', '.join(self._all_coders()) or 'none'}).")
            self.refreshed.emit()
            return
        self._args = {"coders": coders, "unit": self.unit.currentData(),
                      "include_uncoded": self.include_uncoded.isChecked()}
        self.status.setText(f"Computing agreement of {', '.join(coders)} by "
                            f"{self.unit.currentData()} …")
        self.compute.run_now()

    def _all_coders(self) -> list[str]:
        return [a.text() for a in self.coders_menu.actions()]

    def _show(self, report: AgreementReport) -> None:
        current = self.model.code_id(self.table.currentIndex().row()) \
            if self.table.currentIndex().isValid() else None
        self.report = report
        self.model.set_report(report)
        self.table.resizeColumnsToContents()
        left = "; ".join(f"{name}: {why}" for _sid, name, why in report.left_out)
        unit = "characters" if report.unit == "character" else f"{report.unit}s"
        n = len(report.sources)
        text = (f"{n} source{'s' if n != 1 else ''} compared · {report.n_units} {unit}. "
                f"{report.how}")
        if left:
            text += f"\nLeft out: {left}"
        self.status.setText(text)
        row = next((i for i, r in enumerate(self.model.rows) if r and r.code_id == current), None)
        if row is not None:
            self.table.selectRow(row)
        self._show_disagreements()
        self.refreshed.emit()

    def _failed(self, message: str) -> None:
        self.model.set_report(None)
        self.status.setText(message)
        self.refreshed.emit()

    def _show_disagreements(self) -> None:
        index = self.table.currentIndex()
        code_id = self.model.code_id(index.row()) if index.isValid() else None
        if self.report is None or code_id is None:
            self.disagreements.clear()
            return
        item = next(c for c in self.report.codes if c.code_id == code_id)
        self.disagreements.show_code(f"{item.dimension}/{item.code}",
                                     self.report.disagreements.get(code_id, []),
                                     self.report.coders)

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self._fill_coders()
        if self.report is None or self.compute.stale:
            self.refresh()

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        self.compute.wait()
        super().closeEvent(event)
