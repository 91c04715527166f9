"""The suggestions panel: spaCy's proposals for the current source, to accept or reject.

Suggesting and training run in a worker thread (one at a time, each with its own study
connection), so the window never waits for spaCy. Accepting and rejecting go through the
session's undo stack like any other coding action.

Nothing of this runs on the path of a coding action. spaCy's candidates for the shown source
are kept; a coding action, an undo or a rejection only changes which of them are still open
(``suggestions.still_open``: no spaCy), and that is redone in the worker 300 ms after the last
change, and only while the panel is on screen (a hidden panel catches up when it is shown).
Only a codebook change or training runs spaCy again.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.core.types import label_of_path
from interviewcoder.nlp.suggestion import Suggestion
from interviewcoder.services.operations import Changes
from interviewcoder.ui.common.session import StudySession
from interviewcoder.ui.suggestions.suggestion_jobs import Job as _Job
from interviewcoder.ui.suggestions.suggestion_table_model import SuggestionRole, SuggestionTableModel

__all__ = ["SuggestionRole", "SuggestionTableModel", "SuggestionsPanel", "install"]


CATCH_UP_MS = 300  # after the last study change, before the panel catches up with it
_NEEDS = {"": 0, "filter": 1, "suggest": 2}


def _bar(parent: QWidget, *widgets: QWidget | None) -> QToolBar:
    """A flat tool bar holding ``widgets`` (None: a stretch) that overflows into its menu."""
    bar = QToolBar(parent)
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.setStyleSheet("QToolBar { border: 0; spacing: 4px; } QPushButton { padding: 3px 9px; }")
    for w in widgets:
        if w is None:
            gap = QWidget(bar)
            gap.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            bar.addWidget(gap)
        else:
            bar.addWidget(w)
    return bar


class SuggestionsPanel(QWidget):
    """Lists suggestions for one source; Accept, Reject, Accept all above a threshold; Train."""

    suggestions_ready = Signal(list)  # the suggestions now shown (for the reader to mark)
    accepted = Signal(list)  # ids of the quotes created
    rejected = Signal(list)  # the suggestions rejected
    trained = Signal(dict)  # per-code metrics of the new model
    failed = Signal(str)  # one-line error
    busy_changed = Signal(bool)
    span_selected = Signal(int, int, int)  # source id, start, end of the current suggestion

    def __init__(self, session: StudySession, parent: QWidget | None = None,
                 *, pipeline: str | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.pipeline = pipeline
        self.source_id: int | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one spaCy job at a time
        self._job_number = 0
        self._cancel = threading.Event()
        self._busy = False
        self._applying = False
        self._jobs: dict[int, _Job] = {}
        # spaCy's candidates for ``source_id`` (before filtering), and what is left to redo
        # after study changes: "" nothing, "filter" (cheap, no spaCy) or "suggest".
        self._candidates: list[Suggestion] | None = None
        self._candidates_sha = ""  # of the source text they were made from
        self._left_out: list[str] = []  # the study's patterns left out of the last run
        self._stale = ""
        self.on_screen = True  # install() keeps this in step with the dock
        self._catch_up_timer = QTimer(self)
        self._catch_up_timer.setSingleShot(True)
        self._catch_up_timer.setInterval(CATCH_UP_MS)
        self._catch_up_timer.timeout.connect(self._catch_up)

        self.model = SuggestionTableModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnWidth(0, 170)  # "dimension/Code name" readable in a narrow dock
        self.view.setColumnWidth(2, 120)
        self.view.verticalHeader().setVisible(False)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)

        self.suggest_button = QPushButton("Suggest", self)
        self.train_button = QPushButton("Train", self)
        self.train_button.setToolTip("Learn from the quotes coded so far (needs 5 per code)")
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setEnabled(False)
        self.min_score = QDoubleSpinBox(self)
        self.min_score.setRange(0.0, 1.0)
        self.min_score.setSingleStep(0.05)
        self.min_score.setValue(0.5)
        self.min_score.setPrefix("≥ ")
        self.min_score.setToolTip("Show only suggestions with at least this score")
        self.accept_button = QPushButton("Accept", self)
        self.reject_button = QPushButton("Reject", self)
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setRange(0.0, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setValue(0.8)
        self.accept_all_button = QPushButton("Accept all ≥", self)
        for spin, text in ((self.min_score, "≥ 0.00"), (self.threshold, "0.00")):
            spin.setMaximumWidth(spin.fontMetrics().horizontalAdvance(text) + 36)  # not wider
        self.progress = QProgressBar(self)
        self.progress.setVisible(False)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.metrics = QLabel("", self)
        self.metrics.setWordWrap(True)
        self.metrics.setTextFormat(Qt.TextFormat.RichText)

        # Tool bars, not rows of fixed width: in a narrow dock what does not fit goes to the
        # bar's » menu (a row of buttons had held the whole right dock area at 393 px).
        top = _bar(self, self.suggest_button, self.train_button, self.cancel_button, self.min_score)
        self.accept_all_button.setToolTip("Accept every suggestion shown with at least this score")
        bottom = _bar(self, self.accept_button, self.reject_button, self.accept_all_button,
                      self.threshold)
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(bottom)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.metrics)

        self.suggest_button.clicked.connect(self.refresh)
        self.train_button.clicked.connect(self.train)
        self.cancel_button.clicked.connect(self.cancel)
        self.accept_button.clicked.connect(self.accept_selected)
        self.reject_button.clicked.connect(self.reject_selected)
        self.accept_all_button.clicked.connect(lambda: self.accept_all_above())
        self.min_score.valueChanged.connect(lambda _v: self._mark_stale("filter"))
        session.changed.connect(self._study_changed)
        self._update_buttons()
        self.show_metrics(self._stored_metrics())

    def _stored_metrics(self) -> dict[str, Any] | None:
        from interviewcoder.services import suggestions

        try:
            return suggestions.model_metrics(self.session.study)
        except InterviewcoderError:
            return None

    def show_metrics(self, metrics: dict[str, Any] | None) -> None:
        """Per-code precision / recall / F1 of the learned model on held-out quotes."""
        if not metrics or not metrics.get("codes"):
            self.metrics.setText("No learned model yet: suggestions come from patterns. "
                                 "Train once codes have 5 or more quotes.")
            return

        def pct(x: float | None) -> str:
            return "–" if x is None else f"{x:.2f}"

        rows = "".join(
            f"<tr><td>{html.escape(label_of_path(c['code']))}</td><td align=right>{pct(c['precision'])}</td>"
            f"<td align=right>{pct(c['recall'])}</td><td align=right>{pct(c['f1'])}</td>"
            f"<td align=right>{c['held_out']}</td></tr>"
            for c in metrics["codes"]
        )
        when = html.escape(str(metrics.get("trained_at", ""))[:16].replace("T", " "))
        self.metrics.setText(
            f"<b>Learned model</b> {when} — measured on held-out quotes:"
            "<table cellspacing=4><tr><th align=left>code</th><th>precision</th><th>recall</th>"
            f"<th>F1</th><th>held out</th></tr>{rows}</table>"
        )

    # --- state ----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool, *, quiet: bool = False) -> None:
        self._busy = busy
        self.progress.setVisible(busy and not quiet)
        self.cancel_button.setEnabled(busy)
        self._update_buttons()
        self.busy_changed.emit(busy)

    def _update_buttons(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.suggest_button.setEnabled(not self._busy and self.source_id is not None)
        self.train_button.setEnabled(not self._busy)
        for b in (self.accept_button, self.reject_button, self.accept_all_button):
            b.setEnabled(has_rows and not self._applying)

    def set_source(self, source_id: int | None, *, suggest: bool = True) -> None:
        """Show suggestions for ``source_id`` (a transcript, or one survey question)."""
        self.source_id = source_id
        self._candidates = None
        self._stale = "suggest" if source_id is not None else ""
        self._catch_up_timer.stop()
        self.model.set_suggestions([])
        self.suggestions_ready.emit([])
        self._update_buttons()
        if source_id is not None and suggest:
            self.refresh()

    def set_on_screen(self, visible: bool) -> None:
        """The panel is shown (or hidden behind another tab): a shown panel catches up."""
        self.on_screen = visible
        if visible and self._stale and not self._busy:
            self._catch_up()

    # --- background work ------------------------------------------------------------------

    def _start(self, work: Callable[..., Any], on_done: Callable[[Any], None], label: str,
               *, quiet: bool = False) -> None:
        self._cancel.set()  # a newer request supersedes a running one
        self._cancel = threading.Event()
        self._job_number += 1
        job = _Job(self._job_number, str(self.session.study.path), work, self._cancel)
        job.setAutoDelete(False)
        job.on_done = on_done
        self._jobs[job.number] = job
        # Bound methods of this (GUI-thread) object: Qt queues the calls to the GUI thread.
        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(self._on_finished)
        job.signals.failed.connect(self._on_failed)
        if not quiet:  # a quick refilter does not flash the progress bar
            self.status.setText(label)
            self.progress.setRange(0, 0)
        self._set_busy(True, quiet=quiet)
        self._pool.start(job)

    def _on_progress(self, number: int, done: int, total: int, message: str) -> None:
        if number != self._job_number:
            return
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        self.status.setText(message)

    def _on_finished(self, number: int, result: Any) -> None:
        job = self._jobs.pop(number, None)
        if number != self._job_number or job is None:
            return  # an older job finished after a newer one was started
        self._set_busy(False)
        job.on_done(result)
        if self._stale and self.on_screen:  # the study changed while the job ran
            self._catch_up_timer.start()

    def _on_failed(self, number: int, message: str) -> None:
        self._jobs.pop(number, None)
        if number != self._job_number:
            return
        self._set_busy(False)
        self.status.setText(message)
        self.failed.emit(message)

    def refresh(self) -> None:
        """Suggest again for the current source, in the worker (spaCy)."""
        if self.source_id is None:
            return
        source_id, min_score, pipeline = self.source_id, self.min_score.value(), self.pipeline
        self._stale = ""
        self._catch_up_timer.stop()

        notes: list[str] = []  # the study's patterns that were left out

        def work(study: Any, progress: Any, cancelled: Any) -> tuple[str, list, list]:
            from interviewcoder.services import suggestions

            sha = _text_sha(study, source_id)
            found = suggestions.candidates(study, source_id, installed=pipeline, notes=notes)
            return sha, found, suggestions.still_open(study, source_id, found, min_score=min_score)

        def done(result: tuple[str, list[Suggestion], list[Suggestion]]) -> None:
            if source_id != self.source_id:
                return
            self._candidates_sha, self._candidates = result[0], result[1]
            self._left_out = list(notes)
            self._show(result[2])

        self._start(work, done, "Finding suggestions…")

    def _refilter(self) -> None:
        """Drop the candidates a change has coded or rejected (or bring back what an undo
        reopened), in the worker: no spaCy, a few milliseconds. (If the source's text was
        replaced meanwhile, its candidates are made again first.)"""
        if self.source_id is None or self._candidates is None:
            self.refresh()
            return
        source_id, min_score, pipeline = self.source_id, self.min_score.value(), self.pipeline
        found, sha = self._candidates, self._candidates_sha
        self._stale = ""

        def work(study: Any, progress: Any, cancelled: Any) -> tuple[str, list, list]:
            from interviewcoder.services import suggestions

            now = _text_sha(study, source_id)
            fresh = found if now == sha else suggestions.candidates(study, source_id, installed=pipeline)
            return now, fresh, suggestions.still_open(study, source_id, fresh, min_score=min_score)

        def done(result: tuple[str, list[Suggestion], list[Suggestion]]) -> None:
            if source_id == self.source_id:
                self._candidates_sha, self._candidates = result[0], result[1]
                self._show(result[2])

        self._start(work, done, "Updating suggestions…", quiet=True)

    def _show(self, found: list[Suggestion]) -> None:
        self.model.set_suggestions(found)
        notes = self._left_out
        left_out = f" ({len(notes)} of the study's patterns left out)" if notes else ""
        self.status.setText(f"{len(found)} suggestions{left_out}")
        self.status.setToolTip("\n".join(notes))
        self._update_buttons()
        self.suggestions_ready.emit(found)

    def train(self) -> None:
        """Train the learned suggester in the worker, then suggest again."""
        pipeline = self.pipeline

        def work(study: Any, progress: Any, cancelled: Any) -> dict[str, Any]:
            from interviewcoder.services import suggestions

            model = suggestions.train(study, installed=pipeline, progress=progress,
                                      cancelled=cancelled)
            return model.metrics_json()

        def done(metrics: dict[str, Any]) -> None:
            codes = metrics.get("codes", [])
            scored = [c["f1"] for c in codes if c.get("f1") is not None]
            mean = f", mean held-out F1 {sum(scored) / len(scored):.2f}" if scored else ""
            self.status.setText(f"Learned {len(codes)} codes{mean}")
            self.show_metrics(self._stored_metrics() or metrics)
            self.trained.emit(metrics)
            if self.source_id is not None:
                self.refresh()

        self._start(work, done, "Training…")

    def cancel(self) -> None:
        self._cancel.set()

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Cancel and wait for the worker (call before closing the study)."""
        self._cancel.set()
        return self._pool.waitForDone(timeout_ms)

    # --- accepting and rejecting ----------------------------------------------------------

    def selected(self) -> list[Suggestion]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return [self.model.suggestion(r) for r in rows]

    def _apply(self, build: Callable[[], Any]) -> Any:
        self._applying = True
        try:
            return self.session.apply(build())
        except InterviewcoderError as exc:
            self.status.setText(str(exc))
            self.failed.emit(str(exc))
            return None
        finally:
            self._applying = False
            self._update_buttons()

    def accept(self, chosen: list[Suggestion]) -> list[int]:
        from interviewcoder.services import suggestions

        if not chosen:
            return []
        study = self.session.study
        if len(chosen) == 1:
            applied = self._apply(lambda: suggestions.accept_operation(study, chosen[0]))
            ids = [applied.result] if applied else []
        else:
            applied = self._apply(lambda: suggestions.accept_all_operation(study, chosen, 0.0))
            ids = list(applied.result) if applied else []
        if applied:
            self.model.remove({s.key for s in chosen})
            self.suggestions_ready.emit(self.model.suggestions())
            self._update_buttons()
            self.accepted.emit(ids)
        return ids

    def accept_selected(self) -> list[int]:
        return self.accept(self.selected())

    def accept_all_above(self, threshold: float | None = None) -> list[int]:
        cut = self.threshold.value() if threshold is None else threshold
        return self.accept([s for s in self.model.suggestions() if s.score >= cut])

    def reject(self, chosen: list[Suggestion]) -> None:
        from interviewcoder.services import suggestions
        from interviewcoder.services.operations import Composite

        if not chosen:
            return
        study = self.session.study

        def build() -> Any:
            ops = tuple(suggestions.reject_operation(study, s) for s in chosen)
            return ops[0] if len(ops) == 1 else Composite(ops, f"Reject {len(ops)} suggestions")

        if self._apply(build) is not None:
            self.model.remove({s.key for s in chosen})
            self.suggestions_ready.emit(self.model.suggestions())
            self._update_buttons()
            self.rejected.emit(chosen)

    def reject_selected(self) -> None:
        self.reject(self.selected())

    # --- reacting -------------------------------------------------------------------------

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid():
            s = self.model.suggestion(current.row())
            self.span_selected.emit(s.source_id, s.start, s.end)

    def _study_changed(self, changes: Changes) -> None:
        """A coding action, an undo or a rejection touched this source: refilter later (no
        spaCy); a codebook change, or turns mapped to other people: suggest again later.
        Never now: this is the coding path."""
        if self._applying or self.source_id is None:
            return
        if changes.codebook or (changes.participants and self.source_id in changes.sources):
            self._mark_stale("suggest")
        elif self.source_id in changes.sources:
            self._mark_stale("filter")

    def _mark_stale(self, need: str) -> None:
        if _NEEDS[need] > _NEEDS[self._stale]:
            self._stale = need
        if self.on_screen and self.source_id is not None and not self._busy:
            self._catch_up_timer.start()  # restarted by each change of a burst

    def _catch_up(self) -> None:
        if not self._stale or self.source_id is None or not self.on_screen:
            return
        if self._busy:
            return  # the running job's end starts the timer again
        if self._stale == "suggest" or self._candidates is None:
            self.refresh()
        else:
            self._refilter()


