"""The import review step on real widgets: nothing is stored before Import; a role chosen, a
participant linked and a survey column reclassed on the review page are what gets stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewcoder.core.types import Role
from interviewcoder.services import evidence
from interviewcoder.services.importing import ImportOptions, import_file
from interviewcoder.services.personal import personal_attributes
from interviewcoder.services.studies import create
from interviewcoder.ui.common.session import StudySession
from interviewcoder.ui.importing.import_dialog import ImportDialog


@pytest.fixture
def session(qapp, tmp_path: Path):
    study = create(tmp_path / "review.icstudy")
    s = StudySession(study, "Ana")
    yield s
    study.close()


FIRST = "Interviewer: How did you buy?\nJane Doe: We trialled it for a month.\n"
FOLLOW_UP = ("Notetaker Bot: Recording started.\nKim: Six months on, how is it?\n"
             "Jane Doe: Support never answered.\nKim: Anything else?\n"
             "Notetaker Bot: Recording paused.\nJane Doe: The price went up.\n")
SURVEY = ("ResponseId,Contact email,Plan,Why did you leave?\n"
          "R_1,ann@example.com,Team,The integration took far longer than promised.\n"
          "R_2,bob@example.com,Business,Support answered after a week every single time.\n"
          "R_3,cy@example.com,Team,We could not get the export into our own tools.\n")


def _files(tmp_path: Path) -> tuple[Path, Path]:
    follow = tmp_path / "jane-follow-up.txt"
    follow.write_text(FOLLOW_UP, encoding="utf-8")
    survey = tmp_path / "exit.csv"
    survey.write_text(SURVEY, encoding="utf-8")
    return follow, survey


def test_the_review_page_shows_the_plan_and_stores_what_the_researcher_chose(
        qtbot, session: StudySession, tmp_path: Path) -> None:
    study = session.study
    first = tmp_path / "jane.txt"
    first.write_text(FIRST, encoding="utf-8")
    import_file(study, first, ImportOptions(outcome="won"))
    follow, survey = _files(tmp_path)
    dialog = ImportDialog(session, [follow, survey])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(dialog.review_ready, timeout=20_000)
    assert study.sources.count() == 1  # reading and reviewing store nothing
    review = dialog.review
    assert dialog.pages.currentWidget() is review

    # the follow-up: who each speaker is
    plan = review.select_file("jane-follow-up.txt")
    assert plan.layout == "colon" and plan.format == "txt"
    jane = review.participant_combo("Jane Doe")
    assert jane.currentText() == "Jane Doe (jane-follow-up)"  # proposed: a new participant …
    row = [s.label for s in plan.speakers].index("Jane Doe")
    why = review.speakers.item(row, 4).text()
    assert "suggested: Jane Doe (same full name)" in why  # … with the existing one suggested
    assert [review.role_combo(label).currentData() for label in ("Kim", "Notetaker Bot")] == [
        "participant", "participant"]
    kim = review.role_combo("Kim")
    kim.setCurrentIndex(kim.findData("interviewer"))  # choose a role
    note = review.role_combo("Notetaker Bot")
    note.setCurrentIndex(note.findData("none"))  # not a person
    assert not review.participant_combo("Kim").isEnabled()
    jane.setCurrentText("Jane Doe")  # link the existing participant
    assert "joins the existing participant" in review.speakers.item(row, 4).text()

    # the survey: each column's class, with its first answers
    plan = review.select_file("exit.csv")
    assert plan.kind == "survey" and plan.respondents == 3
    classes = {c.name: c.kind for c in plan.columns}
    assert classes == {"ResponseId": "id", "Contact email": "personal", "Plan": "attribute",
                       "Why did you leave?": "open_text"}
    assert review.columns.item(1, 3).text().startswith("ann@example.com | bob@example.com")
    plan_column = review.class_combo("Plan")
    plan_column.setCurrentIndex(plan_column.findData("ignored"))  # change a column's class
    email = review.class_combo("Contact email")
    email.setCurrentIndex(email.findData("attribute"))  # not personal after all
    outcome = review.outcome
    outcome.setCurrentText("lost")

    with qtbot.waitSignal(dialog.imported, timeout=20_000) as done:
        dialog.confirm()
    assert [r.status for r in done.args[0]] == ["imported", "imported"], [r.error for r in done.args[0]]

    # what was stored is what the review said
    follow_id = done.args[0][0].sources[0]["id"]
    turns = study.sources.turns(follow_id)
    jane_id = study.participants.by_name("Jane Doe").id
    assert {t.speaker: (t.role, t.participant_id) for t in turns} == {
        "Kim": (Role.INTERVIEWER, None), "Jane Doe": (Role.PARTICIPANT, jane_id),
        "Notetaker Bot": (Role.PARTICIPANT, None)}
    assert study.participants.by_name("Jane Doe (jane-follow-up)") is None
    assert study.participants.by_name("Kim") is None
    assert study.participants.by_name("Notetaker Bot") is None
    respondents = [p for p in study.participants.list() if p.name.startswith("R_")]
    assert [(p.name, p.outcome) for p in respondents] == [("R_1", "lost"), ("R_2", "lost"),
                                                         ("R_3", "lost")]
    assert all("Plan" not in p.attributes for p in respondents)  # ignored: not kept
    assert respondents[0].attributes["Contact email"] == "ann@example.com"
    assert "Contact email" not in personal_attributes(study)  # the researcher's call
    assert evidence.compute(study).outcome_sizes == {"won": 1, "lost": 3}


def test_back_changes_the_options_and_cancel_stores_nothing(qtbot, session: StudySession,
                                                              tmp_path: Path) -> None:
    follow, survey = _files(tmp_path)
    dialog = ImportDialog(session, [follow])
    qtbot.addWidget(dialog)
    dialog.start()
    qtbot.waitUntil(dialog.review_ready, timeout=20_000)
    assert dialog.review.role_combo("Kim").currentData() == "participant"
    dialog.back_button.click()
    assert dialog.pages.currentIndex() == 0
    dialog.interviewers.setText("Kim")
    dialog.start()
    qtbot.waitUntil(dialog.review_ready, timeout=20_000)
    assert dialog.review.role_combo("Kim").currentData() == "interviewer"
    dialog.cancel_button.click()
    assert session.study.sources.count() == 0 and session.study.participants.count() == 0
