"""The import dialog shows what was inferred about each file, on real widgets."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewcoder.services.studies import create
from interviewcoder.ui.common.session import StudySession
from interviewcoder.ui.importing.import_dialog import ImportDialog
from tests.ui.conftest import review_and_import


@pytest.fixture
def session(qapp, tmp_path: Path):
    study = create(tmp_path / "ui.icstudy")
    s = StudySession(study, "Ana")
    yield s
    study.close()


def _children(item) -> dict[str, object]:  # noqa: ANN001 - QTreeWidgetItem
    return {item.child(i).text(0): item.child(i) for i in range(item.childCount())}


def test_results_show_layout_confidence_speakers_and_columns(qtbot, session, tmp_path):
    talk = tmp_path / "call.md"
    talk.write_text("**Sam Rivers (Interviewer):** Why?\n\n**Kim:** Price.\n\n"
                    "**Sam Rivers (Interviewer):** Thanks.\n\n**Kim:** Bye.\n", encoding="utf-8")
    survey = tmp_path / "exit.csv"
    survey.write_text("ResponseId,Email,Why did you leave?\n"
                      "R_1,a@x.org,The add-ons made the final quote much higher than the list.\n"
                      "R_2,b@x.org,Security review stalled everything for a whole month.\n",
                      encoding="utf-8")
    dialog = ImportDialog(session, [talk, survey])
    qtbot.addWidget(dialog)
    dialog.text_columns.setText("C")  # the open-text column by its letter
    review_and_import(qtbot, dialog)
    assert [dialog.table.item(r, 2).text() for r in range(2)] == [
        "Name: labels · 100% sure", "generic table · "
        + f"{dialog.results[1].inferred['confidence']:.0%} sure"]
    tree = dialog.inferred
    assert not tree.isHidden() and tree.topLevelItemCount() == 2
    transcript, table = tree.topLevelItem(0), tree.topLevelItem(1)
    speakers = _children(_children(transcript)["Speakers"])
    assert speakers["Sam Rivers"].text(1).startswith("interviewer (the label says so)")
    assert speakers["Kim"].text(1).startswith("participant")
    columns = _children(_children(table)["Columns"])
    assert columns["B  Email"].text(1).startswith("personal data")
    assert columns["C  Why did you leave?"].text(1).startswith("open text")
    assert "chosen as an open-text column" in columns["C  Why did you leave?"].text(1)
    assert session.study.participants.by_name("Sam Rivers") is None
