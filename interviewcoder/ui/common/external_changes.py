"""Notice what other processes write to the open study, and refresh the views.

A command-line import or coding while the app is open commits through another connection.
SQLite's ``PRAGMA data_version`` moves when that happens; reading it costs microseconds, so
the app reads it on a timer and whenever it becomes the active application again, and when
it has moved sends one "everything changed" through the session, which every view follows.

The app's own workers (an import, a snapshot) commit through connections of their own too, so
their writes are noticed as well: one refresh more than needed, never one too few. (So the
refresh is quiet: it cannot tell the command line from the app's own worker.)
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from interviewcoder.services.external import ExternalWatch, everything
from interviewcoder.ui.common.study_cache import StudyCache

POLL_MS = 700


class ExternalChanges(QObject):
    """Polls the study's data version; on a change elsewhere, ``session.notify(everything)``."""

    noticed = Signal()  # after the views were told

    def __init__(self, cache: StudyCache, parent: QObject | None = None,
                 interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self.cache = cache
        self.session = cache.session
        self._watch = ExternalWatch(self.session.study)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._state_changed)

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()

    def check(self) -> bool:
        """Look now; True when something changed elsewhere (and the views were told)."""
        if self.cache.closed or not self._timer.isActive():
            return False
        if not self._watch.changed_elsewhere():
            return False
        self.session.notify(everything(self.session.study, self.cache.participants))
        self.noticed.emit()
        return True

    def stop(self) -> None:
        """The study is closing: look no more."""
        self._timer.stop()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            try:
                app.applicationStateChanged.disconnect(self._state_changed)
            except (RuntimeError, TypeError):
                pass
