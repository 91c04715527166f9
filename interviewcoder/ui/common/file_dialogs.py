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
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QTreeView, QWidget

_NATIVE_IS_SAFE = sys.platform.startswith("win")
_KINDS = {"icstudy": "Study", "txt": "Text", "md": "Markdown", "docx": "Word document",
          "xlsx": "Excel workbook", "csv": "CSV", "tsv": "Tab-separated", "vtt": "WebVTT",
          "srt": "Subtitles", "json": "JSON", "png": "PNG image", "svg": "SVG image",
          "pdf": "PDF", "qdpx": "REFI-QDA project"}


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
        suffix = info.suffix().lower()
        return _KINDS.get(suffix, f"{suffix.upper()} file" if suffix else "File")


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
        tree = box.findChild(QTreeView)
        if tree is not None:  # room for a study's name and its size in the detail view
            for column, width in enumerate((300, 90, 120)):
                tree.header().resizeSection(column, width)
    return box


def open_file_name(parent: QWidget | None, caption: str, folder: str, filters: str) -> str:
    box = dialog(parent, caption, folder, filters)
    box.setFileMode(QFileDialog.FileMode.ExistingFile)
    return box.selectedFiles()[0] if box.exec() and box.selectedFiles() else ""


def open_file_names(parent: QWidget | None, caption: str, folder: str, filters: str) -> list[str]:
    box = dialog(parent, caption, folder, filters)
    box.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return list(box.selectedFiles()) if box.exec() else []


def existing_folder(parent: QWidget | None, caption: str, folder: str) -> str:
    """A folder the user chooses ("" when cancelled), listed without reading its files."""
    box = dialog(parent, caption, folder, "")
    box.setFileMode(QFileDialog.FileMode.Directory)
    box.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return box.selectedFiles()[0] if box.exec() and box.selectedFiles() else ""


def save_file_name(parent: QWidget | None, caption: str, suggestion: str, filters: str) -> str:
    return save_file_and_filter(parent, caption, suggestion, filters)[0]


def save_file_and_filter(parent: QWidget | None, caption: str, suggestion: str, filters: str
                         ) -> tuple[str, str]:
    """The chosen file name ("" when cancelled) and the filter chosen with it."""
    box = dialog(parent, caption, suggestion, filters)
    box.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    box.setFileMode(QFileDialog.FileMode.AnyFile)
    if not box.exec() or not box.selectedFiles():
        return "", ""
    return box.selectedFiles()[0], box.selectedNameFilter()
