"""For one source: each speaker, and who they are. A choice applies at once (one undo step),
like an edit in the People table; a name typed but not confirmed is applied when the source
changes or the tab closes, never dropped."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.core.types import Role, SourceKind
from interviewcoder.services.participants import MapSpeakers
from interviewcoder.ui.common.session import StudySession

INTERVIEWER = "(interviewer)"
NOBODY = "(not a person)"


class SpeakerMappingWidget(QWidget):
    """Each speaker of the chosen source and who they are: the interviewer, not a person
    (their words count for no one), or a participant (type a new name to create one)."""

    def __init__(self, session: StudySession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._source: int | None = None
        self._shown: dict[str | None, str] = {}  # speaker -> the choice the study holds
        self._applying = False
        self._keep_note = False  # the note reports the last mapping: keep it once
        self.sources = QComboBox()
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Speaker", "Turns", "Is"])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.apply_button = QPushButton("Apply")
        self.apply_button.setToolTip("Apply a name typed but not yet confirmed with Enter")
        self.apply_button.clicked.connect(self.apply)
        top = QHBoxLayout()
        top.addWidget(QLabel("Source"))
        top.addWidget(self.sources, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        layout.addWidget(self.apply_button, alignment=Qt.AlignmentFlag.AlignRight)
        self.sources.currentIndexChanged.connect(self._source_changed)
        session.changed.connect(self._on_changed)
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

    def _on_changed(self, changes: object) -> None:
        if self._applying or self._source is None:
            return
        if getattr(changes, "sources", None) or getattr(changes, "participants", None):
            if self.pending():
                return  # keep what the researcher is typing; it is applied on leaving
            self._show_source()

    def _source_changed(self) -> None:
        if self.pending():
            self.apply(self._source)
        self._show_source()

    def _show_source(self) -> None:
        sid = self.sources.currentData()
        self._source = sid
        self._shown = {}
        self.table.setRowCount(0)
        if sid is None:
            return
        study = self._session.study
        source = study.sources.get(sid)
        survey = source is not None and source.kind == SourceKind.SURVEY
        self.table.setEnabled(not survey)
        self.apply_button.setEnabled(not survey)
        if survey:
            self.note.setText("A survey question's answers belong to their respondents.")
            return
        if not self._keep_note:
            self.note.setText("Choose who each speaker is; it applies at once (Ctrl+Z undoes). "
                              "Type a new name and press Enter to create a participant.")
        self._keep_note = False
        everyone = study.participants.list()
        names = [p.name for p in everyone]
        people = {p.id: p.name for p in everyone}
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
            combo.addItems([INTERVIEWER, NOBODY, *names])
            shown = INTERVIEWER if role == Role.INTERVIEWER.value else people.get(pid, NOBODY)
            combo.setCurrentText(shown)
            self._shown[speaker] = shown
            combo.activated.connect(lambda _i: self.apply())
            combo.lineEdit().returnPressed.connect(self.apply)
            self.table.setCellWidget(r, 2, combo)
        self.table.resizeColumnsToContents()

    def _choices(self) -> list[tuple[str | None, str]]:
        out = []
        for r in range(self.table.rowCount()):
            speaker = self.table.item(r, 0).data(Qt.ItemDataRole.UserRole)
            out.append((speaker, self.combo(r).currentText().strip()))
        return out

    def pending(self) -> bool:
        """A choice on screen that the study does not hold yet."""
        return any(choice and choice != self._shown.get(speaker)
                   for speaker, choice in self._choices())

    def apply(self, source_id: int | None = None) -> bool:
        """Map every speaker as the table says, as one undoable step."""
        sid = self._source if source_id is None else source_id
        if sid is None:
            return False
        choices = []
        for speaker, choice in self._choices():
            if not choice or choice == self._shown.get(speaker):
                continue
            if choice == INTERVIEWER:
                choices.append((speaker, "interviewer", None))
            elif choice == NOBODY:
                choices.append((speaker, "none", None))
            else:
                choices.append((speaker, "participant", choice))
        if not choices:
            return True
        self._applying = True
        try:
            removed = self._session.apply(MapSpeakers(sid, tuple(choices))).result
        except InterviewcoderError as exc:
            self.note.setText(str(exc))
            self._keep_note = True
            return False
        finally:
            self._applying = False
        text = "Mapping applied: the evidence follows it (Ctrl+Z undoes)."
        if removed:
            text += (" Removed " + ", ".join(repr(n) for n in removed)
                     + ": no turns left, so no longer in any group.")
        self.note.setText(text)
        self._keep_note = True
        if sid == self.sources.currentData():
            self._show_source()
        return True
