"""Participants: the table of people (editable in place) and each source's speaker mapping."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.core.types import Role, SourceKind
from interviewcoder.services.operations import Composite
from interviewcoder.services.participants import AddParticipant, map_speaker_op
from interviewcoder.ui.common.session import StudySession
from interviewcoder.ui.participants.participant_table_model import ParticipantTableModel

INTERVIEWER = "(interviewer)"


class SpeakerMappingWidget(QWidget):
    """For one source: each speaker, and who they are (the interviewer or a participant)."""

    def __init__(self, session: StudySession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.sources = QComboBox()
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Speaker", "Turns", "Is"])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.apply_button = QPushButton("Apply mapping")
        self.apply_button.clicked.connect(self.apply)
        top = QHBoxLayout()
        top.addWidget(QLabel("Source"))
        top.addWidget(self.sources, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        layout.addWidget(self.apply_button, alignment=Qt.AlignmentFlag.AlignRight)
        self.sources.currentIndexChanged.connect(self._show_source)
        self.reload_sources()

    def reload_sources(self) -> None:
        current = self.sources.currentData()
        self.sources.blockSignals(True)
        self.sources.clear()
        for s in self._session.study.sources.list():
            self.sources.addItem(s.name, s.id)
        self.sources.blockSignals(False)
        index = self.sources.findData(current)
        self.sources.setCurrentIndex(max(index, 0))
        self._show_source()

    def select_source(self, source_id: int) -> None:
        self.sources.setCurrentIndex(self.sources.findData(source_id))

    def combo(self, row: int) -> QComboBox:
        return self.table.cellWidget(row, 2)  # type: ignore[return-value]

    def _show_source(self) -> None:
        sid = self.sources.currentData()
        self.table.setRowCount(0)
        if sid is None:
            return
        study = self._session.study
        source = study.sources.get(sid)
        survey = source is not None and source.kind == SourceKind.SURVEY
        self.table.setEnabled(not survey)
        self.apply_button.setEnabled(not survey)
        self.note.setText("A survey question's answers belong to their respondents." if survey else
                          "Choose who each speaker is. Type a new name to create a participant.")
        if survey:
            return
        names = [p.name for p in study.participants.list()]
        people = {p.id: p.name for p in study.participants.list()}
        speakers: dict[str | None, list] = {}
        for row in study.sources.speakers(sid):
            entry = speakers.setdefault(row["speaker"], [0, row["role"], row["participant_id"]])
            entry[0] += row["turns"]
        self.table.setRowCount(len(speakers))
        for r, (speaker, (turns, role, pid)) in enumerate(speakers.items()):
            item = QTableWidgetItem(speaker or "(no speaker)")
            item.setData(Qt.ItemDataRole.UserRole, speaker)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(r, 0, item)
            count = QTableWidgetItem(str(turns))
            count.setFlags(count.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(r, 1, count)
            combo = QComboBox()
            combo.setEditable(True)
            combo.addItems([INTERVIEWER, *names])
            combo.setCurrentText(INTERVIEWER if role == Role.INTERVIEWER.value else people.get(pid, ""))
            self.table.setCellWidget(r, 2, combo)
        self.table.resizeColumnsToContents()

    def apply(self) -> bool:
        """Map every speaker as the table says, as one undoable step."""
        sid = self.sources.currentData()
        if sid is None:
            return False
        study = self._session.study
        ops = []
        new_people: dict[str, int] = {}
        try:
            for r in range(self.table.rowCount()):
                speaker = self.table.item(r, 0).data(Qt.ItemDataRole.UserRole)
                choice = self.combo(r).currentText().strip()
                if choice == INTERVIEWER:
                    ops.append(map_speaker_op(study, sid, speaker, Role.INTERVIEWER, None))
                    continue
                if not choice:
                    continue
                person = study.participants.by_name(choice)
                if person is None and choice not in new_people:
                    new_people[choice] = self._session.apply(AddParticipant(choice)).result
                pid = person.id if person is not None else new_people[choice]
                ops.append(map_speaker_op(study, sid, speaker, Role.PARTICIPANT, pid))
            if ops:
                self._session.apply(Composite(tuple(ops), "Map speakers"))
        except InterviewcoderError as exc:
            self.note.setText(str(exc))
            return False
        self.note.setText("Mapping applied: the evidence follows it.")
        self._show_source()
        return True


class ParticipantsDialog(QDialog):
    """Participants table (outcome, persona, attributes editable in place) and speaker mapping."""

    def __init__(self, session: StudySession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Participants")
        self.resize(820, 520)
        self.model = ParticipantTableModel(session)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setEditTriggers(QTableView.EditTrigger.DoubleClicked
                                  | QTableView.EditTrigger.EditKeyPressed
                                  | QTableView.EditTrigger.AnyKeyPressed)
        self.error = QLabel()
        self.error.setStyleSheet("color: #a00;")
        people = QWidget()
        pl = QVBoxLayout(people)
        pl.addWidget(QLabel("Double-click a cell to edit it. Changes are saved at once; Ctrl+Z undoes."))
        pl.addWidget(self.view)
        pl.addWidget(self.error)
        self.mapping = SpeakerMappingWidget(session)
        self.tabs = QTabWidget()
        self.tabs.addTab(people, "People")
        self.tabs.addTab(self.mapping, "Speakers → participants")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.model.dataChanged.connect(lambda *_: self.error.setText(self.model.last_error))
        self.model.modelReset.connect(lambda: self.error.setText(self.model.last_error))
