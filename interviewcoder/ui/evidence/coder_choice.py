"""A "Coder" drop-down for evidence views: everyone's quotes, or one coder's (to compare each
coder's matrices, paths and map). Refilled from the study's coders when the view is shown."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

EVERYONE = "All"


class CoderChoice(QComboBox):
    chosen = Signal()  # the choice changed (not emitted while refilling)

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setToolTip("Count only this coder's quotes (the groups stay everyone who could "
                        "have said it)")
        self.currentIndexChanged.connect(lambda _i: self.chosen.emit())
        self.fill()

    def fill(self) -> None:
        """The study's coders, keeping the current choice when it is still there."""
        current = self.currentText()
        self.blockSignals(True)
        self.clear()
        self.addItems([EVERYONE, *self.session.study.quotes.coders()])
        self.setCurrentIndex(max(0, self.findText(current)))
        self.blockSignals(False)

    def coder(self) -> str | None:
        text = self.currentText()
        return None if text in (EVERYONE, "") else text

    def set_coder(self, name: str | None) -> None:
        self.fill()
        self.setCurrentIndex(max(0, self.findText(name or EVERYONE)))
