"""File → New study: where to put it and which codebook template to start from."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from interviewcoder.store import EXTENSION
from interviewcoder.ui.common import file_dialogs

TEMPLATES = {
    "journey": "Customer journey (steps, anxieties, influences, triggers, jobs, value moments)",
    "blank": "Blank codebook",
}


class NewStudyDialog(QDialog):
    def __init__(self, folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New study")
        self.resize(560, 150)
        self.location = QLineEdit(str(Path(folder) / f"New study{EXTENSION}"))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.location, 1)
        row.addWidget(browse)
        self.templates = QComboBox()
        for key, label in TEMPLATES.items():
            self.templates.addItem(label, key)
        form = QFormLayout(self)
        form.addRow("Study file", row)
        form.addRow("Codebook", self.templates)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        path = file_dialogs.save_file_name(self, "New study", self.location.text(),
                                           f"interviewcoder studies (*{EXTENSION})")
        if path:
            self.location.setText(path)

    def path(self) -> str:
        text = self.location.text().strip()
        return text if text.endswith(EXTENSION) else text + EXTENSION

    def template(self) -> str:
        return str(self.templates.currentData())
