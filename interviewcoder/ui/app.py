"""Start the desktop app: ``interviewcoder [STUDY]`` calls ``run``."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QWidget

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.ui.common.settings import APPLICATION, ORGANISATION, Settings

_windows: list = []  # open main windows (kept referenced while shown)


def application() -> QApplication:
    """The QApplication, created once."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setOrganizationName(ORGANISATION)
        app.setApplicationName(APPLICATION)
        app.setApplicationDisplayName("interviewcoder")
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
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "coder"


def untitled_path() -> Path:
    """A fresh file for a new untitled study, in the app's data folder."""
    base = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    folder = base / "untitled"
    folder.mkdir(parents=True, exist_ok=True)
    n = 1
    while (folder / f"Untitled {n}.icstudy").exists():
        n += 1
    return folder / f"Untitled {n}.icstudy"


def open_window(study_path: str | Path | None, settings: Settings | None = None):  # noqa: ANN201
    """Open (or create, when None) a study and show a main window on it."""
    from interviewcoder.services.studies import create, open_study
    from interviewcoder.ui.common.session import StudySession
    from interviewcoder.ui.main_window import MainWindow

    settings = settings or Settings()
    coder = ask_coder(settings)
    if study_path is None:
        study = create(untitled_path(), template="journey", coder=coder)
    else:
        study = open_study(study_path)
    _install_opener()
    window = MainWindow(StudySession(study, coder), settings)
    from interviewcoder.ui import extensions

    for extend in extensions.load():
        extend(window)
    window.restore_state()  # now that every extension's dock exists
    _windows.append(window)
    window.destroyed.connect(lambda _=None, w=window: _forget(w))
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    return window


def _install_opener() -> None:
    from interviewcoder.ui.main_window import MainWindow

    MainWindow.opener = staticmethod(open_window)  # type: ignore[assignment]


def _forget(window: object) -> None:
    if window in _windows:
        _windows.remove(window)


def run(study_path: str | None) -> int:
    app = application()
    try:
        window = open_window(study_path)
    except InterviewcoderError as exc:
        QMessageBox.critical(None, "interviewcoder", str(exc))
        return 2
    window.raise_()
    return int(app.exec())
