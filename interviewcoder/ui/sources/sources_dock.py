"""The Sources dock: a filter box, a grouping choice, and the sources tree."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.services.sources import SetSourceMemo
from interviewcoder.ui.common.memo_dialog import MemoDialog
from interviewcoder.ui.common.study_cache import StudyCache
from interviewcoder.ui.sources.sources_model import GROUPINGS, SourcesModel


class SourcesDock(QWidget):
    source_selected = Signal(int)

    def __init__(self, cache: StudyCache, grouping: str = "outcome",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self.model = SourcesModel(cache, self)
        self.model.set_grouping(grouping)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter sources, participants, personas")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.grouping = QComboBox()
        for key, label in GROUPINGS.items():
            self.grouping.addItem(label, key)
        self.grouping.setCurrentIndex(list(GROUPINGS).index(self.model.grouping))
        self.grouping.currentIndexChanged.connect(self._regroup)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)  # not ResizeToContents: 10,000 rows
        header.resizeSection(1, 96)
        self.view.setIndentation(14)
        header.resizeSection(2, self.fontMetrics().horizontalAdvance("Quotes") + 14)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.viewport().installEventFilter(self)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.model.modelReset.connect(self._after_reset)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter, 1)
        top.addWidget(self.grouping)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self._current: int | None = None
        self.view.expandAll()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if obj is self.view.viewport() and event.type() == QEvent.Type.Resize:
            # A narrow dock (1.5x scale) keeps the source names readable: the participant
            # column gives way first.
            room = self.view.viewport().width() - self.view.header().sectionSize(2)
            self.view.header().resizeSection(1, max(56, min(120, room * 2 // 5)))
        return super().eventFilter(obj, event)

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)

    def _regroup(self) -> None:
        self.model.set_grouping(self.grouping.currentData())

    def _after_reset(self) -> None:
        self.view.expandAll()
        if self._current is not None:
            idx = self.model.index_of(self._current)
            if idx.isValid():
                self.view.selectionModel().blockSignals(True)
                self.view.setCurrentIndex(idx)
                self.view.selectionModel().blockSignals(False)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        sid = self.model.source_id(current)
        if sid is not None and sid != self._current:
            self._current = sid
            self.source_selected.emit(sid)

    def select_source(self, source_id: int) -> None:
        idx = self.model.index_of(source_id)
        if idx.isValid():
            self.view.setCurrentIndex(idx)
            self.view.scrollTo(idx)
        else:
            self._current = source_id
            self.source_selected.emit(source_id)

    @property
    def current_grouping(self) -> str:
        return self.model.grouping

    # --- memos -------------------------------------------------------------------------------

    def _menu(self, pos: QPoint) -> None:
        sid = self.model.source_id(self.view.indexAt(pos))
        if sid is None:
            return
        menu = QMenu(self)
        menu.addAction("Memo…", lambda: self.edit_memo(sid))
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def edit_memo(self, source_id: int, dialog: MemoDialog | None = None) -> bool:
        """Edit a source's memo (one undo step). ``dialog`` is for tests: already filled in."""
        source = self.cache.study.sources.get(source_id)
        if source is None:
            return False
        if dialog is None:
            dialog = MemoDialog("Source memo", source.name, source.memo, self)
            if not dialog.exec():
                return False
        if dialog.memo() == source.memo:
            return False
        try:
            self.cache.session.apply(SetSourceMemo(source_id, dialog.memo()))
        except InterviewcoderError:
            return False
        return True
