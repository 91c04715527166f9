"""Recompute a view's evidence after the study changes: debounced, off the UI thread.

``Recompute`` waits ``delay_ms`` after the last ``session.changed`` (a burst of coding
actions is one refresh, not one per keystroke), then runs ``fn(study)`` in a pool thread on
its own connection to the study file, and emits ``ready(result)`` back on the UI thread. A
result that a newer request has overtaken is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QWidget

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.store import Study


class _Relay(QObject):
    done = Signal(int, object)
    error = Signal(int, str)
    note = Signal(int, str)


class _Job(QRunnable):
    def __init__(self, path: str, fn: Callable[[Study], Any], generation: int, relay: _Relay) -> None:
        super().__init__()
        self.path, self.fn, self.generation, self.relay = path, fn, generation, relay

    def run(self) -> None:
        try:
            with Study.open(self.path) as study:
                result = self.fn(study)
        except InterviewcoderError as exc:
            self.relay.error.emit(self.generation, str(exc))
        except Exception as exc:  # noqa: BLE001 - must not escape into Qt's thread
            self.relay.error.emit(self.generation, f"{type(exc).__name__}: {exc}")
        else:
            self.relay.done.emit(self.generation, result)


class Recompute(QObject):
    ready = Signal(object)
    failed = Signal(str)
    progress = Signal(str)  # what the worker says it is doing (``report``)

    def __init__(self, session: Any, fn: Callable[[Study], Any], delay_ms: int = 300,
                 parent: QObject | None = None, *, follow: bool = True) -> None:
        super().__init__(parent)
        self.session = session
        self.fn = fn
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._generation = 0
        self._relay = _Relay()  # no parent: a job still running keeps it alive through its ref
        self._relay.done.connect(self._done)
        self._relay.error.connect(self._error)
        self._relay.note.connect(self._note)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.run_now)
        if follow:
            session.changed.connect(self.schedule)

    @property
    def busy(self) -> bool:
        return self._timer.isActive() or self.pool.activeThreadCount() > 0

    stale = False
    """A change came while the owning view was hidden: recompute when it is shown."""

    def schedule(self, *_: object) -> None:
        """Recompute after the delay (restarting it if already waiting); a hidden view waits."""
        owner = self.parent()
        if isinstance(owner, QWidget) and not owner.isVisible():
            self.stale = True
            return
        self._timer.start()

    def run_now(self) -> None:
        self._timer.stop()
        self.stale = False
        self._generation += 1
        self.pool.start(_Job(str(self.session.study.path), self.fn, self._generation, self._relay))

    def wait(self) -> None:
        """Block until the running computation ends (closing a view)."""
        self._timer.stop()
        self.pool.waitForDone()

    def _done(self, generation: int, result: object) -> None:
        if generation == self._generation and not getattr(self.session, "closed", False):
            self.ready.emit(result)  # (a result that comes after its window closed is dropped)

    def report(self, text: str) -> None:
        """Called from the worker: emit ``progress(text)`` on the UI thread."""
        self._relay.note.emit(self._generation, text)

    def _note(self, generation: int, text: str) -> None:
        if generation == self._generation:
            self.progress.emit(text)

    def _error(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.failed.emit(message)
