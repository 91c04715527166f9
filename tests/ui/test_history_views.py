"""The Changes tab, Evidence → Take snapshot…, the monthly snapshot, and Source → Replace with
corrected transcript…, on real widgets."""

from __future__ import annotations

from pathlib import Path

from interviewcoder.services import participants as people
from interviewcoder.services import snapshots
from interviewcoder.services.import_options import ImportOptions
from interviewcoder.services.importing import import_file
from interviewcoder.services.studies import create
from interviewcoder.ui.sources.replace_dialog import USE_ACCEPT, USE_DELETE, replace_current_source


def _open(qtbot, path, settings):
    from interviewcoder.ui.app import open_window

    window = open_window(path, settings)  # closes itself (WA_DeleteOnClose): no qtbot.addWidget
    qtbot.waitExposed(window)
    return window


def _menu_texts(window, title: str) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
    return [a.text() for a in menu.actions()]


def test_take_a_snapshot_and_see_what_changed_since(qtbot, settings, demo_path):
    window = _open(qtbot, demo_path, settings)
    view = window.changes_view
    assert "Take &snapshot…" in _menu_texts(window, "&Evidence")
    assert "No snapshots yet" in view.summary.text()
    with qtbot.waitSignal(view.snapshot_taken, timeout=20_000) as taken:
        assert view.take_snapshot(name="baseline", note="")  # in a worker
    assert taken.args[0].name == "baseline" and view.old_combo.currentData() == "baseline"
    assert window.statusBar().currentMessage() == "Snapshot “baseline” taken"
    window.show_changes()
    qtbot.waitUntil(lambda: view.diff is not None, timeout=20_000)
    assert view.diff.participants == []  # nothing changed yet
    someone = window.session.study.participants.list()[0]
    new_outcome = "lost" if someone.outcome != "lost" else "won"
    window.session.apply(people.UpdateParticipant(someone.id, outcome=new_outcome))

    def mentioned() -> list[tuple[str, str]]:
        return [r for r in view.notes_model.rows if r[0].startswith(someone.name)]

    qtbot.waitUntil(lambda: bool(mentioned()), timeout=20_000)
    assert mentioned() == [(f"{someone.name}: outcome", f"{someone.outcome} → {new_outcome}")]
    assert "1 outcome changes" in view.summary.text()
    view.job.wait()
    window.close()


def test_monthly_snapshot_is_taken_on_open_when_asked(qtbot, settings, demo_path):
    settings.monthly_snapshot = True
    window = _open(qtbot, demo_path, settings)
    assert window.monthly_snapshot_action.isChecked()
    view = window.changes_view
    qtbot.waitUntil(lambda: view.old_combo.count() == 1, timeout=20_000)
    [snap] = snapshots.list_snapshots(window.session.study)
    assert snap.note == snapshots.AUTO_NOTE
    view.job.wait()
    window.close()
    again = _open(qtbot, demo_path, settings)  # same month: not again
    again.changes_view.snap_job.wait()
    assert len(snapshots.list_snapshots(again.session.study)) == 1
    again.changes_view.job.wait()
    again.close()


def _jane(tmp_path: Path) -> tuple[dict, int, int, int, Path]:
    """A study with Jane's interview and two quotes on it (one on words a correction edits),
    and the corrected transcript: (source, step code, that quote, the other quote, file)."""
    from interviewcoder.core.types import Dimension
    from interviewcoder.services import coding

    study = create(tmp_path / "s.icstudy", template="journey")
    original = tmp_path / "jane.txt"
    original.write_text("Interviewer: How did it go?\n\nJane Roe: We compared tree vendors on price. "
                        "Then we asked peers.\n", encoding="utf-8")
    [src] = import_file(study, original, ImportOptions()).sources
    step = study.codes.find(Dimension.STEP, "Compared vendors").id
    text = study.sources.text(src["id"])
    a = text.index("We compared")
    typo = coding.add_quote(study, src["id"], a, text.index(" Then"), [step], "Ana").result
    b = text.index("we asked peers")
    kept = coding.add_quote(study, src["id"], b, b + len("we asked peers"), [step], "Ana").result
    study.close()
    corrected = tmp_path / "jane-fixed.txt"
    corrected.write_text(original.read_text().replace("tree vendors", "three vendors"), encoding="utf-8")
    return src, step, typo, kept, corrected


def test_replace_with_a_corrected_transcript_then_undo(qtbot, settings, tmp_path: Path):
    src, _step, typo, kept, corrected = _jane(tmp_path)
    window = _open(qtbot, tmp_path / "s.icstudy", settings)
    window.show_source(src["id"])
    assert "&Replace with corrected transcript…" in _menu_texts(window, "&Source")
    dialog = replace_current_source(window, str(corrected))
    assert not dialog.replace_button.isEnabled()  # one quote needs a decision
    assert [m.quote_id for m in dialog.plan.review] == [typo]
    dialog.combos[typo].setCurrentText(USE_DELETE)
    dialog.combos[typo].setCurrentText(USE_ACCEPT)
    assert dialog.replace_button.isEnabled()
    dialog.replace_button.click()
    s = window.session.study
    assert "three vendors" in s.sources.text(src["id"])
    assert s.quotes.get(typo).text == "We compared three vendors on price."
    assert s.quotes.get(kept).text == "we asked peers"
    qtbot.waitUntil(lambda: "three vendors" in window.reader.toPlainText())
    window.session.undo_stack.undo()
    assert "tree vendors" in s.sources.text(src["id"])
    assert s.quotes.get(typo).text == "We compared tree vendors on price."
    qtbot.waitUntil(lambda: "tree vendors" in window.reader.toPlainText())
    window.close()


def test_earlier_texts_puts_back_the_text_and_the_quote_the_replacement_deleted(
        qtbot, settings, tmp_path: Path):
    from interviewcoder.ui.sources.history_dialog import show_earlier_texts

    src, step, typo, _kept, corrected = _jane(tmp_path)
    window = _open(qtbot, tmp_path / "s.icstudy", settings)
    window.show_source(src["id"])
    assert "Earlier &texts…" in _menu_texts(window, "&Source")
    assert show_earlier_texts(window) is None  # never replaced: the status bar says so
    assert "never been replaced" in window.statusBar().currentMessage()
    replace = replace_current_source(window, str(corrected))
    replace.combos[typo].setCurrentText(USE_DELETE)
    replace.replace_button.click()
    s = window.session.study
    assert s.quotes.get(typo) is None
    qtbot.waitUntil(lambda: "three vendors" in window.reader.toPlainText())

    dialog = show_earlier_texts(window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == settings.coder
    assert "tree vendors" in dialog.preview.toPlainText()
    dialog.restore_button.click()
    assert not dialog.isVisible()
    assert "tree vendors" in s.sources.text(src["id"])
    back = s.quotes.get(typo)
    assert back is not None and back.text == "We compared tree vendors on price."
    assert back.code_ids == (step,)
    message = window.statusBar().currentMessage()
    assert message.startswith("Version 1 restored") and "1 quote the replacement deleted" in message
    qtbot.waitUntil(lambda: "tree vendors" in window.reader.toPlainText())
    window.session.undo_stack.undo()  # the replacement's text again, the quote gone
    assert "three vendors" in s.sources.text(src["id"]) and s.quotes.get(typo) is None
    qtbot.waitUntil(lambda: "three vendors" in window.reader.toPlainText())
    window.close()
