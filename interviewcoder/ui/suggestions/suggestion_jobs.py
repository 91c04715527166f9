"""The suggestions panel's background jobs: a runnable on its own connection to the study."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal

from interviewcoder.core.errors import InterviewcoderError


class JobSignals(QObject):
    progress = Signal(int, int, int, str)  # job number, done, total, message
    finished = Signal(int, object)  # job number, result
    failed = Signal(int, str)


class Job(QRunnable):
    """Runs ``work(study, progress, cancelled)`` on its own connection to the study file."""

    def __init__(self, number: int, path: str, work: Callable[..., Any],
                 cancel: threading.Event) -> None:
        super().__init__()
        self.number = number
        self.path = path
        self.work = work
        self.cancel = cancel
        self.signals = JobSignals()
        self.on_done: Callable[[Any], None] = lambda result: None

    def run(self) -> None:
        from interviewcoder.services.studies import open_study

        try:
            with open_study(self.path) as study:
                result = self.work(study, self._progress, self.cancel.is_set)
        except InterviewcoderError as exc:
            self.signals.failed.emit(self.number, str(exc))
        except Exception as exc:  # noqa: BLE001 - a worker must never take the app down
            self.signals.failed.emit(self.number, f"unexpected {type(exc).__name__}: {exc}")
        else:
            self.signals.finished.emit(self.number, result)

    def _progress(self, done: int, total: int, message: str) -> None:
        self.signals.progress.emit(self.number, done, total, message)
