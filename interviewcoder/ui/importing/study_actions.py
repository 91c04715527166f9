"""Menu actions around the study: Import (menu, Ctrl+I, files dropped on the window) and
Participants. Installed on every main window as an extension."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence

from interviewcoder.ui import extensions
from interviewcoder.ui.importing.import_dialog import ImportDialog
from interviewcoder.ui.participants.participants_dialog import ParticipantsDialog

if TYPE_CHECKING:
    from interviewcoder.ui.main_window import MainWindow


def open_import(window: MainWindow, files: Sequence[str | Path] = ()) -> ImportDialog:
    """Show the import dialog (non-modal: the window stays usable while it imports)."""
    dialog = ImportDialog(window.session, files, window)
    dialog.setModal(False)
    dialog.show()
    window._import_dialog = dialog  # type: ignore[attr-defined]  # keep it alive
    return dialog


def open_participants(window: MainWindow) -> ParticipantsDialog:
    dialog = ParticipantsDialog(window.session, window)
    source = window.current_source_id
    if source is not None:
        dialog.mapping.select_source(source)
    dialog.show()
    window._participants_dialog = dialog  # type: ignore[attr-defined]
    return dialog


@extensions.register
def install(window: MainWindow) -> None:
    window.import_action.triggered.connect(lambda: open_import(window))
    window.files_dropped.connect(lambda paths: open_import(window, paths))
    action = window.menuBar().actions()[0].menu().addAction("&Participants…")
    action.setShortcut(QKeySequence("Ctrl+Shift+P"))
    action.setStatusTip("Participants' outcome, persona and attributes; who each speaker is")
    action.triggered.connect(lambda: open_participants(window))
    window.participants_action = action  # type: ignore[attr-defined]
