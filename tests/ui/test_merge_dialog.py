"""File → Merge study… on a real main window: the plan read off the UI thread, the dialog,
confirming a same-name participant, the merge as one undo step, the Agreement tab after it."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewcoder.services.coding import add_quote
from interviewcoder.services.studies import create
from interviewcoder.ui.merging import merge_dialog
from interviewcoder.ui.merging.merge_dialog import MergeDialog
from tests.builders import add_source
from tests.ui.conftest import open_main_window


@pytest.fixture
def studies(tmp_path: Path):  # noqa: ANN201
    a = create(tmp_path / "lead.icstudy")
    sid, spans = add_source(a, "interview", [("Jo", "participant", "Jo", "We compared vendors."),
                                             ("Jo", "participant", "Jo", "Pricing was opaque.")])
    add_quote(a, sid, *spans[0], [a.codes.list()[0].id], "Ana")
    b_path = a.save_copy(tmp_path / "ben.icstudy")
    a.close()
    from interviewcoder.store import Study

    with Study.open(b_path) as b:
        add_quote(b, sid, *spans[0], [b.codes.list()[0].id], "Ben")
        add_quote(b, sid, *spans[1], [b.codes.list()[1].id], "Ben")
        new, _ = add_source(b, "other interview", [("Sam", "participant", "Sam", "A new person.")])
        add_quote(b, new, 0, 5, [b.codes.list()[2].id], "Ben")
    return tmp_path / "lead.icstudy", b_path


def test_merge_from_the_file_menu_is_one_undo_step(qtbot, studies, settings, monkeypatch) -> None:  # noqa: ANN001
    a_path, b_path = studies
    window = open_main_window(qtbot, a_path, settings)
    merge_dialog.install(window)
    assert "Merge study" in window.merge_action.text().replace("&", "")
    shown: list[MergeDialog] = []

    def exec_(self: MergeDialog) -> int:  # the researcher reads the plan and presses Merge
        shown.append(self)
        return 1

    monkeypatch.setattr(MergeDialog, "exec", exec_)
    with qtbot.waitSignal(window.session.changed, timeout=10_000):
        job = merge_dialog.start_merge(window, b_path)
    assert not job.busy
    dialog = shown[0]
    assert "1 already here (matched by their text), 1 to add" in dialog.details.toPlainText()
    assert "Quotes: 3 to add" in dialog.details.toPlainText()
    study = window.session.study
    assert sorted(study.quotes.coders()) == ["Ana", "Ben"]
    assert len(study.sources.list()) == 2
    assert list(a_path.parent.glob("lead.before-merge-*.icstudy"))
    stack = window.session.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Merge ben.icstudy"
    with qtbot.waitSignal(window.session.changed, timeout=10_000):
        stack.undo()
    assert study.quotes.coders() == ["Ana"] and len(study.sources.list()) == 1
    with qtbot.waitSignal(window.session.changed, timeout=10_000):
        stack.redo()
    assert len(study.quotes.all()) == 4
    window.close()


def test_the_dialog_offers_name_matches_to_confirm(qtbot, qapp, tmp_path) -> None:  # noqa: ANN001
    from interviewcoder.services import merging

    a = create(tmp_path / "a.icstudy")
    add_source(a, "first", [("Jo", "participant", "Jo", "Budget was tight.")])
    b = create(tmp_path / "b.icstudy")
    sid, _ = add_source(b, "second", [("Jo", "participant", "Jo", "Renewal was easy.")])
    add_quote(b, sid, 0, 7, [b.codes.list()[0].id], "Ben")
    b.close()
    plan = merging.read_plan(a, tmp_path / "b.icstudy")
    dialog = MergeDialog(plan)
    qtbot.addWidget(dialog)
    assert list(dialog.same) == ["Jo"] and dialog.same_person() == ()
    dialog.same["Jo"].setChecked(True)
    assert dialog.same_person() == ("Jo",)
    assert "Jo (b)" in dialog.details.toPlainText()
    a.close()
