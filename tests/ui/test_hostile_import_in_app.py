"""The app imports a workbook that makes its reader abort, and lives on: the reader runs in a
process of its own (``importers.isolated``); the dialog lists one line; the next file imports."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from interviewcoder.importers import isolated
from interviewcoder.services.studies import create
from interviewcoder.ui.common.session import StudySession
from interviewcoder.ui.importing.import_dialog import ImportDialog
from tests.ui.conftest import review_and_import


def lying_workbook(path: Path) -> Path:
    """One value at XFD1048576 under a declared A1:B2: calamine asks for 512 GB and aborts."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["ResponseId", "Why did you leave?"])
    ws.append(["R_1", "Too expensive"])
    ws["XFD1048576"] = "x"
    buffer = io.BytesIO()
    wb.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            data = src.read(name).replace(b'<dimension ref="A1:XFD1048576"/>',
                                          b'<dimension ref="A1:B2"/>')
            out.writestr(name, data)
    return path


def test_a_workbook_that_aborts_its_reader_does_not_end_the_app(qtbot, qapp, tmp_path: Path) -> None:
    study = create(tmp_path / "app.icstudy")
    session = StudySession(study, "Ana")
    good = tmp_path / "interview.txt"
    good.write_text("Interviewer: Why?\nAna: It cost too much.\n", encoding="utf-8")
    dialog = ImportDialog(session, [lying_workbook(tmp_path / "liar.xlsx"), good])
    qtbot.addWidget(dialog)
    results = review_and_import(qtbot, dialog, timeout=60_000)  # read in the review step
    assert [r.status for r in results] == ["error", "imported"]
    assert results[0].error == ("liar.xlsx: could not be read within 3 GB of memory (the reader "
                                "gave up; is the file far larger inside than it looks?)")
    assert "1 imported, 0 skipped, 1 failed" in dialog.status.text()
    assert study.sources.count() == 1  # and this process, the app, is still here
    qtbot.waitUntil(lambda: not dialog.job.is_running(), timeout=10_000)
    study.close()
    isolated.stop_helper()