def _text_sha(study: Any, source_id: int) -> str:
    source = study.sources.get(source_id)
    return source.sha256 if source is not None else ""


class _ShutdownOnClose(QObject):
    """Waits for the panel's worker when its window closes, before the study goes away."""

    def __init__(self, panel: SuggestionsPanel, parent: QObject) -> None:
        super().__init__(parent)
        self._panel = panel

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Close:
            self._panel.shutdown()
        return False


def install(window: Any) -> SuggestionsPanel:
    """Dock a suggestions panel in a main window and follow the source it shows.

    Suggestions are computed only while the dock is really on screen (not a hidden tab):
    spaCy loads in the worker on first use. Choosing a suggestion selects its span in the
    reader. Closing the window cancels and waits for the worker.
    """
    settings = getattr(window, "settings", None)
    panel = SuggestionsPanel(window.session, pipeline=(settings.spacy_pipeline or None) if settings else None)
    dock = window.add_dock(panel, "Suggestions", Qt.DockWidgetArea.RightDockWidgetArea)
    window.suggestions = panel
    panel.on_screen = False  # until the dock is really shown

    def follow(source_id: object) -> None:
        panel.set_source(source_id if isinstance(source_id, int) else None,
                         suggest=panel.on_screen)

    def select(source_id: int, start: int, end: int) -> None:
        reader = getattr(window, "reader", None)
        if reader is not None and getattr(reader, "source_id", source_id) == source_id:
            reader.select_span(start, end)

    def mark(found: list[Suggestion]) -> None:
        reader = getattr(window, "reader", None)
        if reader is not None:
            reader.set_suggestions([(s.start, s.end) for s in found
                                    if s.source_id == reader.source_id])

    def choose_pipeline() -> None:
        name, ok = QInputDialog.getText(
            window, "spaCy pipeline",
            "Name of an installed spaCy pipeline (e.g. en_core_web_sm) for sentences, suggestions\n"
            "and redaction of names; leave empty to use the built-in blank pipeline:",
            text=panel.pipeline or "")
        if ok and settings is not None:
            settings.spacy_pipeline = name
            panel.pipeline = name.strip() or None

    dock.visibilityChanged.connect(panel.set_on_screen)
    panel.suggestions_ready.connect(mark)
    code_menu = next((a.menu() for a in window.menuBar().actions() if a.text() == "&Code"), None)
    if code_menu is not None:
        code_menu.addSeparator()
        window.pipeline_action = code_menu.addAction("spaCy &pipeline…", choose_pipeline)
    window.source_changed.connect(follow)
    panel.span_selected.connect(select)
    window.installEventFilter(_ShutdownOnClose(panel, window))
    return panel


def _register() -> None:
    from interviewcoder.ui.extensions import register

    register(install)


_register()
