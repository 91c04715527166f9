"""The Participants dialog as a researcher uses it, on real widgets: the regressions of
issue 11 (speaker choices kept, readable and numerically sorted grid, bulk edits, scroll kept,
views refreshed by a re-import) and the management it asks for (delete, merge, memos,
outcomes, interviewers shown)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from interviewcoder.services import coding
from interviewcoder.services import participants as people
from interviewcoder.services.importing import ImportOptions, import_file
from interviewcoder.services.studies import create
from interviewcoder.ui.common.session import StudySession
from interviewcoder.ui.participants.participants_dialog import ParticipantsDialog
from tests.ui.conftest import open_main_window, review_and_import


@pytest.fixture
def session(qapp, tmp_path: Path):
    study = create(tmp_path / "people.icstudy")
    s = StudySession(study, "Ana")
    yield s
    study.close()


def _survey(path: Path, rows: list[list[str]], header: list[str]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


HEADER = ["Response #", "Which plan were you on before you cancelled?", "Company size",
          "Region", "Bought?", "Why?"]


def _respondents(n: int) -> list[list[str]]:
    return [[str(i), "Team" if i % 2 else "Business", str(10 * i), "EU" if i % 3 else "US",
             "Yes" if i % 2 else "No", f"Reason {i}: the onboarding was slow and support was away."]
            for i in range(1, n + 1)]


def _dialog(qtbot, session: StudySession) -> ParticipantsDialog:
    dialog = ParticipantsDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _names(dialog: ParticipantsDialog) -> list[str]:
    m = dialog.model
    return [m.data(m.index(r, 0)) for r in range(m.rowCount())]


def _select(dialog: ParticipantsDialog, rows: list[int]) -> None:
    sel = dialog.view.selectionModel()
    sel.clearSelection()
    for r in rows:
        sel.select(dialog.model.index(r, 0), QItemSelectionModel.SelectionFlag.Select
                   | QItemSelectionModel.SelectionFlag.Rows)


# --- the grid ---------------------------------------------------------------------------------


def test_names_sort_by_number_and_attributes_keep_survey_order(qtbot, session, tmp_path) -> None:
    import_file(session.study, _survey(tmp_path / "exit.csv", _respondents(12), HEADER))
    for n in (10, 2, 1):
        people.add_participant(session.study, f"Call #{n}", "Ana")
    dialog = _dialog(qtbot, session)
    names = _names(dialog)
    assert names[:3] == ["Call #1", "Call #2", "Call #10"]  # #2 before #10
    assert names[3:] == [f"R-{i:04d}" for i in range(1, 13)]
    m = dialog.model
    headers = [m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())]
    attrs = [h.replace("\n", " ") for h in headers]
    shown = [attrs.index(h) for h in HEADER[1:5]]
    assert shown == sorted(shown)  # in the survey's order, not alphabetical
    long = headers.index(next(h for h in headers if h.startswith("Which plan")))
    # the long question is wrapped onto lines the header shows whole, and is the tooltip
    assert "\n" in headers[long]
    assert m.headerData(long, Qt.Orientation.Horizontal,
                        Qt.ItemDataRole.ToolTipRole) == f"Attribute: {HEADER[1]}"
    header = dialog.view.horizontalHeader()
    metrics = header.fontMetrics()
    for c in range(m.columnCount()):
        widest = max(metrics.horizontalAdvance(line) for line in headers[c].split("\n"))
        assert header.sectionSize(c) >= widest, headers[c]
    dialog.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert _names(dialog)[:3] == ["R-0012", "R-0011", "R-0010"]
    assert _names(dialog)[-3:] == ["Call #10", "Call #2", "Call #1"]


def test_an_edit_keeps_the_scroll_position_and_the_selection(qtbot, session, tmp_path) -> None:
    import_file(session.study, _survey(tmp_path / "exit.csv", _respondents(60), HEADER))
    dialog = _dialog(qtbot, session)
    bar = dialog.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    bottom = bar.value()
    m = dialog.model
    assert m.setData(m.index(55, 1), "lost")
    assert session.study.participants.by_name("R-0056").outcome == "lost"
    assert bar.value() == bottom
    session.undo_stack.undo()
    assert bar.value() == bottom
    assert session.study.participants.by_name("R-0056").outcome == "unknown"


def test_bulk_set_outcome_persona_attribute_on_a_selection_is_one_undo_step(
        qtbot, session, tmp_path) -> None:
    import_file(session.study, _survey(tmp_path / "exit.csv", _respondents(36), HEADER))
    dialog = _dialog(qtbot, session)
    _select(dialog, list(range(36)))
    assert dialog.set_for_selection("outcome", "churned")
    assert {p.outcome for p in session.study.participants.list()} == {"churned"}
    _select(dialog, [0, 1, 2])
    assert dialog.set_for_selection("persona", "Admin")
    assert dialog.set_for_selection("attribute", "Tier", key="Segment")
    admins = [p.name for p in session.study.participants.list() if p.persona == "Admin"]
    assert admins == ["R-0001", "R-0002", "R-0003"]
    assert session.study.participants.by_name("R-0002").attributes["Segment"] == "Tier"
    assert not dialog.set_for_selection("outcome", "churn")  # not one of the study's outcomes
    assert "churn" in dialog.error.text() and "won, lost, churned" in dialog.error.text()
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert all(p.persona is None for p in session.study.participants.list())
    session.undo_stack.undo()
    assert {p.outcome for p in session.study.participants.list()} == {"unknown"}


def test_outcome_cells_edit_through_a_drop_down_of_the_study_outcomes(qtbot, session,
                                                                        tmp_path) -> None:
    from PySide6.QtWidgets import QComboBox

    import_file(session.study, _survey(tmp_path / "exit.csv", _respondents(3), HEADER))
    dialog = _dialog(qtbot, session)
    index = dialog.model.index(0, 1)
    dialog.view.edit(index)
    editor = dialog.view.indexWidget(index) or dialog.view.findChild(QComboBox)
    assert isinstance(editor, QComboBox)
    items = [editor.itemText(i) for i in range(editor.count())]
    assert items == ["unknown", "won", "lost", "churned"]


# --- delete, merge, memos, interviewers --------------------------------------------------------


JANE_A = "Interviewer: How did you buy?\nJane Doe: We trialled it for a month.\n"
JANE_B = "Interviewer: Why did you leave?\nJane Doe: Support never answered.\nMod2: Thanks.\n"


def _two_janes(session: StudySession, tmp_path: Path) -> None:
    for name, text in (("jane-first.txt", JANE_A), ("jane-followup.txt", JANE_B)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        import_file(session.study, path, ImportOptions(outcome="won"))


def test_merge_delete_and_memo_from_the_dialog_each_undo_in_one_step(qtbot, session,
                                                                       tmp_path) -> None:
    _two_janes(session, tmp_path)
    study = session.study
    dialog = _dialog(qtbot, session)
    assert _names(dialog)[:3] == ["Jane Doe", "Jane Doe (jane-followup)", "Mod2"]
    jane = study.participants.by_name("Jane Doe")
    _select(dialog, [1])
    assert dialog.merge_selection_into(jane.id)
    assert [p.name for p in study.participants.list()] == ["Jane Doe", "Mod2"]
    assert {t.source_id for t in study.sources.turns_of_participant(jane.id)} == {1, 2}
    session.undo_stack.undo()
    assert "Jane Doe (jane-followup)" in _names(dialog)
    assert len(study.sources.turns_of_participant(jane.id)) == 1
    session.undo_stack.redo()
    m = dialog.model
    assert m.setData(m.index(0, m.column("Memo")), "Follow-up planned in June")
    assert study.participants.by_name("Jane Doe").memo == "Follow-up planned in June"
    dialog.view.setCurrentIndex(m.index(0, 0))
    assert dialog.memo.toPlainText() == "Follow-up planned in June"
    dialog.memo.setPlainText("Follow-up planned in June.\nAsk about the audit.")
    assert dialog.save_memo()
    assert study.participants.by_name("Jane Doe").memo.endswith("Ask about the audit.")
    assert m.data(m.index(0, m.column("Memo"))) == "Follow-up planned in June."  # first line
    session.undo_stack.undo()
    assert study.participants.by_name("Jane Doe").memo == "Follow-up planned in June"
    session.undo_stack.redo()
    _select(dialog, [0])
    assert dialog.delete_selection()
    assert study.participants.by_name("Jane Doe") is None
    session.undo_stack.undo()
    restored = study.participants.by_name("Jane Doe")
    assert restored.memo == "Follow-up planned in June.\nAsk about the audit."
    assert {t.source_id for t in study.sources.turns_of_participant(restored.id)} == {1, 2}


def test_interviewers_show_in_people_and_marking_one_removes_the_participant(
        qtbot, session, tmp_path) -> None:
    _two_janes(session, tmp_path)
    dialog = _dialog(qtbot, session)
    m = dialog.model
    role = m.column("Role")
    rows = {m.data(m.index(r, 0)): m.data(m.index(r, role)) for r in range(m.rowCount())}
    assert rows == {"Jane Doe": "participant", "Jane Doe (jane-followup)": "participant",
                    "Mod2": "participant", "Interviewer": "interviewer"}
    mod2 = _names(dialog).index("Mod2")
    assert m.setData(m.index(mod2, role), "interviewer")
    study = session.study
    assert study.participants.by_name("Mod2") is None
    assert [t.role.value for t in study.sources.turns(2) if t.speaker == "Mod2"] == ["interviewer"]
    assert m.data(m.index(_names(dialog).index("Mod2"), role)) == "interviewer"
    assert not m.flags(m.index(_names(dialog).index("Mod2"), 1)) & Qt.ItemFlag.ItemIsEditable
    session.undo_stack.undo()
    assert study.participants.by_name("Mod2").outcome == "won"


def test_outcomes_tab_adds_renames_and_merges_with_undo(qtbot, session, tmp_path) -> None:
    _two_janes(session, tmp_path)
    dialog = _dialog(qtbot, session)
    tab = dialog.outcomes
    assert tab.names() == ["won", "lost", "churned"]
    assert tab.add("churn")
    assert tab.names() == ["won", "lost", "churned", "churn"]
    people.set_participant(session.study, "Mod2", "Ana", outcome="churn")
    assert tab.merge("churn", "churned")
    assert session.study.participants.by_name("Mod2").outcome == "churned"
    assert tab.rename("won", "won deal")
    assert session.study.participants.by_name("Jane Doe").outcome == "won deal"
    assert "won deal" in [dialog.model.data(dialog.model.index(r, 1))
                          for r in range(dialog.model.rowCount())]
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert tab.names() == ["won", "lost", "churned", "churn"]
    assert session.study.participants.by_name("Mod2").outcome == "churn"


# --- the Speakers tab keeps a choice not yet applied ------------------------------------------


def test_a_speaker_choice_is_not_dropped_when_the_source_changes(qtbot, session, tmp_path) -> None:
    _two_janes(session, tmp_path)
    dialog = _dialog(qtbot, session)
    dialog.tabs.setCurrentWidget(dialog.mapping)
    mapping = dialog.mapping
    mapping.select_source(2)
    rows = {mapping.table.item(r, 0).text(): r for r in range(mapping.table.rowCount())}
    mapping.combo(rows["Jane Doe"]).setCurrentText("Jane Doe")  # typed, never applied
    mapping.select_source(1)
    study = session.study
    jane = study.participants.by_name("Jane Doe")
    assert {t.participant_id for t in study.sources.turns(2) if t.speaker == "Jane Doe"} == {jane.id}
    # the follow-up's own participant had no turns left: removed, not left in a denominator
    assert study.participants.by_name("Jane Doe (jane-followup)") is None
    assert "Jane Doe (jane-followup)" in mapping.note.text()
    session.undo_stack.undo()
    assert study.participants.by_name("Jane Doe (jane-followup)") is not None


# --- a re-import refreshes every open view --------------------------------------------------------


def test_a_survey_reimport_refreshes_the_reader_and_the_quotes_dock(qtbot, tmp_path, settings) -> None:
    path = tmp_path / "views.icstudy"
    study = create(path)
    survey = _survey(tmp_path / "exit.csv", _respondents(4), HEADER)
    sid = import_file(study, survey).sources[0]["id"]
    start = study.sources.text(sid).index("onboarding")
    code = study.codes.list()[0].id
    coding.add_quote(study, sid, start, start + len("onboarding"), [code], "Ana")
    study.close()
    window = open_main_window(qtbot, path, settings)
    window.show_source(sid)
    window.quotes.show_source(sid)
    rows = window.quotes.model.rows
    assert rows and rows[0]["participants"][0][2] == "unknown"
    from interviewcoder.ui.importing.import_dialog import ImportDialog

    dialog = ImportDialog(window.session, [survey])
    qtbot.addWidget(dialog)
    dialog.force.setChecked(True)
    dialog.outcome_column.setText("Bought?")
    dialog.outcome_map.setText("Yes=won,No=lost")
    (result,) = review_and_import(qtbot, dialog)
    assert result.status == "imported" and len(result.participant_changes) == 4
    assert "4 participant fields changed" in dialog.table.item(0, 3).text()
    qtbot.waitUntil(lambda: window.quotes.model.rows[0]["participants"][0][2] == "won")
    assert "won" in window.reader.toPlainText()
    window.session.undo_stack.undo()  # the import's changes to existing participants
    assert {p.outcome for p in window.session.study.participants.list()} == {"unknown"}
    qtbot.waitUntil(lambda: window.quotes.model.rows[0]["participants"][0][2] == "unknown")
    window.close()


def test_sorting_by_another_column_and_back_to_names(qtbot, session, tmp_path) -> None:
    import_file(session.study, _survey(tmp_path / "exit.csv", _respondents(12), HEADER))
    dialog = _dialog(qtbot, session)
    m = dialog.model
    size = m.column("Company size")
    dialog.view.sortByColumn(size, Qt.SortOrder.DescendingOrder)
    assert [m.data(m.index(r, size)) for r in range(3)] == ["120", "110", "100"]  # by value
    dialog.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert _names(dialog) == [f"R-{i:04d}" for i in range(1, 13)]
