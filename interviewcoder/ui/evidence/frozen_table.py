"""A table whose first columns stay put while the rest scrolls (Qt's "frozen column" example):
a second view over the same model and selection, laid on top of the left columns."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


class FrozenTableView(QTableView):
    def __init__(self, frozen: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frozen_count = frozen
        self.frozen = QTableView(self)
        self.frozen.setObjectName("frozen_columns")
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.verticalHeader().hide()
        self.frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen.setStyleSheet("QTableView#frozen_columns { border: none; "
                                  "border-right: 1px solid #b8c2cc; }")
        self.viewport().stackUnder(self.frozen)
        self.horizontalHeader().sectionResized.connect(self._section_resized)
        self.verticalHeader().sectionResized.connect(
            lambda row, _old, new: self.frozen.setRowHeight(row, new))
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.frozen.horizontalHeader().setSectionsClickable(True)
        self.frozen.horizontalHeader().sectionClicked.connect(self._frozen_clicked)
        self.horizontalHeader().sortIndicatorChanged.connect(self._mirror_indicator)

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        if model is not None:
            model.modelReset.connect(self._refit)
            model.layoutChanged.connect(self._refit)
        self._refit()

    def setSortingEnabled(self, enable: bool) -> None:  # noqa: N802
        super().setSortingEnabled(enable)
        self.frozen.horizontalHeader().setSortIndicatorShown(enable)

    def setItemDelegate(self, delegate) -> None:  # noqa: ANN001, N802
        super().setItemDelegate(delegate)
        self.frozen.setItemDelegate(delegate)

    def _frozen_clicked(self, column: int) -> None:
        """A click on a frozen header sorts the table, as a click on the others does."""
        if not self.isSortingEnabled():
            return
        header = self.horizontalHeader()
        same = header.sortIndicatorSection() == column
        ascending = Qt.SortOrder.AscendingOrder
        order = (Qt.SortOrder.DescendingOrder if header.sortIndicatorOrder() == ascending
                 else ascending) if same else ascending
        self.sortByColumn(column, order)

    def _mirror_indicator(self, column: int, order: Qt.SortOrder) -> None:
        self.frozen.horizontalHeader().setSortIndicator(column if column < self.frozen_count else -1,
                                                        order)

    def _refit(self) -> None:
        model = self.model()
        if model is None:
            return
        for col in range(model.columnCount()):
            self.frozen.setColumnHidden(col, col >= self.frozen_count)
        for col in range(min(self.frozen_count, model.columnCount())):
            self.frozen.setColumnWidth(col, self.columnWidth(col))
        self.frozen.verticalHeader().setDefaultSectionSize(self.verticalHeader().defaultSectionSize())
        self._place()

    def frozen_width(self) -> int:
        return sum(self.columnWidth(c) for c in range(self.frozen_count))

    def _section_resized(self, column: int, _old: int, new: int) -> None:
        if column < self.frozen_count:
            self.frozen.setColumnWidth(column, new)
            self._place()

    def _place(self) -> None:
        frame = self.frameWidth()
        self.frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
        self.frozen.setGeometry(self.verticalHeader().width() + frame, frame, self.frozen_width(),
                                self.viewport().height() + self.horizontalHeader().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place()

    def updateGeometries(self) -> None:  # noqa: N802 - the header's height is known here
        super().updateGeometries()
        if hasattr(self, "frozen"):
            self._place()

    def moveCursor(self, action: QAbstractItemView.CursorAction,  # noqa: N802
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        current = super().moveCursor(action, modifiers)
        if action == QAbstractItemView.CursorAction.MoveLeft and current.column() >= self.frozen_count:
            visual = self.visualRect(current).topLeft().x()
            if visual < self.frozen_width():
                bar = self.horizontalScrollBar()
                bar.setValue(bar.value() + visual - self.frozen_width())
        return current

    def scrollTo(self, index: QModelIndex,  # noqa: N802
                 hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        if index.column() >= self.frozen_count:
            super().scrollTo(index, hint)
        elif index.isValid():
            super().scrollTo(self.model().index(index.row(), self.frozen_count), hint)
