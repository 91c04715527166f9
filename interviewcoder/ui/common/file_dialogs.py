"""File dialogs that never open the files they list.

Qt's file dialog (and GTK's, which runs inside the app on Linux) reads the first bytes of every
file whose extension it does not know, to pick an icon. For the open study that is fatal:
closing that descriptor drops every POSIX lock the app holds on the study, and the next
command-line call deletes the ``-wal`` the app still writes to. So on Linux and macOS the app
uses Qt's own dialog with an icon provider that looks at names only; Windows locks per handle
and keeps its native dialog.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QFileInfo
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget

_NATIVE_IS_SAFE = sys.platform.startswith("win")


class NameOnlyIcons(QFileIconProvider):
    """Icons and kinds from the name and type of an entry, never from its content."""

    def icon(self, what):  # noqa: ANN001, ANN201 - Qt overload: IconType or QFileInfo
        if isinstance(what, QFileInfo):
            kind = QFileIconProvider.IconType.Folder if what.isDir() else QFileIconProvider.IconType.File
            return super().icon(kind)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} file" if suffix else "File"


_icons: NameOnlyIcons | None = None


def dialog(parent: QWidget | None, caption: str, folder: str, filters: str) -> QFileDialog:
    """A file dialog that lists files without reading them (see the module's note)."""
    global _icons
    box = QFileDialog(parent, caption, folder, filters)
    if not _NATIVE_IS_SAFE:
        box.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        if _icons is None:
            _icons = NameOnlyIcons()
        box.setIconProvider(_icons)
    return box


def open_file_name(parent: QWidget | None, caption: str, folder: str, filters: str) -> str:
    box = dialog(parent, caption, folder, filters)
    box.setFileMode(QFileDialog.FileMode.ExistingFile)
    return box.selectedFiles()[0] if box.exec() and box.selectedFiles() else ""


def open_file_names(parent: QWidget | None, caption: str, folder: str, filters: str) -> list[str]:
    box = dialog(parent, caption, folder, filters)
    box.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return list(box.selectedFiles()) if box.exec() else []


def save_file_name(parent: QWidget | None, caption: str, suggestion: str, filters: str) -> str:
    box = dialog(parent, caption, suggestion, filters)
    box.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    box.setFileMode(QFileDialog.FileMode.AnyFile)
    return box.selectedFiles()[0] if box.exec() and box.selectedFiles() else ""
