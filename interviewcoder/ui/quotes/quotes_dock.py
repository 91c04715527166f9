"""The Quotes dock: the current source's quotes, the selected code's, or all, with filters."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.ui.common.study_cache import StudyCache
from interviewcoder.ui.quotes.quotes_model import ALL, QUOTE_ID_ROLE, SOURCE_ID_ROLE, QuotesModel

MODES = {"source": "In this source", "code": "Of the selected code", "all": "All quotes"}


class QuotesDock(QWidget):
    quote_activated = Signal(int, int)  # quote id, source id (double-click: show in reader)
    quote_selected = Signal(int)

    def __init__(self, cache: StudyCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self.model = QuotesModel(cache, self)
        self.menu_hook: Callable[[QMenu, int], None] | None = None
        self._source: int | None = None
        self._code: int | None = None
        self.mode = QComboBox()
        for key, label in MODES.items():
            self.mode.addItem(label, key)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.mode.setMinimumWidth(90)
        self.filters: dict[str, QComboBox] = {}
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.mode)
        self.caption = QLabel()
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setMinimumWidth(0)
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top.addWidget(self.caption, 1)
        for name in ("outcome", "persona", "coder"):
            box = QComboBox()
            # Narrow when the window is (1.5x scale, a laptop): the dock must not set the
            # window's minimum width wider than the screen.
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.setMinimumWidth(64)
            box.addItem(f"Any {name}", ALL)
            box.currentIndexChanged.connect(lambda _i, n=name: self._filter_changed(n))
            self.filters[name] = box
            top.addWidget(box)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((330, 250, 110, 65, 110, 70, 120, 140)):
            header.resizeSection(col, width)
        self.view.doubleClicked.connect(self._activated)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.prepared.connect(self._fill_filters)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._update_caption)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self._update_caption()

    # --- what is shown -----------------------------------------------------------------------

    def show_source(self, source_id: int | None) -> None:
        self._source = source_id
        if self.mode.currentData() == "source":
            self.model.show("source", source_id)

    def show_code(self, code_id: int | None) -> None:
        self._code = code_id
        if code_id is not None and self.mode.currentData() != "code":
            self.mode.setCurrentIndex(list(MODES).index("code"))  # shows it
        elif self.mode.currentData() == "code":
            self.model.show("code", code_id)

    def show_all(self) -> None:
        """Every quote of the study."""
        if self.mode.currentData() != "all":
            self.mode.setCurrentIndex(list(MODES).index("all"))  # shows them
        else:
            self.model.show("all")

    def _mode_changed(self) -> None:
        mode = self.mode.currentData()
        self.model.show(mode, {"source": self._source, "code": self._code}.get(mode))

    def _filter_changed(self, name: str) -> None:
        self.model.set_filter(name, self.filters[name].currentData() or ALL)

    def _fill_filters(self) -> None:
        """The filters' drop-downs, from the values of this fetch (not on every filter change)."""
        for name, box in self.filters.items():
            current = box.currentData() or ALL
            box.blockSignals(True)
            box.clear()
            box.addItem(f"Any {name}", ALL)
            for value in self.model.choices(name):
                box.addItem(value, value)
            box.setCurrentIndex(max(0, box.findData(current)))
            box.blockSignals(False)
            if (box.currentData() or ALL) != self.model.filters[name]:
                self.model.set_filter(name, box.currentData() or ALL)  # that value is gone
        self._update_caption()

    def _update_caption(self) -> None:
        n, total = len(self.model.table), self.model.table.total
        of = f" of {total:,}" if n != total else ""
        self.caption.setText(f"  {n:,} quote{'s' if n != 1 else ''}{of}")

    # --- interaction ---------------------------------------------------------------------------

    def select_quote(self, quote_id: int) -> None:
        row = self.model.row_of(quote_id)
        if row >= 0:
            self.view.selectionModel().blockSignals(True)
            self.view.selectRow(row)
            self.view.selectionModel().blockSignals(False)
            self.view.scrollTo(self.model.index(row, 0))

    def selected_quote(self) -> int | None:
        """The quote of the selected row, or None."""
        rows = self.view.selectionModel().selectedRows()
        return int(rows[0].data(QUOTE_ID_ROLE)) if rows else None

    def select_row(self, row: int) -> None:
        """Select a row by position (clamped to the rows there are), e.g. after a delete."""
        if self.model.rowCount():
            row = min(max(row, 0), self.model.rowCount() - 1)
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def _activated(self, index: QModelIndex) -> None:
        self.quote_activated.emit(index.data(QUOTE_ID_ROLE), index.data(SOURCE_ID_ROLE))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.quote_selected.emit(current.data(QUOTE_ID_ROLE))

    def _menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(self)
        menu.addAction("Show in reader", lambda: self._activated(index))
        if self.menu_hook is not None:
            self.menu_hook(menu, index.data(QUOTE_ID_ROLE))
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()
