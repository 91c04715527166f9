"""The menus every desktop app has: File → Preferences… and Quit, View → zoom, and Help
(user guide, keyboard shortcuts, About). Installed on every main window as an extension."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from interviewcoder.ui.common.theme import apply_theme
from interviewcoder.ui.dialogs.help_dialogs import AboutDialog, GuideDialog, ShortcutsDialog
from interviewcoder.ui.dialogs.preferences_dialog import PreferencesDialog
from interviewcoder.ui.extensions import register


def _menu(window: Any, title: str) -> QMenu | None:
    return next((a.menu() for a in window.menuBar().actions() if a.text() == title), None)


def _keys(*keys: QKeySequence.StandardKey | str) -> list[QKeySequence]:
    out: list[QKeySequence] = []
    for key in keys:
        for seq in (QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey)
                    else [QKeySequence(key)]):
            # (keyboards' own Zoom In / Zoom Out keys are left to the system)
            if not seq.isEmpty() and seq not in out and "Zoom" not in seq.toString():
                out.append(seq)
    return out


def quit_app() -> None:
    """Close every window (each saves its layout and closes its study), then quit."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.closeAllWindows()
        app.quit()


def open_preferences(window: Any) -> PreferencesDialog:
    dialog = PreferencesDialog(window.settings, window.reader.text_size, window)
    dialog.accepted.connect(lambda: apply_preferences(window, dialog.save()))
    dialog.open()
    window._preferences_dialog = dialog
    return dialog


def apply_preferences(window: Any, values: dict[str, object]) -> None:
    if values.get("coder"):
        window.session.coder = str(values["coder"])
        window._update_title()
    evidence_view = getattr(window, "evidence_view", None)
    if evidence_view is not None and evidence_view.thin_below != values["thin"]:
        evidence_view.thin_below = int(values["thin"])  # type: ignore[call-overload]
        evidence_view.refresh()
    panel = getattr(window, "suggestions", None)
    if panel is not None and hasattr(panel, "pipeline"):
        panel.pipeline = str(values["pipeline"]) or None
    window.reader.set_text_size(float(values["text_size"]))  # type: ignore[arg-type]
    apply_theme(str(values["theme"]))
    window._message("Preferences saved")


@register
def install(window: Any) -> None:
    settings = window.settings
    if settings.text_size:
        window.reader.set_text_size(settings.text_size)
    window.reader.text_size_changed.connect(lambda points: setattr(settings, "text_size", points))
    evidence_view = getattr(window, "evidence_view", None)
    if evidence_view is not None:
        evidence_view.thin_below = settings.thin_threshold

    file = _menu(window, "&File")
    if file is not None:
        file.addSeparator()
        prefs = file.addAction("Pre&ferences…", lambda: open_preferences(window))
        prefs.setShortcuts(_keys(QKeySequence.StandardKey.Preferences, "Ctrl+,"))
        prefs.setMenuRole(QAction.MenuRole.PreferencesRole)
        quit_action = file.addAction("&Quit", quit_app)
        quit_action.setShortcuts(_keys(QKeySequence.StandardKey.Quit, "Ctrl+Q"))
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        window.preferences_action, window.quit_action = prefs, quit_action

    view = _menu(window, "&View")
    if view is not None:
        view.addSeparator()
        bigger = view.addAction("Reader text &larger", lambda: window.reader.zoom(1))
        bigger.setShortcuts(_keys("Ctrl+=", QKeySequence.StandardKey.ZoomIn))
        smaller = view.addAction("Reader text &smaller", lambda: window.reader.zoom(-1))
        smaller.setShortcuts(_keys(QKeySequence.StandardKey.ZoomOut, "Ctrl+-"))
        actual = view.addAction("Reader text &actual size", lambda: window.reader.zoom(0))
        actual.setShortcut(QKeySequence("Ctrl+0"))
        for action in (bigger, smaller, actual):
            # The reader's keys, while it has focus: the Map tab zooms with the same keys.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            window.reader.addAction(action)
        window.zoom_actions = (bigger, smaller, actual)

    help_menu = window.menuBar().addMenu("&Help")
    guide = help_menu.addAction("User &guide", lambda: _show(window, GuideDialog(window)))
    guide.setShortcuts(_keys(QKeySequence.StandardKey.HelpContents, "F1"))
    keys = help_menu.addAction("&Keyboard shortcuts",
                               lambda: _show(window, ShortcutsDialog(window.menuBar(), window)))
    keys.setShortcut(QKeySequence("Ctrl+/"))
    help_menu.addSeparator()
    about = help_menu.addAction("&About interviewcoder",
                                lambda: _show(window, AboutDialog(window, str(window.session.study.path))))
    about.setMenuRole(QAction.MenuRole.AboutRole)
    window.help_menu = help_menu


def _show(window: Any, dialog: Any) -> Any:
    dialog.show()
    window._help_dialog = dialog  # keep it alive while shown
    return dialog
