"""Participants: the people table (editable in place, bulk edits, merge, delete), each
source's speakers, and the study's outcomes. Every change is one undo step."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.services import outcomes
from interviewcoder.services.operations import Composite, Operation
from interviewcoder.services.participants import (
    DeleteParticipant,
    MergeParticipants,
    UpdateParticipant,
    update_many_op,
)
from interviewcoder.ui.common.session import StudySession
from interviewcoder.ui.participants.delegates import ChoiceDelegate
from interviewcoder.ui.participants.outcomes_widget import OutcomesWidget
from interviewcoder.ui.participants.participant_table_model import ParticipantTableModel
from interviewcoder.ui.participants.speaker_mapping import INTERVIEWER, SpeakerMappingWidget

__all__ = ["INTERVIEWER", "ParticipantsDialog", "SpeakerMappingWidget"]
MAX_COLUMN = 280


class ParticipantsDialog(QDialog):
    """People (participants and interviewers), Speakers → participants, Outcomes."""

    def __init__(self, session: StudySession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Participants")
        self.resize(980, 560)
        self._session = session
        self.model = ParticipantTableModel(session)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setResizeContentsPrecision(200)  # fit columns to the first rows, not all
        self.view.verticalHeader().setResizeContentsPrecision(200)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        self.view.setEditTriggers(QTableView.EditTrigger.DoubleClicked
                                  | QTableView.EditTrigger.EditKeyPressed
                                  | QTableView.EditTrigger.AnyKeyPressed)
        self.view.setItemDelegateForColumn(
            self.model.column("Outcome"),
            ChoiceDelegate(lambda: outcomes.choices(session.study), self.view))
        self.view.setItemDelegateForColumn(
            self.model.column("Role"), ChoiceDelegate(lambda: ["participant", "interviewer"],
                                                      self.view))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a00;")
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.set_button = QPushButton("Set for selected")
        self.set_button.setMenu(QMenu(self.set_button))
        self.set_button.menu().aboutToShow.connect(lambda: self._fill_set_menu(self.set_button.menu()))
        self.merge_button = QPushButton("Merge into…")
        self.merge_button.clicked.connect(self._ask_merge)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_selection)
        QShortcut(QKeySequence.StandardKey.Delete, self.view, self.delete_selection,
                  context=Qt.ShortcutContext.WidgetShortcut)
        buttons_row = QHBoxLayout()
        for b in (self.set_button, self.merge_button, self.delete_button):
            buttons_row.addWidget(b)
        buttons_row.addStretch(1)

        self.memo = QPlainTextEdit()
        self.memo.setPlaceholderText("Memo of the selected participant")
        self.memo.setMaximumHeight(self.fontMetrics().height() * 4 + 12)
        self.memo_button = QPushButton("Save memo")
        self.memo_button.setToolTip("Ctrl+Return")
        self.memo_button.clicked.connect(self.save_memo)
        QShortcut(QKeySequence("Ctrl+Return"), self.memo, self.save_memo,
                  context=Qt.ShortcutContext.WidgetShortcut)
        memo_row = QHBoxLayout()
        memo_row.addWidget(self.memo, 1)
        memo_row.addWidget(self.memo_button, alignment=Qt.AlignmentFlag.AlignTop)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_memo())
        self.model.dataChanged.connect(self._sync_memo)
        self.model.modelReset.connect(self._sync_memo)
        self._show_memo()

        people = QWidget()
        pl = QVBoxLayout(people)
        pl.addWidget(QLabel("Double-click a cell to edit it; select several rows to set them "
                            "together. Changes are saved at once; Ctrl+Z undoes. Interviewers "
                            "(grey) are in no group."))
        pl.addWidget(self.view)
        pl.addLayout(buttons_row)
        pl.addLayout(memo_row)
        pl.addWidget(self.status)
        pl.addWidget(self.error)
        self.mapping = SpeakerMappingWidget(session)
        self.outcomes = OutcomesWidget(session)
        self.tabs = QTabWidget()
        self.tabs.addTab(people, "People")
        self.tabs.addTab(self.mapping, "Speakers → participants")
        self.tabs.addTab(self.outcomes, "Outcomes")
        self.tabs.currentChanged.connect(self._tab_changed)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(close)
        self.model.dataChanged.connect(lambda *_: self.error.setText(self.model.last_error))
        self.model.modelAboutToBeReset.connect(self._keep_view)
        self.model.modelReset.connect(self._restore_view)
        self._scroll = (0, 0)
        self._selected: list[int] = []
        self._fit_columns()

    # --- the view --------------------------------------------------------------------------

    def _fit_columns(self) -> None:
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        for c in range(self.model.columnCount()):
            if header.sectionSize(c) > MAX_COLUMN:
                header.resizeSection(c, MAX_COLUMN)

    def _keep_view(self) -> None:
        self._scroll = (self.view.verticalScrollBar().value(),
                        self.view.horizontalScrollBar().value())
        self._selected = self.selected_participants()

    def _restore_view(self) -> None:
        """After the rows or columns changed: the same scroll position and selection."""
        self.error.setText(self.model.last_error)
        self._fit_columns()
        selection = self.view.selectionModel()
        for pid in self._selected:
            row = self.model.row_of(pid)
            if row >= 0:
                selection.select(self.model.index(row, 0),
                                 QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)
        self.view.verticalScrollBar().setValue(self._scroll[0])
        self.view.horizontalScrollBar().setValue(self._scroll[1])

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is not self.mapping and self.mapping.pending():
            self.mapping.apply()

    def done(self, result: int) -> None:  # noqa: D102 - a name typed in Speakers is kept
        if self.mapping.pending():
            self.mapping.apply()
        super().done(result)

    # --- the memo of the current participant ------------------------------------------------

    def _current(self):  # noqa: ANN202 - Participant | None
        index = self.view.currentIndex()
        return self.model.participant(index.row()) if index.isValid() else None

    def _show_memo(self) -> None:
        p = self._current()
        self.memo.setEnabled(p is not None)
        self.memo_button.setEnabled(p is not None)
        self.memo.setPlainText(p.memo if p is not None else "")

    def _sync_memo(self, *_args: object) -> None:
        if not self.memo.hasFocus():  # never overwrite what is being typed
            self._show_memo()

    def save_memo(self) -> bool:
        p = self._current()
        if p is None or self.memo.toPlainText() == p.memo:
            return False
        return self._apply(UpdateParticipant(p.id, memo=self.memo.toPlainText()),
                           f"Memo of {p.name!r} saved.")

    # --- the selection ---------------------------------------------------------------------

    def selected_participants(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [p.id for r in rows if (p := self.model.participant(r)) is not None]

    def _apply(self, op: Operation, done: str) -> bool:
        try:
            self._session.apply(op)
        except InterviewcoderError as exc:
            self.error.setText(str(exc))
            return False
        self.error.setText("")
        self.status.setText(done + " Ctrl+Z undoes.")
        return True

    def set_for_selection(self, field: str, value: str, key: str | None = None) -> bool:
        """Set ``outcome``, ``persona`` or ``attribute`` (named ``key``) on every selected
        participant, as one undo step."""
        ids = self.selected_participants()
        if not ids:
            self.error.setText("Select the participants to change first.")
            return False
        try:
            if field == "attribute":
                if not key:
                    raise InterviewcoderError("name the attribute to set")
                op = update_many_op(self._session.study, ids, attributes={key: value or None},
                                    label=f"Set {key}")
            else:
                op = update_many_op(self._session.study, ids, label=f"Set {field}",
                                    **{field: value})
        except InterviewcoderError as exc:
            self.error.setText(str(exc))
            return False
        what = key if field == "attribute" else field
        return self._apply(op, f"Set {what} to {value!r} for {len(ids)} participant(s).")

    def merge_selection_into(self, into_id: int) -> bool:
        """Merge every selected participant (but ``into_id``) into ``into_id``: one undo step."""
        ids = [pid for pid in self.selected_participants() if pid != into_id]
        if not ids:
            self.error.setText("Select the participants to merge into another.")
            return False
        target = self._session.study.participants.get(into_id)
        name = target.name if target else str(into_id)
        op = Composite(tuple(MergeParticipants(pid, into_id) for pid in ids),
                       f"Merge into {name}")
        return self._apply(op, f"Merged {len(ids)} participant(s) into {name!r}: their turns "
                           "are theirs now.")

    def delete_selection(self) -> bool:
        ids = self.selected_participants()
        if not ids:
            self.error.setText("Select the participants to delete.")
            return False
        op = Composite(tuple(DeleteParticipant(pid) for pid in ids), "Delete participants")
        return self._apply(op, f"Deleted {len(ids)} participant(s); their turns count for no one.")

    # --- menus and prompts -----------------------------------------------------------------

    def _fill_set_menu(self, menu: QMenu) -> None:
        menu.clear()
        sub = menu.addMenu("Outcome")
        for name in outcomes.choices(self._session.study):
            sub.addAction(name, lambda n=name: self.set_for_selection("outcome", n))
        menu.addAction("Persona…", self._ask_persona)
        menu.addAction("Attribute…", self._ask_attribute)

    def _menu(self, pos) -> None:  # noqa: ANN001 - QPoint
        menu = QMenu(self)
        self._fill_set_menu(menu.addMenu("Set for selected"))
        menu.addAction("Merge into…", self._ask_merge)
        menu.addAction("Delete", self.delete_selection)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def _ask_persona(self) -> None:
        personas = self._session.study.participants.personas()
        value, ok = QInputDialog.getItem(self, "Set persona", "Persona (empty clears it):",
                                         personas, 0, True)
        if ok:
            self.set_for_selection("persona", value.strip())

    def _ask_attribute(self) -> None:
        key, ok = QInputDialog.getItem(self, "Set attribute", "Attribute:",
                                       self.model.attribute_keys, 0, True)
        if not ok or not key.strip():
            return
        value, ok = QInputDialog.getText(self, "Set attribute", f"{key} (empty removes it):")
        if ok:
            self.set_for_selection("attribute", value.strip(), key=key.strip())

    def _ask_merge(self) -> None:
        chosen = set(self.selected_participants())
        if not chosen:
            self.error.setText("Select the participants to merge into another.")
            return
        others = [p for p in self._session.study.participants.list() if p.id not in chosen
                  or len(chosen) > 1]
        names = [p.name for p in others]
        name, ok = QInputDialog.getItem(self, "Merge participants",
                                        f"Merge {len(chosen)} participant(s) into:", names, 0,
                                        False)
        if ok and name:
            self.merge_selection_into(next(p.id for p in others if p.name == name))
