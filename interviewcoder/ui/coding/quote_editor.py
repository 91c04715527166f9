"""Edit one quote: its codes, memo and span; or delete it. One undo step for all of it."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.core.spans import snap_to_words
from interviewcoder.services.coding import EditQuote, RemoveQuote, Retag
from interviewcoder.services.operations import Composite, Operation
from interviewcoder.ui.common.session import StudySession
from interviewcoder.ui.common.study_cache import StudyCache
from interviewcoder.ui.common.swatches import swatch
from interviewcoder.ui.reader.reader_view import ReaderView

_WORD = re.compile(r"\S+")


def widen(text: str, start: int, end: int, side: str) -> tuple[int, int]:
    """Take in one more word on ``side`` (start or end)."""
    if side == "start":
        words = [m for m in _WORD.finditer(text, 0, start)]
        return (words[-1].start() if words else start), end
    m = _WORD.search(text, end)
    return start, (m.end() if m else end)


def narrow(text: str, start: int, end: int, side: str) -> tuple[int, int]:
    """Drop one word on ``side``; never leaves the span empty."""
    words = list(_WORD.finditer(text, start, end))
    if len(words) <= 1:
        return start, end
    if side == "start":
        return words[1].start(), end
    return start, words[-2].end()


class QuoteEditor(QDialog):
    def __init__(self, session: StudySession, cache: StudyCache, quote_id: int,
                 reader: ReaderView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.cache = cache
        self.reader = reader
        quote = session.study.quotes.get(quote_id)
        if quote is None:
            raise InterviewcoderError(f"no quote with id {quote_id}")
        self.quote = quote
        self.text = session.study.sources.text(quote.source_id)
        self.start, self.end = quote.start, quote.end
        self.setWindowTitle(f"Quote {quote_id}")
        self.resize(560, 520)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setStyleSheet("background: #fafafa; border: 1px solid #ddd; padding: 6px")
        span = QGridLayout()
        self.span_buttons: dict[str, QPushButton] = {}
        for col, (side, arrow, fn, tip) in enumerate((
            ("start", "◀", widen, "Start one word earlier (take in the word before)"),
            ("start", "▶", narrow, "Start one word later (drop the first word)"),
            ("end", "◀", narrow, "End one word earlier (drop the last word)"),
            ("end", "▶", widen, "End one word later (take in the next word)"),
        )):
            if arrow == "◀":
                span.addWidget(QLabel("Start" if side == "start" else "End"), 0, col + col // 2)
            b = QPushButton(arrow)
            b.setToolTip(tip)
            b.setAccessibleName(tip)
            b.setFixedWidth(b.fontMetrics().horizontalAdvance("◀") + 28)
            b.clicked.connect(lambda _=False, f=fn, s=side: self._move(f, s))
            self.span_buttons[f"{side} {arrow}"] = b
            span.addWidget(b, 0, col + 1 + col // 2)
        span.setColumnStretch(6, 1)
        use = QPushButton("Use reader selection")
        use.setToolTip("Make the quote's span the reader's current selection")
        use.setEnabled(reader is not None and reader.source_id == quote.source_id)
        use.clicked.connect(self._use_selection)
        span.addWidget(use, 0, 7)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter codes (the quote's own codes stay listed)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_codes)
        self.codes = QListWidget()
        for cid in cache.code_order:
            code = cache.codes[cid]
            item = QListWidgetItem(swatch(code.colour), cache.label(code))
            item.setData(Qt.ItemDataRole.UserRole, cid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if cid in quote.code_ids
                               else Qt.CheckState.Unchecked)
            self.codes.addItem(item)
        self.memo = QPlainTextEdit(quote.memo)
        self.memo.setPlaceholderText("Memo: why this quote matters")
        self.memo.setFixedHeight(70)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        delete = buttons.addButton("Delete quote", QDialogButtonBox.ButtonRole.DestructiveRole)
        delete.clicked.connect(self.delete)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview)
        layout.addLayout(span)
        layout.addWidget(QLabel("Codes"))
        layout.addWidget(self.filter)
        layout.addWidget(self.codes, 1)
        layout.addWidget(self.memo)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._show_span()

    def _filter_codes(self, text: str) -> None:
        words = text.casefold().split()
        for i in range(self.codes.count()):
            item = self.codes.item(i)
            keep = (item.checkState() == Qt.CheckState.Checked
                    or all(w in item.text().casefold() for w in words))
            item.setHidden(not keep)

    def _show_span(self) -> None:
        body = self.text[self.start:self.end]
        self.preview.setText(body if len(body) < 1500 else body[:1500] + "…")

    def _move(self, fn, side: str) -> None:  # noqa: ANN001
        self.start, self.end = fn(self.text, self.start, self.end, side)
        self._show_span()

    def _use_selection(self) -> None:
        if self.reader is not None:
            span = self.reader.selected_span()
            if span is not None:
                self.start, self.end = snap_to_words(self.text, *span)
                self._show_span()

    def checked_codes(self) -> set[int]:
        out = set()
        for i in range(self.codes.count()):
            item = self.codes.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.add(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def set_code_checked(self, code_id: int, checked: bool) -> None:
        for i in range(self.codes.count()):
            item = self.codes.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == code_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def operation(self) -> Operation | None:
        q = self.quote
        wanted = self.checked_codes()
        ops: list[Operation] = []
        add = tuple(sorted(wanted - set(q.code_ids)))
        remove = tuple(sorted(set(q.code_ids) - wanted))
        if add or remove:
            ops.append(Retag(q.id, add=add, remove=remove))
        memo = self.memo.toPlainText()
        span_changed = (self.start, self.end) != (q.start, q.end)
        if span_changed or memo != q.memo:
            ops.append(EditQuote(q.id, self.start if span_changed else None,
                                 self.end if span_changed else None,
                                 memo if memo != q.memo else None))
        if not ops:
            return None
        return ops[0] if len(ops) == 1 else Composite(tuple(ops), "Edit quote")

    def save(self) -> None:
        if not self.checked_codes():
            self.error.setText("A quote needs at least one code (or delete it).")
            return
        op = self.operation()
        if op is not None:
            try:
                self.session.apply(op)
            except InterviewcoderError as exc:
                self.error.setText(str(exc))
                return
        self.accept()

    def delete(self) -> None:
        try:
            self.session.apply(RemoveQuote(self.quote.id))
        except InterviewcoderError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
