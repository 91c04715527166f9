"""Source → Replace with corrected transcript…: the plan, the quotes to decide, then one undo step.

The dialog shows what the replacement would do (quotes that stay on their words, quotes that
follow moved text, speakers and who they are), and lists every quote that could not be placed
with confidence with its old text and best candidate. For each the researcher chooses: accept
the candidate, delete the quote, or select its words in the corrected text and use that span.
Replace is enabled once every quote is decided; it runs through the session, so Ctrl+Z undoes it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.importers import registry
from interviewcoder.services import source_replace
from interviewcoder.services.source_replace import ACCEPT, DELETE, MOVE, Plan
from interviewcoder.ui.common import file_dialogs
from interviewcoder.ui.extensions import register
from interviewcoder.ui.reader.reader_layout import Utf16Index

CHOOSE, USE_ACCEPT, USE_DELETE, USE_SELECTION = (
    "Choose…", "Accept the candidate", "Delete the quote", "Use the selected words")


class ReplaceDialog(QDialog):
    def __init__(self, session: Any, plan: Plan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.plan = plan
        self.decisions: dict[int, tuple[Any, ...]] = {}
        self.setWindowTitle(f"Replace source text with {plan.file}")
        self.resize(1000, 700)
        counts = plan.to_dict()["quotes"]
        summary = QLabel(
            f"<b>{plan.file}</b>: {len(plan.turns)} turns, {len(plan.text.split()):,} words.<br>"
            f"Quotes: <b>{counts['same']}</b> stay on their words, <b>{counts['moved']}</b> follow "
            f"text that moved, <b>{counts['review']}</b> need your decision (their text changed or "
            "went). The old text is kept in the study's history; Edit → Undo restores it.")
        summary.setWordWrap(True)

        self.speakers = QTableWidget(len(plan.speakers), 3)
        self.speakers.setHorizontalHeaderLabels(["Speaker", "Is", "Why"])
        for row, s in enumerate(plan.speakers):
            who = s.role.value if not s.participant else f"{s.role.value}: {s.participant}"
            if s.how.startswith("new speaker"):
                who += " (new participant)"
            for col, text in enumerate((s.speaker or "(no label)", who, s.how)):
                self.speakers.setItem(row, col, QTableWidgetItem(text))
        self._tidy(self.speakers)

        self.review = QTableWidget(len(plan.review), 4)
        self.review.setHorizontalHeaderLabels(["Quote", "Was", "Best candidate in the new text",
                                               "Decision"])
        self.combos: dict[int, QComboBox] = {}
        for row, m in enumerate(plan.review):
            self.review.setItem(row, 0, QTableWidgetItem(f"#{m.quote_id}"))
            was = QTableWidgetItem(m.old_text)
            was.setToolTip(f"{m.old_text}\n\n({m.reason})")
            self.review.setItem(row, 1, was)
            cand = QTableWidgetItem(m.text if m.start is not None else "(none: the words are gone)")
            self.review.setItem(row, 2, cand)
            combo = QComboBox()
            combo.addItems([CHOOSE, USE_ACCEPT, USE_DELETE, USE_SELECTION])
            if m.start is None:
                combo.model().item(1).setEnabled(False)  # type: ignore[attr-defined]
            combo.currentTextChanged.connect(lambda text, q=m.quote_id: self._decide(q, text))
            self.review.setCellWidget(row, 3, combo)
            self.combos[m.quote_id] = combo
        self._tidy(self.review)
        self.review.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.review.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.review.currentCellChanged.connect(lambda row, *_: self._show_row(row))

        self.preview = QPlainTextEdit(plan.text)
        self.preview.setReadOnly(True)
        self._index = Utf16Index(plan.text)
        accept_all = QPushButton("Accept every candidate")
        accept_all.clicked.connect(self.accept_all_candidates)

        split = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_box = QVBoxLayout(top)
        top_box.setContentsMargins(0, 0, 0, 0)
        top_box.addWidget(QLabel("Quotes that need a decision (select a row to see its candidate "
                                 "below; to move a quote, select its words below and choose "
                                 "“Use the selected words”):" if plan.review
                                 else "Every quote stays on its words."))
        top_box.addWidget(self.review)
        top_box.addWidget(accept_all)
        accept_all.setEnabled(any(m.start is not None for m in plan.review))
        split.addWidget(top)
        split.addWidget(self.preview)
        split.addWidget(self.speakers)
        split.setSizes([300, 280, 120])

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.replace_button = self.buttons.addButton("Replace", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(summary)
        box.addWidget(split, 1)
        box.addWidget(self.buttons)
        self._update()
        if plan.review:
            self.review.selectRow(0)

    @staticmethod
    def _tidy(table: QTableWidget) -> None:
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.plan.review):
            m = self.plan.review[row]
            if m.start is not None:
                self.select_in_preview(m.start, m.end)  # type: ignore[arg-type]

    def select_in_preview(self, start: int, end: int) -> None:
        cursor = self.preview.textCursor()
        cursor.setPosition(self._index.to16(start))
        cursor.setPosition(self._index.to16(end), cursor.MoveMode.KeepAnchor)
        self.preview.setTextCursor(cursor)
        self.preview.centerCursor()

    def _selection(self) -> tuple[int, int] | None:
        cursor = self.preview.textCursor()
        if not cursor.hasSelection():
            return None
        a = self._index.from16(cursor.selectionStart())
        b = self._index.from16(cursor.selectionEnd())
        text = self.plan.text
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        return (a, b) if b > a else None

    def _decide(self, quote_id: int, choice: str) -> None:
        if choice == USE_ACCEPT:
            self.decisions[quote_id] = (ACCEPT,)
        elif choice == USE_DELETE:
            self.decisions[quote_id] = (DELETE,)
        elif choice == USE_SELECTION:
            span = self._selection()
            if span is None:
                QMessageBox.information(self, "Move the quote",
                                        "Select the quote's words in the corrected text first.")
                self.combos[quote_id].setCurrentText(CHOOSE)
                return
            self.decisions[quote_id] = (MOVE, *span)
            row = next(i for i, m in enumerate(self.plan.review) if m.quote_id == quote_id)
            self.review.item(row, 2).setText(self.plan.text[span[0]:span[1]])
        else:
            self.decisions.pop(quote_id, None)
        self._update()

    def accept_all_candidates(self) -> None:
        for m in self.plan.review:
            if m.start is not None and m.quote_id not in self.decisions:
                self.combos[m.quote_id].setCurrentText(USE_ACCEPT)

    def _update(self) -> None:
        left = sum(1 for m in self.plan.review if m.quote_id not in self.decisions)
        self.replace_button.setEnabled(left == 0)
        self.replace_button.setToolTip("" if left == 0 else f"{left} quotes still need a decision")

    def apply(self) -> None:
        try:
            op = source_replace.operation(self.plan, self.decisions)
            self.applied = self.session.apply(op)
        except InterviewcoderError as exc:
            QMessageBox.warning(self, "Replace source text", str(exc))
            return
        self.accept()


def replace_current_source(window: Any, path: str | None = None) -> ReplaceDialog | None:
    """Ask for the corrected file, plan the replacement and show the dialog (non-modal)."""
    source_id = window.current_source_id
    if source_id is None:
        window.statusBar().showMessage("Open a source in the reader first", 6000)
        return None
    if path is None:
        path = file_dialogs.open_file_name(window, "Corrected transcript",
                                           window.settings.last_folder, registry.dialog_filter())
        if not path:
            return None
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        plan = source_replace.plan(window.session.study, source_id, Path(path))
    except InterviewcoderError as exc:
        QGuiApplication.restoreOverrideCursor()
        QMessageBox.warning(window, "Replace source text", str(exc))
        return None
    QGuiApplication.restoreOverrideCursor()
    dialog = ReplaceDialog(window.session, plan, window)
    dialog.accepted.connect(lambda: window.statusBar().showMessage(
        f"Source text replaced by {plan.file} (Ctrl+Z undoes it)", 8000))
    dialog.show()
    window._replace_dialog = dialog  # keep it alive
    return dialog


@register
def install(window: Any) -> None:
    menu = window.menu_named("&Source")
    action = menu.addAction("&Replace with corrected transcript…", lambda: replace_current_source(window))
    action.setShortcut(QKeySequence("Ctrl+Shift+R"))
    action.setStatusTip("Import a corrected version of this transcript; quotes move with their words")
    window.replace_source_action = action
