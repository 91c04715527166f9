"""The three samples of the second round, read by their importer.

Expected figures come from the raw files with plain Python here, not from the importer:
- voice-tag text: the ``<v Name>`` tags in file order (a turn per change of name), each turn's
  time from the ``HH:MM:SS`` that starts the line of its first tag;
- SurveyMonkey CSV: ``csv.reader`` rows after the two header rows, ids from column 1, open
  text from the columns row 2 marks ``Open-Ended Response`` whose answers are not all digits;
- Typeform CSV: rows after the one header row, ids from ``#``, the checkbox columns (every
  answer is the column's own name) and the numeric ones never sources, the ``Other`` write-ins
  sources without their placeholders (``None``, ``NA``).
"""

from __future__ import annotations

import csv
import re

from importer_helpers import needs_samples, read, sample, turn_texts

from interviewcoder.core.types import ColumnClass

pytestmark = needs_samples

VOICE = "txt_vtags_talkpython_555-marimo-pair.txt"
MONKEY = "csv_surveymonkey_538_region-survey_MIDWEST_first-rows.csv"
PLACEHOLDERS = {"-", "n/a", "na", "none", "."}  # the list, and "NA"
TYPEFORM = "csv_typeform_freecodecamp_2016-new-coders-survey-part1_first-rows.csv"


def _raw_turns(text: str) -> list[tuple[str, int]]:
    """(speaker, start ms) of each run of one speaker's tags."""
    runs: list[tuple[str, int]] = []
    for line in text.splitlines():
        stamp = re.match(r"(\d\d):(\d\d):(\d\d) ", line)
        for name in re.findall(r"<v ([^>]+)>", line):
            if not runs or runs[-1][0] != name:
                h, m, s = (int(x) for x in stamp.groups())
                runs.append((name, ((h * 60 + m) * 60 + s) * 1000))
    return runs


def test_voice_tagged_plain_text_transcript():
    raw = sample(VOICE).read_text(encoding="utf-8")
    expected = _raw_turns(raw)
    parsed = read(sample(VOICE))
    assert parsed.inference.layout == "voice"
    assert [(t.speaker, t.start_ms) for t in parsed.turns] == expected
    assert sorted(parsed.speakers) == sorted({name for name, _ in expected})
    assert "<v" not in parsed.text and "</v>" not in parsed.text and ">" not in parsed.text
    assert not re.search(r"\b\d\d:\d\d:\d\d\b", parsed.text)  # no time left in the text
    first_line = raw.splitlines()[0]
    assert turn_texts(parsed)[0].startswith(first_line.split(">", 1)[1])
    last_untagged = raw.strip().splitlines()[-1].split(" ", 1)[1]  # "Thank you." has no tag
    assert turn_texts(parsed)[-1].endswith(last_untagged)
    tagged = sum(1 for line in raw.splitlines() if "<v " in line)
    lines = sum(1 for line in raw.splitlines() if line.strip())
    # confidence: tagged lines over tagged lines and half the untagged ones
    assert abs(parsed.inference.confidence - tagged / (tagged + (lines - tagged) / 2)) < 1e-9


def _rows(name: str) -> list[list[str]]:
    with sample(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_surveymonkey_respondentid_export():
    rows = _rows(MONKEY)
    parsed = read(sample(MONKEY))
    assert parsed.format == "surveymonkey" and parsed.meta["header_rows"] == 2
    data = rows[2:]
    assert [r.id for r in parsed.respondents] == [r[0] for r in data]
    def mostly_numbers(j: int) -> bool:  # ZIP codes: 887 of 892 answers are 5 digits
        answers = [r[j].strip() for r in data if r[j].strip()]
        return sum(a[:5].isdigit() for a in answers) >= 0.9 * len(answers)

    open_columns = [j for j, marker in enumerate(rows[1])
                    if marker == "Open-Ended Response" and not mostly_numbers(j)]
    assert [q.text for q in parsed.questions] == [rows[0][j].strip() for j in open_columns]
    for question, j in zip(parsed.questions, open_columns, strict=True):
        assert list(question.answers) == [(r[0], r[j].strip()) for r in data if r[j].strip()]
    names = [c.name for c in parsed.columns]
    assert not any(n.startswith("Column ") for n in names)
    assert "Gender - Female" in names and "Age - 18-29" in names
    assert parsed.respondents[0].attributes.get("Gender - " + data[0][27]) == data[0][27] \
        or parsed.respondents[0].attributes.get("Gender - Female") == data[0][28]


def test_typeform_export_as_typeform_writes_it():
    rows = _rows(TYPEFORM)
    parsed = read(sample(TYPEFORM))
    header, data = rows[0], rows[1:]
    assert parsed.format == "typeform" and parsed.meta["header_rows"] == 1
    assert [r.id for r in parsed.respondents] == [r[header.index("#")] for r in data]
    checkbox = [j for j, h in enumerate(header)
                if (values := {r[j] for r in data if r[j]}) and values == {h}]
    numeric = [j for j in range(len(header))
               if (values := [r[j] for r in data if r[j]]) and all(v.isdigit() for v in values)]
    by_index = {c.index: c for c in parsed.columns}
    assert checkbox and numeric
    assert all(by_index[j].cls is ColumnClass.ATTRIBUTE for j in checkbox + numeric)
    others = [j for j, h in enumerate(header) if h == "Other" and any(r[j] for r in data)]
    assert len(others) == 4
    sources = {q.column: q for q in parsed.questions}
    for j in others:
        column = by_index[j]
        assert column.cls is ColumnClass.OPEN_TEXT
        expected = [r[j].strip() for r in data
                    if r[j].strip() and r[j].strip().lower() not in PLACEHOLDERS]
        assert [a for _, a in sources[column.name].answers] == expected
    dates = [by_index[header.index(h)] for h in ("Start Date (UTC)", "Submit Date (UTC)")]
    assert {c.cls for c in dates} == {ColumnClass.ATTRIBUTE}
    assert by_index[header.index("Network ID")].cls is ColumnClass.PERSONAL
