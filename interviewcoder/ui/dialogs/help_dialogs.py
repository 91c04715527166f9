"""Help → User guide, Keyboard shortcuts, About interviewcoder."""

from __future__ import annotations

import platform
import sys
from importlib import metadata

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from interviewcoder import __version__
from interviewcoder.paths import resource_path
from interviewcoder.store import sqlite_version

# Keys that work without a menu entry of their own.
EXTRA_KEYS = [
    ("Reader", "Apply the n-th most recently used code", "1 … 9"),
    ("Reader", "Delete the selected quote (also in the Quotes panel)", "Delete"),
    ("Quick picker", "Apply the highlighted code (or create the offered one)", "Enter"),
    ("Quick picker", "Move through the codes", "↑ ↓ PgUp PgDn"),
    ("Quick picker", "Close it", "Esc"),
    ("Find bar", "Next / previous match", "Enter / Shift+Enter"),
    ("Search panel", "Select every result", "Ctrl+A"),
]


def _ok_buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    buttons.accepted.connect(dialog.accept)
    return buttons


class GuideDialog(QDialog):
    """A short user guide (resources/help/guide.html)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("interviewcoder — user guide")
        self.resize(640, 620)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setHtml(resource_path("help", "guide.html").read_text(encoding="utf-8"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(_ok_buttons(self))


def shortcut_rows(menu_bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, action, keys) of every menu action that has a shortcut, then the extra keys."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, where: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{where} → {action.text().replace('&', '')}")
            elif action.shortcuts() and action.text() and not action.text()[0].isdigit():
                keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                                 for k in action.shortcuts())
                rows.append((where, action.text().replace("&", "").rstrip("…"), keys))

    for top in menu_bar.actions():
        if isinstance(top, QAction) and top.menu() is not None:
            walk(top.menu(), top.text().replace("&", ""))
    return rows + EXTRA_KEYS


class ShortcutsDialog(QDialog):
    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(620, 560)
        rows = shortcut_rows(menu_bar)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Where", "What", "Keys"])
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, item)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(_ok_buttons(self))


def versions() -> dict[str, str]:
    """What the About box lists (spaCy's version is read without importing spaCy)."""
    def version_of(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    return {
        "interviewcoder": __version__,
        "Python": f"{sys.version.split()[0]} ({platform.python_implementation()})",
        "Qt": qVersion(),
        "PySide6": PySide6.__version__,
        "SQLite": sqlite_version(),
        "spaCy": version_of("spacy"),
        "openpyxl": version_of("openpyxl"),
        "sqlite-utils": version_of("sqlite-utils"),
        "System": platform.platform(terse=True),
    }


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, study: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("About interviewcoder")
        self.resize(460, 380)
        rows = "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in versions().items())
        where = f"<p>This study: <code>{study}</code></p>" if study else ""
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(
            f"<h2>interviewcoder {__version__}</h2>"
            "<p>Qualitative coding of interviews and survey answers to journey steps, anxieties and "
            "influences, with evidence counted in distinct participants. MIT licence.</p>"
            f"<table cellspacing=6>{rows}</table>{where}")
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(_ok_buttons(self))
