"""A small dialog to write a memo (a source's or a code's notes)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class MemoDialog(QDialog):
    def __init__(self, title: str, what: str, memo: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(480, 280)
        label = QLabel(what)
        label.setWordWrap(True)
        self.edit = QPlainTextEdit(memo)
        self.edit.setPlaceholderText("Your notes: context, doubts, what to come back to")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit, 1)
        layout.addWidget(buttons)

    def memo(self) -> str:
        return self.edit.toPlainText().strip()
