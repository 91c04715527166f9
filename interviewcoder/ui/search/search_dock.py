"""The Search dock: search every source (FTS5), read hits in context, jump to one in the
reader, code the chosen hits in one undoable step.

Edit → Search all sources (Ctrl+Shift+F) shows it and puts the cursor in the query field.
Typing searches after a short pause (Enter at once); a bad query shows its one-line reason.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.services import search as searching
from interviewcoder.services.operations import Changes
from interviewcoder.ui.common.session import StudySession
from interviewcoder.ui.common.study_cache import StudyCache
from interviewcoder.ui.extensions import register
from interviewcoder.ui.search.search_model import AFTER, BEFORE, MATCH, SOURCE, SPEAKER, SearchModel

SPAN_LABELS = {"sentence": "the sentence", "hit": "the match", "turn": "the turn"}
FIRST_PAGE = 200  # turns shown at first; "Show more" fetches more
ROLES = {"": "Any speaker", "participant": "Participants", "interviewer": "Interviewers",
         "answer": "Survey answers"}
KINDS = {"": "Any source", "interview": "Interviews", "survey": "Surveys"}


class SearchDock(QWidget):
    hit_activated = Signal(int, int, int)  # source id, start, end: show it in the reader
    message = Signal(str)

    def __init__(self, session: StudySession, cache: StudyCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.cache = cache
        self.results: searching.SearchResults | None = None
        self.query = QLineEdit()
        self.query.setPlaceholderText('Search every source: words, "a phrase", prefix*, NEAR(a b)')
        self.query.setClearButtonEnabled(True)
        self.query.setToolTip('Words (all must be there), "an exact phrase", prefix* , '
                              "NEAR(word other, 5), OR, NOT. Case and accents are ignored.")
        self.limit = FIRST_PAGE
        self.query.returnPressed.connect(self.run)
        self.query.textEdited.connect(lambda _t: self._timer.start())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.run)
        self.filters: dict[str, QComboBox] = {}
        for name in ("outcome", "persona"):
            self.filters[name] = QComboBox()
        self.filters["role"] = _combo(ROLES)
        self.filters["kind"] = _combo(KINDS)
        for box in self.filters.values():
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.setMinimumWidth(60)
            box.currentIndexChanged.connect(lambda _i: self.run() if self.query.text().strip() else None)
        self._fill_people_filters()
        self.query.setMinimumWidth(160)
        top = QHBoxLayout()  # the query on its own line, the filters under it: both readable
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.query, 1)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        for box in self.filters.values():
            filters.addWidget(box, 1)
        filters.addStretch(0)

        self.model = SearchModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setShowGrid(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        # A concordance: the context either side takes the room, the match sits in the middle
        # (the words next to it stay visible: the left context is cut on its left).
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(BEFORE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AFTER, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(MATCH, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(SPEAKER, 100)
        header.resizeSection(SOURCE, 120)
        header.setStretchLastSection(False)
        self.view.setItemDelegateForColumn(BEFORE, _ElideLeft(self.view))
        self.view.viewport().installEventFilter(self)
        self.view.doubleClicked.connect(self._activated)
        self.view.activated.connect(self._activated)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.status = QLabel("Type a query and press Enter.")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.code = QComboBox()
        self.code.setEditable(True)
        self.code.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.code.lineEdit().setPlaceholderText("Code to apply")
        self.code.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.code.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.code.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.code.setMinimumContentsLength(10)
        self.span = _combo(SPAN_LABELS)
        self.span.setMinimumWidth(70)
        self.span.setToolTip("What each chosen result codes: the sentence around the match, "
                             "the match only, or the speaker's whole turn")
        self.apply_button = QPushButton("Code selected")
        self.apply_button.setToolTip("Code every selected result with the chosen code, as one "
                                     "step (Ctrl+Z undoes it)")
        self.apply_button.clicked.connect(self.code_selected)
        self.more_button = QPushButton("Show more")
        self.more_button.setToolTip("Show more of the matching turns")
        self.more_button.clicked.connect(lambda: self.run(more=True))
        self.more_button.setVisible(False)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.more_button)
        bottom.addWidget(QLabel("Code"))
        bottom.addWidget(self.span)
        bottom.addWidget(QLabel("with"))
        bottom.addWidget(self.code)
        bottom.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self._fill_codes()
        self._update_buttons()
        cache.updated.connect(self._on_updated)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if obj is self.view.viewport() and event.type() == QEvent.Type.Resize:
            # In a narrow dock the context keeps the room: who and where give way.
            width = self.view.viewport().width()
            header = self.view.horizontalHeader()
            header.resizeSection(SPEAKER, max(60, min(100, width * 16 // 100)))
            header.resizeSection(SOURCE, max(60, min(120, width * 18 // 100)))
        return super().eventFilter(obj, event)

    # --- searching ---------------------------------------------------------------------------

    def run(self, more: bool = False) -> searching.SearchResults | None:
        self._timer.stop()
        self.limit = self.limit * 5 if more else FIRST_PAGE
        text = self.query.text().strip()
        if not text:
            self.results = None
            self.model.set_hits([])
            self.more_button.setVisible(False)
            self.status.setText("Type a query and press Enter.")
            self._update_buttons()
            return None
        chosen = {name: (box.currentData() or None) for name, box in self.filters.items()}
        try:
            self.results = searching.search(self.session.study, text, limit=self.limit, **chosen)
        except InterviewcoderError as exc:
            self.results = None
            self.model.set_hits([])
            self.more_button.setVisible(False)
            self.status.setText(str(exc))
            self._update_buttons()
            return None
        self.model.set_hits(self.results.hits)
        r = self.results
        n = len(r.hits)
        more = f" — the first {len({h.turn_id for h in r.hits})} turns shown" if r.truncated else ""
        self.status.setText(f"{n} hit{'s' if n != 1 else ''} in {r.turns_text()}{more}")
        self.more_button.setVisible(r.truncated)
        self._update_buttons()
        return r

    def focus_query(self) -> None:
        self.query.setFocus()
        self.query.selectAll()

    def selected_hits(self) -> list[searching.Hit]:
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        return [self.model.hit(r) for r in rows]

    # --- coding ------------------------------------------------------------------------------

    def code_selected(self) -> int:
        """Code the selected hits with the chosen code, in one undo step. Returns how many
        spans were coded."""
        hits = self.selected_hits()
        code_id = self._chosen_code()
        if not hits:
            self.message.emit("Select search results first (Ctrl+A selects them all).")
            return 0
        if code_id is None:
            self.message.emit("Choose the code to apply to the selected results.")
            self.code.setFocus()
            return 0
        span = str(self.span.currentData())
        try:
            op = searching.code_hits(self.session.study, hits, (code_id,), span)
            self.session.apply(op)
        except InterviewcoderError as exc:
            self.message.emit(str(exc))
            return 0
        n = len({(h.source_id, *searching.hit_span(self.session.study, h, span)) for h in hits})
        label = self.cache.label(self.cache.codes[code_id])
        self.message.emit(f"Coded {n} search result{'s' if n != 1 else ''} with {label} "
                          "(Ctrl+Z undoes it)")
        return n

    def _chosen_code(self) -> int | None:
        text = self.code.currentText().strip()
        index = self.code.findText(text, Qt.MatchFlag.MatchFixedString)
        return int(self.code.itemData(index)) if index >= 0 else None

    # --- keeping up --------------------------------------------------------------------------

    def _fill_codes(self) -> None:
        current = self.code.currentText()
        self.code.blockSignals(True)
        self.code.clear()
        for cid in self.cache.code_order:
            self.code.addItem(self.cache.label(self.cache.codes[cid]), cid)
        self.code.setCurrentIndex(-1)
        self.code.setEditText(current)
        self.code.blockSignals(False)

    def _fill_people_filters(self) -> None:
        people = self.cache.participants.values()
        for name, values in (("outcome", sorted({p.outcome for p in people if p.outcome})),
                             ("persona", sorted({p.persona for p in people if p.persona}))):
            box = self.filters[name]
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(f"Any {name}", "")
            for v in values:
                box.addItem(v, v)
            box.setCurrentIndex(max(0, box.findData(current)))
            box.blockSignals(False)

    def _on_updated(self, changes: Changes) -> None:
        if changes.codebook or changes.codes - set(self.cache.codes):
            self._fill_codes()
        if changes.participants:
            self._fill_people_filters()
        if changes.sources and not changes.quotes and self.results is not None:
            self.run()  # an import: new text to find

    def _update_buttons(self) -> None:
        self.apply_button.setEnabled(bool(self.view.selectionModel().selectedRows()))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            h = self.model.hit(index.row())
            self.hit_activated.emit(h.source_id, h.start, h.end)


class _ElideLeft(QStyledItemDelegate):
    """The left context is cut on its left, so the words next to the match stay."""

    def initStyleOption(self, option, index) -> None:  # noqa: ANN001, N802 - Qt override
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


def _combo(items: dict[str, str]) -> QComboBox:
    box = QComboBox()
    for key, label in items.items():
        box.addItem(label, key)
    return box


@register
def install(window: Any) -> SearchDock:
    dock_widget = SearchDock(window.session, window.cache)
    dock = window.add_dock(dock_widget, "Search", Qt.DockWidgetArea.BottomDockWidgetArea)
    dock_widget.hit_activated.connect(window.show_span)
    dock_widget.message.connect(window._message)
    window.search = dock_widget

    def open_search() -> None:
        dock.show()
        dock.raise_()
        dock_widget.focus_query()

    edit = next((a.menu() for a in window.menuBar().actions() if a.text() == "&Edit"), None)
    if edit is not None:
        action = edit.addAction("&Search all sources…", open_search)
        action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        window.search_action = action
    return dock_widget
