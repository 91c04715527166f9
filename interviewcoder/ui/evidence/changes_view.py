"""The Changes view: what changed between two snapshots, or since one (against the study now).

Two drop-downs choose the snapshots; the diff runs off the UI thread (``Recompute``) and again
after every change while "now" is chosen. Codes come largest real change first; friction and
participant changes are listed below. Evidence → Take snapshot… freezes the evidence.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.snapshot_diff import Diff
from interviewcoder.services import snapshots
from interviewcoder.ui.evidence.changes_model import ChangesModel, NotesModel
from interviewcoder.ui.evidence.evidence_compute import Recompute


class ChangesView(QWidget):
    snapshot_taken = Signal(object)  # services.snapshots.Snapshot

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.diff: Diff | None = None
        self.old_combo = QComboBox()
        self.new_combo = QComboBox()
        self.old_combo.setMinimumContentsLength(14)
        self.new_combo.setMinimumContentsLength(14)
        self.take_button = QPushButton("Take snapshot…")
        self.take_button.setToolTip("Freeze the evidence as it stands now, to compare with later")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Changes since"))
        bar.addWidget(self.old_combo)
        bar.addWidget(QLabel("until"))
        bar.addWidget(self.new_combo)
        bar.addStretch(1)
        bar.addWidget(self.take_button)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = ChangesModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.notes_model = NotesModel()
        self.notes = QTableView()
        self.notes.setModel(self.notes_model)
        self.notes.verticalHeader().hide()
        self.notes.horizontalHeader().setStretchLastSection(True)
        self.notes.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.notes)
        split.setSizes([400, 160])
        legend = QLabel("● a real change: the old and the new share each lie outside the other's "
                        "95% interval; other moves are within the noise. Green: a new code; grey: "
                        "deleted or merged; bold: a code with a real change.")
        legend.setWordWrap(True)
        legend.setStyleSheet("color: palette(mid);")
        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addWidget(self.summary)
        box.addWidget(split, 1)
        box.addWidget(legend)

        self.snap_job = Recompute(session, lambda study: None, parent=self, follow=False)
        self.snap_job.ready.connect(self._snapshot_done)
        self.snap_job.failed.connect(self._snapshot_failed)
        self.job = Recompute(session, self._compute, parent=self)
        self.job.ready.connect(self._show)
        self.job.failed.connect(self._failed)
        self.old_combo.currentIndexChanged.connect(self.refresh)
        self.new_combo.currentIndexChanged.connect(self.refresh)
        self.take_button.clicked.connect(self.take_snapshot)
        self._fill()

    # --- snapshots -----------------------------------------------------------------------------

    def _fill(self, select_old: str | None = None) -> None:
        names = [s.name for s in snapshots.list_snapshots(self.session.study)]
        keep_old = select_old or self.old_combo.currentData()
        keep_new = self.new_combo.currentData() or snapshots.NOW
        for combo in (self.old_combo, self.new_combo):
            combo.blockSignals(True)
            combo.clear()
        for name in names:
            self.old_combo.addItem(name, name)
        self.new_combo.addItem("now", snapshots.NOW)
        for name in reversed(names):
            self.new_combo.addItem(name, name)
        if names:
            i = self.old_combo.findData(keep_old)
            self.old_combo.setCurrentIndex(i if i >= 0 else len(names) - 1)
        j = self.new_combo.findData(keep_new)
        self.new_combo.setCurrentIndex(max(j, 0))
        for combo in (self.old_combo, self.new_combo):
            combo.blockSignals(False)
        self.refresh()

    def take_snapshot(self, name: str | None = None, note: str | None = None) -> bool:
        """Ask for a name and note (unless given), then freeze the evidence in a worker: at
        100,000 quotes computing it takes seconds, which must not freeze the window.
        ``snapshot_taken`` is emitted when it is stored. False when the user cancelled."""
        study = self.session.study
        if name is None:
            name, ok = QInputDialog.getText(self, "Take snapshot",
                                            "Name (kept with the evidence as it stands now):",
                                            text=snapshots.default_name(study))
            if not ok:
                return False
            note, ok = QInputDialog.getText(self, "Take snapshot", "A note (optional):")
            if not ok:
                return False
        coder = self.session.coder
        self.run_snapshot(lambda s: snapshots.take(s, coder, name=name, note=note or ""))
        return True

    def take_monthly(self) -> None:
        """The automatic snapshot on the first open of a month (a setting), in a worker."""
        coder = self.session.coder
        self.run_snapshot(lambda s: snapshots.take_monthly_if_due(s, coder), quiet=True)

    def run_snapshot(self, fn: Any, *, quiet: bool = False) -> None:
        self.take_button.setEnabled(False)
        self.snap_job.fn = fn
        self.snap_job.quiet = quiet  # type: ignore[attr-defined]
        self.summary.setText("Taking a snapshot of the evidence…")
        self.snap_job.run_now()

    def shutdown(self) -> None:
        """The window is closing: no more work, and wait for what runs (before the study goes)."""
        self.closing = True
        self.snap_job.wait()
        self.job.wait()

    closing = False

    def _snapshot_done(self, snap: Any) -> None:
        if self.closing:
            return
        self.take_button.setEnabled(True)
        self._fill()
        if snap is not None:
            self.snapshot_taken.emit(snap)

    def _snapshot_failed(self, message: str) -> None:
        if self.closing:
            return
        self.take_button.setEnabled(True)
        self._fill()
        if not getattr(self.snap_job, "quiet", False):
            QMessageBox.warning(self, "Take snapshot", message)

    # --- the diff ------------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.closing:
            return
        if self.old_combo.count() == 0:
            self.summary.setText("No snapshots yet. Take one now (Evidence → Take snapshot…), "
                                 "then come back after new interviews to see what changed.")
            self.model.set_diff(None)
            self.notes_model.set_diff(None)
            return
        self.summary.setText("Comparing…")
        self.job.run_now()

    def _compute(self, study: Any) -> Diff:
        return snapshots.diff(study, self.old_combo.currentData(), self.new_combo.currentData())

    def _show(self, diff: Diff) -> None:
        self.diff = diff
        self.model.set_diff(diff)
        self.notes_model.set_diff(diff)
        s = diff.summary()
        sizes = ", ".join(f"{g} {a}→{b}" for g, (a, b) in sorted(diff.group_sizes.items()))
        self.summary.setText(
            f"<b>{diff.old} → {diff.new}</b>: {s['real_changes']} real changes · "
            f"{s['new_codes']} new, {s['merged_codes']} merged, {s['deleted_codes']} deleted, "
            f"{s['renamed_codes']} renamed codes · {s['new_participants']} new participants, "
            f"{s['outcome_changes']} outcome changes · participants {sizes}")

    def _failed(self, message: str) -> None:
        self.summary.setText(f"Could not compare: {message}")

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self.job.stale:
            self.refresh()
