"""Survey inference on exports written here in each platform's shape: header rows from the
data, each column's class, placeholders, multi-selects, rankings, personal data, and
``--text-columns`` by name, number or letter."""

from __future__ import annotations

import csv
import io

import pytest
from importer_helpers import read

from interviewcoder.core.errors import ImportFailed
from interviewcoder.core.types import ColumnClass
from interviewcoder.importers.base import SurveyOptions

WHY = [
    "The integration with our CRM took far longer than the sales rep promised.",
    "We compared three vendors and picked the one our peers recommended on Slack.",
    "Security review stalled everything for a month, nobody warned us about it.",
    "Pricing was clear but the add-ons made the final quote much higher.",
    "Support answered within minutes during the trial, which sold it to the team.",
    "Our old tool could not export anything, so we had to move somewhere.",
]


def _csv(tmp_path, rows, name="s.csv"):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _classes(parsed) -> dict[str, tuple[str, str]]:
    return {c.name: (c.cls.value, c.kind) for c in parsed.columns}


def _monkey_rows(n: int = 6) -> list[list[str]]:
    header = ["RespondentID", "CollectorID", "StartDate", "EndDate", "IP Address",
              "Email Address", "First Name", "LastName", "What nearly stopped you?",
              "Which tools did you try?", "", "", "How did you hear of us?", "ZIP code"]
    sub = ["", "", "", "", "", "", "", "", "Open-Ended Response", "Slack", "Teams", "Zoom",
           "Response", "Open-Ended Response"]
    rows = [header, sub]
    for i in range(n):
        rows.append([f"1180{i}23456", "4242", "01/02/2024 10:00:00", "01/02/2024 10:05:00",
                     f"10.0.0.{i + 1}", f"person{i}@example.org", ["Ana", "Bo", "Cy"][i % 3],
                     ["Silva", "Chen", "Roe"][i % 3], WHY[i] if i != 2 else "-",
                     "Slack" if i % 2 else "", "Teams" if i % 3 else "", "Zoom",
                     ["Search", "A friend", "Review site"][i % 3], f"{60601 + i:05d}"])
    return rows


def test_surveymonkey_respondentid_sub_header_and_column_classes(tmp_path):
    rows = _monkey_rows()
    parsed = read(_csv(tmp_path, rows))
    assert parsed.format == "surveymonkey" and parsed.meta["header_rows"] == 2
    assert [r.id for r in parsed.respondents] == [r[0] for r in rows[2:]]
    classes = _classes(parsed)
    assert classes["RespondentID"] == ("id", "id")
    assert classes["What nearly stopped you?"] == ("open_text", "text")
    assert classes["ZIP code"] == ("attribute", "number")  # open-ended, but numbers
    for option in ("Slack", "Teams", "Zoom"):
        assert classes[f"Which tools did you try? - {option}"] == ("attribute", "checkbox")
    assert classes["How did you hear of us?"][0] == "attribute"
    assert {k: v for k, v in classes.items() if v[0] == "personal"} == {
        "IP Address": ("personal", "ip"), "Email Address": ("personal", "email"),
        "First Name": ("personal", "name"), "LastName": ("personal", "name")}
    (question,) = parsed.questions
    # the "-" answer is a placeholder, not a codable answer
    assert [a for _, a in question.answers] == [WHY[i] for i in range(6) if i != 2]
    assert parsed.respondents[0].attributes["Email Address"] == "person0@example.org"
    assert parsed.personal_columns()["Email Address"] == "email"
    assert 0 < parsed.inference.confidence <= 1 and "RespondentID" in parsed.inference.reason


