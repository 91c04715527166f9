"""File → Import: choose files and options, review what would be stored, then store it.

The files are read in a worker into an ``ImportReview``; the review page shows it (layout,
speakers and their roles and participants, survey columns, outcome and persona per file) and
the researcher changes what is wrong; Import stores the reviewed plan in one transaction, in
a worker, with progress and Cancel.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.importers import registry
from interviewcoder.importers.base import SurveyOptions
from interviewcoder.services import outcomes
from interviewcoder.services.import_review import (
    ImportReview,
    check_options,
    review_import,
    settle_choices,
)
from interviewcoder.services.importing import (
    FileResult,
    ImportOptions,
    parse_outcome_map,
    store_plan,
)
from interviewcoder.services.operations import Changes, Composite
from interviewcoder.ui.common import file_dialogs
from interviewcoder.ui.common.session import StudySession
from interviewcoder.ui.importing.import_worker import StudyJob
from interviewcoder.ui.importing.inference_view import InferenceTree, confidence_text
from interviewcoder.ui.importing.review_page import ReviewPage


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
        self.resize(940, 620)
        self._session = session
        self.job: StudyJob | None = None
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
        self.interviewers = QLineEdit(
            placeholderText="besides Interviewer, Moderator, Host… (names, comma-separated)")
        self.outcome = QComboBox()
        self.outcome.addItems(["", *outcomes.known(session.study)])
        self.outcome.setToolTip("One of the study's outcomes (Participants → Outcomes adds one)")
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
        self.same_person = QCheckBox("A speaker with an existing participant's name is that "
                                     "participant")
        self.same_person.setToolTip("Otherwise such a speaker is proposed as a new participant, "
                                    "with the existing one suggested on the review page")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel("Add files, then Review: nothing is stored before you confirm.")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["File", "Result", "Found", "Details"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setVisible(False)
        self.inferred = InferenceTree()
        self.inferred.setVisible(False)

        self.buttons = QDialogButtonBox()
        self.back_button = self.buttons.addButton("Back", QDialogButtonBox.ButtonRole.ResetRole)
        self.import_button = self.buttons.addButton("Review…",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.clicked.connect(self._next)
        self.back_button.clicked.connect(self._back)
        self.back_button.setVisible(False)
        self.cancel_button.clicked.connect(self._cancel)
        self.plan: ImportReview | None = None
        self.review = ReviewPage(outcomes.known(session.study),
                                 session.study.participants.names())

        row = QHBoxLayout()
        row.addWidget(QLabel("Format"))
        row.addWidget(self.format)
        row.addStretch(1)
        row.addWidget(add)
        row.addWidget(remove)
        setup = QWidget()
        sl = QVBoxLayout(setup)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.files, 1)
        sl.addLayout(row)
        sl.addWidget(transcript)
        sl.addWidget(survey)
        sl.addWidget(self.force)
        sl.addWidget(self.same_person)
        done = QWidget()  # the results: one row per file, then what was found in each
        dl = QVBoxLayout(done)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.table)
        dl.addWidget(self.inferred, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(setup)
        self.pages.addWidget(self.review)
        self.pages.addWidget(done)
        self._results_page = done
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.add_files(files)
        session.changed.connect(self._on_study_changed)

    def _on_study_changed(self, changes: Changes) -> None:
        if changes.outcomes:  # the outcome drop-down offers the study's outcomes
            current = self.outcome.currentText()
            self.outcome.clear()
            self.outcome.addItems(["", *outcomes.known(self._session.study)])
            self.outcome.setCurrentText(current)

    # --- files -----------------------------------------------------------------------------

    def add_files(self, files: Sequence[str | Path]) -> None:
        present = {self.files.item(i).text() for i in range(self.files.count())}
        for f in files:
            if str(f) not in present:
                self.files.addItem(str(f))

    def _browse(self) -> None:
        names = file_dialogs.open_file_names(self, "Import files", "", registry.dialog_filter())
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
            same_person=self.same_person.isChecked(),
            coder=self._session.coder,
            update_participants=True,  # the results list every change, and Ctrl+Z undoes them
        )

    def _next(self) -> None:
        if self.pages.currentWidget() is self.review:
            self.confirm()
        elif self.pages.currentWidget() is self._results_page:  # import more files
            self.files.clear()
            self._back()
        else:
            self.start()

    def _back(self) -> None:
        self.plan = None
        self.pages.setCurrentIndex(0)
        self.back_button.setVisible(False)
        self.import_button.setText("Review…")
        self.status.setText("Add files, then Review: nothing is stored before you confirm.")

    def start(self) -> None:
        """Read the files into a plan (in a worker), then show the review page."""
        files = self.file_list()
        if not files:
            self.status.setText("Add at least one file to import.")
            return
        try:
            options = check_options(self._session.study, self.options())
        except InterviewcoderError as exc:
            self.status.setText(str(exc))
            return
        self.import_button.setEnabled(False)
        self.progress.setRange(0, len(files))
        self.job = StudyJob(self._session.study.path,
                            lambda study, progress: review_import(study, files, options, progress),
                            self)
        self.job.progress.connect(self._on_progress)
        self.job.finished.connect(self._on_planned)
        self.job.start()

    def _on_planned(self, plan: ImportReview | None, error: str | None) -> None:
        self.import_button.setEnabled(True)
        if plan is None:
            self.status.setText(error or "could not read the files")
            return
        if not any(f.status == "ready" for f in plan.files):  # nothing to review or store
            self._on_finished(store_plan(self._session.study, plan))
            return
        self.plan = plan
        self.review.set_participants(self._session.study.participants.names())
        self.review.show_plan(plan)
        self.pages.setCurrentWidget(self.review)
        self.back_button.setVisible(True)
        ready = sum(f.status == "ready" for f in plan.files)
        self.import_button.setText("Import")
        self.import_button.setEnabled(ready > 0)
        self.status.setText(f"Review {ready} file(s): nothing is stored until you press Import."
                            + self._not_ready_note(plan))

    @staticmethod
    def _not_ready_note(plan: ImportReview) -> str:
        skipped = sum(f.status == "skipped" for f in plan.files)
        failed = sum(f.status == "error" for f in plan.files)
        parts = [f"{n} {what}" for n, what in ((skipped, "skipped"), (failed, "cannot be read"))
                 if n]
        return (" " + ", ".join(parts) + ".") if parts else ""

    def review_ready(self) -> bool:
        """The review page shows a plan and nothing is running."""
        return (self.plan is not None and self.pages.currentWidget() is self.review
                and not (self.job is not None and self.job.is_running()))

    def confirm(self) -> None:
        """Store the reviewed plan: one transaction, in a worker."""
        plan = self.plan
        if plan is None:
            return
        try:
            settle_choices(self._session.study, plan)
        except InterviewcoderError as exc:
            self.status.setText(str(exc))
            return
        self.import_button.setEnabled(False)
        self.back_button.setEnabled(False)
        self.job = StudyJob(self._session.study.path,
                            lambda study, progress: store_plan(study, plan, progress), self)
        self.job.progress.connect(self._on_progress)
        self.job.finished.connect(self._on_stored)
        self.job.start()

    def _on_stored(self, results: list[FileResult] | None, error: str | None) -> None:
        self.back_button.setEnabled(True)
        if results is None:
            self.import_button.setEnabled(True)
            self.status.setText(error or "the import failed; nothing was kept")
            return
        self.plan = None
        self.back_button.setVisible(False)
        self._on_finished(results)

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
            if r.matches:
                detail += "; possible match: " + ", ".join(
                    f"{m['participant']} may be {m['possible_match']}" for m in r.matches)
            if r.participant_changes and "participant fields changed" not in detail:
                detail += f"; {len(r.participant_changes)} participant fields changed"
            if r.warnings:  # e.g. mixed encodings, a quote left open: said, not hidden
                detail = "; ".join([detail, *(w.split(": ", 1)[-1] for w in r.warnings)])
            found = confidence_text(r.inferred) if r.inferred else ""
            for col, text in enumerate((Path(r.file).name, r.status, found, detail)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setToolTip("\n".join([text, *r.warnings,
                                           *(r.refi or {}).get("problems", [])[:20]]))
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        rows = sum(self.table.rowHeight(r) for r in range(min(len(results), 5)))
        self.table.setMaximumHeight(rows + self.table.horizontalHeader().height() + 6)
        self.table.setVisible(True)
        self.inferred.show_results(results)
        self.pages.setCurrentWidget(self._results_page)
        self.import_button.setText("Import more…")
        counts = {s: sum(r.status == s for r in results) for s in ("imported", "skipped", "error")}
        self.status.setText(f"{counts['imported']} imported, {counts['skipped']} skipped, "
                            f"{counts['error']} failed.")
        self.import_button.setEnabled(True)
        self.cancel_button.setText("Close")
        self.announce(results)
        self.imported.emit(results)

    def announce(self, results: list[FileResult]) -> None:
        """Tell every open view what the import changed, and put its changes to existing
        participants on the undo stack."""
        sources = frozenset(s["id"] for r in results for s in r.sources)
        changed = frozenset(pid for r in results for pid in r.changed_participants)
        codebook = any(r.refi is not None and r.status == "imported" for r in results)
        if sources or changed or codebook:
            names = [n for r in results for n in r.participants]
            people = self._session.study.participants.by_names(names)
            self._session.notify(Changes(
                sources=sources, codebook=codebook,
                participants=frozenset(p.id for p in people.values()) | changed))
        undo = [op for r in results for op in r.undo]
        if undo:
            n = sum(len(r.participant_changes) for r in results)
            self._session.push_done(f"Participant changes of the import ({n})",
                                    Composite(tuple(reversed(undo)), "Undo import's changes"))

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
