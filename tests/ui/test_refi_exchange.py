"""REFI-QDA in the app: File → Export writes a valid .qdpx in a worker; the Import dialog
imports one and the codebook dock shows its codes."""

from __future__ import annotations

import zipfile
from pathlib import Path

from refi_schema import assert_valid, codebook_schema, project_schema

from interviewcoder.core.types import Dimension
from interviewcoder.services import refi_export
from interviewcoder.services.codebook import add_code
from interviewcoder.services.studies import create
from interviewcoder.ui.exchange import refi_actions
from interviewcoder.ui.importing.import_dialog import ImportDialog
from tests.ui.conftest import open_main_window


def test_file_export_has_refi_entries_and_writes_a_valid_project(qtbot, window, tmp_path: Path) -> None:  # noqa: ANN001
    from interviewcoder.ui import extensions

    for extend in extensions.load():
        extend(window)
    labels = [a.text() for a in window.export_menu.actions()]
    assert any(".qdpx" in t for t in labels) and any(".qdc" in t for t in labels)
    out = tmp_path / "demo.qdpx"
    job = refi_actions.start_export(window, out, show_errors=False)
    qtbot.waitUntil(lambda: job.ok is not None, timeout=30_000)
    assert job.ok, job.message
    assert "Exported" in window.statusBar().currentMessage()
    with zipfile.ZipFile(out) as archive:
        assert_valid(project_schema(), archive.read("project.qde"))
        texts = [n for n in archive.namelist() if n.startswith("sources/")]
    assert len(texts) == window.session.study.sources.count()
    qdc = refi_actions.start_export(window, tmp_path / "demo.qdc", show_errors=False)
    qtbot.waitUntil(lambda: qdc.ok is not None, timeout=30_000)
    assert_valid(codebook_schema(), (tmp_path / "demo.qdc").read_bytes())


def test_cancelled_export_leaves_no_file(qtbot, window, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "never.qdpx"
    job = refi_actions.start_export(window, out, show_errors=False)
    job.cancel()
    qtbot.waitUntil(lambda: job.ok is not None, timeout=30_000)
    assert job.ok is False and "cancelled" in job.message
    assert not out.exists() and not list(tmp_path.glob(".never.qdpx*"))


def test_import_dialog_takes_a_qdpx_and_the_codebook_follows(qtbot, demo_path: Path, settings,
                                                             tmp_path: Path) -> None:  # noqa: ANN001
    with create(tmp_path / "other.icstudy", template="blank") as other:
        add_code(other, Dimension.ANXIETY, "Fear of lock-in", "cp", colour="#123456")
        add_code(other, Dimension.THEME, "Budget season", "cp")
        qdpx = refi_export.export(other, tmp_path / "other.qdpx")
    window = open_main_window(qtbot, demo_path, settings)
    dialog = ImportDialog(window.session, [qdpx], window)
    qtbot.addWidget(dialog)
    model = window.codebook.model
    dialog.start()
    qtbot.waitUntil(dialog.review_ready, timeout=20_000)  # the review step: nothing stored yet
    with qtbot.waitSignal(window.session.changed, timeout=20_000) as changed:
        dialog.confirm()
    assert changed.args[0].codebook
    qtbot.waitUntil(lambda: not dialog.job.is_running(), timeout=10_000)
    assert [r.status for r in dialog.results] == ["imported"]
    anxieties = model.dimension_index(Dimension.ANXIETY)
    names = [str(model.index(r, 0, anxieties).data()) for r in range(model.rowCount(anxieties))]
    assert any("Fear of lock-in" in n for n in names)
    window.close()


def test_a_redacted_project_from_the_app_names_no_participant(qtbot, window, tmp_path: Path) -> None:  # noqa: ANN001
    from interviewcoder.ui import extensions
    from interviewcoder.ui.exchange.export_job import Redaction

    for extend in extensions.load():
        extend(window)
    assert any("Redacted REFI-QDA" in a.text() for a in window.export_menu.actions())
    names = [p.name for p in window.session.study.participants.list()]
    out = tmp_path / "shared.qdpx"
    job = refi_actions.start_export(window, out, show_errors=False,
                                    redaction=Redaction(["Ledgerly"], None, report=True))
    qtbot.waitUntil(lambda: job.ok is not None, timeout=60_000)
    assert job.ok, job.message
    said = window.statusBar().currentMessage()
    assert "redacted (" in said and "shared.qdpx.redaction-report.txt" in said
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("project.qde")
        assert_valid(project_schema(), xml)
        text = xml.decode("utf-8") + "".join(archive.read(n).decode("utf-8")
                                             for n in archive.namelist() if n.startswith("sources/"))
    assert "[Participant 1]" in text and "Ledgerly" not in text
    assert not [n for n in names if f'name="{n}"' in text or f"{n}:" in text]
