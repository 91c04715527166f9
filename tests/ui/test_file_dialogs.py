"""The app's file dialogs list the open study without opening it (which would drop its locks).

SQLite keeps a POSIX read lock on a WAL study's file for as long as a connection is open; it is
what stops another process from deleting the ``-wal`` under the app. Closing any descriptor of
the file drops it, and Qt's own file dialog opens every file of unknown type to sniff an icon.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QFileInfo, Qt
from PySide6.QtWidgets import QFileDialog, QFileSystemModel

from interviewcoder.services.studies import create
from interviewcoder.ui.common import file_dialogs

pytestmark = pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux /proc/locks")


def held_locks(path: Path) -> int:
    """POSIX locks this process holds on ``path`` (from /proc/locks)."""
    st = os.stat(path)
    wanted = f":{st.st_ino}"
    mine = str(os.getpid())
    count = 0
    with open("/proc/locks", encoding="ascii") as fh:  # noqa: PTH123 - not the study
        for line in fh:
            fields = line.split()
            if "POSIX" in fields and mine in fields and any(f.endswith(wanted) for f in fields):
                count += 1
    return count


def show_and_fetch(qtbot, box: QFileDialog, folder: Path) -> None:  # noqa: ANN001
    """Show the dialog and ask its model for every entry's icon and kind, as a view does."""
    qtbot.addWidget(box)
    box.show()
    model = box.findChild(QFileSystemModel)
    assert model is not None
    qtbot.waitUntil(lambda: model.rowCount(model.index(str(folder))) >= 2, timeout=5000)
    root = model.index(str(folder))
    for row in range(model.rowCount(root)):
        for column in range(model.columnCount(root)):
            model.data(model.index(row, column, root), Qt.ItemDataRole.DecorationRole)
            model.data(model.index(row, column, root), Qt.ItemDataRole.DisplayRole)


def test_the_open_dialog_keeps_the_studys_locks(qtbot, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "open.icstudy"
    (tmp_path / "notes.txt").write_text("a transcript", encoding="utf-8")
    asked: list[str] = []

    class Watching(file_dialogs.NameOnlyIcons):
        def icon(self, what):  # noqa: ANN001, ANN201
            if isinstance(what, QFileInfo):
                asked.append(what.fileName())
            return super().icon(what)

    monkeypatch.setattr(file_dialogs, "_icons", Watching())
    with create(path, template="blank"):
        assert held_locks(path) >= 1
        box = file_dialogs.dialog(None, "Open study", str(tmp_path), "Studies (*.icstudy)")
        show_and_fetch(qtbot, box, tmp_path)
        qtbot.waitUntil(lambda: "open.icstudy" in asked, timeout=5000)
        assert held_locks(path) >= 1
        box.close()


def test_qts_plain_dialog_would_drop_them(qtbot, tmp_path: Path) -> None:
    """The hazard the helper avoids, shown with Qt's own icon provider (content sniffing)."""
    path = tmp_path / "open.icstudy"
    (tmp_path / "notes.txt").write_text("a transcript", encoding="utf-8")
    with create(path, template="blank"):
        assert held_locks(path) >= 1
        box = QFileDialog(None, "Open study", str(tmp_path), "Studies (*.icstudy)")
        box.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        show_and_fetch(qtbot, box, tmp_path)
        qtbot.waitUntil(lambda: held_locks(path) == 0, timeout=5000)
        box.close()
