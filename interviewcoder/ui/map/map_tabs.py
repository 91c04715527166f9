"""Adds the Map tab and File → Export → Journey map to every main window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.ui.common import file_dialogs
from interviewcoder.ui.extensions import register
from interviewcoder.ui.map.map_view import MapView

FILTER = "PNG image, 2× (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"
FORMATS = (".png", ".svg", ".pdf")  # map_export.FORMATS (imported when exporting: QtSvg is slow)


@register
def install(window: Any) -> None:
    view = MapView(window.session)
    view.quote_activated.connect(window.show_quote)
    view.export_button.clicked.connect(lambda: export_dialog(window))
    window.map_view = view
    window.add_tab(view, "Map")
    menu = getattr(window, "export_menu", None)
    if menu is not None:
        menu.addSeparator()
        menu.addAction("Journey map (.png, .svg, .pdf)…", lambda: export_dialog(window))
        menu.addAction("Redacted journey map for sharing…", lambda: export_dialog(window, redact=True))


def export_dialog(window: Any, *, redact: bool = False) -> Path | None:
    study = window.session.study
    terms: list[str] = []
    if redact:
        text, ok = QInputDialog.getText(
            window, "Redact for sharing",
            "Participant and speaker names, e-mails, phone numbers and URLs are replaced.\n"
            "Other terms to replace (comma-separated, e.g. company names):")
        if not ok:
            return None
        terms = [t.strip() for t in text.split(",") if t.strip()]
    default = str(Path(study.path).with_name(study.path.stem + "-map" + ("-redacted" if redact else "")
                                             + ".png"))
    name, chosen = file_dialogs.save_file_and_filter(window, "Export the journey map", default,
                                                     FILTER)
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in FORMATS:
        path = path.with_suffix("." + chosen.split("*.")[-1].rstrip(")") if "*." in chosen else ".png")
    return export_map(window, path, redact_terms=terms if redact else None)


def export_map(window: Any, path: Path, *, redact_terms: list[str] | None = None) -> Path | None:
    """Write the Map tab's map (its filters and moves shown) to ``path``; say so in the status
    bar, or in a message box when it fails."""
    from interviewcoder.services import journey_map
    from interviewcoder.ui.map import map_export

    view: MapView = window.map_view
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        journey = view.journey or journey_map.build(window.session.study, view.filters())
        redact = None
        if redact_terms is not None:
            from interviewcoder.services.exporting import study_redactor

            redact = study_redactor(window.session.study, redact_terms,
                                    window.settings.spacy_pipeline or None)
        written = map_export.write(journey, path, text_fn=redact, min_move=view.min_move)
    except (InterviewcoderError, OSError) as exc:
        QApplication.restoreOverrideCursor()
        QMessageBox.warning(window, "Export failed", str(exc))
        return None
    QApplication.restoreOverrideCursor()
    window.statusBar().showMessage(f"Exported the journey map to {written}", 8000)
    return written
