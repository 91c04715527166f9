"""Adds the Evidence, Matrix and Paths tabs and File → Export entries to every main window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from interviewcoder.ui.evidence_compute import Recompute
from interviewcoder.ui.evidence_view import EvidenceView
from interviewcoder.ui.extensions import register
from interviewcoder.ui.matrix_view import MatrixView
from interviewcoder.ui.paths_view import PathsView


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


def export_dialog(window: Any, suffix: str, *, quotes: bool = False) -> None:
    study = window.session.study
    kind = "Excel workbook (*.xlsx)" if suffix == ".xlsx" else "CSV (*.csv)"
    default = str(Path(study.path).with_name(study.path.stem + ("-quotes" if quotes else "") + suffix))
    name, _ = QFileDialog.getSaveFileName(window, "Export evidence", default, kind)
    if name:
        start_export(window, Path(name).with_suffix(suffix), quotes=quotes)


def start_export(window: Any, path: Path, *, quotes: bool = False) -> Recompute:
    """Write the export in a worker thread with the Evidence view's filters; report in the
    status bar (or a message box when it fails)."""
    from interviewcoder.services import exporting

    view = getattr(window, "evidence_view", None)
    filters = view.filter_bar.filters() if view is not None else None

    def run(study: Any) -> Path:
        return exporting.export(study, path, filters=filters, quotes=quotes)

    job = Recompute(window.session, run, parent=window, follow=False)
    job.ready.connect(lambda p: window.statusBar().showMessage(f"Exported {p}", 8000))
    job.failed.connect(lambda msg: QMessageBox.warning(window, "Export failed", msg))
    window.statusBar().showMessage(f"Exporting {path.name}…")
    job.run_now()
    return job
