"""Survey exports: Qualtrics, SurveyMonkey, Google Forms, Typeform, generic; CSV and XLSX."""

from __future__ import annotations

import csv
import io

import pytest
from importer_helpers import read

from interviewcoder.core.errors import ImportFailed
from interviewcoder.importers.base import SurveyOptions

LONG = [
    "The integration with our CRM took far longer than the sales rep promised.",
    "We compared three vendors and picked the one our peers recommended on Slack.",
    "Security review stalled everything for a month, nobody warned us about it.",
    "Pricing was clear but the add-ons made the final quote much higher.",
]


def _csv(tmp_path, rows, name="s.csv", encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path = tmp_path / name
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def test_qualtrics_three_header_rows_json_import_id(tmp_path):
    rows = [
        ["StartDate", "ResponseId", "Q1", "Q2", "Q3_4_TEXT"],
        ["Start Date", "Response ID", "Did you buy?", "Why or why not?", "Other - Text"],
        ['{"ImportId":"startDate","timeZone":"America/Denver"}', '{"ImportId":"_recordId"}',
         '{"ImportId":"QID1"}', '{"ImportId":"QID2_TEXT"}', '{"ImportId":"QID3_4_TEXT"}'],
        ["2024-01-02 10:00:00", "R_a", "Yes", LONG[0], "-99"],
        ["2024-01-02 11:00:00", "R_b", "No", "-99", "slow"],
        ["2024-01-03 09:00:00", "R_c", "No", LONG[1], ""],
    ]
    parsed = read(_csv(tmp_path, rows))
    assert parsed.format == "qualtrics"
    assert [r.id for r in parsed.respondents] == ["R_a", "R_b", "R_c"]
    assert [(q.column, q.text) for q in parsed.questions] == [
        ("Q2", "Why or why not?"), ("Q3_4_TEXT", "Other - Text")]
    assert parsed.questions[0].answers == (("R_a", LONG[0]), ("R_c", LONG[1]))
    assert parsed.questions[1].answers == (("R_b", "slow"),)
    assert parsed.respondents[1].attributes == {"StartDate": "2024-01-02 11:00:00", "Q1": "No"}


def test_surveymonkey_two_header_rows_with_spanning_question(tmp_path):
    rows = [
        ["Respondent ID", "Collector ID", "Start Date", "Which tools?", "", "What nearly stopped you?"],
        ["", "", "", "Slack", "Reviews", "Open-Ended Response"],
        ["11801", "4242", "01/02/2024", "Slack", "", LONG[2]],
        ["11802", "4242", "01/03/2024", "", "Reviews", LONG[3]],
    ]
    parsed = read(_csv(tmp_path, rows))
    assert parsed.format == "surveymonkey"
    assert [r.id for r in parsed.respondents] == ["11801", "11802"]
    assert [q.column for q in parsed.questions] == ["What nearly stopped you?"]
    assert parsed.respondents[0].attributes["Which tools? - Slack"] == "Slack"
    assert parsed.respondents[1].attributes["Which tools? - Reviews"] == "Reviews"


def test_google_forms_padded_headers_multiline_cells(tmp_path):
    rows = [
        ["Timestamp", "  What did you like?  ", "Rating"],
        ["5/16/2025 14:11:48", "The onboarding call.\nAnd the docs were great, honestly.", "5"],
        ["5/17/2025 09:01:02", "Quick setup and a friendly, helpful support team.", "4"],
    ]
    parsed = read(_csv(tmp_path, rows))
    assert parsed.format == "googleforms"
    assert [q.column for q in parsed.questions] == ["What did you like?"]
    assert parsed.questions[0].answers[0] == (
        "1", "The onboarding call.\nAnd the docs were great, honestly.")
    assert parsed.meta["id_column"] is None


def test_typeform_hash_column_is_the_id(tmp_path):
    rows = [
        ["#", "What made you sign up?", "Plan", "Start Date (UTC)", "Submit Date (UTC)",
         "Network ID", "Token"],
        ["abc123", LONG[0], "Pro", "2024-01-01", "2024-01-01", "n1", "tok1"],
        ["def456", LONG[1], "Free", "2024-01-02", "2024-01-02", "n2", "tok2"],
    ]
    parsed = read(_csv(tmp_path, rows))
    assert parsed.format == "typeform"
    assert [r.id for r in parsed.respondents] == ["abc123", "def456"]
    assert [q.column for q in parsed.questions] == ["What made you sign up?"]


def test_generic_with_overrides(tmp_path):
    rows = [["email", "Outcome", "Feedback", "Notes"],
            ["a@x.org", "won", LONG[0], "call back"],
            ["b@x.org", "lost", LONG[1], "no"]]
    path = _csv(tmp_path, rows)
    parsed = read(path, survey=SurveyOptions(id_column="email", text_columns=("Notes",),
                                             attribute_columns=("Outcome",)))
    assert parsed.format == "generic"
    assert [r.id for r in parsed.respondents] == ["a@x.org", "b@x.org"]
    assert [q.column for q in parsed.questions] == ["Notes"]
    assert parsed.respondents[0].attributes == {"Outcome": "won"}
    with pytest.raises(ImportFailed, match="no column named 'Nope'"):
        read(path, survey=SurveyOptions(text_columns=("Nope",)))


def test_flavour_can_be_forced(tmp_path):
    rows = [["Timestamp", "Comment"], ["x", LONG[0]]]
    assert read(_csv(tmp_path, rows), survey=SurveyOptions(flavour="generic")).format == "generic"


def test_cp1252_csv_semicolons(tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes("ResponseId;Avis\r\nR_1;Très bien – le café était “parfait” déjà\r\n"
                     "R_2;Trop cher à mon goût, vraiment très cher\r\n".encode("cp1252"))
    parsed = read(path)
    assert parsed.questions[0].answers[0] == ("R_1", "Très bien – le café était “parfait” déjà")


def test_xlsx_survey(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Respondent ID", "Score", "Why that score?"])
    sheet.append([1001, 9, LONG[0]])
    sheet.append([1002, 7.5, LONG[1]])
    sheet.append([1003, None, None])
    path = tmp_path / "s.xlsx"
    book.save(path)
    parsed = read(path)
    assert [r.id for r in parsed.respondents] == ["1001", "1002", "1003"]
    assert parsed.respondents[1].attributes == {"Score": "7.5"}
    assert parsed.questions[0].answers == (("1001", LONG[0]), ("1002", LONG[1]))


def test_excel_unicode_text_is_a_utf16_tab_separated_survey(tmp_path):
    import codecs

    text = "ResponseId\tScore\tComment\r\nR_1\t9\t" + LONG[0] + "\r\nR_2\t3\t" + LONG[1] + "\r\n"
    path = tmp_path / "export.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    parsed = read(path)
    assert [r.id for r in parsed.respondents] == ["R_1", "R_2"]
    assert parsed.questions[0].answers == (("R_1", LONG[0]), ("R_2", LONG[1]))


def test_excel_sep_hint_line(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("sep=;\nResponseId;Why\nR_1;" + LONG[2] + "\n", encoding="utf-8")
    parsed = read(path)
    assert parsed.meta["columns"] == ["ResponseId", "Why"]
    assert parsed.questions[0].answers == (("R_1", LONG[2]),)
