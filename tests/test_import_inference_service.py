"""The inferred plan (``inspect_file``) and the import that stores it: roles from labels,
respondent names, personal columns kept but not exported, and known to the redactor."""

from __future__ import annotations

import csv
import io
import json

from builders import run_cli

from interviewcoder.core.types import ColumnClass, Role
from interviewcoder.services import exporting
from interviewcoder.services.importing import import_file, inspect_file
from interviewcoder.services.personal import personal_attributes, personal_names
from interviewcoder.services.redaction import study_redactor

WHY = ["Ana Silva here: the CRM integration took far longer than promised to us.",
       "We compared three vendors and picked the one our peers recommended.",
       "Security review stalled everything for a month, nobody warned us.",
       "Pricing was clear but the add-ons made the final quote much higher."]


def snapshot(study) -> tuple:
    """Everything an import could leave behind, study metadata included."""
    sources = study.sources.summaries()
    meta = study.db.execute("SELECT key, value FROM study_meta ORDER BY key").fetchall()
    return (sources, [study.sources.turns(s["id"]) for s in sources], study.participants.list(),
            study.history(), meta)


def _csv(tmp_path, name, rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _monkey(tmp_path, name="exit.csv", n=4):
    rows = [["RespondentID", "Email Address", "First Name", "Last Name", "IP Address",
             "What nearly stopped you?"],
            ["", "", "", "", "", "Open-Ended Response"]]
    people = [("Ana", "Silva"), ("Bo", "Chen"), ("Cy", "Roe"), ("Di", "Ng")]
    for i in range(n):
        rows.append([f"1140123456{i}", f"{people[i][0].lower()}@acme.example", *people[i],
                     f"10.1.2.{i + 3}", WHY[i]])
    return _csv(tmp_path, name, rows)


def test_inspect_file_stores_nothing_and_the_import_stores_that_plan(blank_study, tmp_path):
    path = tmp_path / "call.txt"
    path.write_text("Sam Rivers (Interviewer): How did it start?\nLee Park: With a trial.\n"
                    "Sam Rivers: And then?\nLee Park: We bought it.\n", encoding="utf-8")
    before = snapshot(blank_study)
    plan = inspect_file(path)
    assert snapshot(blank_study) == before
    assert plan.layout == "colon" and plan.confidence == 1.0
    assert [(s.name, s.role, s.because, s.turns) for s in plan.speakers] == [
        ("Sam Rivers", Role.INTERVIEWER, "label", 2), ("Lee Park", Role.PARTICIPANT, "default", 2)]
    result = import_file(blank_study, path)
    assert result.inferred == plan.to_dict()
    assert result.speakers == [{"name": "Sam Rivers", "role": "interviewer"},
                               {"name": "Lee Park", "role": "participant"}]
    assert [p.name for p in blank_study.participants.list()] == ["Lee Park"]
    turns = blank_study.sources.turns(result.sources[0]["id"])
    assert {t.role for t in turns if t.speaker == "Sam Rivers"} == {Role.INTERVIEWER}


def test_survey_plan_reports_every_column_class(tmp_path):
    plan = inspect_file(_monkey(tmp_path))
    report = plan.to_dict()
    assert report["flavour"] == "surveymonkey" and report["header_rows"] == 2
    assert [(c["letter"], c["class"]) for c in report["columns"]] == [
        ("A", "id"), ("B", "personal"), ("C", "personal"), ("D", "personal"), ("E", "personal"),
        ("F", "open_text")]
    assert report["respondents"] == 4 and 0 < report["confidence"] <= 1
    assert "4 respondents, 1 open-text" in plan.summary()


def test_personal_columns_are_kept_marked_not_exported_and_redacted(blank_study, tmp_path):
    from openpyxl import load_workbook

    result = import_file(blank_study, _monkey(tmp_path))
    assert result.status == "imported"
    assert personal_attributes(blank_study) == {
        "Email Address": "email", "First Name": "name", "Last Name": "name", "IP Address": "ip"}
    person = blank_study.participants.by_name("11401234560")
    assert person.attributes["Email Address"] == "ana@acme.example"  # kept in the study
    assert personal_names(blank_study)["11401234560"] == ["Ana Silva", "Ana", "Silva"]

    def participants_sheet(path):
        sheet = load_workbook(path)["Participants"]
        return [[c.value for c in row] for row in sheet.iter_rows()]

    plain = participants_sheet(exporting.export(blank_study, tmp_path / "plain.xlsx"))
    cells = {str(v) for row in plain for v in row}
    assert "ana@acme.example" not in cells and "Email Address" not in cells
    assert "10.1.2.3" not in cells and "Silva" not in cells
    assert "Survey file" in cells  # the file is kept as an attribute
    asked = participants_sheet(exporting.export(blank_study, tmp_path / "all.xlsx",
                                                include_personal=True))
    assert "ana@acme.example" in {str(v) for row in asked for v in row}
    redactor = study_redactor(blank_study)
    redacted = participants_sheet(exporting.export(blank_study, tmp_path / "r.xlsx",
                                                   include_personal=True, redact=redactor.redact))
    assert "ana@acme.example" not in {str(v) for row in redacted for v in row}
    pseudonym = redactor.redact("11401234560")
    assert redactor.redact(WHY[0]).startswith(f"{pseudonym} here:")
    assert "10.1.2.4" not in redactor.redact("seen from 10.1.2.4 twice")


def test_long_ids_become_short_stable_names_across_exports(blank_study, tmp_path):
    header = ["#", "What made you sign up?", "Start Date (UTC)", "Submit Date (UTC)", "Network ID"]
    tokens = [f"{i:02d}9b99ff3a221d118349598106aa06a7" for i in range(4)]
    may = _csv(tmp_path, "may.csv", [header] + [[tokens[i], WHY[i], "2024-05-01 10:00:00",
                                                 "2024-05-01 10:03:00", f"{i}f57f20d14"]
                                                for i in range(3)])
    first = import_file(blank_study, may)
    assert first.participants == ["R-0001", "R-0002", "R-0003"]
    person = blank_study.participants.by_name("R-0002")
    assert person.attributes["#"] == tokens[1] and person.attributes["Survey file"] == "may.csv"
    june = _csv(tmp_path, "june.csv", [header] + [[tokens[i], WHY[i], "2024-05-01 10:00:00",
                                                   "2024-05-01 10:03:00", f"{i}f57f20d14"]
                                                  for i in (3, 1, 0, 2)])  # reordered, one new
    second = import_file(blank_study, june)
    assert second.participants == ["R-0004", "R-0002", "R-0001", "R-0003"]
    assert blank_study.participants.count() == 4


def test_small_platform_ids_are_r_numbers_and_never_join_another_survey(blank_study, tmp_path):
    for name, question, answers in (("a.csv", "Why?", WHY[:2]), ("b.csv", "Why not?", WHY[2:])):
        rows = [["ID", "Start time", "Completion time", "Email", "Name", question]]
        rows += [[str(i), "5/1/24 9:00", "5/1/24 9:04", "anonymous", "", answers[i - 1]]
                 for i in (1, 2)]
        import_file(blank_study, _csv(tmp_path, name, rows))
    people = {p.name: p.attributes["Survey"] for p in blank_study.participants.list()}
    assert people == {"R-0001": "a", "R-0002": "a", "R-0003": "b", "R-0004": "b"}


def test_import_json_reports_what_was_inferred(capsys, tmp_path):
    study_path = tmp_path / "s.icstudy"
    assert run_cli(capsys, "new", str(study_path))[0] == 0
    talk = tmp_path / "talk.md"
    talk.write_text("---\ntitle: Call: one\nguest: Kim\n---\n# Call\n\n**Moderator:** Why?\n\n"
                    "**Kim:** Price.\n\n**Moderator:** Thanks.\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "import", str(study_path), str(talk), str(_monkey(tmp_path)),
                           "--json")
    assert code == 0
    transcript, survey = json.loads(out)
    inferred = transcript["inferred"]
    assert (inferred["layout"], inferred["confidence"], inferred["title"]) == ("colon", 1.0,
                                                                               "Call: one")
    assert inferred["speakers"] == [
        {"name": "Moderator", "role": "interviewer", "turns": 2, "because": "label"},
        {"name": "Kim", "role": "participant", "turns": 1, "because": "default"}]
    assert inferred["front_matter"] == ["guest", "title"]
    columns = {c["name"]: c["class"] for c in survey["inferred"]["columns"]}
    assert columns["Email Address"] == ColumnClass.PERSONAL.value
    assert columns["What nearly stopped you?"] == ColumnClass.OPEN_TEXT.value
    assert survey["inferred"]["flavour"] == "surveymonkey"


def test_export_include_personal_flag(capsys, tmp_path):
    from openpyxl import load_workbook

    study_path = tmp_path / "s.icstudy"
    run_cli(capsys, "new", str(study_path))
    run_cli(capsys, "import", str(study_path), str(_monkey(tmp_path)))
    out = tmp_path / "with.xlsx"
    assert run_cli(capsys, "export", str(study_path), str(out), "--include-personal")[0] == 0
    header = [c.value for c in next(load_workbook(out)["Participants"].iter_rows(min_row=2))]
    assert "Email Address" in header
    code, _, err = run_cli(capsys, "export", str(study_path), str(out), "--include-personal",
                           "--redact")
    assert code == 2 and "--include-personal" in err
