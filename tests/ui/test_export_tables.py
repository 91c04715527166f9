"""File → Export → Every table as CSV: written in the background, with progress and Cancel."""

from __future__ import annotations

from interviewcoder.services.csv_names import CSV_TABLES


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


def test_redacted_csv_tables_for_sharing_from_the_menu(qtbot, tmp_path, settings, demo_path,
                                                       monkeypatch) -> None:
    """File → Export → Redacted CSV tables: the redact dialog, then a folder; every table goes
    through the study's redactor, the report lands beside the folder."""
    from PySide6.QtWidgets import QMessageBox

    from interviewcoder.ui.app import open_window
    from interviewcoder.ui.common.redact_dialog import RedactChoice
    from interviewcoder.ui.evidence import evidence_tabs

    window = open_window(demo_path, settings)
    qtbot.addWidget(window)
    names = [p.name for p in window.session.study.participants.list() if " " in p.name]
    assert names
    action = next(a for a in window.export_menu.actions() if "Redacted CSV tables" in a.text())
    asked: list[str] = []
    monkeypatch.setattr(evidence_tabs, "ask_redaction",
                        lambda parent, what: asked.append(what) or RedactChoice(["Ledgerly"], True))
    monkeypatch.setattr(evidence_tabs.file_dialogs, "existing_folder",
                        lambda *args: str(tmp_path))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args: QMessageBox.StandardButton.No)
    action.trigger()
    folder = tmp_path / f"{window.session.study.path.stem}-tables-redacted"
    report = folder.with_name(folder.name + ".redaction-report.txt")
    qtbot.waitUntil(lambda: "not for sharing" in window.statusBar().currentMessage(),
                    timeout=60_000)
    assert asked == ["tables"] and report.exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.csv" for n in CSV_TABLES)
    text = "\n".join(p.read_text(encoding="utf-8") for p in folder.iterdir())
    assert "[Participant 1]" in text
    for secret in [*names, "Ledgerly"]:
        assert secret not in text, secret
    window.close()


def test_the_redact_dialog_for_tables_asks_for_a_folder(qtbot) -> None:
    from PySide6.QtWidgets import QDialogButtonBox, QLabel

    from interviewcoder.ui.common.redact_dialog import RedactDialog

    dialog = RedactDialog(what="tables")
    qtbot.addWidget(dialog)
    said = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "every header and field of every CSV table" in said
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Choose folder…"
    assert "beside the tables" in dialog.report.text()
