"""The sample study that `interviewcoder demo` builds from resources/sample."""

from __future__ import annotations

import csv
from pathlib import Path

from interviewcoder.cli import main
from interviewcoder.core.types import SourceKind
from interviewcoder.paths import resource_path
from interviewcoder.services.demo import DEMO_NAME, build_demo, manifest
from interviewcoder.store import Study


def test_demo_study_has_every_interview_the_survey_and_precoded_quotes(tmp_path: Path) -> None:
    spec = manifest()
    path = build_demo(tmp_path / "demo.icstudy")
    with Study.open(path) as s:
        sources = s.sources.list()
        interviews = [x for x in sources if x.kind == SourceKind.INTERVIEW]
        surveys = [x for x in sources if x.kind == SourceKind.SURVEY]
        assert len(interviews) == len(spec["interviews"]) == 12
        assert len(surveys) == len(spec["survey"]["text_columns"])
        for item in spec["interviews"]:
            p = s.participants.by_name(item["participant"])
            assert (p.outcome, p.persona, p.attributes["product"]) == (
                item["outcome"], item["persona"], item["product"])
        outcomes = {p.outcome for p in s.participants.list()}
        assert {"won", "lost", "churned"} <= outcomes
        quotes = s.quotes.all()
        assert len(quotes) == len(spec["precoded"])
        by_file = {x.original_name: x for x in sources}
        people = {i["file"]: i["participant"] for i in spec["interviews"]}
        answers = _survey_answers(spec["survey"])
        for item in spec["precoded"]:
            q = next(q for q in quotes if q.text == item["quote"])
            owners = [s.participants.get(pid).name for pid in s.quotes.participants_of(q.id)]
            if item["file"] == spec["survey"]["file"]:  # one source per open question
                assert s.sources.get(q.source_id).original_name == item["file"]
                assert owners == [rid for rid, answer in answers if item["quote"] in answer]
            else:
                assert q.source_id == by_file[item["file"]].id
                assert owners == [people[item["file"]]]
            paths = {s.codes.get(c).path for c in q.code_ids}
            assert paths == set(item["codes"])


def _survey_answers(survey: dict) -> list[tuple[str, str]]:
    """(respondent id, answer) of every open answer in the sample survey CSV."""
    with resource_path("sample", survey["file"]).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [(r[survey["id_column"]], r[c]) for r in rows for c in survey["text_columns"]]


def test_demo_command_without_gui_prints_the_path(tmp_path: Path, capsys) -> None:
    out_dir = tmp_path / "new" / "folder"  # created when missing
    assert main(["demo", "--out", str(out_dir), "--no-gui"]) == 0
    out = capsys.readouterr().out.strip()
    assert out == str((out_dir / DEMO_NAME).resolve())
    with Study.open(out_dir / DEMO_NAME) as s:
        assert s.sources.count() == 14
    assert sorted(p.name for p in out_dir.iterdir()) == [DEMO_NAME]


def test_demo_goes_to_the_app_data_folder_not_the_current_one(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    here = tmp_path / "clone"
    here.mkdir()
    monkeypatch.chdir(here)
    assert main(["demo", "--no-gui"]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed == (tmp_path / "data" / "interviewcoder" / "interviewcoder" / DEMO_NAME).resolve()
    assert printed.is_file()
    assert list(here.iterdir()) == []  # git status stays clean


def test_a_changed_demo_is_never_thrown_away(tmp_path: Path, capsys) -> None:
    assert main(["demo", "--out", str(tmp_path), "--no-gui"]) == 0
    path = tmp_path / DEMO_NAME
    with Study.open(path) as s:
        sid = s.sources.list()[0].id
        before = len(s.quotes.all())
    # practice coding, as a user would
    assert main(["code", str(path), "--source", str(sid), "--start", "0", "--end", "5",
                 "--code", "step/Compared vendors", "--coder", "Ana"]) == 0
    capsys.readouterr()
    assert main(["demo", "--out", str(tmp_path), "--no-gui"]) == 0  # opened as it is
    assert "--fresh" in capsys.readouterr().err
    with Study.open(path) as s:
        assert len(s.quotes.all()) == before + 1
    assert main(["demo", "--out", str(tmp_path), "--fresh", "--no-gui"]) == 0
    err = capsys.readouterr().err
    [kept] = [p for p in tmp_path.iterdir() if p.name.startswith("interviewcoder-demo (changed ")]
    assert str(kept) in err
    with Study.open(kept) as s:
        assert len(s.quotes.all()) == before + 1  # the practice coding is in the kept copy
    with Study.open(path) as s:
        assert len(s.quotes.all()) == before  # and the demo is new
    # an unchanged demo is simply rebuilt: no copy made
    assert main(["demo", "--out", str(tmp_path), "--fresh", "--no-gui"]) == 0
    assert len([p for p in tmp_path.iterdir() if p.suffix == ".icstudy"]) == 2
