"""Survey import streams its rows (issue 18, point 5): the layout comes from the first rows and
one pass of bounded statistics, the rows are read again when stored, a batch at a time, in the
import's one transaction. Small batch, head and chunk sizes make every boundary crossed here.

Expected figures come from the raw files (the csv module, openpyxl), not from the importer.
"""

from __future__ import annotations

import csv
import gc
import io
import random
import tempfile
from pathlib import Path

import openpyxl
import pytest

from interviewcoder.core.errors import ImportFailed
from interviewcoder.core.types import Role
from interviewcoder.importers import survey_csv, survey_stats, survey_table
from interviewcoder.importers.base import ReadLimits
from interviewcoder.importers.survey_xlsx import SpooledRows, _sheet_rows
from interviewcoder.services import survey_import
from interviewcoder.services.importing import ImportOptions, import_file
from interviewcoder.store import search

WORDS = ("price", "review", "trial", "peer", "vendor", "budget", "rollout", "support", "café",
         "naïve", "risk", "team", "demo", "contract", "data", "because", "we", "the")
HEADER = ["ResponseId", "Outcome", "Segment", "Why did you buy?", "What nearly stopped you?"]


@pytest.fixture
def small(monkeypatch):
    """Batches of 7 respondents, a head of 40 rows, 64-byte reads, a 50-value sample and
    a question's text written 100 bytes at a time."""
    from interviewcoder.store import sources

    monkeypatch.setattr(sources, "_BLOB_CHUNK", 100)
    monkeypatch.setattr(survey_import, "BATCH", 7)
    monkeypatch.setattr(survey_table, "HEAD_ROWS", 40)
    monkeypatch.setattr(survey_csv, "_CHUNK", 64)
    monkeypatch.setattr(survey_stats, "SAMPLE", 50)


def _answer(rng: random.Random, n: int) -> str:
    if rng.random() < 0.15:
        return rng.choice(["", "-99", "n/a"])
    text = " ".join(rng.choices(WORDS, k=rng.randint(4, 14))).capitalize() + "."
    if rng.random() < 0.2:  # a quoted field running over lines
        text += "\nAnd on a second line, with a comma."
    return text


def _survey_rows(count: int, seed: int = 3, outcome=None) -> list[list[str]]:
    rng = random.Random(seed)
    rows = [HEADER]
    for n in range(count):
        rows.append([f"R_{n:05d}", outcome(n) if outcome else rng.choice(["Yes", "No"]),
                     rng.choice(["SMB", "Ent"]), _answer(rng, n), _answer(rng, n)])
    return rows


