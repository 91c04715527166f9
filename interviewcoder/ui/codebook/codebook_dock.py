"""The Codebook dock: codes by dimension with counts; add, edit, merge, delete, reorder."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMessageBox,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.core.types import Dimension
from interviewcoder.services.codebook import (
    AddCode,
    DeleteCode,
    MergeCodes,
    UpdateCode,
    affected_quotes,
)
from interviewcoder.services.operations import Operation
from interviewcoder.ui.codebook.code_dialogs import CodeDialog, MergeDialog
from interviewcoder.ui.codebook.codebook_model import CodebookModel
from interviewcoder.ui.common.session import StudySession
from interviewcoder.ui.common.study_cache import StudyCache


def ask(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                  QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


class CodebookDock(QWidget):
    code_activated = Signal(int)  # double-click: tag the reader's selection with this code
    code_selected = Signal(object)  # int code id, or None
    error = Signal(str)

    def __init__(self, session: StudySession, cache: StudyCache,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.cache = cache
        self.confirm: Callable[[str, str], bool] = lambda title, text: ask(self, title, text)
        self.model = CodebookModel(cache, self)
        self.model.operation.connect(self.apply)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter codes")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDropIndicatorShown(True)
        self.view.setAcceptDrops(True)
        self.view.setDragEnabled(True)
        self.view.setExpandsOnDoubleClick(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.view.doubleClicked.connect(self._double_clicked)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed count columns: ResizeToContents would ask every row for data on each change.
        self.view.setIndentation(14)
        digits = self.fontMetrics().horizontalAdvance("People") + 10
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(col, digits)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.model.modelReset.connect(self.view.expandAll)
        self.view.expandAll()

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for text, tip, slot in (
            ("+", "Add a code", self.add_dialog),
            ("Edit", "Rename, recolour, describe the selected code", self.edit_dialog),
            ("Merge", "Merge the selected code into another", self.merge_dialog),
            ("Delete", "Delete the selected code", self.delete_selected),
        ):
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.setAutoRaise(True)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    # --- selection ---------------------------------------------------------------------------

    def current_code(self) -> int | None:
        return self.model.code_id(self.view.currentIndex())

    def select_code(self, code_id: int) -> None:
        idx = self.model.index_of(code_id)
        if idx.isValid():
            self.view.setCurrentIndex(idx)
            self.view.scrollTo(idx)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.code_selected.emit(self.model.code_id(current))

    def _double_clicked(self, index: QModelIndex) -> None:
        cid = self.model.code_id(index)
        if cid is not None:
            self.code_activated.emit(cid)
        else:
            self.view.setExpanded(index.siblingAtColumn(0), not self.view.isExpanded(index))

    def _filter(self, text: str) -> None:
        current = self.current_code()
        self.model.set_filter(text)
        if current is not None:
            self.select_code(current)

    # --- actions -----------------------------------------------------------------------------

    def apply(self, op: Operation) -> bool:
        try:
            self.session.apply(op)
        except InterviewcoderError as exc:
            self.error.emit(str(exc))
            return False
        return True

    def add_code(self, dimension: Dimension, name: str, colour: str = "",
                 description: str = "") -> int | None:
        try:
            applied = self.session.apply(AddCode(dimension, name, description, colour))
        except InterviewcoderError as exc:
            self.error.emit(str(exc))
            return None
        self.select_code(applied.result)
        return int(applied.result)

    def add_dialog(self) -> None:
        dim = self.model.dimension(self.view.currentIndex()) or Dimension.STEP
        dialog = CodeDialog(self, dimension=dim)
        if dialog.exec():
            v = dialog.values()
            code_id = self.add_code(v["dimension"], v["name"], v["colour"], v["description"])  # type: ignore[arg-type]
            if code_id is not None and v["memo"]:
                self.update_code(code_id, memo=v["memo"])

    def edit_dialog(self) -> None:
        cid = self.current_code()
        if cid is None:
            return
        code = self.cache.codes[cid]
        dialog = CodeDialog(self, code=code)
        if dialog.exec():
            v = dialog.values()
            self.update_code(cid, name=v["name"], colour=v["colour"], description=v["description"],
                             dimension=v["dimension"], memo=v["memo"])

    def update_code(self, code_id: int, **fields: object) -> bool:
        code = self.cache.codes[code_id]
        changed = {k: v for k, v in fields.items() if v != getattr(code, k)}
        if not changed:
            return False
        ok = self.apply(UpdateCode(code_id, **changed))  # type: ignore[arg-type]
        if ok:
            self.select_code(code_id)
        return ok

    def rename(self, code_id: int, name: str) -> bool:
        return self.update_code(code_id, name=name)

    def merge_dialog(self) -> None:
        cid = self.current_code()
        if cid is None:
            return
        dialog = MergeDialog(self, self.cache, self.cache.codes[cid])
        if dialog.exec() and dialog.target_id() is not None:
            self.merge(cid, dialog.target_id())  # type: ignore[arg-type]

    def merge(self, source_id: int, target_id: int) -> bool:
        source, target = self.cache.codes[source_id], self.cache.codes[target_id]
        n, _ = affected_quotes(self.session.study, source_id)
        text = (f"Merge “{self.cache.label(source)}” into “{self.cache.label(target)}”?\n\n"
                f"{_quotes(n)} will carry “{target.name}” instead, and “{source.name}” "
                "leaves the codebook. You can undo this.")
        if not self.confirm("Merge codes", text):
            return False
        ok = self.apply(MergeCodes(source_id, target_id))
        if ok:
            self.select_code(target_id)
        return ok

    def delete_selected(self) -> None:
        cid = self.current_code()
        if cid is not None:
            self.delete(cid)

    def delete(self, code_id: int) -> bool:
        code = self.cache.codes[code_id]
        n, lonely = affected_quotes(self.session.study, code_id)
        text = f"Delete the code “{self.cache.label(code)}”?\n\n"
        if n:
            text += f"It is on {_quotes(n)}"
            text += (f"; {lonely} of them have no other code and will be deleted too."
                     if lonely else ", which keep their other codes.")
        else:
            text += "No quote carries it."
        text += " You can undo this."
        if not self.confirm("Delete code", text):
            return False
        return self.apply(DeleteCode(code_id))

    def pattern_dialog(self, code_id: int) -> QDialog:
        """The code's own suggestion patterns (kept in the study)."""
        from interviewcoder.ui.codebook.pattern_dialog import PatternDialog

        dialog = PatternDialog(self.session, code_id, self)
        dialog.show()
        return dialog

    def _menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        cid = self.model.code_id(index)
        menu = QMenu(self)
        if cid is not None:
            menu.addAction("Apply to selection", lambda: self.code_activated.emit(cid))
            menu.addSeparator()
            menu.addAction("Edit…", self.edit_dialog)
            menu.addAction("Merge into…", self.merge_dialog)
            menu.addAction("Delete…", self.delete_selected)
            menu.addAction("Suggestion patterns…", lambda: self.pattern_dialog(cid))
            menu.addSeparator()
        menu.addAction("Add code…", self.add_dialog)
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()


def _quotes(n: int) -> str:
    return f"{n} quote" if n == 1 else f"{n} quotes"
