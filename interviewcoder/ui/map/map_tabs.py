"""Adds the Map tab and File → Export → Journey map to every main window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.ui.common import file_dialogs
from interviewcoder.ui.common.redact_dialog import ask_redaction
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
    choice = None
    if redact:
        choice = ask_redaction(window, "map")
        if choice is None:
            return None
    default = str(Path(study.path).with_name(study.path.stem + "-map" + ("-redacted" if redact else "")
                                             + ".png"))
    name, chosen = file_dialogs.save_file_and_filter(window, "Export the journey map", default,
                                                     FILTER)
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in FORMATS:
        path = path.with_suffix("." + chosen.split("*.")[-1].rstrip(")") if "*." in chosen else ".png")
    return export_map(window, path, redact_terms=choice.terms if choice else None,
                      redaction_report=bool(choice and choice.report))


def export_map(window: Any, path: Path, *, redact_terms: list[str] | None = None,
               redaction_report: bool = False) -> Path | None:
    """Write the Map tab's map (its filters and moves shown) to ``path``; say so in the status
    bar, or in a message box when it fails. ``redact_terms`` (a list, even empty) redacts every
    word drawn with the study's redactor; ``redaction_report`` writes its report beside it."""
    from interviewcoder.services import journey_map
    from interviewcoder.ui.map import map_export

    view: MapView = window.map_view
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        journey = view.journey or journey_map.build(window.session.study, view.filters())
        redact = None
        pipeline = window.settings.spacy_pipeline or None
        if redact_terms is not None:
            from interviewcoder.services.exporting import study_redactor

            redact = study_redactor(window.session.study, redact_terms, pipeline)
        written = map_export.write(journey, path, text_fn=redact, min_move=view.min_move)
        message = f"Exported the journey map to {written}"
        if redact is not None:
            message += f", redacted ({sum(redact.counts.kinds.values()):,} replacements)"
            if redaction_report:
                from interviewcoder.services.exporting import write_redaction_report

                report = write_redaction_report(window.session.study, redact, written, pipeline)
                message += f"; report: {report.name} (not for sharing)"
    except (InterviewcoderError, OSError) as exc:
        QApplication.restoreOverrideCursor()
        QMessageBox.warning(window, "Export failed", str(exc))
        return None
    QApplication.restoreOverrideCursor()
    window.statusBar().showMessage(message, 8000)
    return written
