"""StudySession's undo stack and signals; settings and window layout that persist."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.core.types import Dimension
from interviewcoder.services.codebook import AddCode
from interviewcoder.services.coding import AddQuote
from interviewcoder.services.operations import Changes
from interviewcoder.ui.common.session import StudySession
from interviewcoder.ui.common.settings import Settings
from tests.ui.conftest import open_main_window


def test_apply_undo_redo_emit_changes(qtbot, study):
    session = StudySession(study, "Ana")
    seen: list[Changes] = []
    session.changed.connect(seen.append)
    applied = session.apply(AddCode(Dimension.THEME, "Pricing page"))
    cid = applied.result
    assert study.codes.get(cid).name == "Pricing page" and seen[-1].codebook
    session.undo_stack.undo()
    assert study.codes.get(cid) is None and len(seen) == 2
    session.undo_stack.redo()
    assert study.codes.get(cid).name == "Pricing page" and len(seen) == 3
    assert session.undo_stack.undoText() == AddCode(Dimension.THEME, "x").label
    assert study.history(limit=1)[0]["coder"] == "Ana"


def test_a_failing_operation_pushes_nothing(qtbot, study):
    session = StudySession(study, "Ana")
    with pytest.raises(InterviewcoderError):
        session.apply(AddQuote(1, 0, 0, ()))  # no such source: NotFound is an InterviewcoderError
    assert session.undo_stack.count() == 0


def test_notify_emits_without_undo(qtbot, study):
    session = StudySession(study, "Ana")
    with qtbot.waitSignal(session.changed) as blocker:
        session.notify(Changes(sources=frozenset({7})))
    assert blocker.args[0].sources == {7} and session.undo_stack.count() == 0


def test_settings_are_typed_and_persist(qapp, _settings_in_tmp):
    s = Settings()
    assert s.coder == "" and s.recent_studies == [] and s.sources_grouping == "outcome"
    s.coder = "  Ben "
    s.add_recent_study("/tmp/a.icstudy")
    s.add_recent_study("/tmp/b.icstudy")
    s.add_recent_study("/tmp/a.icstudy")
    s.sync()
    again = Settings()
    assert again.coder == "Ben"
    assert again.recent_studies == ["/tmp/a.icstudy", "/tmp/b.icstudy"]
    assert list(_settings_in_tmp.rglob("*.ini"))  # written under the test's folder


def test_layout_and_recent_studies_persist(qtbot, demo_path, settings):
    w = open_main_window(qtbot, demo_path, settings)
    assert "demo" in w.windowTitle() and "Ana" in w.windowTitle()
    w.quotes_dock.hide()
    w.sources.grouping.setCurrentIndex(w.sources.grouping.findData("kind"))
    w.close()
    assert settings.recent_studies[0] == str(demo_path.resolve())
    w2 = open_main_window(qtbot, demo_path, Settings())
    assert not w2.quotes_dock.isVisible()
    assert w2.sources.current_grouping == "kind"
    w2.close()


def test_save_a_copy(qtbot, window, tmp_path):
    out = window.save_copy(str(tmp_path / "copy"))
    assert out == tmp_path / "copy.icstudy" and out.stat().st_size > 0


def test_no_study_reopens_the_last_one_or_shows_the_start_page(qtbot, settings, demo_path, tmp_path):
    from interviewcoder.ui import app
    from interviewcoder.ui.start.start_page import StartPage

    page = app.start(settings)  # first launch: nothing to reopen
    qtbot.addWidget(page)
    assert isinstance(page, StartPage) and page.isVisible()
    assert page.recent.isHidden() and page.empty.isVisible()
    assert not list((tmp_path / "data").rglob("Untitled*"))  # no study made behind the user's back
    w = page.open_study(demo_path)
    qtbot.addWidget(w)
    assert w.session.study.path == demo_path and not page.isVisible()
    w.close()
    again = app.start(settings)  # the next launch reopens it
    qtbot.addWidget(again)
    assert not isinstance(again, StartPage) and again.session.study.path.resolve() == demo_path.resolve()
    again.close()
    gone = tmp_path / "gone.icstudy"
    settings.add_recent_study(gone)  # a recent study deleted since: not offered, dropped
    page2 = app.show_start_page(settings)
    qtbot.addWidget(page2)
    paths = [page2.recent.item(i).data(Qt.ItemDataRole.UserRole + 1) for i in range(page2.recent.count())]
    assert paths == [str(demo_path.resolve())]
    assert page2.recent.item(0).toolTip() == str(demo_path.resolve())
    assert str(gone.resolve()) not in settings.recent_studies
    page2.close()


def test_the_start_page_opens_the_demo_from_the_app_data_folder(qtbot, settings, tmp_path):
    from PySide6.QtCore import QStandardPaths

    from interviewcoder.paths import app_data_dir
    from interviewcoder.ui import app

    # what Qt's AppDataLocation is for organisation and application "interviewcoder"
    generic = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    assert Path(generic) / "interviewcoder" / "interviewcoder" == app_data_dir()
    page = app.show_start_page(settings)
    qtbot.addWidget(page)
    w = page.open_demo()
    qtbot.addWidget(w)
    assert w.session.study.path.parent == app_data_dir() and str(app_data_dir()).startswith(str(tmp_path))
    assert w.session.study.sources.count() == 14
    # new studies default to Documents, not the demo's hidden folder
    assert not Path(settings.last_folder).resolve().is_relative_to(app_data_dir().resolve())
    w.close()


def test_extension_docks_get_their_saved_place(qtbot, demo_path, settings):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from interviewcoder.ui import app, extensions

    def extra_panel(window):
        window.add_dock(QLabel("extra"), "Extra panel", Qt.DockWidgetArea.RightDockWidgetArea)
        window.add_tab(QLabel("a view"), "Evidence")

    extensions.register(extra_panel)
    try:
        w = app.open_window(demo_path, settings)
        qtbot.addWidget(w)
        dock = w.findChild(type(w.sources_dock), "dock_extrapanel")
        assert dock is not None and w.tabs.tabText(1) == "Evidence"
        w.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        w.close()
        w2 = app.open_window(demo_path, Settings())
        qtbot.addWidget(w2)
        dock2 = w2.findChild(type(w2.sources_dock), "dock_extrapanel")
        assert w2.dockWidgetArea(dock2) == Qt.DockWidgetArea.LeftDockWidgetArea
        w2.close()
    finally:
        extensions._extensions.remove(extra_panel)


def test_run_is_what_the_command_line_calls(qtbot, demo_path, settings):
    from PySide6.QtCore import QTimer

    from interviewcoder.cli import main
    from interviewcoder.ui import app

    seen = []

    def look_and_close():
        w = app._windows[-1]
        seen.append((w.windowTitle(), w.isVisible()))
        w.close()

    QTimer.singleShot(0, look_and_close)
    assert main([str(demo_path)]) == 0
    assert seen and "demo" in seen[0][0] and seen[0][1]


def test_run_reports_a_bad_study_in_one_line(qtbot, tmp_path, settings, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from interviewcoder.ui import app

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda *a: shown.append(a[2])))
    bad = tmp_path / "not-a-study.icstudy"
    bad.write_text("hello", encoding="utf-8")
    assert app.run(str(bad)) == 2
    assert "not an interviewcoder study" in shown[0] and "\n" not in shown[0]
