"""``interviewcoder suggest``, ``train`` and ``patterns`` on a real study file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interviewcoder.cli import main
from interviewcoder.core.types import Dimension
from interviewcoder.services.coding import add_quote
from interviewcoder.store import Study
from tests.builders import add_source, run_cli

FIELDS = {"source_id", "start", "end", "text", "code", "dimension", "score", "reason"}


run = run_cli


@pytest.fixture
def study_path(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "s.icstudy"
    assert main(["new", str(path)]) == 0
    capsys.readouterr()
    with Study.open(path) as s:
        add_source(s, "ana.txt", [
            ("Interviewer", "interviewer", None, "Did you read G2 reviews?"),
            ("Ana", "participant", "Ana",
             "We compared three vendors side by side. Then I read reviews on G2."),
        ])
    return path


def test_suggest_json_has_the_documented_fields(capsys, study_path: Path) -> None:
    code, out, _ = run(capsys, "suggest", str(study_path), "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows and all(FIELDS <= set(r) for r in rows)
    assert {r["code"] for r in rows} >= {"step/Compared vendors", "influence/Review sites"}
    review = next(r for r in rows if r["code"] == "influence/Review sites")
    assert review["text"] == "Then I read reviews on G2."
    assert review["dimension"] == "influence" and review["reason"] == "matched “G2”"
    with Study.open(study_path) as s:
        assert s.sources.text(review["source_id"])[review["start"] : review["end"]] == review["text"]


def test_suggest_filters_by_source_and_score(capsys, study_path: Path) -> None:
    _, out, _ = run(capsys, "suggest", str(study_path), "--source", "1", "--min-score", "0.85",
                    "--json")
    rows = json.loads(out)
    assert rows and all(r["score"] >= 0.85 and r["source_id"] == 1 for r in rows)
    code, out, _ = run(capsys, "suggest", str(study_path))
    assert code == 0 and "influence/Review sites" in out and out.rstrip().endswith("suggestions")


def test_suggest_errors_are_one_line(capsys, study_path: Path) -> None:
    code, _, err = run(capsys, "suggest", str(study_path), "--source", "99")
    assert code == 2 and err.count("\n") == 1 and "no source with id 99" in err
    code, _, err = run(capsys, "suggest", str(study_path), "--min-score", "2")
    assert code == 2 and "between 0 and 1" in err


def test_patterns_add_list_remove(capsys, study_path: Path) -> None:
    code, out, _ = run(capsys, "patterns", str(study_path), "add", "step/Built a shortlist",
                       "three vendors")
    assert code == 0 and out.startswith("added pattern")
    _, out, _ = run(capsys, "patterns", str(study_path), "--json")
    listed = json.loads(out)
    assert [(p["code"], json.loads(p["pattern"])) for p in listed] == [
        ("step/Built a shortlist", "three vendors")]
    _, out, _ = run(capsys, "suggest", str(study_path), "--json")
    assert "step/Built a shortlist" in {r["code"] for r in json.loads(out)}
    code, _, _ = run(capsys, "patterns", str(study_path), "remove", str(listed[0]["id"]))
    assert code == 0
    code, _, err = run(capsys, "patterns", str(study_path), "add", "step/Built a shortlist",
                       '[{"NOPE": 1}]')
    assert code == 2 and err.startswith("interviewcoder: error:")


def test_train_prints_per_code_metrics(capsys, study_path: Path) -> None:
    code, _, err = run(capsys, "train", str(study_path), "--json")
    assert code == 2 and "at least 5" in err
    with Study.open(study_path) as s:
        demo = s.codes.find(Dimension.STEP, "Requested a demo").id
        fees = s.codes.find(Dimension.ANXIETY, "Hidden costs").id
        lines = []
        for i in range(10):
            lines += [f"We booked demo number {i} with their team.",
                      f"Surprise fees hit us in month {i}.",
                      f"The weather on day {i} was fine."]
        sid, spans = add_source(s, "coded", [("P", "participant", "P", t) for t in lines])
        for (start, end), text in zip(spans, lines, strict=True):
            if "demo" in text:
                add_quote(s, sid, start, end, [demo], "t")
            elif "fees" in text:
                add_quote(s, sid, start, end, [fees], "t")
    code, out, _ = run(capsys, "train", str(study_path), "--json")
    assert code == 0
    metrics = json.loads(out)
    assert {c["code"] for c in metrics["codes"]} == {"step/Requested a demo", "anxiety/Hidden costs"}
    for c in metrics["codes"]:
        assert set(c) >= {"precision", "recall", "f1", "train", "held_out"}
        assert c["held_out"] >= 1
    code, out, _ = run(capsys, "train", str(study_path))
    assert code == 0 and "step/Requested a demo" in out and "trained on" in out