def test_typeform_as_typeform_writes_it(tmp_path):
    header = ["#", "What made you look for a new tool?", "Which plan?", "EdX", "Coursera",
              "Other", "Anything else?", "Start Date (UTC)", "Submit Date (UTC)", "Network ID"]
    rows = [header]
    for i in range(12):
        rows.append([f"{i:02d}9b99ff3a221d118349598106aa06a7", WHY[i % 6],
                     ["Free", "Pro"][i % 2], "EdX" if i % 2 else "", "Coursera" if i % 3 else "",
                     ["Udemy", "None", "Treehouse", "none", "Books", "Khan"][i % 6],
                     ["n/a", "Nope, all good", ".", "Faster exports please"][i % 4],
                     f"2016-03-29 21:{i:02d}:23", f"2016-03-29 21:{i:02d}:59", f"{i:02d}57f20d14"])
    parsed = read(_csv(tmp_path, rows))
    assert parsed.format == "typeform" and parsed.meta["header_rows"] == 1
    assert len(parsed.respondents) == 12 and parsed.meta["id_column"] == "#"
    classes = _classes(parsed)
    assert classes["EdX"] == classes["Coursera"] == ("attribute", "checkbox")
    assert classes["Other"] == ("open_text", "write-in")
    assert classes["Which plan?"] == ("attribute", "choice")
    assert classes["Start Date (UTC)"] == ("attribute", "metadata")
    assert classes["Network ID"][0] == "personal"
    texts = {q.column: [a for _, a in q.answers] for q in parsed.questions}
    assert sorted(texts) == ["Anything else?", "Other", "What made you look for a new tool?"]
    assert "None" not in texts["Other"] and "none" not in texts["Other"]
    assert texts["Anything else?"] == ["Nope, all good", "Faster exports please"] * 3


def _msforms_xlsx(tmp_path, name="forms.xlsx"):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name",
                  "Which features do you use?", "Rank these by importance",
                  "How likely are you to recommend us?", "What should we improve?"])
    features = ["Reports;Exports;", "Exports;", "Reports;Dashboards;Exports;", "Dashboards;",
                "Reports;", "Exports;Dashboards;"]
    ranks = ["Price;Support;Speed;", "Support;Price;Speed;", "Speed;Price;Support;",
             "Price;Speed;Support;", "Support;Speed;Price;", "Price;Support;Speed;"]
    for i in range(6):
        sheet.append([i + 1, f"5/{i + 1}/24 9:00:00", f"5/{i + 1}/24 9:04:00",
                      "anonymous" if i == 5 else f"user{i}@contoso.com",
                      "" if i == 5 else ["Ana Silva", "Bo Chen", "Cy Roe", "Di Ng", "Ed Wu"][i],
                      features[i], ranks[i], 6 + i % 5, WHY[i] if i != 4 else "-"])
    path = tmp_path / name
    book.save(path)
    return path


def test_microsoft_forms_xlsx_multi_select_ranking_and_personal(tmp_path):
    parsed = read(_msforms_xlsx(tmp_path))
    assert parsed.format == "msforms"
    assert [r.id for r in parsed.respondents] == [str(i) for i in range(1, 7)]
    classes = _classes(parsed)
    assert classes["Which features do you use?"] == ("attribute", "multi-select")
    assert classes["Rank these by importance"] == ("attribute", "ranking")
    assert classes["How likely are you to recommend us?"] == ("attribute", "number")
    assert classes["Email"] == ("personal", "email") and classes["Name"] == ("personal", "name")
    assert classes["Start time"] == ("attribute", "metadata")
    (question,) = parsed.questions
    assert question.column == "What should we improve?"
    assert [a for _, a in question.answers] == [WHY[i] for i in (0, 1, 2, 3, 5)]
    first = parsed.respondents[0].attributes
    assert first["Which features do you use?"] == "Reports; Exports"  # trailing ";" gone
    assert first["Rank these by importance"] == "Price; Support; Speed"


def test_generic_survey_with_multi_select_ranking_columns_and_dash(tmp_path):
    rows = [["Response", "Tools used", "Q5_1", "Q5_2", "Q5_3", "Why did you choose us?"]]
    tools = ["Slack; Jira", "Jira", "Slack; Notion; Jira", "Notion", "Slack", "Jira; Notion"]
    orders = [(1, 2, 3), (2, 1, 3), (3, 1, 2), (1, 3, 2), (2, 3, 1), (3, 2, 1)]
    for i in range(6):
        rows.append([f"resp-{i}", tools[i], *map(str, orders[i]), "-" if i == 1 else WHY[i]])
    parsed = read(_csv(tmp_path, rows))
    classes = _classes(parsed)
    assert classes["Tools used"] == ("attribute", "multi-select")
    assert classes["Q5_1"] == classes["Q5_2"] == classes["Q5_3"] == ("attribute", "ranking")
    (question,) = parsed.questions
    assert len(question.answers) == 5 and all(a != "-" for _, a in question.answers)
    column = next(c for c in parsed.columns if c.cls is ColumnClass.OPEN_TEXT)
    assert (column.answers, column.placeholders) == (6, 1)


