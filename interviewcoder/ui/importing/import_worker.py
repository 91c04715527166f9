"""Imports off the UI thread: a worker on its own QThread with its own study connection.

``ImportJob`` imports files one by one; ``StudyJob`` runs one function on the study (read the
files into a review plan, or store a reviewed plan) with progress and Cancel.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from interviewcoder.core.errors import Cancelled
from interviewcoder.importers.base import Progress
from interviewcoder.services.importing import FileResult, ImportOptions, import_file
from interviewcoder.store import Study


class ImportWorker(QObject):
    """Imports files one by one (one transaction each); progress and results as signals."""

    progress = Signal(int, int, str)  # files done, files in all, message
    file_done = Signal(object)  # FileResult
    finished = Signal(list)  # list[FileResult], in file order

    def __init__(self, study_path: Path, files: Sequence[str | Path], options: ImportOptions) -> None:
        super().__init__()
        self._study_path = Path(study_path)
        self._files = [Path(f) for f in files]
        self._options = options
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop as soon as possible: the file under way is rolled back, the rest not started."""
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        results: list[FileResult] = []
        total = len(self._files)
        try:
            study = Study.open(self._study_path)
        except Exception as exc:  # noqa: BLE001 - reported as every file's error
            results = [FileResult(str(f), "error", error=str(exc)) for f in self._files]
            self.finished.emit(results)
            return
        try:
            for n, path in enumerate(self._files):
                if self._cancel.is_set():
                    results.append(FileResult(str(path), "skipped", message="cancelled before it began"))
                    continue
                self.progress.emit(n, total, f"Importing {path.name}")

                def step(done: int, all_: int, message: str, n: int = n) -> None:
                    if self._cancel.is_set():
                        raise Cancelled("import cancelled; nothing of this file was kept")
                    if all_:
                        self.progress.emit(n, total, message)

                result = import_file(study, path, self._options, step)
                results.append(result)
                self.file_done.emit(result)
        finally:
            study.close()
        self.progress.emit(total, total, "Cancelled" if self._cancel.is_set() else "Done")
        self.finished.emit(results)


class ImportJob(QObject):
    """Owns the thread and the worker of one import; ``finished`` carries the results."""

    progress = Signal(int, int, str)
    finished = Signal(list)

    def __init__(self, study_path: Path, files: Sequence[str | Path], options: ImportOptions,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.results: list[FileResult] = []
        self._thread = QThread()
        self._worker = ImportWorker(study_path, files, options)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self.progress)
        self._worker.finished.connect(self._done)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._worker.cancel()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, ms: int = 30_000) -> bool:
        return self._thread.wait(ms)

    @Slot(list)
    def _done(self, results: list[FileResult]) -> None:
        self.results = results
        self._thread.quit()
        self._thread.wait()
        self.finished.emit(results)


class _FunctionWorker(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)  # (result, error message or None)

    def __init__(self, study_path: Path, work: Callable[[Study, Progress], Any]) -> None:
        super().__init__()
        self._study_path = Path(study_path)
        self._work = work
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _step(self, done: int, total: int, message: str) -> None:
        if self._cancel.is_set():
            raise Cancelled("cancelled; nothing was kept")
        self.progress.emit(done, total, message)

    @Slot()
    def run(self) -> None:
        try:
            study = Study.open(self._study_path)
        except Exception as exc:  # noqa: BLE001 - reported to the dialog as one line
            self.finished.emit((None, str(exc).splitlines()[0]))
            return
        try:
            result = self._work(study, self._step)
        except Exception as exc:  # noqa: BLE001 - reported to the dialog as one line
            self.finished.emit((None, str(exc).splitlines()[0] or type(exc).__name__))
            return
        finally:
            study.close()
        self.finished.emit((result, None))


class StudyJob(QObject):
    """``work(study, progress)`` on its own thread and study connection; ``finished`` carries
    ``(result, error)``. Cancel makes the next progress call raise ``Cancelled``."""

    progress = Signal(int, int, str)
    finished = Signal(object, object)

    def __init__(self, study_path: Path, work: Callable[[Study, Progress], Any],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.result: Any = None
        self.error: str | None = None
        self._thread = QThread()
        self._worker = _FunctionWorker(study_path, work)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self.progress)
        self._worker.finished.connect(self._done)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._worker.cancel()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, ms: int = 30_000) -> bool:
        return self._thread.wait(ms)

    @Slot(object)
    def _done(self, outcome: tuple[Any, str | None]) -> None:
        self.result, self.error = outcome
        self._thread.quit()
        self._thread.wait()
        self.finished.emit(self.result, self.error)
