"""Imports off the UI thread: a worker on its own QThread with its own study connection."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from interviewcoder.core.errors import Cancelled
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
