"""File → Import: choose files and options, import in the background, list the results."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.core.types import OUTCOMES
from interviewcoder.importers import registry
from interviewcoder.importers.base import SurveyOptions
from interviewcoder.services.importing import FileResult, ImportOptions, parse_outcome_map
from interviewcoder.services.operations import Changes
from interviewcoder.ui.common.session import StudySession
from interviewcoder.ui.importing.import_worker import ImportJob
from interviewcoder.ui.importing.inference_view import InferenceTree, confidence_text


def _items(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.split(",") if x.strip())


class ImportDialog(QDialog):
    """Pick files and say who is who; the import runs in a worker with progress and Cancel."""

    imported = Signal(list)  # list[FileResult] once the import has finished

    def __init__(self, session: StudySession, files: Sequence[str | Path] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import transcripts, surveys and REFI-QDA projects")
        self.setMinimumWidth(620)
        self._session = session
        self.job: ImportJob | None = None
        self.results: list[FileResult] = []

        self.files = QListWidget()
        self.files.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        add = QPushButton("Add files…")
        add.clicked.connect(self._browse)
        remove = QPushButton("Remove")
        remove.clicked.connect(lambda: [self.files.takeItem(self.files.row(i))
                                        for i in self.files.selectedItems()])
        self.format = QComboBox()
        self.format.addItems(["auto", *registry.format_names()])

        self.participant = QLineEdit(placeholderText="each speaker becomes a participant of that name")
        self.interviewers = QLineEdit(placeholderText="Interviewer, Moderator, Q … (comma-separated)")
        self.outcome = QComboBox(editable=True)
        self.outcome.addItems(["", *OUTCOMES])
        self.persona = QLineEdit()
        transcript = QGroupBox("Transcripts")
        form = QFormLayout(transcript)
        form.addRow("Participant", self.participant)
        form.addRow("Interviewer(s)", self.interviewers)
        form.addRow("Outcome", self.outcome)
        form.addRow("Persona", self.persona)

        self.id_column = QLineEdit(placeholderText="detected (ResponseId, Respondent ID, #, …)")
        self.text_columns = QLineEdit(
            placeholderText="inferred; or names, numbers or letters, e.g. C, F or Why?")
        self.outcome_column = QLineEdit()
        self.outcome_map = QLineEdit(placeholderText="Yes=won,No=lost")
        self.persona_column = QLineEdit()
        survey = QGroupBox("Surveys")
        sform = QFormLayout(survey)
        sform.addRow("Respondent id column", self.id_column)
        sform.addRow("Open-text columns", self.text_columns)
        sform.addRow("Outcome column", self.outcome_column)
        sform.addRow("Outcome values", self.outcome_map)
        sform.addRow("Persona column", self.persona_column)

        self.force = QCheckBox("Import again files already in the study")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel("Add files, then Import.")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["File", "Result", "Found", "Details"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setVisible(False)
        self.inferred = InferenceTree()
        self.inferred.setVisible(False)

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._cancel)

        row = QHBoxLayout()
        row.addWidget(QLabel("Format"))
        row.addWidget(self.format)
        row.addStretch(1)
        row.addWidget(add)
        row.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.addWidget(self.files, 1)
        layout.addLayout(row)
        layout.addWidget(transcript)
        layout.addWidget(survey)
        layout.addWidget(self.force)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.table)
        layout.addWidget(self.inferred, 3)
        layout.addWidget(self.buttons)
        self.add_files(files)

    # --- files -----------------------------------------------------------------------------

    def add_files(self, files: Sequence[str | Path]) -> None:
        present = {self.files.item(i).text() for i in range(self.files.count())}
        for f in files:
            if str(f) not in present:
                self.files.addItem(str(f))

    def _browse(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Import files", "", registry.dialog_filter())
        self.add_files(names)

    def file_list(self) -> list[str]:
        return [self.files.item(i).text() for i in range(self.files.count())]

    # --- running ---------------------------------------------------------------------------

    def options(self) -> ImportOptions:
        texts = self.text_columns.text().strip()
        survey = SurveyOptions(id_column=self.id_column.text().strip() or None,
                               text_columns=(texts,) if texts else None)
        return ImportOptions(
            format=self.format.currentText(),
            participant=self.participant.text().strip() or None,
            interviewers=_items(self.interviewers.text()),
            outcome=self.outcome.currentText().strip() or None,
            persona=self.persona.text().strip() or None,
            survey=survey,
            outcome_column=self.outcome_column.text().strip() or None,
            outcome_map=parse_outcome_map(self.outcome_map.text()),
            persona_column=self.persona_column.text().strip() or None,
            force=self.force.isChecked(),
            coder=self._session.coder,
        )

    def start(self) -> None:
        files = self.file_list()
        if not files:
            self.status.setText("Add at least one file to import.")
            return
        try:
            options = self.options()
        except InterviewcoderError as exc:
            self.status.setText(str(exc))
            return
        self.import_button.setEnabled(False)
        self.progress.setRange(0, len(files))
        self.job = ImportJob(self._session.study.path, files, options, self)
        self.job.progress.connect(self._on_progress)
        self.job.finished.connect(self._on_finished)
        self.job.start()

    def _on_progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.setText(message)

    def _on_finished(self, results: list[FileResult]) -> None:
        self.results = results
        self.table.setRowCount(len(results))
        for row, r in enumerate(results):
            detail = r.error or r.message or ", ".join(
                f"{s['name']} ({s['turns']} turns)" for s in r.sources)
            found = confidence_text(r.inferred) if r.inferred else ""
            for col, text in enumerate((Path(r.file).name, r.status, found, detail)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setToolTip("\n".join([text, *(r.refi or {}).get("problems", [])[:20]]))
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        rows = sum(self.table.rowHeight(r) for r in range(min(len(results), 5)))
        self.table.setMaximumHeight(rows + self.table.horizontalHeader().height() + 6)
        self.table.setVisible(True)
        self.inferred.show_results(results)
        counts = {s: sum(r.status == s for r in results) for s in ("imported", "skipped", "error")}
        self.status.setText(f"{counts['imported']} imported, {counts['skipped']} skipped, "
                            f"{counts['error']} failed.")
        self.import_button.setEnabled(True)
        self.cancel_button.setText("Close")
        sources = frozenset(s["id"] for r in results for s in r.sources)
        codebook = any(r.refi is not None and r.status == "imported" for r in results)
        if sources or codebook:
            names = [n for r in results for n in r.participants]
            people = self._session.study.participants.by_names(names)
            self._session.notify(Changes(sources=sources, codebook=codebook,
                                         participants=frozenset(p.id for p in people.values())))
        self.imported.emit(results)

    def _cancel(self) -> None:
        if self.job is not None and self.job.is_running():
            self.job.cancel()
            self.status.setText("Cancelling…")
            return
        self.reject()

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        if self.job is not None and self.job.is_running():
            self.job.cancel()
            self.job.wait()
        super().closeEvent(event)
