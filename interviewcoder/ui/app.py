"""Start the desktop app: ``interviewcoder [STUDY]`` calls ``run``."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QWidget

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.ui.common.settings import APPLICATION, ORGANISATION, Settings
from interviewcoder.ui.common.theme import apply_theme, follow_system

_windows: list = []  # open main windows (kept referenced while shown)


def application() -> QApplication:
    """The QApplication, created once."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setOrganizationName(ORGANISATION)
        app.setApplicationName(APPLICATION)
        app.setApplicationDisplayName("interviewcoder")
        settings = Settings()
        apply_theme(settings.theme, app)  # light or dark, following the system where it says
        follow_system(lambda: Settings().theme, app)
    assert isinstance(app, QApplication)
    return app


def ask_coder(settings: Settings, parent: QWidget | None = None) -> str:
    """The coder's name: from settings, or asked once and kept."""
    if settings.coder:
        return settings.coder
    default = _user_name()
    name, ok = QInputDialog.getText(
        parent, "Your name", "Your name as a coder (it is recorded with every quote you make):",
        text=default)
    name = name.strip() if ok else ""
    settings.coder = name or default
    return settings.coder


def _user_name() -> str:
    """The name the command line would record: $INTERVIEWCODER_CODER, else the login."""
    named = os.environ.get("INTERVIEWCODER_CODER", "").strip()
    if named:
        return named
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "coder"


def open_window(study_path: str | Path, settings: Settings | None = None):  # noqa: ANN201
    """Open a study and show a main window on it."""
    from interviewcoder.services.studies import open_study
    from interviewcoder.ui.common.session import StudySession
    from interviewcoder.ui.main_window import MainWindow

    settings = settings or Settings()
    coder = ask_coder(settings)
    study = open_study(study_path)
    _install_opener()
    window = MainWindow(StudySession(study, coder), settings)
    from interviewcoder.ui import extensions

    for extend in extensions.load():
        extend(window)
    window.restore_state()  # now that every extension's dock exists
    _keep(window)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    if study.upgraded is not None:  # where the older file went, for as long as it matters
        window.statusBar().showMessage(study.upgraded.message(study.path), 30_000)
    return window


def start(settings: Settings | None = None, message: str = "") -> QWidget:
    """With no study named: reopen the last study, else show the start page (recent studies,
    New, Open, the demo) — never a new untitled study on every launch."""
    settings = settings or Settings()
    last = next((p for p in settings.recent_studies if Path(p).is_file()), None)
    if last is not None and not message:
        try:
            return open_window(last, settings)
        except InterviewcoderError as exc:
            message = f"Could not reopen your last study: {exc}"
    return show_start_page(settings, message)


def show_start_page(settings: Settings | None = None, message: str = "") -> QWidget:
    from interviewcoder.ui.start.start_page import StartPage

    settings = settings or Settings()
    page = StartPage(settings, lambda path: open_window(path, settings), settings.coder)
    page.show_message(message)
    page.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _keep(page)
    page.show()
    return page


def _keep(widget: QWidget) -> None:
    _windows.append(widget)
    widget.destroyed.connect(lambda _=None, w=widget: _forget(w))


def _install_opener() -> None:
    from interviewcoder.ui.main_window import MainWindow

    MainWindow.opener = staticmethod(open_window)  # type: ignore[assignment]


def _forget(window: object) -> None:
    if window in _windows:
        _windows.remove(window)


def run(study_path: str | None) -> int:
    app = application()
    if study_path is None:
        window = start()
    else:
        try:
            window = open_window(study_path)
        except InterviewcoderError as exc:
            QMessageBox.critical(None, "interviewcoder", str(exc))
            return 2
    window.raise_()
    return int(app.exec())
