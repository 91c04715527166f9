"""Source → Earlier texts…: the texts a source had before it was replaced, and putting one back.

The dialog lists the kept versions, newest first (when, by whom, how long), shows the chosen
one's text, and Restore puts it back: its turns, the quote spans it had, and the quotes its
replacement deleted. Quotes made since are re-anchored and must all land, or nothing changes
and the dialog says which. It runs through the session, so Ctrl+Z undoes it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.services import source_replace
from interviewcoder.ui.extensions import register

HEADERS = ("Version", "Replaced at", "By", "Characters")


class HistoryDialog(QDialog):
    def __init__(self, session: Any, source_id: int, source_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.source_id = session, source_id
        self.message = ""
        self.setWindowTitle(f"Earlier texts of {source_name}")
        self.resize(900, 600)
        self.rows = list(reversed(source_replace.versions(session.study, source_id)))
        intro = QLabel(
            "Each row is a text this source had before a corrected transcript replaced it. "
            "Restore puts the chosen text back with its turns and quotes, including the quotes "
            "the replacement deleted; Edit → Undo takes it back.")
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.rows), len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, version in enumerate(self.rows):
            stamp = version["replaced_at"][:16].replace("T", " ") + " UTC"
            for col, value in enumerate((str(version["version"]), stamp, version["coder"],
                                         f"{version['chars']:,}")):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.preview = QPlainTextEdit(readOnly=True)
        self.preview.setPlaceholderText("Choose a version to read its text.")
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.preview)
        split.setSizes([360, 540])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = buttons.addButton("&Restore this text",
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self.restore)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._show)
        self.table.selectRow(0)

    def chosen(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()]["version"] if rows else None

    def _show(self) -> None:
        version = self.chosen()
        self.restore_button.setEnabled(version is not None)
        self.preview.setPlainText("" if version is None else source_replace.version_text(
            self.session.study, self.source_id, version))

    def restore(self) -> None:
        version = self.chosen()
        if version is None:
            return
        try:
            op, lost = source_replace.restore_operation(self.session.study, self.source_id,
                                                        version)
            self.session.apply(op)
        except InterviewcoderError as exc:
            QMessageBox.warning(self, "Restore an earlier text", str(exc))
            return
        back = len(op.restore)
        self.message = f"Version {version} restored (Ctrl+Z undoes it)"
        if back:
            self.message += (f"; {back} quote{'' if back == 1 else 's'} the replacement deleted "
                             f"{'is' if back == 1 else 'are'} back")
        if lost:
            self.message += (f"; {len(lost)} deleted quote{'' if len(lost) == 1 else 's'} "
                             "not made again: every code of it was deleted since")
        self.accept()


def show_earlier_texts(window: Any) -> HistoryDialog | None:
    """The dialog for the source in the reader (non-modal), or a word in the status bar why
    there is none."""
    source_id = window.current_source_id
    if source_id is None:
        window.statusBar().showMessage("Open a source in the reader first", 6000)
        return None
    study = window.session.study
    if not source_replace.versions(study, source_id):
        window.statusBar().showMessage(
            "This source's text has never been replaced: there is no earlier text", 6000)
        return None
    source = study.sources.get(source_id)
    dialog = HistoryDialog(window.session, source_id, source.name if source else "", window)
    dialog.accepted.connect(lambda: window.statusBar().showMessage(dialog.message, 10_000))
    dialog.show()
    window._history_dialog = dialog  # keep it alive
    return dialog


@register
def install(window: Any) -> None:
    menu = window.menu_named("&Source")
    action = menu.addAction("Earlier &texts…", lambda: show_earlier_texts(window))
    action.setStatusTip("The texts this source had before it was replaced; put one back")
    window.earlier_texts_action = action
