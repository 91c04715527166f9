"""Light and dark: the app follows the system's colour scheme where Qt reports one (Qt 6.5+
``styleHints().colorScheme()``), or the theme chosen in Preferences."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = {"system": "Follow the system", "light": "Light", "dark": "Dark"}


def system_prefers_dark(app: QGuiApplication | None = None) -> bool | None:
    """True/False when the platform says dark/light, None when it does not say."""
    app = app or QGuiApplication.instance()
    hints = app.styleHints() if app is not None else None
    scheme_of = getattr(hints, "colorScheme", None)
    if scheme_of is None:  # Qt before 6.5
        return None
    scheme = scheme_of()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return None


def wants_dark(choice: str, app: QGuiApplication | None = None) -> bool:
    if choice == "dark":
        return True
    if choice == "light":
        return False
    return bool(system_prefers_dark(app))


def dark_palette() -> QPalette:
    pal = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, "#2b2d30"), (roles.WindowText, "#e3e3e3"), (roles.Base, "#1e1f22"),
        (roles.AlternateBase, "#26282b"), (roles.ToolTipBase, "#3c3f41"), (roles.ToolTipText, "#e3e3e3"),
        (roles.PlaceholderText, "#8c8f94"), (roles.Text, "#e3e3e3"), (roles.Button, "#33353a"),
        (roles.ButtonText, "#e3e3e3"), (roles.BrightText, "#ff6b6b"), (roles.Highlight, "#3d6fb4"),
        (roles.HighlightedText, "#ffffff"), (roles.Link, "#8ab4f8"), (roles.Mid, "#4a4d52"),
        (roles.Dark, "#151618"), (roles.Light, "#45484d"), (roles.Midlight, "#3a3d41"),
        (roles.Shadow, "#000000"),
    ):
        pal.setColor(role, QColor(colour))
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7d82"))
    return pal


_original: dict[str, object] = {}  # the platform's own palette and style, before any change


def apply_theme(choice: str, app: QApplication | None = None) -> bool:
    """Apply a theme to the whole app; returns True when it is dark. Light is the platform's
    own palette and style, as they were before a dark theme replaced them."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None:
        return False
    if not _original:
        _original["palette"] = QPalette(app.palette())
        _original["style"] = app.style().name()
    dark = wants_dark(choice, app)
    if dark:
        if not is_dark(app.palette()):
            app.setStyle("Fusion")  # native styles ignore a dark palette on some platforms
            app.setPalette(dark_palette())
    elif is_dark(app.palette()):
        if is_dark(_original["palette"]):  # type: ignore[arg-type]  # a dark system, light chosen
            app.setStyle("Fusion")
            app.setPalette(app.style().standardPalette())
        else:
            app.setStyle(str(_original["style"]))
            app.setPalette(_original["palette"])  # type: ignore[arg-type]
    app.setProperty("interviewcoder_dark", dark)
    return dark


def is_dark(widget_palette: QPalette | None = None) -> bool:
    """Is the page dark (for colours painted by hand)?"""
    pal = widget_palette or QGuiApplication.palette()
    return pal.color(QPalette.ColorRole.Base).lightness() < 128


def follow_system(choice_of: object, app: QApplication | None = None) -> None:
    """Re-apply when the system's scheme changes and the user chose to follow it.
    ``choice_of()`` returns the current choice."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    hints = app.styleHints() if app is not None else None
    changed = getattr(hints, "colorSchemeChanged", None)
    if changed is not None:
        changed.connect(lambda _s: apply_theme(choice_of(), app) if choice_of() == "system" else None)