def _write(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def _expected(path: Path) -> tuple[list[list[str]], dict[str, list[tuple[str, str]]]]:
    """The data rows and, per open question, (respondent, answer) as the raw file has them."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    data = rows[1:]
    answers = {}
    for j in (3, 4):
        answers[HEADER[j]] = [(r[0], r[j].replace("\r\n", "\n").strip()) for r in data
                              if r[j].strip() not in ("", "-99", "n/a")]
    return data, answers


OPTIONS = ImportOptions(outcome_column="Outcome", outcome_map={"Yes": "won", "No": "lost"},
                        persona_column="Segment")


def _stored(study) -> dict[str, list[tuple[str, str]]]:
    """Per question source: (participant's Survey id, the turn's text), in order."""
    out = {}
    for source in study.sources.list():
        text = study.sources.text(source.id)
        meta = study.sources.meta(source.id)
        people = {p.id: p for p in study.participants.list()}
        turns = study.sources.turns(source.id)
        assert all(t.role == Role.ANSWER for t in turns)
        out[meta["column"]] = [(people[t.participant_id].attributes["ResponseId"],
                                text[t.start : t.end]) for t in turns]
        assert text == "\n\n".join(a for _, a in out[meta["column"]])
    return out


def test_every_respondent_and_answer_arrives_across_batches(tmp_path, study, small):
    path = _write(tmp_path / "exit.csv", _survey_rows(120))
    data, answers = _expected(path)
    result = import_file(study, path, OPTIONS)
    assert result.status == "imported", result.error
    people = {p.attributes["ResponseId"]: p for p in study.participants.list()}
    assert sorted(people) == sorted(r[0] for r in data) and len(result.participants) == 120
    for row in data:
        person = people[row[0]]
        assert person.outcome == {"Yes": "won", "No": "lost"}[row[1]]
        assert person.persona == row[2]
    assert _stored(study) == answers
    assert search.check(study.db)
    assert sum(s["turns"] for s in result.sources) == sum(map(len, answers.values()))


def test_a_newer_export_adds_only_its_new_rows(tmp_path, study, small):
    first = _write(tmp_path / "exit.csv", _survey_rows(50))
    assert import_file(study, first, OPTIONS).status == "imported"
    before = {s.id: (study.sources.text(s.id), study.sources.turns(s.id))
              for s in study.sources.list()}
    newer = _write(tmp_path / "exit-newer.csv", _survey_rows(83))
    result = import_file(study, newer, OPTIONS)
    assert result.status == "imported", result.error
    assert result.message.startswith("33 new respondents")
    for source_id, (text, turns) in before.items():
        assert study.sources.text(source_id).startswith(text)  # nothing moved
        assert study.sources.turns(source_id)[: len(turns)] == turns
    assert _stored(study) == _expected(newer)[1]
    assert search.check(study.db)


def test_a_bad_row_late_in_the_file_leaves_the_study_unchanged(tmp_path, study, small):
    rows = _survey_rows(90, outcome=lambda n: "Maybe" if n == 87 else "won")
    path = _write(tmp_path / "exit.csv", rows)
    options = ImportOptions(outcome_column="Outcome", persona_column="Segment")
    result = import_file(study, path, options)
    assert result.status == "error" and "'Maybe'" in result.error
    assert study.participants.count() == 0 and study.sources.list() == []
    assert study.db.execute("SELECT count(*) FROM turns").fetchone()[0] == 0
    assert study.db.execute("SELECT count(*) FROM turn_search").fetchone()[0] == 0


def test_the_layout_comes_from_the_head_and_the_counts_from_every_row(tmp_path, small):
    rows = _survey_rows(200)
    rows[150].append("late")  # a row far below the head is wider: read again at its width
    path = _write(tmp_path / "exit.csv", rows)
    parsed = survey_csv.read_csv_survey(path, lambda *a: None, ReadLimits(),
                                        survey_csv.SurveyOptions())
    columns = {c.name: c for c in parsed.columns}
    assert len(parsed.meta["columns"]) == 6 and parsed.count == 200
    with path.open(encoding="utf-8", newline="") as handle:
        data = list(csv.reader(handle))[1:]
    for j, name in enumerate(HEADER):
        cells = [r[j].strip() for r in data]
        assert columns[name].answers == sum(1 for c in cells if c not in ("", "-99"))
    assert columns["What nearly stopped you?"].placeholders == sum(
        1 for r in data if r[4] == "n/a")
    assert [q.column for q in parsed.questions] == HEADER[3:]
    assert parsed.ids == tuple(r[0] for r in data)


def test_a_file_changed_after_it_was_read_is_refused(tmp_path):
    path = _write(tmp_path / "exit.csv", _survey_rows(10))
    rows = survey_csv.CsvRows.open(path, ReadLimits())
    assert len(list(rows())) == 11
    with path.open("a", encoding="utf-8") as handle:  # an import's file, not a study
        handle.write("R_99999,Yes,SMB,one more,answer\r\n")
    with pytest.raises(ImportFailed, match="changed"):
        list(rows())


def test_spread_sample_is_the_evenly_spaced_pick_and_stays_bounded():
    values = [str(n) for n in range(5000)]
    for count in (10, 50, 99, 100, 5000):
        spread = survey_stats.Spread(50)
        for v in values[:count]:
            spread.add(v)
        picked = spread.values()
        assert len(picked) == min(count, 50) and len(spread.kept) < 100
        if count <= 100:  # exactly the old evenly spaced pick
            step = count / 50
            assert picked == (values[:count] if count <= 50
                              else [values[int(i * step)] for i in range(50)])
        else:
            gaps = {int(b) - int(a) for a, b in zip(picked, picked[1:], strict=False)}
            assert max(gaps) <= 2 * min(gaps)  # evenly spread over the whole column


def _workbook(path: Path, rows: list[list[str]], at: tuple[int, int] = (1, 1)) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value != "":
                sheet.cell(row=at[0] + r, column=at[1] + c, value=value)
    book.save(path)
    return path


def test_sheet_rows_start_at_a1_like_the_whole_sheet_read(tmp_path):
    from python_calamine import CalamineWorkbook

    path = _workbook(tmp_path / "offset.xlsx", [["a", "", "b"], ["", "2", ""]], at=(3, 2))
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    whole = sheet.to_python(skip_empty_area=False)
    assert list(_sheet_rows(sheet)) == [[str(v) if v != "" else "" for v in row] for row in whole]


def _spools() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("interviewcoder-sheet-*.rows"))


def test_an_xlsx_survey_streams_from_a_spool_removed_after(tmp_path, study, small):
    rows = [[c.replace("\n", " ") for c in row] for row in _survey_rows(60)]
    path = _workbook(tmp_path / "exit.xlsx", rows)
    before = _spools()
    result = import_file(study, path, OPTIONS)  # read in the helper process
    assert result.status == "imported", result.error
    expected = {HEADER[j]: [(r[0], r[j].strip()) for r in rows[1:]
                            if r[j].strip() not in ("", "-99", "n/a")] for j in (3, 4)}
    assert _stored(study) == expected
    gc.collect()
    assert _spools() <= before


def test_spooled_rows_hand_their_file_over_when_pickled():
    import pickle

    rows = SpooledRows.write(iter([["a", "b"]] * 2500))
    path = Path(rows.path)
    copy = pickle.loads(pickle.dumps(rows))
    del rows
    gc.collect()
    assert path.exists() and list(copy()) == [["a", "b"]] * 2500
    del copy
    gc.collect()
    assert not path.exists()
