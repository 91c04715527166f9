"""Adds the Evidence, Matrix and Paths tabs and File → Export entries to every main window."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox, QProgressDialog

from interviewcoder.ui.common import file_dialogs
from interviewcoder.ui.common.redact_dialog import ask_redaction
from interviewcoder.ui.evidence.evidence_compute import Recompute
from interviewcoder.ui.evidence.evidence_view import EvidenceView
from interviewcoder.ui.evidence.matrix_view import MatrixView
from interviewcoder.ui.evidence.paths_view import PathsView
from interviewcoder.ui.extensions import register


@register
def install(window: Any) -> None:
    evidence_view = EvidenceView(window.session)
    evidence_view.quote_activated.connect(window.show_quote)
    window.evidence_view = evidence_view
    window.matrix_view = MatrixView(window.session)
    window.paths_view = PathsView(window.session)
    window.add_tab(evidence_view, "Evidence")
    window.add_tab(window.matrix_view, "Matrix")
    window.add_tab(window.paths_view, "Paths")
    menu = getattr(window, "export_menu", None)
    if menu is not None:
        menu.addAction("Evidence workbook (.xlsx)…", lambda: export_dialog(window, ".xlsx"))
        menu.addAction("Evidence table (.csv)…", lambda: export_dialog(window, ".csv"))
        menu.addAction("Quotes table (.csv)…", lambda: export_dialog(window, ".csv", quotes=True))
        menu.addAction("Every table as CSV (folder)…", lambda: export_folder_dialog(window))
        menu.addSeparator()
        menu.addAction("Redacted workbook for sharing (.xlsx)…",
                       lambda: export_dialog(window, ".xlsx", redact=True))
        menu.addAction("Redacted CSV tables for sharing (folder)…",
                       lambda: export_folder_dialog(window, redact=True))


CSV_PLAIN = "CSV, UTF-8 (*.csv)"
CSV_EXCEL = "CSV for Excel, UTF-8 with BOM (*.csv)"


def export_folder_dialog(window: Any, *, redact: bool = False) -> None:
    """Every table as NAME.csv into a folder (made inside the chosen one); with ``redact``
    through the study's redactor, the report (when asked for) beside the folder."""
    study = window.session.study
    choice = None
    if redact:
        choice = ask_redaction(window, "tables")
        if choice is None:
            return
    parent = file_dialogs.existing_folder(window, "Export every table as CSV into",
                                          str(Path(study.path).parent))
    if parent:
        excel = QMessageBox.question(
            window, "CSV for Excel?", "Start each CSV file with a byte order mark, so that Excel "
            "reads it as UTF-8?") == QMessageBox.StandardButton.Yes
        name = f"{study.path.stem}-tables" + ("-redacted" if redact else "")
        start_export(window, Path(parent) / name, csv_folder=True, excel_csv=excel,
                     redact_terms=choice.terms if choice else None,
                     redaction_report=bool(choice and choice.report))


def export_dialog(window: Any, suffix: str, *, quotes: bool = False, redact: bool = False) -> None:
    study = window.session.study
    kind = "Excel workbook (*.xlsx)" if suffix == ".xlsx" else f"{CSV_PLAIN};;{CSV_EXCEL}"
    tail = ("-quotes" if quotes else "") + ("-redacted" if redact else "")
    default = str(Path(study.path).with_name(study.path.stem + tail + suffix))
    choice = None
    if redact:
        choice = ask_redaction(window, "workbook")
        if choice is None:
            return
    name, chosen = file_dialogs.save_file_and_filter(window, "Export evidence", default, kind)
    if name:
        start_export(window, Path(name).with_suffix(suffix), quotes=quotes,
                     redact_terms=choice.terms if choice else None,
                     redaction_report=bool(choice and choice.report), excel_csv=chosen == CSV_EXCEL)


def start_export(window: Any, path: Path, *, quotes: bool = False,
                 show_progress: bool = True, start: bool = True,
                 redact_terms: list[str] | None = None, redaction_report: bool = False,
                 csv_folder: bool = False, excel_csv: bool = False) -> Recompute:
    """Write the export in a worker thread with the Evidence view's filters, with a progress
    dialog whose Cancel stops it (leaving no file); report in the status bar, or a message box
    when it fails. ``redact_terms`` (a list, even empty) redacts it with the study's redactor,
    ``redaction_report`` writes the report beside it. With ``start=False`` the caller starts
    it (``job.run_now()``)."""
    from interviewcoder.core.errors import ExportFailed
    from interviewcoder.services import exporting

    view = getattr(window, "evidence_view", None)
    filters = view.filter_bar.filters() if view is not None else None
    cancelled = threading.Event()
    job = Recompute(window.session, lambda study: None, parent=window, follow=False)

    def progress(table: str, rows: int) -> None:  # in the worker
        if cancelled.is_set():
            raise ExportFailed(f"{path.name}: export cancelled")
        job.report(f"{table}: {rows:,} rows" if rows else f"{table}…")

    pipeline = window.settings.spacy_pipeline or None
    said: dict[Path, str] = {}

    def run(study: Any) -> Path:
        redact = (exporting.study_redactor(study, redact_terms, pipeline)
                  if redact_terms is not None else None)
        written = exporting.export(study, path, filters=filters, quotes=quotes, progress=progress,
                                   redact=redact, csv_folder=csv_folder, excel_csv=excel_csv)
        said[written] = exported_message(study, written, redact, redaction_report, pipeline)
        return written

    job.fn = run
    job.cancel = cancelled.set  # type: ignore[attr-defined]
    dialog = QProgressDialog(f"Exporting {path.name}…", "Cancel", 0, 0, window)
    dialog.setWindowTitle("Export")
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.canceled.connect(cancelled.set)
    job.progress.connect(dialog.setLabelText)
    job.dialog = dialog  # type: ignore[attr-defined]

    def finished(ok: bool, message: str) -> None:
        dialog.reset()
        dialog.hide()
        if ok:
            window.statusBar().showMessage(message, 8000)
        elif cancelled.is_set():
            window.statusBar().showMessage(message, 8000)
        else:
            QMessageBox.warning(window, "Export failed", message)

    job.ready.connect(lambda p: finished(True, said.get(p, f"Exported {p}")))
    job.failed.connect(lambda msg: finished(False, msg))
    window.statusBar().showMessage(f"Exporting {path.name}…")
    if not show_progress:
        dialog.setMinimumDuration(10**9)
    if start:
        job.run_now()
    return job


def exported_message(study: Any, written: Path, redact: Any, report: bool,
                     pipeline: str | None) -> str:
    """The status bar's line after an export: with redaction, how much was replaced, and
    where the report went when one was asked for."""
    from interviewcoder.services import exporting

    if redact is None:
        return f"Exported {written}"
    replaced = sum(redact.counts.kinds.values())
    message = f"Exported {written}, redacted ({replaced:,} replacements)"
    if report:
        path = exporting.write_redaction_report(study, redact, written, pipeline)
        message += f"; report: {path.name} (not for sharing)"
    return message
