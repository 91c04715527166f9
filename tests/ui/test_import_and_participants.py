"""Import through the background worker, and the participants dialog, on real widgets."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewcoder.core.types import Role
from interviewcoder.paths import resource_path
from interviewcoder.services.importing import ImportOptions
from interviewcoder.services.studies import create
from interviewcoder.ui.common.session import StudySession
from interviewcoder.ui.importing.import_dialog import ImportDialog
from interviewcoder.ui.importing.import_worker import ImportJob
from interviewcoder.ui.participants.participants_dialog import INTERVIEWER, ParticipantsDialog
from tests.ui.conftest import review_and_import

SAMPLE = resource_path("sample")


@pytest.fixture
def session(qapp, tmp_path: Path):
    study = create(tmp_path / "ui.icstudy")
    s = StudySession(study, "Ana")
    yield s
    study.close()


def test_import_dialog_imports_in_a_worker_with_progress(qtbot, session: StudySession) -> None:
    files = [SAMPLE / "ledgerly_won_finance_hannah_brooks.txt",
             SAMPLE / "ledgerly_lost_finance_claire_novak.vtt"]
    dialog = ImportDialog(session, files)
    qtbot.addWidget(dialog)
    dialog.interviewers.setText("Interviewer, Priya Natarajan")
    dialog.outcome.setCurrentText("won")
    seen: list[tuple[int, int, str]] = []
    dialog.start()
    dialog.job.progress.connect(lambda d, t, m: seen.append((d, t, m)))
    qtbot.waitUntil(dialog.review_ready, timeout=20_000)
    assert session.study.sources.count() == 0  # nothing is stored before the review is confirmed
    with qtbot.waitSignal(session.changed, timeout=20_000) as changed:
        dialog.confirm()
        dialog.job.progress.connect(lambda d, t, m: seen.append((d, t, m)))
    assert changed.args[0].sources
    qtbot.waitUntil(lambda: not dialog.job.is_running(), timeout=10_000)
    assert [r.status for r in dialog.results] == ["imported", "imported"]
    assert dialog.table.rowCount() == 2
    assert "2 imported" in dialog.status.text()
    study = session.study
    assert {p.name for p in study.participants.list()} == {"Hannah Brooks", "Claire Novak"}
    assert all(p.outcome == "won" for p in study.participants.list())
    roles = {t.speaker: t.role for s in study.sources.list() for t in study.sources.turns(s.id)}
    assert roles["Interviewer"] == Role.INTERVIEWER and roles["Priya Natarajan"] == Role.INTERVIEWER


def test_import_errors_are_listed_not_one_modal_each(qtbot, session: StudySession, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    dialog = ImportDialog(session, [empty, SAMPLE / "ledgerly_lost_ops_ben_carter.txt", binary])
    qtbot.addWidget(dialog)
    results = review_and_import(qtbot, dialog)
    statuses = [r.status for r in results]
    assert statuses == ["error", "imported", "error"]
    assert "empty" in results[0].error
    assert "1 imported, 0 skipped, 2 failed" in dialog.status.text()
    assert dialog.table.rowCount() == 3
    assert session.study.sources.count() == 1


def test_cancel_stops_the_import_and_keeps_nothing_half_done(qtbot, session: StudySession) -> None:
    files = sorted(SAMPLE.glob("*.txt")) * 3
    job = ImportJob(session.study.path, files, ImportOptions(force=True))
    job.progress.connect(lambda d, t, m: job.cancel() if d >= 1 else None)
    with qtbot.waitSignal(job.finished, timeout=30_000) as done:
        job.start()
    results = done.args[0]
    assert len(results) == len(files)
    imported = [r for r in results if r.status == "imported"]
    assert 1 <= len(imported) < len(files)
    assert any("cancel" in (r.error or r.message) for r in results)
    # every source in the study is complete: it has turns and text
    for s in session.study.sources.list():
        assert session.study.sources.turns(s.id)
    assert session.study.sources.count() == len(imported)


def test_participants_table_edits_in_place_with_undo(qtbot, session: StudySession, qtmodeltester) -> None:
    from interviewcoder.services.importing import import_file

    import_file(session.study, SAMPLE / "ledgerly_lost_ops_ben_carter.txt", ImportOptions(
        participant="Ben Carter", interviewers=("Interviewer",)))
    dialog = ParticipantsDialog(session)
    qtbot.addWidget(dialog)
    model = dialog.model
    qtmodeltester.check(model)
    assert model.rowCount() == 2  # Ben Carter, then the interviewer (in no group)
    assert [model.data(model.index(r, 3)) for r in range(2)] == ["participant", "interviewer"]
    assert model.setData(model.index(0, 1), "lost")
    assert model.setData(model.index(0, 2), "Operations")
    p = session.study.participants.by_name("Ben Carter")
    assert (p.outcome, p.persona) == ("lost", "Operations")
    assert model.data(model.index(0, 1)) == "lost"
    session.undo_stack.undo()
    assert session.study.participants.by_name("Ben Carter").persona is None
    session.undo_stack.undo()
    assert session.study.participants.by_name("Ben Carter").outcome == "unknown"
    qtmodeltester.check(model)


def test_speaker_mapping_creates_participant_and_evidence_follows(qtbot, session: StudySession) -> None:
    from interviewcoder.services.importing import import_file

    result = import_file(session.study, SAMPLE / "ledgerly_lost_ops_ben_carter.txt",
                         ImportOptions(interviewers=("Interviewer",)))
    sid = result.sources[0]["id"]
    dialog = ParticipantsDialog(session)
    qtbot.addWidget(dialog)
    mapping = dialog.mapping
    mapping.select_source(sid)
    rows = {mapping.table.item(r, 0).text(): r for r in range(mapping.table.rowCount())}
    assert mapping.combo(rows["Interviewer"]).currentText() == INTERVIEWER
    other = next(name for name in rows if name != "Interviewer")
    mapping.combo(rows[other]).setCurrentText("Ben C. (renamed)")
    assert mapping.apply()
    turns = [t for t in session.study.sources.turns(sid) if t.speaker == other]
    person = session.study.participants.by_name("Ben C. (renamed)")
    assert person is not None and all(t.participant_id == person.id for t in turns)
    session.undo_stack.undo()  # the mapping
    turns = [t for t in session.study.sources.turns(sid) if t.speaker == other]
    assert all(t.participant_id != person.id for t in turns)


def test_window_menu_and_drop_open_the_import_dialog(qtbot, demo_path: Path, settings) -> None:
    from interviewcoder.ui.app import open_window

    window = open_window(demo_path, settings)
    qtbot.addWidget(window)
    window.import_action.trigger()
    dialog = window._import_dialog
    assert dialog.isVisible() and dialog.file_list() == []
    dialog.close()
    dropped = [str(SAMPLE / "ledgerly_lost_ops_ben_carter.txt")]
    window.files_dropped.emit(dropped)
    assert window._import_dialog.file_list() == dropped
    # same file again: reported as skipped, nothing new in the study
    before = window.session.study.sources.count()
    with qtbot.waitSignal(window._import_dialog.imported, timeout=20_000) as done:
        window._import_dialog.start()
    assert [r.status for r in done.args[0]] == ["skipped"]
    assert window.session.study.sources.count() == before
    window._import_dialog.close()
    window.participants_action.trigger()
    people = window._participants_dialog
    study = window.session.study
    assert people.isVisible() and people.model.rowCount() == len(study.participants.list()) + len(
        study.sources.interviewers())
    people.close()
