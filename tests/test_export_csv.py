"""CSV for every table: ``export S OUT.csv --table NAME`` and ``export S OUTDIR/ --csv``."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest

from interviewcoder.core.errors import InvalidInput
from interviewcoder.exporters.cells import looks_like_formula
from interviewcoder.services import exporting
from interviewcoder.services.csv_names import CSV_TABLES
from tests.builders import run_cli
from tests.evidence_study import build
from tests.workbook_reader import workbook_tables

SHEET_OF = {"evidence": "Evidence", "quotes": "Quotes", "participants": "Participants",
            "codebook": "Codebook", "matrix-anxiety": "Step x Anxiety",
            "matrix-influence": "Step x Influence", "paths": "Paths", "transitions": "Transitions",
            "summary": "Summary", "sources": "Sources"}


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def _same(text: str, value: object) -> bool:
    if value is None:
        return text == ""
    if isinstance(value, bool):
        return text == ("yes" if value else "")
    if isinstance(value, int | float):
        return text != "" and abs(float(text) - value) < 1e-6
    if isinstance(value, datetime):
        return text in (value.isoformat(), value.date().isoformat())
    value = str(value)
    return text == ("'" + value if looks_like_formula(value) else value)


@pytest.fixture
def built(study):
    return build(study)


def test_every_table_as_csv_matches_its_sheet_cell_by_cell(study, built, tmp_path, capsys) -> None:
    code, out, _ = run_cli(capsys, "export", str(study.path), str(tmp_path / "tables") + "/", "--csv")
    assert code == 0 and "tables" in out
    folder = tmp_path / "tables"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.csv" for n in CSV_TABLES)
    sheets = workbook_tables(exporting.export(study, tmp_path / "w.xlsx"))
    for name in CSV_TABLES:
        raw = (folder / f"{name}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), name  # no BOM unless asked
        header, rows = _read(folder / f"{name}.csv")
        sheet = sheets[SHEET_OF[name]]
        assert len(rows) == len(sheet), name
        if sheet:
            assert header == list(sheet[0]), name
        for got, want in zip(rows, sheet, strict=True):
            for text, (key, value) in zip(got, want.items(), strict=True):
                assert _same(text, value), (name, key, text, value)


def test_one_table_by_name_and_the_excel_bom(study, built, tmp_path, capsys) -> None:
    out = tmp_path / "moves.csv"
    code, _, _ = run_cli(capsys, "export", str(study.path), str(out), "--table", "transitions")
    assert code == 0
    header, rows = _read(out)
    assert header[:3] == ["From step", "To step", "Participants"] and rows
    code, _, _ = run_cli(capsys, "export", str(study.path), str(out), "--table", "matrix-anxiety",
                         "--excel-csv")
    assert code == 0 and out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh))[:3] == ["Measure", "Outcome", "Step"]
    with pytest.raises(SystemExit) as exit_:
        run_cli(capsys, "export", str(study.path), str(tmp_path / "e.csv"), "--table", "nonsense")
    assert exit_.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_csv_refusals_are_one_line(study, built, tmp_path, capsys) -> None:
    for args in (["--table", "quotes"], ["--excel-csv"]):
        code, _, err = run_cli(capsys, "export", str(study.path), str(tmp_path / "w.xlsx"), *args)
        assert code == 2 and err.count("\n") == 1 and ".csv" in err
    code, _, err = run_cli(capsys, "export", str(study.path), str(tmp_path / "dir") + "/")
    assert code == 2 and "--csv" in err and not (tmp_path / "dir").exists()
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(InvalidInput, match="is a file"):
        exporting.export(study, tmp_path / "file.txt", csv_folder=True)
    with pytest.raises(InvalidInput, match="does not exist"):
        exporting.export(study, tmp_path / "no" / "such", csv_folder=True)


def test_a_cancelled_folder_export_writes_nothing(study, built, tmp_path) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "evidence.csv").write_text("the previous export")

    def cancel(table: str, rows: int) -> None:
        if table == "Quotes":
            raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError):
        exporting.export(study, folder, csv_folder=True, progress=cancel)
    assert [p.name for p in folder.iterdir()] == ["evidence.csv"]
    assert (folder / "evidence.csv").read_text() == "the previous export"


def test_typed_survey_answers_in_csv_and_workbook(study, tmp_path) -> None:
    from interviewcoder.services import participants as people
    from tests.builders import add_source

    add_source(study, "S", [("A", "answer", "A", "yes"), ("B", "answer", "B", "no")])
    people.set_participant(study, "A", "t", attributes={"score": "4", "when": "2024-03-01 09:30",
                                                        "zip": "02139"})
    people.set_participant(study, "B", "t", attributes={"score": "5", "when": "2024-03-02 17:00",
                                                        "zip": "10001"})
    rows = {r["Participant"]: r for r in workbook_tables(
        exporting.export(study, tmp_path / "w.xlsx"))["Participants"]}
    assert rows["A"]["score"] == 4 and rows["B"]["score"] == 5
    assert rows["A"]["when"] == datetime(2024, 3, 1, 9, 30)
    assert rows["A"]["zip"] == "02139" and rows["B"]["zip"] == "10001"  # text stays text
    header, data = _read(exporting.export(study, tmp_path / "p.csv", table="participants"))
    a = dict(zip(header, data[0], strict=True))
    assert (a["score"], a["when"], a["zip"]) == ("4", "2024-03-01T09:30:00", "02139")


def test_the_redactor_skips_only_the_columns_the_app_writes_itself(study, built, tmp_path) -> None:
    """A redacted Quotes table sends every text cell through the redactor except the times
    and locations the app formats from numbers (a third of the cells, none of them personal)."""
    from interviewcoder.core.evidence import Filters
    from interviewcoder.exporters.csv_table import write_csv
    from interviewcoder.services.record_tables import quotes_table

    seen: list[str] = []

    def recorder(text: str) -> str:
        seen.append(text)
        return text

    table = quotes_table(study, Filters())
    made = [c.header for c in table.columns if c.made]
    assert set(made) == {"Location", "Created", "Time"}
    write_csv(tmp_path / "q.csv", table, text=recorder)
    header, rows = _read(tmp_path / "q.csv")
    by_name = [dict(zip(header, r, strict=True)) for r in rows]
    assert rows and all(r["Text"] in seen and (r["Participant"] in seen or not r["Participant"])
                        for r in by_name if r["Text"])  # (an empty cell has nothing to redact)
    assert any(r["Participant"] for r in by_name)
    for r in by_name:
        for column in made:
            assert not r[column] or r[column] not in seen, (column, r[column])
