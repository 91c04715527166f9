"""A code's own suggestion patterns (kept in the study): list, add a phrase or JSON, remove."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.services import suggestions
from interviewcoder.services.operations import Changes
from interviewcoder.ui.common.session import StudySession


def _shown(pattern: str) -> str:
    value = json.loads(pattern)
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class PatternDialog(QDialog):
    """Patterns that make the Suggestions panel propose this code, besides the curated ones."""

    def __init__(self, session: StudySession, code_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.code_id = code_id
        code = session.study.codes.get(code_id)
        self.setWindowTitle(f"Suggestion patterns — {code.label if code else code_id}")
        self.resize(520, 360)
        self.list = QListWidget()
        self.entry = QLineEdit(placeholderText='a phrase (e.g. "asked around") or JSON token patterns')
        self.entry.returnPressed.connect(self.add)
        add = QPushButton("Add")
        add.clicked.connect(self.add)
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_selected)
        self.message = QLabel("Phrases match case-insensitively. Suggestions update at once.")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.entry, 1)
        row.addWidget(add)
        row.addWidget(remove)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        for p in suggestions.list_patterns(self._session.study, self.code_id):
            item = QListWidgetItem(_shown(p.pattern))
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.list.addItem(item)

    def add(self) -> bool:
        text = self.entry.text().strip()
        if not text:
            return False
        try:
            suggestions.add_pattern(self._session.study, self.code_id, text, self._session.coder)
        except InterviewcoderError as exc:
            self.message.setText(str(exc))
            return False
        self.entry.clear()
        self.message.setText("Added.")
        self._changed()
        return True

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            suggestions.remove_pattern(self._session.study, item.data(Qt.ItemDataRole.UserRole),
                                       self._session.coder)
        self._changed()

    def _changed(self) -> None:
        self.reload()
        # the suggestions panel suggests again on a codebook change
        self._session.notify(Changes(codes=frozenset({self.code_id}), codebook=True))
