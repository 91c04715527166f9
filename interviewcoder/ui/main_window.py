"""The main window: reader tabs in the centre, docks around, File and Edit menus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabWidget, QWidget

from interviewcoder.ui.session import StudySession
from interviewcoder.ui.settings import Settings


class MainWindow(QMainWindow):
    def __init__(self, session: StudySession, settings: Settings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings or Settings()
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self._update_title()

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.session.study.name} — {self.session.coder} — interviewcoder")

    # --- extension points ------------------------------------------------------------------

    def add_tab(self, widget: QWidget, title: str) -> int:
        """Add a view as a tab of the centre (the Reader is the first tab)."""
        return self.tabs.addTab(widget, title)

    def add_dock(self, widget: QWidget, title: str,
                 area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
        """Add a panel as a dock; its object name (for layout persistence) comes from title."""
        dock = QDockWidget(title, self)
        dock.setObjectName("dock_" + "".join(ch for ch in title.lower() if ch.isalnum()))
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.settings.window_geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        super().closeEvent(event)
