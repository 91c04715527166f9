"""File → Export → REFI-QDA project (.qdpx) / codebook (.qdc): a save dialog, then the export
in a worker with a progress dialog whose Cancel leaves no file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QProgressDialog

from interviewcoder.ui import extensions
from interviewcoder.ui.common import file_dialogs
from interviewcoder.ui.common.redact_dialog import ask_redaction
from interviewcoder.ui.exchange.export_job import ExportJob, Redaction

if TYPE_CHECKING:
    from interviewcoder.ui.main_window import MainWindow

KINDS = {".qdpx": "REFI-QDA project (*.qdpx)", ".qdc": "REFI-QDA codebook (*.qdc)"}


def ask_and_export(window: MainWindow, suffix: str, *, redact: bool = False) -> ExportJob | None:
    study = window.session.study
    redaction = None
    if redact:
        choice = ask_redaction(window, "project")
        if choice is None:
            return None
        redaction = Redaction(choice.terms, window.settings.spacy_pipeline or None, choice.report)
    default = str(Path(study.path).with_name(study.path.stem + ("-redacted" if redact else "")
                                             + suffix))
    name = file_dialogs.save_file_name(window, "Export for another QDA tool", default,
                                       KINDS[suffix])
    if not name:
        return None
    return start_export(window, Path(name).with_suffix(suffix), redaction=redaction)


def start_export(window: MainWindow, out: Path, *, show_errors: bool = True,
                 redaction: Redaction | None = None) -> ExportJob:
    """Export the window's study to ``out`` in the background; the status bar says the end.
    With ``redaction`` every string is redacted by the study's redactor (codings moved with
    the text) and the personal attributes left out."""
    job = ExportJob(window.session.study.path, out, window, redaction)
    dialog = QProgressDialog(f"Exporting {out.name}…", "Cancel", 0, 0, window)
    dialog.setWindowTitle("Export")
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.canceled.connect(job.cancel)
    job.progress.connect(dialog.setLabelText)

    def finished(ok: bool, message: str) -> None:
        dialog.reset()
        dialog.hide()
        if ok:
            window.statusBar().showMessage(f"Exported {message}", 8000)
        elif show_errors and "cancelled" not in message:
            QMessageBox.warning(window, "Export failed", message)
        else:
            window.statusBar().showMessage(message, 8000)

    job.finished.connect(finished)
    window._refi_export = job  # type: ignore[attr-defined]  # keep it alive
    window.statusBar().showMessage(f"Exporting {out.name}…")
    job.start()
    return job


@extensions.register
def install(window: MainWindow) -> None:
    menu = getattr(window, "export_menu", None)
    if menu is None:
        return
    menu.addSeparator()
    project = menu.addAction("REFI-QDA project (.qdpx)…",
                             lambda: ask_and_export(window, ".qdpx"))
    project.setStatusTip("The whole study — sources, speakers, codes, quotes, participants — "
                         "for NVivo, ATLAS.ti, MAXQDA, QualCoder and other QDA tools")
    codebook = menu.addAction("REFI-QDA codebook (.qdc)…", lambda: ask_and_export(window, ".qdc"))
    codebook.setStatusTip("The codebook alone, for another QDA tool")
    shared = menu.addAction("Redacted REFI-QDA project for sharing (.qdpx)…",
                            lambda: ask_and_export(window, ".qdpx", redact=True))
    shared.setStatusTip("The whole study with names, contact details and addresses replaced "
                        "and personal attributes left out")
    window.refi_export_actions = (project, codebook, shared)  # type: ignore[attr-defined]
