"""File → Export → Every table as CSV: written in the background, with progress and Cancel."""

from __future__ import annotations

from interviewcoder.services.evidence_tables import CSV_TABLES


def test_every_table_as_csv_from_the_app(qtbot, tmp_path, settings, demo_path) -> None:
    from interviewcoder.ui.app import open_window
    from interviewcoder.ui.evidence.evidence_tabs import start_export

    window = open_window(demo_path, settings)
    qtbot.addWidget(window)
    assert any("Every table as CSV" in a.text() for a in window.export_menu.actions())
    folder = tmp_path / "tables"
    job = start_export(window, folder, show_progress=False, csv_folder=True, excel_csv=True)
    seen: list[str] = []
    job.progress.connect(seen.append)
    with qtbot.waitSignal(job.ready, timeout=30_000) as blocker:
        pass
    job.wait()
    assert blocker.args == [folder]
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.csv" for n in CSV_TABLES)
    assert all(p.read_bytes().startswith(b"\xef\xbb\xbf") for p in folder.iterdir())

    again = tmp_path / "cancelled"
    job = start_export(window, again, show_progress=False, start=False, csv_folder=True)
    job.cancel()
    with qtbot.waitSignal(job.failed, timeout=30_000) as blocker:
        job.run_now()
    job.wait()
    assert "cancelled" in blocker.args[0]
    assert not again.exists()  # the folder it made is gone again
