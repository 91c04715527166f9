"""A bar above the reader: the new quote crosses a speaker change; split it at the turns?

A quote counts for every participant whose turn it overlaps, so a selection that runs on into
the next speaker's words gives the code to them too. The bar says so when such a quote is made
and offers to split it (one undo step) or keep it; it never blocks coding.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

WARN = "#fff4ce"


class CrossingBar(QWidget):
    split_requested = Signal(int)  # quote id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.quote_id: int | None = None
        self.setObjectName("crossingBar")
        self.setStyleSheet(f"#crossingBar {{ background: {WARN}; border-bottom: 1px solid #e0c36b; }}"
                           "#crossingBar QLabel { color: #3d3000; }")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.split = QPushButton("Split at turns", self)
        self.split.setToolTip("One quote per participant turn, without the interviewer's words "
                              "(Ctrl+Z undoes it)")
        self.keep = QPushButton("Keep as one quote", self)
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Close")
        box = QHBoxLayout(self)
        box.setContentsMargins(8, 4, 6, 4)
        box.addWidget(self.label, 1)
        box.addWidget(self.split)
        box.addWidget(self.keep)
        box.addWidget(close)
        self.split.clicked.connect(self._split)
        self.keep.clicked.connect(self.dismiss)
        close.clicked.connect(self.dismiss)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.hide()

    def show_for(self, quote_id: int, speakers: list[str], counts_for: list[str],
                 can_split: bool) -> None:
        self.quote_id = quote_id
        who = ", ".join(counts_for) if counts_for else "no one"
        self.label.setText(
            f"Quote {quote_id} crosses a speaker change ({' → '.join(speakers)}). A quote counts "
            f"for every participant whose turn it overlaps: this one counts for {who}.")
        self.split.setVisible(can_split)
        self.show()

    def dismiss(self) -> None:
        self.quote_id = None
        self.hide()

    def _split(self) -> None:
        if self.quote_id is not None:
            quote_id = self.quote_id
            self.dismiss()
            self.split_requested.emit(quote_id)
