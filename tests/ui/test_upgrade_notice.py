"""Opening an older study in the app says it was upgraded, and where the old file is kept."""

from __future__ import annotations

from pathlib import Path

from interviewcoder.ui import app
from tests.builders import older_study


def test_the_window_says_an_older_study_was_upgraded_and_names_its_backup(
        qtbot, tmp_path: Path, settings) -> None:
    path = older_study(tmp_path / "old.icstudy")
    w = app.open_window(path, settings)
    qtbot.addWidget(w)
    (backup,) = tmp_path.glob("old.v11-backup-*.icstudy")
    message = w.statusBar().currentMessage()
    assert "older version (schema 11)" in message and backup.name in message
    assert w._status.text() == "1 source · 0 quotes · 0 codes"  # the study, opened whole
    w.close()
    again = app.open_window(path, settings)  # current now: nothing to say
    qtbot.addWidget(again)
    assert "older version" not in again.statusBar().currentMessage()
    again.close()
