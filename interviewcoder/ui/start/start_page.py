"""The start page: recent studies, New, Open and the demo, when there is no study to reopen.

``interviewcoder`` with no study reopens the last one; when there is none (first launch, or
the last study is gone) this page is shown instead of a new untitled study each time. It
knows nothing of the main window: ``opener(path)`` opens a study and returns its window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.store import EXTENSION
from interviewcoder.ui.common import file_dialogs
from interviewcoder.ui.common.settings import Settings

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
STUDY_FILTER = f"interviewcoder studies (*{EXTENSION})"

Opener = Callable[[str | Path], QWidget | None]


class StartPage(QWidget):
    opened = Signal(object)  # the window of the study that was opened

    def __init__(self, settings: Settings, opener: Opener, coder: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.opener = opener
        self.coder = coder
        self.setWindowTitle("interviewcoder")
        self.setObjectName("start_page")
        title = QLabel("<h2>interviewcoder</h2>"
                       "<p>Code interviews and survey answers to journey steps, anxieties and "
                       "influences; see how many people are behind each.</p>")
        title.setWordWrap(True)
        self.recent = QListWidget()
        self.recent.setAlternatingRowColors(True)
        self.recent.itemActivated.connect(lambda item: self.open_study(item.data(PATH_ROLE)))
        self.empty = QLabel("No recent studies yet. Start with the demo study to try it out, "
                            "or make a new study for your own interviews.")
        self.empty.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e")
        self.message.setVisible(False)
        self.new_button = QPushButton("&New study…")
        self.open_button = QPushButton("&Open…")
        self.demo_button = QPushButton("Open the &demo study")
        self.demo_button.setToolTip("Twelve sample interviews (won, lost, churned) and an exit "
                                    "survey, pre-coded: try coding without your own files")
        self.new_button.clicked.connect(self.new_study)
        self.open_button.clicked.connect(self.open_dialog)
        self.demo_button.clicked.connect(self.open_demo)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.open_button, self.demo_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(title)
        layout.addWidget(QLabel("<b>Recent studies</b>"))
        layout.addWidget(self.recent, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_study)
        QShortcut(QKeySequence.StandardKey.Open, self, self.open_dialog)
        QShortcut(QKeySequence.StandardKey.Quit, self, self.close)
        self.resize(640, 440)
        self.fill_recent()

    def fill_recent(self) -> None:
        """Recent studies that still exist (the rest leave the list), newest first."""
        self.recent.clear()
        for path in self.settings.recent_studies:
            if not Path(path).is_file():
                self.settings.remove_recent_study(path)
                continue
            item = QListWidgetItem(f"{Path(path).stem}    —    {Path(path).parent}")
            item.setData(PATH_ROLE, path)
            item.setToolTip(path)
            self.recent.addItem(item)
        has = self.recent.count() > 0
        self.recent.setVisible(has)
        self.empty.setVisible(not has)
        if has:
            self.recent.setCurrentRow(0)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # --- actions -----------------------------------------------------------------------------

    def open_study(self, path: str | Path) -> QWidget | None:
        try:
            window = self.opener(path)
        except InterviewcoderError as exc:
            self.show_message(str(exc))
            self.fill_recent()
            return None
        if window is not None:
            self.opened.emit(window)
            self.close()
        return window

    def open_dialog(self) -> None:
        path = file_dialogs.open_file_name(self, "Open study", self.settings.last_folder,
                                           STUDY_FILTER)
        if path:
            self.open_study(path)

    def new_study(self) -> QWidget | None:
        from interviewcoder.services.studies import create
        from interviewcoder.ui.dialogs.new_study_dialog import NewStudyDialog

        dialog = NewStudyDialog(self.settings.last_folder, self)
        if not dialog.exec():
            return None
        try:
            create(dialog.path(), template=dialog.template(), coder=self.coder or "interviewcoder").close()
        except InterviewcoderError as exc:
            QMessageBox.warning(self, "New study", str(exc))
            return None
        return self.open_study(dialog.path())

    def open_demo(self) -> QWidget | None:
        from interviewcoder.services.demo import prepare_demo

        self.show_message("")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            demo = prepare_demo()
        except InterviewcoderError as exc:
            self.show_message(str(exc))
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        return self.open_study(demo.path)
