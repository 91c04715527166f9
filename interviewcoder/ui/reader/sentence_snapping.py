"""Code → Snap selections to sentences: a toggle; spaCy loads in a worker the first time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QAction, QKeySequence

from interviewcoder.ui import extensions

if TYPE_CHECKING:
    from interviewcoder.ui.main_window import MainWindow


class _Signals(QObject):
    ready = Signal()
    failed = Signal(str)


class _WarmUp(QRunnable):
    """Builds the sentence pipeline off the UI thread (imports spaCy)."""

    def __init__(self, language: str, installed: str | None) -> None:
        super().__init__()
        self.language, self.installed = language, installed
        self.signals = _Signals()

    def run(self) -> None:
        try:
            from interviewcoder.nlp.sentences import snap_to_sentences

            snap_to_sentences("Warm up. Done.", 0, 4, self.language, self.installed)
        except Exception as exc:  # noqa: BLE001 - reported as one line, snapping stays by word
            self.signals.failed.emit(f"Sentence snapping is unavailable: {exc}")
        else:
            self.signals.ready.emit()


class SentenceSnapping(QObject):
    """Owns the toggle and sets the reader's ``span_snapper`` once the pipeline is ready."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)  # no Python reference back to the window: no cycle
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._job: _WarmUp | None = None
        self.action = QAction("Snap selections to &sentences", self)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("Ctrl+Alt+S"))
        self.action.setStatusTip("Widen each selection to whole sentences (spaCy sentencizer)")
        self.action.toggled.connect(self.set_enabled)

    @property
    def window(self) -> MainWindow:
        return self.parent()  # type: ignore[return-value]

    def set_enabled(self, on: bool) -> None:
        self.window.settings.snap_sentences = on
        if not on:
            self.window.reader.span_snapper = None
            self.window.statusBar().showMessage("Selections snap to whole words", 4000)
            return
        study = self.window.session.study
        job = self._job = _WarmUp(study.language, self.window.settings.spacy_pipeline or None)
        job.setAutoDelete(False)
        job.signals.ready.connect(self._ready)
        job.signals.failed.connect(self._failed)
        self.window.statusBar().showMessage("Loading the sentence model…")
        self.pool.start(job)

    def _ready(self) -> None:
        if not self.action.isChecked():
            return
        from interviewcoder.nlp.sentences import snap_to_sentences

        language = self.window.session.study.language
        installed = self.window.settings.spacy_pipeline or None
        self.window.reader.span_snapper = (
            lambda text, start, end: snap_to_sentences(text, start, end, language, installed))
        self.window.statusBar().showMessage("Selections snap to whole sentences", 4000)

    def _failed(self, message: str) -> None:
        self.action.setChecked(False)
        self.window.statusBar().showMessage(message, 8000)

    def wait(self, ms: int = 30_000) -> bool:
        return self.pool.waitForDone(ms)


@extensions.register
def install(window: MainWindow) -> SentenceSnapping:
    snapping = SentenceSnapping(window)
    code_menu = next((a.menu() for a in window.menuBar().actions() if a.text() == "&Code"), None)
    if code_menu is not None:
        code_menu.addSeparator()
        code_menu.addAction(snapping.action)
    window.sentence_snapping = snapping  # type: ignore[attr-defined]
    if window.settings.snap_sentences:
        snapping.action.setChecked(True)
    return snapping
