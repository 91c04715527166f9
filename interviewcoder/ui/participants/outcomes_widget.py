"""The study's outcomes: the list the drop-downs offer, with add, rename and merge (undoable)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.services import outcomes
from interviewcoder.services.operations import Operation
from interviewcoder.ui.common.session import StudySession


class OutcomesWidget(QWidget):
    """Each outcome with how many participants have it; Add, Rename, Merge into…"""

    def __init__(self, session: StudySession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.list = QListWidget()
        self.note = QLabel("Outcomes are the groups every share is taken over. Merge a stray "
                           "outcome (a typo such as 'churn') into the one it means.")
        self.note.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, slot in (("Add…", self._ask_add), ("Rename…", self._ask_rename),
                           ("Merge into…", self._ask_merge)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        self.reload()
        session.changed.connect(self._on_changed)

    def _on_changed(self, changes: Any) -> None:
        if changes.outcomes or changes.participants:
            self.reload()

    def reload(self) -> None:
        study = self._session.study
        usage = study.outcomes.usage()
        current = self.current()
        self.list.clear()
        for name in outcomes.known(study):
            item = QListWidgetItem(f"{name}  ({usage.get(name, 0)} participants)")
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.list.addItem(item)
            if name == current:
                self.list.setCurrentItem(item)

    def names(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def current(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    # --- changes (each one undo step) ------------------------------------------------------

    def _apply(self, op: Operation, done: str) -> bool:
        try:
            self._session.apply(op)
        except InterviewcoderError as exc:
            self.note.setText(str(exc))
            return False
        self.note.setText(done + " Ctrl+Z undoes.")
        return True

    def add(self, name: str) -> bool:
        return self._apply(outcomes.AddOutcome(name), f"Added the outcome {name!r}.")

    def rename(self, old: str, new: str) -> bool:
        return self._apply(outcomes.RenameOutcome(old, new), f"Renamed {old!r} to {new!r}.")

    def merge(self, source: str, into: str) -> bool:
        return self._apply(outcomes.MergeOutcome(source, into),
                           f"Merged {source!r} into {into!r}.")

    def _ask_add(self) -> None:
        name, ok = QInputDialog.getText(self, "Add outcome", "New outcome:")
        if ok and name.strip():
            self.add(name)

    def _ask_rename(self) -> None:
        old = self.current()
        if old is None:
            self.note.setText("Choose the outcome to rename.")
            return
        new, ok = QInputDialog.getText(self, "Rename outcome", f"Rename {old!r} to:", text=old)
        if ok and new.strip():
            self.rename(old, new)

    def _ask_merge(self) -> None:
        source = self.current()
        if source is None:
            self.note.setText("Choose the outcome to merge into another.")
            return
        others = [n for n in outcomes.choices(self._session.study) if n != source]
        into, ok = QInputDialog.getItem(self, "Merge outcome",
                                        f"Give every participant of {source!r} the outcome:",
                                        others, 0, False)
        if ok and into:
            self.merge(source, into)
