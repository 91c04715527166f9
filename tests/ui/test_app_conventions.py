"""What every desktop app has: Help, Quit, Preferences, zoom, a dark theme."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import QApplication

from interviewcoder import __version__
from interviewcoder.ui import app
from interviewcoder.ui.common import theme
from interviewcoder.ui.dialogs.help_dialogs import AboutDialog, GuideDialog, ShortcutsDialog, versions


def _menu_texts(window) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def _action(menu, text: str):
    return next(a for a in menu.actions() if a.text().replace("&", "") == text)


def test_help_menu_guide_shortcuts_and_about(qtbot, demo_path, settings):
    w = app.open_window(demo_path, settings)
    qtbot.addWidget(w)
    assert _menu_texts(w)[-1] == "&Help"  # last, as on every platform
    assert [a.text().replace("&", "") for a in w.help_menu.actions() if a.text()] == [
        "User guide", "Keyboard shortcuts", "About interviewcoder"]
    guide = GuideDialog(w)
    qtbot.addWidget(guide)
    assert "Ctrl+K" in guide.browser.toPlainText() and "Ctrl+Shift+F" in guide.browser.toPlainText()
    shortcuts = ShortcutsDialog(w.menuBar(), w)
    qtbot.addWidget(shortcuts)
    rows = {(shortcuts.table.item(r, 1).text(), shortcuts.table.item(r, 2).text())
            for r in range(shortcuts.table.rowCount())}
    assert ("Tag selection", "Ctrl+K, Ctrl+T") in rows
    assert ("Quit", "Ctrl+Q") in rows and ("Search all sources", "Ctrl+Shift+F") in rows
    assert any(what == "Reader text larger" and "Ctrl+=" in keys for what, keys in rows)
    about = AboutDialog(w, str(demo_path))
    qtbot.addWidget(about)
    text = about.text.toPlainText()
    for name, value in versions().items():
        assert name in text and value in text
    assert __version__ in text and str(demo_path) in text
    w.close()


def test_quit_closes_every_window_and_saves_its_layout(qtbot, demo_path, settings):
    w = app.open_window(demo_path, settings)
    qtbot.addWidget(w)
    assert w.quit_action.shortcut() == QKeySequence("Ctrl+Q")
    w.quotes_dock.hide()
    w.quit_action.trigger()
    assert not w.isVisible() and w.cache.closed
    assert not settings.window_state.isEmpty()


def test_reader_zooms_with_the_keyboard_and_remembers_its_size(qtbot, demo_path, settings):
    w = app.open_window(demo_path, settings)
    qtbot.addWidget(w)
    w.sources.select_source(next(iter(w.sources.model.rows)))
    base = w.reader.text_size
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    w.reader.setFocus()
    qtbot.keyClick(w.reader, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(w.reader, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert w.reader.text_size == base + 2
    header = w.reader.layout_map.headers[0]
    cur = w.reader.textCursor()
    cur.setPosition(header.doc_start + 1)
    assert abs(cur.charFormat().fontPointSize() - (base + 2) * 0.9) < 0.01  # headers follow
    qtbot.keyClick(w.reader, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert w.reader.text_size == base + 1 and settings.text_size == base + 1
    w.close()
    again = app.open_window(demo_path, settings)
    qtbot.addWidget(again)
    assert again.reader.text_size == base + 1
    again.zoom_actions[2].trigger()  # Ctrl+0: actual size
    assert again.reader.text_size == 10.5
    # the Map tab zooms with the same keys: no clash, each where it has focus
    if "Map" in [again.tabs.tabText(i) for i in range(again.tabs.count())]:
        assert all(a.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut
                   for a in again.zoom_actions)
    again.activateWindow()
    qtbot.waitUntil(again.isActiveWindow)
    again.reader.setFocus()
    qtbot.keyClick(again.reader, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert again.reader.text_size == 11.5
    again.close()


def test_preferences_change_coder_threshold_pipeline_size_and_theme(qtbot, demo_path, settings):
    from interviewcoder.ui.dialogs.app_menus import open_preferences

    w = app.open_window(demo_path, settings)
    qtbot.addWidget(w)
    dialog = open_preferences(w)
    assert dialog.coder.text() == "Ana" and dialog.thin.value() == 3
    dialog.coder.setText("Maya")
    dialog.thin.setValue(5)
    dialog.pipeline.setEditText("en_core_web_sm")
    dialog.text_size.setValue(14)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    original = QApplication.palette()
    try:
        dialog.accept()
        assert settings.coder == "Maya" and w.session.coder == "Maya" and "Maya" in w.windowTitle()
        assert settings.thin_threshold == 5 and w.evidence_view.thin_below == 5
        assert settings.spacy_pipeline == "en_core_web_sm" and w.suggestions.pipeline == "en_core_web_sm"
        assert w.reader.text_size == 14 and settings.theme == "dark"
        assert theme.is_dark(QApplication.palette())
        # highlighted text stays dark on its light colour; plain text is light on the dark page
        sid = next(s for s, r in w.sources.model.rows.items() if r["quotes"])
        w.sources.select_source(sid)
        q = next(iter(w.reader.quotes.values()))
        cur = w.reader.textCursor()
        cur.setPosition(w.reader.layout_map.doc_pos(q.start) + 1)
        assert cur.charFormat().foreground().color().lightness() < 80
    finally:
        theme.apply_theme("light")
    assert QApplication.palette().color(QPalette.ColorRole.Base) == original.color(QPalette.ColorRole.Base)
    w.close()


def test_the_system_scheme_is_followed_when_qt_reports_one(qapp, monkeypatch):
    monkeypatch.setattr(theme, "system_prefers_dark", lambda app=None: True)
    assert theme.wants_dark("system") and not theme.wants_dark("light")
    monkeypatch.setattr(theme, "system_prefers_dark", lambda app=None: None)  # Qt does not say
    assert not theme.wants_dark("system") and theme.wants_dark("dark")


def test_open_recent_shows_full_paths_and_drops_missing_files(qtbot, demo_path, settings, tmp_path):
    from interviewcoder.services.studies import create
    from interviewcoder.ui.common.settings import documents_folder

    other = tmp_path / "other.icstudy"
    create(other, template="blank").close()
    gone = tmp_path / "gone.icstudy"
    settings.add_recent_study(gone)
    settings.add_recent_study(other)
    w = app.open_window(demo_path, settings)
    qtbot.addWidget(w)
    w.recent_menu.aboutToShow.emit()
    actions = [a for a in w.recent_menu.actions() if a.isEnabled()]
    assert [a.text() for a in actions] == ["other.icstudy"]
    assert actions[0].toolTip() == str(other.resolve()) and w.recent_menu.toolTipsVisible()
    assert str(gone.resolve()) not in settings.recent_studies
    w.close()
    # new studies start in Documents (or home), never in the demo's hidden folder
    fresh = type(settings)()
    fresh._q.remove("studies/last_folder")
    assert fresh.last_folder == documents_folder()
