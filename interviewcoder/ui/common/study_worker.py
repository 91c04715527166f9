"""A worker thread with its own connection to the study: reads that must not hold up the UI.

``StudyWorker.submit(fn, on_done)`` runs ``fn(study)`` on the worker's thread, one call at a
time in the order submitted, on a connection the worker opened itself (WAL: it sees every
committed change, and never blocks the UI thread's writes). ``on_done(result)`` is then
called on the UI thread. The thread starts with the first call and stops at ``shutdown``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from interviewcoder.store import Study


class _Runner(QObject):
    """Lives in the worker thread; owns the worker's connection."""

    done = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, path: str, stopping: threading.Event) -> None:
        super().__init__()
        self.path = path
        self.stopping = stopping
        self.study: Study | None = None

    @Slot(int, object)
    def run(self, number: int, fn: Callable[[Study], Any]) -> None:
        if self.stopping.is_set():
            return
        try:
            if self.study is None:
                self.study = Study.open(self.path)
            result = fn(self.study)
        except Exception as exc:  # noqa: BLE001 - must not escape into Qt's thread
            self.failed.emit(number, f"{type(exc).__name__}: {exc}")
        else:
            self.done.emit(number, result)

    @Slot()
    def close(self) -> None:
        if self.study is not None:
            self.study.close()
            self.study = None


class StudyWorker(QObject):
    failed = Signal(str)  # a call that raised, as one line

    _run = Signal(int, object)
    _close = Signal()

    def __init__(self, path: str | Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = str(path)
        self._thread: QThread | None = None
        self._runner: _Runner | None = None
        self._number = 0
        self._waiting: dict[int, Callable[[Any], None]] = {}
        self._stopping = threading.Event()
        self.closed = False

    @property
    def busy(self) -> bool:
        """A call is queued or running."""
        return bool(self._waiting)

    def submit(self, fn: Callable[[Study], Any], on_done: Callable[[Any], None]) -> int:
        """Run ``fn(study)`` in the worker; ``on_done(result)`` follows on the UI thread.
        After ``shutdown`` nothing runs (0 is returned)."""
        if self.closed:
            return 0
        if self._thread is None:
            self._start()
        self._number += 1
        self._waiting[self._number] = on_done
        self._run.emit(self._number, fn)
        return self._number

    def _start(self) -> None:
        self._thread = QThread()
        self._thread.setObjectName("study-worker")
        self._stopping.clear()
        self._runner = _Runner(self._path, self._stopping)
        self._runner.moveToThread(self._thread)
        self._run.connect(self._runner.run)
        self._close.connect(self._runner.close, Qt.ConnectionType.BlockingQueuedConnection)
        self._runner.done.connect(self._done)
        self._runner.failed.connect(self._failed)
        self._thread.start()

    def _done(self, number: int, result: object) -> None:
        on_done = self._waiting.pop(number, None)
        if on_done is not None:
            on_done(result)

    def _failed(self, number: int, message: str) -> None:
        self._waiting.pop(number, None)
        self.failed.emit(message)

    def shutdown(self) -> None:
        """Drop what is queued, let the running call end, close the connection, stop."""
        self._waiting.clear()
        self.closed = True
        if self._thread is None:
            return
        self._stopping.set()  # queued calls return at once
        self._close.emit()  # runs in the worker's thread after them; this waits for it
        self._thread.quit()
        self._thread.wait()
        self._thread = None
        self._runner = None
