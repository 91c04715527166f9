"""Dialogs for the codebook: a code's name, dimension, colour and description; merge target."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from interviewcoder.core.types import Code, Dimension
from interviewcoder.ui.common.study_cache import StudyCache
from interviewcoder.ui.common.swatches import swatch


class CodeDialog(QDialog):
    """Add or edit a code."""

    def __init__(self, parent: QWidget | None, *, code: Code | None = None,
                 dimension: Dimension = Dimension.STEP, colour: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit code" if code else "Add code")
        form = QFormLayout(self)
        self.name = QLineEdit(code.name if code else "")
        self.name.setPlaceholderText("e.g. Compared vendors")
        self.dimension = QComboBox()
        for d in Dimension:
            self.dimension.addItem(d.label, d.value)
        self.dimension.setCurrentIndex(list(Dimension).index(code.dimension if code else dimension))
        self.colour = code.colour if code else colour
        self.colour_button = QPushButton("Choose…")
        self.colour_button.clicked.connect(self._choose_colour)
        self.description = QPlainTextEdit(code.description if code else "")
        self.description.setPlaceholderText("What counts as this code (shown as a tooltip)")
        self.description.setFixedHeight(80)
        self.memo = QPlainTextEdit(code.memo if code else "")
        self.memo.setPlaceholderText("Your notes on this code: doubts, decisions, what to look for")
        self.memo.setFixedHeight(80)
        form.addRow("Name", self.name)
        form.addRow("Dimension", self.dimension)
        form.addRow("Colour", self.colour_button)
        form.addRow("Description", self.description)
        form.addRow("Memo", self.memo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._show_colour()
        self.name.setFocus()

    def _show_colour(self) -> None:
        if self.colour:
            self.colour_button.setIcon(swatch(self.colour))
            self.colour_button.setText(self.colour)
        else:
            self.colour_button.setText("Automatic")

    def _choose_colour(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.colour or "#cccccc"), self, "Code colour")
        if chosen.isValid():
            self.colour = chosen.name()
            self._show_colour()

    def values(self) -> dict[str, object]:
        return {
            "name": self.name.text().strip(),
            "dimension": Dimension(self.dimension.currentData()),
            "colour": self.colour,
            "description": self.description.toPlainText().strip(),
            "memo": self.memo.toPlainText().strip(),
        }


class MergeDialog(QDialog):
    """Choose the code another code is merged into."""

    def __init__(self, parent: QWidget | None, cache: StudyCache, source: Code) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge code")
        form = QFormLayout(self)
        form.addRow(QLabel(f"Merge <b>{cache.label(source)}</b> into:"))
        self.target = QComboBox()
        for cid in cache.code_order:
            code = cache.codes[cid]
            if cid != source.id:
                self.target.addItem(swatch(code.colour), cache.label(code), cid)
        same = [i for i in range(self.target.count())
                if cache.codes[self.target.itemData(i)].dimension == source.dimension]
        if same:
            self.target.setCurrentIndex(same[0])
        form.addRow(self.target)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def target_id(self) -> int | None:
        value = self.target.currentData()
        return int(value) if value is not None else None
