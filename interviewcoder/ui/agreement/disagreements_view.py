"""The Disagreements view: for one code, the units where the coders differ, side by side.

Each row gives where the unit is, its text and every coder's codes on it (✓ gave this code,
✗ did not). Double-click (or Open in reader) jumps to the unit; "Accept NAME's version" makes
every other coder's coding of the code on the selected units NAME's (one undo step).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.services.agreement import Disagreement
from interviewcoder.services.agreement_resolve import AcceptVersions
from interviewcoder.ui.agreement.agreement_model import DisagreementsModel


class DisagreementsView(QWidget):
    jump = Signal(int, int, int)  # source id, start, end
    accepted = Signal(str)  # what was done, for the status bar

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.title = QLabel("Choose a code above to see where the coders differ.", self)
        self.title.setWordWrap(True)
        self.model = DisagreementsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.open_button = QPushButton("Open in reader", self)
        self.open_button.clicked.connect(self._open_selected)
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.open_button)
        self.accept_buttons: dict[str, QPushButton] = {}
        self.buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.title)
        box.addWidget(self.table, 1)
        box.addLayout(self.buttons)
        self.coders: list[str] = []
        self.code_name = ""
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def show_code(self, code_name: str, rows: list[Disagreement], coders: list[str]) -> None:
        self.code_name = code_name
        if coders != self.coders:
            self._make_accept_buttons(coders)
        self.model.set_rows(rows, coders)
        n = len(rows)
        self.title.setText(f"{code_name}: {n} unit{'s' if n != 1 else ''} where the coders differ"
                           if n else f"{code_name}: the coders agree on every unit.")
        for col in range(len(coders) + 1):
            self.table.resizeColumnToContents(col)
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), 260))
        self._update_buttons()

    def clear(self, text: str = "Choose a code above to see where the coders differ.") -> None:
        self.model.set_rows([], self.coders)
        self.title.setText(text)
        self._update_buttons()

    def _make_accept_buttons(self, coders: list[str]) -> None:
        for button in self.accept_buttons.values():
            self.buttons.removeWidget(button)
            button.deleteLater()
        self.accept_buttons = {}
        for coder in coders:
            button = QPushButton(f"Accept {coder}'s version", self)
            button.setToolTip(f"Make every other coder's coding of this code on the selected "
                              f"units the same as {coder}'s (Ctrl+Z undoes it)")
            button.clicked.connect(lambda _=False, c=coder: self.accept(c))
            self.buttons.addWidget(button)
            self.accept_buttons[coder] = button
        self.coders = list(coders)

    def selected(self) -> list[Disagreement]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r] for r in rows if 0 <= r < len(self.model.rows)]

    def _update_buttons(self, *_: object) -> None:
        chosen = bool(self.table.selectionModel().selectedRows())
        self.open_button.setEnabled(chosen)
        for button in self.accept_buttons.values():
            button.setEnabled(chosen)

    def _open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._open(rows[0].row())

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.model.rows):
            d = self.model.rows[row]
            if d.source_id is not None:
                self.jump.emit(d.source_id, d.start, d.end)

    def accept(self, coder: str) -> bool:
        """Accept ``coder``'s version on the selected units (one undo step)."""
        chosen = self.selected()
        if not chosen:
            return False
        try:
            self.session.apply(AcceptVersions(tuple(chosen), coder, tuple(self.coders)))
        except InterviewcoderError as exc:
            self.accepted.emit(f"Cannot accept {coder}'s version: {exc}")
            return False
        self.accepted.emit(f"Accepted {coder}'s coding of {self.code_name} on "
                           f"{len(chosen)} unit{'s' if len(chosen) != 1 else ''}")
        return True
