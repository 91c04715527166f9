"""A REFI-QDA export off the UI thread: a worker on its own QThread and study connection."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from interviewcoder.core.errors import ExportFailed, InterviewcoderError
from interviewcoder.store import Study


@dataclass(frozen=True)
class Redaction:
    """A redacted export: the extra terms, the NER pipeline (or None), whether to write the
    redaction report beside the file."""

    terms: list[str]
    pipeline: str | None = None
    report: bool = False


class _Worker(QObject):
    progress = Signal(str)
    done = Signal(bool, str)  # ok, the written path or the one-line error

    def __init__(self, study_path: Path, out: Path, redaction: Redaction | None = None) -> None:
        super().__init__()
        self.study_path, self.out, self.redaction = study_path, out, redaction
        self.cancelled = threading.Event()

    @Slot()
    def run(self) -> None:
        from interviewcoder.services import refi_export

        def step(what: str, n: int) -> None:
            if self.cancelled.is_set():
                raise ExportFailed(f"{self.out.name}: export cancelled; no file was written")
            self.progress.emit(f"{what}: {n:,}")

        try:
            with Study.open(self.study_path) as study:
                said = ""
                if self.redaction is None:
                    written = refi_export.export(study, self.out, step)
                else:
                    written, said = self._redacted(study, step)
        except InterviewcoderError as exc:
            self.done.emit(False, str(exc))
        except Exception as exc:  # noqa: BLE001 - must not escape into Qt's thread
            self.done.emit(False, f"{self.out.name}: {type(exc).__name__}: {exc}")
        else:
            self.done.emit(True, str(written) + said)

    def _redacted(self, study: Study, step: object) -> tuple[Path, str]:
        """The export through the study's redactor; what the status bar says after it."""
        from interviewcoder.services import exporting, refi_export

        assert self.redaction is not None
        r = exporting.study_redactor(study, self.redaction.terms, self.redaction.pipeline)
        written = refi_export.export(study, self.out, step, r)  # type: ignore[arg-type]
        said = f", redacted ({sum(r.counts.kinds.values()):,} replacements)"
        if self.redaction.report:
            report = exporting.write_redaction_report(study, r, written, self.redaction.pipeline)
            said += f"; report: {report.name} (not for sharing)" if report else ""
        return written, said


class ExportJob(QObject):
    """Owns the thread and worker of one export; ``finished(ok, message)`` at the end."""

    progress = Signal(str)
    finished = Signal(bool, str)

    def __init__(self, study_path: Path, out: Path, parent: QObject | None = None,
                 redaction: Redaction | None = None) -> None:
        super().__init__(parent)
        self.ok: bool | None = None
        self.message = ""
        self._thread = QThread()
        self._worker = _Worker(Path(study_path), Path(out), redaction)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self.progress)
        self._worker.done.connect(self._done)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._worker.cancelled.set()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    @Slot(bool, str)
    def _done(self, ok: bool, message: str) -> None:
        self.ok, self.message = ok, message
        self._thread.quit()
        self._thread.wait()
        self.finished.emit(ok, message)
