"""UI test fixtures: offscreen Qt, settings in tmp_path, no QThread left running, small studies."""

from __future__ import annotations

import os
import weakref
from pathlib import Path

import pytest

if not os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # (the root conftest gives it a desktop-sized screen)

from PySide6.QtCore import QSettings, QThread, QThreadPool  # noqa: E402

_started: weakref.WeakSet = weakref.WeakSet()
_original_start = QThread.start


def _tracking_start(self: QThread, *args: object) -> None:
    _started.add(self)
    _original_start(self, *args)


QThread.start = _tracking_start  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Every QSettings the app makes (IniFormat, user scope) lives in this test's tmp_path,
    and so does the app's data folder (untitled studies), never the real home."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = tmp_path / "settings"
    folder.mkdir()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.SystemScope, str(folder))
    yield folder


@pytest.fixture(autouse=True)
def _no_thread_left_running():
    yield
    running = [t for t in list(_started) if t.isRunning()]
    pool = QThreadPool.globalInstance().activeThreadCount()
    if running or pool:
        pytest.fail(f"test left {len(running)} QThread(s) and {pool} pool thread(s) running")


@pytest.fixture
def settings(qapp):
    from interviewcoder.ui.common.settings import Settings

    s = Settings()
    s.coder = "Ana"
    return s


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    from interviewcoder.services.demo import build_demo

    return build_demo(tmp_path / "demo.icstudy")


def open_main_window(qtbot, path: Path, settings):  # noqa: ANN001, ANN201
    """A real MainWindow on the study at ``path``, shown offscreen."""
    from interviewcoder.services.studies import open_study
    from interviewcoder.ui import app
    from interviewcoder.ui.common.session import StudySession
    from interviewcoder.ui.main_window import MainWindow

    app._install_opener()  # File → Open makes its new window through ui.app, as in the app

    window = MainWindow(StudySession(open_study(path), settings.coder), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, demo_path: Path, settings):  # noqa: ANN001, ANN201
    w = open_main_window(qtbot, demo_path, settings)
    yield w
    if w.isVisible():
        w.close()


def review_and_import(qtbot, dialog, timeout: int = 20_000) -> list:  # noqa: ANN001
    """Import dialog: read the files, wait for the review page, confirm; the results."""
    dialog.start()
    qtbot.waitUntil(dialog.review_ready, timeout=timeout)
    with qtbot.waitSignal(dialog.imported, timeout=timeout) as done:
        dialog.confirm()
    return done.args[0]