def test_a_first_respondent_who_ticked_everything_is_not_a_header_row(tmp_path):
    rows = [["Respondent", "Slack", "Jira", "Notion", "Comment"],
            ["r1", "Slack", "Jira", "Notion", WHY[0]],
            ["r2", "Slack", "", "", WHY[1]],
            ["r3", "", "Jira", "", WHY[2]]]
    parsed = read(_csv(tmp_path, rows))
    assert parsed.meta["header_rows"] == 1 and len(parsed.respondents) == 3


def test_qualtrics_personal_metadata_columns(tmp_path):
    rows = [["StartDate", "ResponseId", "IPAddress", "RecipientEmail", "RecipientFirstName",
             "RecipientLastName", "LocationLatitude", "LocationLongitude", "Q1"],
            ["Start Date", "Response ID", "IP Address", "Recipient Email", "Recipient First Name",
             "Recipient Last Name", "Location Latitude", "Location Longitude", "Why?"],
            ['{"ImportId":"startDate"}', '{"ImportId":"_recordId"}', '{"ImportId":"ipAddress"}',
             '{"ImportId":"recipientEmail"}', '{"ImportId":"recipientFirstName"}',
             '{"ImportId":"recipientLastName"}', '{"ImportId":"locationLatitude"}',
             '{"ImportId":"locationLongitude"}', '{"ImportId":"QID1_TEXT"}'],
            ["2024-01-02 10:00:00", "R_a", "130.92.34.66", "ana@x.org", "Ana", "Silva",
             "47.1150", "7.2315", WHY[0]]]
    parsed = read(_csv(tmp_path, rows))
    assert parsed.format == "qualtrics"
    assert parsed.personal_columns() == {
        "IPAddress": "ip", "RecipientEmail": "email", "RecipientFirstName": "name",
        "RecipientLastName": "name", "LocationLatitude": "location",
        "LocationLongitude": "location"}
    assert [q.column for q in parsed.questions] == ["Q1"]


def _numbered(tmp_path):
    rows = [["id", "Score", "What, in a word, sums it up?", "Notes"],
            ["a", "9", WHY[0], "call back"], ["b", "7", WHY[1], "no"]]
    return _csv(tmp_path, rows)


@pytest.mark.parametrize("specs", [("3",), ("C",), ("c",), ("What, in a word, sums it up?",)])
def test_text_columns_by_number_letter_or_a_name_with_a_comma(tmp_path, specs):
    parsed = read(_numbered(tmp_path), survey=SurveyOptions(text_columns=specs))
    assert [q.column for q in parsed.questions] == ["What, in a word, sums it up?"]


def test_text_columns_repeat_and_the_comma_form_still_works(tmp_path):
    path = _numbered(tmp_path)
    repeated = read(path, survey=SurveyOptions(text_columns=("C", "Notes")))
    comma = read(path, survey=SurveyOptions(text_columns=("3,Notes",)))
    assert [q.column for q in repeated.questions] == [q.column for q in comma.questions] == [
        "What, in a word, sums it up?", "Notes"]
    with pytest.raises(ImportFailed, match="no column named 'Z'"):
        read(path, survey=SurveyOptions(text_columns=("Z",)))
    with pytest.raises(ImportFailed, match="no column named '9'"):
        read(path, survey=SurveyOptions(text_columns=("9",)))


def test_attribute_columns_keep_personal_data_marked(tmp_path):
    rows = [["id", "Email", "Team", "Why?"],
            ["a", "a@x.org", "Ops", WHY[0]], ["b", "b@x.org", "IT", WHY[1]]]
    parsed = read(_csv(tmp_path, rows), survey=SurveyOptions(attribute_columns=("B", "Team")))
    classes = _classes(parsed)
    assert classes["Email"] == ("personal", "email") and classes["Team"][0] == "attribute"
    assert parsed.respondents[0].attributes == {"Email": "a@x.org", "Team": "Ops"}


def test_personal_by_values_even_under_another_name(tmp_path):
    rows = [["id", "Contact", "Why?"]] + [[f"r{i}", f"p{i}@x.org", WHY[i]] for i in range(4)]
    assert _classes(read(_csv(tmp_path, rows)))["Contact"] == ("personal", "email")
