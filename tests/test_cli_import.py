"""``interviewcoder import``: summaries, JSON, progress on stderr, exit status 2 on failures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from importer_helpers import needs_samples, sample

from interviewcoder.cli import main
from interviewcoder.store import Study
from tests.builders import run_cli

INTERVIEW = "Moderator: Why did you churn?\nJo: Support was slow.\nMod2: Anything else?\n" \
            "Jo: The price went up.\n"


run = run_cli


@pytest.fixture
def study_path(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "s.icstudy"
    assert main(["new", str(path), "--template", "blank"]) == 0
    capsys.readouterr()
    return path


def test_import_json_and_interviewers(capsys, study_path, tmp_path):
    path = tmp_path / "jo.txt"
    path.write_text(INTERVIEW, encoding="utf-8")
    code, out, err = run(capsys, "import", str(study_path), str(path), "--interviewer",
                         "Moderator", "--interviewer", "Mod2", "--outcome", "churned",
                         "--persona", "Admin", "--json")
    assert code == 0
    (item,) = json.loads(out)
    assert item["file"] == str(path) and item["status"] == "imported" and item["error"] is None
    assert item["format"] == "txt"
    assert item["speakers"] == [{"name": "Moderator", "role": "interviewer"},
                                {"name": "Jo", "role": "participant"},
                                {"name": "Mod2", "role": "interviewer"}]
    assert item["participants"] == ["Jo"]
    (source,) = item["sources"]
    assert set(source) == {"id", "name", "turns", "words"} and source["turns"] == 4
    assert "Importing jo.txt" in err
    with Study.open(study_path) as study:
        jo = study.participants.by_name("Jo")
        assert (jo.outcome, jo.persona) == ("churned", "Admin")
        assert study.sources.text(source["id"]).split("\n\n")[1] == "Support was slow."


def test_bad_file_gives_status_2_after_importing_the_good_ones(capsys, study_path, tmp_path):
    good = tmp_path / "jo.txt"
    good.write_text(INTERVIEW, encoding="utf-8")
    empty = tmp_path / "empty.vtt"
    empty.write_bytes(b"")
    code, out, err = run(capsys, "import", str(study_path), str(empty), str(good))
    assert code == 2
    lines = out.splitlines()
    assert lines[0] == "error     empty.vtt: the file is empty"
    assert lines[1].startswith(f"imported  {good} [txt]: 1 source(s); 4 turns;")
    assert "Traceback" not in err
    with Study.open(study_path) as study:
        assert study.sources.count() == 1


def test_second_import_is_skipped(capsys, study_path, tmp_path):
    path = tmp_path / "jo.txt"
    path.write_text(INTERVIEW, encoding="utf-8")
    assert run(capsys, "import", str(study_path), str(path))[0] == 0
    code, out, _ = run(capsys, "import", str(study_path), str(path), "--json")
    assert code == 0 and json.loads(out)[0]["status"] == "skipped"
    code, out, _ = run(capsys, "import", str(study_path), str(path), "--force", "--json")
    assert json.loads(out)[0]["status"] == "imported"


def test_survey_options(capsys, study_path, tmp_path):
    path = tmp_path / "exit.csv"
    path.write_text("ResponseId,Bought,Team,Why,Notes\n"
                    "R_1,Yes,IT,Peers told us it was the safest choice for our size,x\n"
                    "R_2,No,Ops,The rollout plan looked risky before quarter end,y\n",
                    encoding="utf-8")
    code, out, _ = run(capsys, "import", str(study_path), str(path), "--outcome-column", "Bought",
                       "--outcome-map", "Yes=won,No=lost", "--persona-column", "Team",
                       "--text-columns", "Why,Notes", "--attribute-columns", "Team", "--json")
    assert code == 0
    (item,) = json.loads(out)
    assert item["format"] == "generic" and item["participants"] == ["R_1", "R_2"]
    assert [s["turns"] for s in item["sources"]] == [2, 2]
    with Study.open(study_path) as study:
        r1 = study.participants.by_name("R_1")
        assert (r1.outcome, r1.persona) == ("won", "IT")
        assert r1.attributes == {"Team": "IT", "Bought": "Yes", "ResponseId": "R_1",
                                 "Survey": "exit", "Survey file": "exit.csv"}


def test_bad_outcome_map_is_one_line(capsys, study_path, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("ResponseId,Why\nR_1,because it is so\n", encoding="utf-8")
    code, out, err = run(capsys, "import", str(study_path), str(path), "--outcome-map", "Yes")
    assert code == 2 and out == ""
    assert err.strip() == "interviewcoder: error: outcome map entry 'Yes' is not VALUE=OUTCOME"


def test_forced_format(capsys, study_path, tmp_path):
    path = tmp_path / "talk.log"
    path.write_text("A: hi\nB: hello\n", encoding="utf-8")
    code, out, _ = run(capsys, "import", str(study_path), str(path), "--format", "txt", "--json")
    assert code == 0 and json.loads(out)[0]["speakers"][0]["name"] == "A"
    code, out, _ = run(capsys, "import", str(study_path), str(path), "--json", "--force")
    assert code == 2 and "unknown format" in json.loads(out)[0]["error"]


@needs_samples
def test_samples_through_the_real_entry_point(study_path):
    files = [str(sample("docx_mannheimer_DC03_transcript_deidentified.docx")),
             str(sample("csv_qualtrics_legacy-export_qualtRics_sample_legacy.csv")),
             str(sample("qdc_taguette-1.4.1_uto_tag_codebook.qdc"))]
    done = subprocess.run(
        [sys.executable, "-m", "interviewcoder", "import", str(study_path), *files,
         "--interviewer", "Sara Mannheimer", "--participant", "DC03", "--json"],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)
    assert [i["status"] for i in items] == ["imported", "imported", "imported"]
    assert items[2]["refi"]["codes"]["added"] == 3  # a REFI-QDA codebook (Taguette)
    assert items[0]["speakers"] == [{"name": "Sara Mannheimer", "role": "interviewer"},
                                    {"name": "DC03", "role": "participant"}]
    assert items[0]["sources"][0]["turns"] == 71
    assert items[1]["participants"] == ["R_2YPOQ602ER1jkf1"]
    assert "Traceback" not in done.stderr
