"""The import review page: what the import would store, file by file, before anything is.

For each file: the layout or survey flavour that was detected, the outcome and persona for
this file, and either the speakers (role: participant / interviewer / not a person, and which
participant: a new one, or an existing one, with the suggestion and its reason) or the survey's
columns (class: respondent id / open text / attribute / personal / ignore, with the first
answers). Every change is written into the ``ImportReview``; nothing is stored until the dialog
confirms.
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.sorting import natural_key
from interviewcoder.services import identity
from interviewcoder.services.import_review import (
    COLUMN_KINDS,
    COLUMN_LABELS,
    FileReview,
    ImportReview,
    SpeakerReview,
)

ROLE_LABELS = {identity.PARTICIPANT: "participant", identity.INTERVIEWER: "interviewer",
               identity.NOBODY: "not a person"}
_SPEAKER, _TURNS, _ROLE, _WHO, _WHY = range(5)
MAX_LISTED = 300


def _item(text: str, tip: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if tip:
        item.setToolTip(tip)
    return item


class ReviewPage(QWidget):
    """Files on the left; the chosen file's speakers or columns on the right."""

    changed = Signal()

    def __init__(self, outcomes: list[str], participants: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: ImportReview | None = None
        self._outcomes = outcomes
        self._participants = sorted(participants, key=natural_key)
        self._names_model = QStringListModel(self._participants, self)
        self._loading = False
        self.files = QListWidget()
        self.files.currentRowChanged.connect(self._show_file)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.outcome = QComboBox()
        self.outcome.addItems(["", *outcomes])
        self.outcome.currentTextChanged.connect(self._outcome_changed)
        self.persona = QLineEdit()
        self.persona.textEdited.connect(self._persona_changed)
        self.speakers = QTableWidget(0, 5)
        self.speakers.setHorizontalHeaderLabels(["Speaker", "Turns", "Role", "Participant", "Why"])
        self.speakers.horizontalHeader().setSectionResizeMode(_WHY, QHeaderView.ResizeMode.Stretch)
        self.speakers.verticalHeader().setVisible(False)
        self.speakers.setWordWrap(False)
        self.columns = QTableWidget(0, 4)
        self.columns.setHorizontalHeaderLabels(["Column", "Class", "Answers", "First answers"])
        self.columns.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.columns.verticalHeader().setVisible(False)
        self.columns.setWordWrap(False)
        self.matches = QLabel()
        self.matches.setWordWrap(True)
        self.detail = QStackedWidget()
        self.detail.addWidget(self.speakers)
        self.detail.addWidget(self.columns)
        self.detail.addWidget(QLabel())  # a file that will not be imported

        form = QFormLayout()
        form.addRow("Outcome", self.outcome)
        form.addRow("Persona", self.persona)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.summary)
        rl.addLayout(form)
        rl.addWidget(self.detail, 1)
        rl.addWidget(self.matches)
        split = QSplitter()
        split.addWidget(self.files)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        split.setSizes([150, 780])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    # --- showing ---------------------------------------------------------------------------

    def set_participants(self, names: list[str]) -> None:
        """The study's participants, which a speaker can be linked to."""
        self._participants = sorted(names, key=natural_key)
        self._names_model.setStringList(self._participants)

    def _completer(self) -> QCompleter:
        completer = QCompleter(self._names_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        return completer

    def show_plan(self, plan: ImportReview) -> None:
        self.plan = plan
        self.files.clear()
        for f in plan.files:
            mark = {"ready": "", "skipped": "  (skipped)", "error": "  (error)"}[f.status]
            item = QListWidgetItem(f.path.name + mark)
            item.setToolTip(f.error or f.message or f.file)
            self.files.addItem(item)
        first = next((i for i, f in enumerate(plan.files) if f.status == "ready"), 0)
        self.files.setCurrentRow(first)
        self._show_file(first)

    def current(self) -> FileReview | None:
        row = self.files.currentRow()
        if self.plan is None or not 0 <= row < len(self.plan.files):
            return None
        return self.plan.files[row]

    def select_file(self, name: str) -> FileReview:
        """Show the file whose name (or path) is ``name``."""
        assert self.plan is not None
        row = next(i for i, f in enumerate(self.plan.files) if name in (f.file, f.path.name))
        self.files.setCurrentRow(row)
        return self.plan.files[row]

    def _show_file(self, row: int) -> None:
        plan = self.current()
        if plan is None:
            return
        self._loading = True
        try:
            ready = plan.status == "ready"
            self.outcome.setEnabled(ready)
            self.persona.setEnabled(ready)
            self.outcome.setCurrentText(plan.outcome or "")
            self.persona.setText(plan.persona or "")
            if not ready:
                self.summary.setText(f"{plan.path.name}: not imported — "
                                     f"{plan.error or plan.message}")
                self.detail.setCurrentIndex(2)
                self.matches.setText("")
                return
            sure = f" ({plan.confidence:.0%} sure)" if plan.confidence is not None else ""
            self.summary.setToolTip(plan.inferred.get("reason") or "")
            if plan.kind == "transcript":
                self.summary.setText(f"{plan.path.name}: {plan.format} transcript, layout "
                                     f"{plan.layout}{sure}; {len(plan.speakers)} speaker(s). "
                                     "Choose who each speaker is.")
                self._fill_speakers(plan)
                self.detail.setCurrentIndex(0)
                self.matches.setText("")
            elif plan.kind != "survey":  # a REFI-QDA project: its cases say who is who
                self.summary.setText(f"{plan.path.name}: {plan.format} project{sure}; its "
                                     "cases, sources and codings are imported as they are.")
                self.detail.setCurrentIndex(2)
                self.matches.setText("")
            else:
                self.summary.setText(f"{plan.path.name}: {plan.format} survey{sure}, "
                                     f"{plan.respondents} respondents. Choose what each column "
                                     "is.")
                self._fill_columns(plan)
                self.detail.setCurrentIndex(1)
                self.matches.setText("\n".join(
                    f"Respondent {m['speaker']} becomes {m['participant']}: possibly "
                    f"{m['possible_match']} ({m['reason']})" for m in plan.matches))
        finally:
            self._loading = False

    def _fill_speakers(self, plan: FileReview) -> None:
        table = self.speakers
        table.setRowCount(len(plan.speakers))
        for r, speaker in enumerate(plan.speakers):
            table.setItem(r, _SPEAKER, _item(speaker.label or "(no speaker label)"))
            table.setItem(r, _TURNS, _item(str(speaker.turns)))
            role = QComboBox()
            for key, label in ROLE_LABELS.items():
                role.addItem(label, key)
            role.setCurrentIndex(role.findData(speaker.role))
            role.currentIndexChanged.connect(lambda _i, r=r: self._role_changed(r))
            table.setCellWidget(r, _ROLE, role)
            who = QComboBox()
            who.setEditable(True)
            names = [n for n in (speaker.participant.name if speaker.participant else None,
                                 speaker.suggestion.name if speaker.suggestion else None) if n]
            # a big study: the list shows the first names, typing completes from all of them
            who.addItems(list(dict.fromkeys(names + self._participants[:MAX_LISTED])))
            who.setCompleter(self._completer())
            who.setCurrentText(speaker.participant.name if speaker.participant else "")
            who.setEnabled(speaker.role == identity.PARTICIPANT)
            who.currentTextChanged.connect(lambda _t, r=r: self._who_changed(r))
            table.setCellWidget(r, _WHO, who)
            why = self._why(speaker)
            table.setItem(r, _WHY, _item(why, why + (
                "\nChoose the suggested name in Participant to link them." if speaker.suggestion
                else "")))
            self._mark(r, speaker)
        table.resizeColumnsToContents()
        table.setColumnWidth(_ROLE, 120)
        table.setColumnWidth(_WHO, 210)

    def _mark(self, row: int, speaker: SpeakerReview) -> None:
        """A suggestion not taken is shown in amber: the researcher should decide it."""
        item = self.speakers.item(row, _WHY)
        open_question = (speaker.role == identity.PARTICIPANT and speaker.suggestion is not None
                         and speaker.participant is not None
                         and speaker.participant.name != speaker.suggestion.name)
        item.setBackground(QColor("#fff1c2") if open_question else QColor(0, 0, 0, 0))

    def _why(self, speaker: SpeakerReview) -> str:
        if speaker.role != identity.PARTICIPANT or speaker.participant is None:
            return speaker.reason
        name = speaker.participant.name
        known = name in self._participants
        text = ("joins the existing participant" if known else "a new participant")
        if speaker.suggestion is not None and speaker.suggestion.name != name:
            text += f"; suggested: {speaker.suggestion.name} ({speaker.suggestion.reason})"
        elif speaker.suggestion is not None:
            text += f" ({speaker.suggestion.reason})"
        elif not known and "generic" in speaker.reason:
            text += " (a generic label: this source only)"
        return text

    def _fill_columns(self, plan: FileReview) -> None:
        table = self.columns
        table.setRowCount(len(plan.columns))
        for r, column in enumerate(plan.columns):
            table.setItem(r, 0, _item(column.name, column.name))
            kind = QComboBox()
            for key in COLUMN_KINDS:
                kind.addItem(COLUMN_LABELS[key], key)
            kind.setCurrentIndex(kind.findData(column.kind))
            kind.currentIndexChanged.connect(lambda _i, r=r: self._kind_changed(r))
            table.setCellWidget(r, 1, kind)
            table.setItem(r, 2, _item(str(column.answers)))
            preview = " | ".join(column.preview)
            table.setItem(r, 3, _item(preview, "\n".join(column.preview)))
        table.resizeColumnsToContents()
        table.setColumnWidth(0, min(table.columnWidth(0), 220))
        table.setColumnWidth(1, 160)

    # --- edits -----------------------------------------------------------------------------

    def role_combo(self, label: str | None) -> QComboBox:
        return self.speakers.cellWidget(self._speaker_row(label), _ROLE)  # type: ignore[return-value]

    def participant_combo(self, label: str | None) -> QComboBox:
        return self.speakers.cellWidget(self._speaker_row(label), _WHO)  # type: ignore[return-value]

    def class_combo(self, column: str) -> QComboBox:
        plan = self.current()
        assert plan is not None
        row = next(i for i, c in enumerate(plan.columns) if c.name == column)
        return self.columns.cellWidget(row, 1)  # type: ignore[return-value]

    def _speaker_row(self, label: str | None) -> int:
        plan = self.current()
        assert plan is not None
        return next(i for i, s in enumerate(plan.speakers) if s.label == label)

    def _role_changed(self, row: int) -> None:
        plan = self.current()
        if self._loading or plan is None:
            return
        speaker = plan.speakers[row]
        speaker.role = self.speakers.cellWidget(row, _ROLE).currentData()
        who = self.speakers.cellWidget(row, _WHO)
        who.setEnabled(speaker.role == identity.PARTICIPANT)
        if speaker.role == identity.PARTICIPANT and speaker.participant is None:
            name = speaker.label or plan.title
            speaker.participant = identity.ParticipantChoice(
                "new", identity.unique_name(name, self._participants))
            who.setCurrentText(speaker.participant.name)
        speaker.reason = "your choice"
        self.speakers.item(row, _WHY).setText(self._why(speaker))
        self.changed.emit()

    def _who_changed(self, row: int) -> None:
        plan = self.current()
        if self._loading or plan is None:
            return
        speaker = plan.speakers[row]
        name = self.speakers.cellWidget(row, _WHO).currentText().strip()
        speaker.participant = identity.ParticipantChoice(
            "join" if name in self._participants else "new", name) if name else None
        self.speakers.item(row, _WHY).setText(self._why(speaker))
        self._mark(row, speaker)
        self.changed.emit()

    def _kind_changed(self, row: int) -> None:
        plan = self.current()
        if self._loading or plan is None:
            return
        kind = self.columns.cellWidget(row, 1).currentData()
        plan.columns[row].kind = kind
        if kind == "id":  # one id column: the one it replaces becomes an attribute
            for r, other in enumerate(plan.columns):
                if r != row and other.kind == "id":
                    other.kind = "attribute"
                    combo = self.columns.cellWidget(r, 1)
                    combo.blockSignals(True)
                    combo.setCurrentIndex(combo.findData("attribute"))
                    combo.blockSignals(False)
        self.changed.emit()

    def _outcome_changed(self, text: str) -> None:
        plan = self.current()
        if not self._loading and plan is not None:
            plan.outcome = text or None
            self.changed.emit()

    def _persona_changed(self, text: str) -> None:
        plan = self.current()
        if not self._loading and plan is not None:
            plan.persona = text.strip() or None
            self.changed.emit()
