"""The command line: listings, JSON output, edits, and one-line errors with exit status 2."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from interviewcoder.cli import main
from interviewcoder.store import Study
from tests.builders import add_source, run_cli

run = run_cli


@pytest.fixture
def study_path(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "s.icstudy"
    assert main(["new", str(path)]) == 0
    capsys.readouterr()
    with Study.open(path) as s:
        add_source(s, "ana.txt", [
            ("Interviewer", "interviewer", None, "How did you find us?"),
            ("Ana", "participant", "Ana", "We compared three vendors and read G2 reviews."),
        ])
    return path


def test_new_and_codebook_json(capsys, tmp_path: Path) -> None:
    path = tmp_path / "n.icstudy"
    code, out, _ = run(capsys, "new", str(path), "--template", "journey")
    assert code == 0 and "created" in out
    code, out, _ = run(capsys, "codebook", str(path), "--json")
    rows = json.loads(out)
    assert code == 0
    assert {"dimension", "name", "description", "colour", "guid", "quotes", "participants"} <= set(rows[0])
    assert rows[0]["dimension"] == "step"


def test_sources_and_source_json(capsys, study_path: Path) -> None:
    code, out, _ = run(capsys, "sources", str(study_path), "--json")
    rows = json.loads(out)
    assert code == 0
    assert rows[0]["name"] == "ana.txt" and rows[0]["turns"] == 2 and rows[0]["participants"] == "Ana"
    assert rows[0]["words"] == 5 + 8
    code, out, _ = run(capsys, "source", str(study_path), str(rows[0]["id"]), "--json")
    src = json.loads(out)
    assert [t["role"] for t in src["turns"]] == ["interviewer", "participant"]
    assert [t["participant"] for t in src["turns"]] == [None, "Ana"]
    first = src["turns"][1]
    assert src["text"][first["start"]:first["end"]] == "We compared three vendors and read G2 reviews."
    assert set(first) == {"start", "end", "speaker", "role", "participant", "start_ms"}


def test_code_add_list_remove(capsys, study_path: Path) -> None:
    code, out, _ = run(capsys, "code", str(study_path), "--source", "1", "--start", "22", "--end", "47",
                       "--code", "step/Compared vendors", "--code", "influence/Review sites",
                       "--coder", "maria", "--json")
    q = json.loads(out)
    assert code == 0
    assert q["text"] == "We compared three vendors"
    assert set(q["codes"]) == {"step/Compared vendors", "influence/Review sites"}
    assert q["coder"] == "maria"
    code, out, _ = run(capsys, "quotes", str(study_path), "--code", "influence/review SITES", "--json")
    assert [r["id"] for r in json.loads(out)] == [q["id"]]
    code, out, _ = run(capsys, "codebook", str(study_path), "--json")
    compared = next(r for r in json.loads(out) if r["name"] == "Compared vendors")
    assert (compared["quotes"], compared["participants"]) == (1, 1)
    assert run(capsys, "code", str(study_path), "--remove", str(q["id"]))[0] == 0
    code, out, _ = run(capsys, "quotes", str(study_path), "--json")
    assert json.loads(out) == []


def test_participants_set_and_list(capsys, study_path: Path) -> None:
    code, out, _ = run(capsys, "participants", str(study_path), "set", "Ana", "--outcome", "lost",
                       "--persona", "Finance lead", "--attr", "size=50", "--attr", "region=EU")
    assert code == 0
    code, out, _ = run(capsys, "participants", str(study_path), "--json")
    assert json.loads(out) == [
        {"id": 1, "name": "Ana", "role": "participant", "outcome": "lost",
         "persona": "Finance lead", "attributes": {"size": "50", "region": "EU"}, "memo": "",
         "sources": [1]},
        {"id": None, "name": "Interviewer", "role": "interviewer", "outcome": None,
         "persona": None, "attributes": {}, "memo": "", "sources": [1]}]


def test_participants_map_speaker(capsys, study_path: Path) -> None:
    code, out, _ = run(capsys, "participants", str(study_path), "map", "1", "Ana", "--participant",
                       "Ana Lima")
    assert code == 0 and "mapped 1 turns" in out
    _, out, _ = run(capsys, "source", str(study_path), "1", "--json")
    assert json.loads(out)["turns"][1]["participant"] == "Ana Lima"


def test_codebook_edit_commands(capsys, study_path: Path, tmp_path: Path) -> None:
    s = str(study_path)
    assert run(capsys, "codebook", s, "add", "theme/Pricing", "--colour", "#abcdef")[0] == 0
    assert run(capsys, "codebook", s, "rename", "theme/Pricing", "Price")[0] == 0
    assert run(capsys, "codebook", s, "recolour", "theme/Price", "#123456")[0] == 0
    assert run(capsys, "codebook", s, "describe", "theme/Price", "Talk of price")[0] == 0
    assert run(capsys, "codebook", s, "move", "step/Churned", "--to", "1")[0] == 0
    assert run(capsys, "codebook", s, "merge", "step/Compared vendors again", "step/Compared vendors")[0] == 0
    assert run(capsys, "codebook", s, "delete", "theme/Price")[0] == 0
    _, out, _ = run(capsys, "codebook", s, "--json")
    rows = json.loads(out)
    names = [r["name"] for r in rows]
    assert "Price" not in names and "Compared vendors again" not in names
    assert next(r for r in rows if r["dimension"] == "step")["name"] == "Churned"
    out_file = tmp_path / "cb.csv"
    assert run(capsys, "codebook", s, "export", str(out_file))[0] == 0
    assert out_file.read_text(encoding="utf-8").startswith("dimension,name,description,colour")


def _contents(path: Path) -> dict[str, list[tuple]]:
    with Study.open(path) as s:
        return {t: s.db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("participants", "sources", "turns", "codes", "quotes", "quote_codes")}


@pytest.mark.parametrize("args, message", [
    (["sources", "{missing}"], "no such study file"),
    (["sources", "{text}"], "not an interviewcoder study"),
    (["code", "{study}", "--source", "1", "--start", "0", "--end", "99999", "--code", "step/Churned"],
     "not a span"),
    (["code", "{study}", "--source", "1", "--start", "0", "--end", "5", "--code", "step/Nope"], "no code"),
    (["code", "{study}", "--source", "1"], "needs --start, --end, --code"),
    (["source", "{study}", "42"], "no source with id 42"),
    (["new", "{study}"], "already exists"),
    (["codebook", "{study}", "add", "mood/Happy"], "unknown dimension"),
    (["participants", "{study}", "set", "Ana", "--attr", "novalue"], "key=value"),
])
def test_errors_are_one_line_exit_2_and_change_nothing(capsys, study_path: Path, tmp_path: Path,
                                                       args: list[str], message: str) -> None:
    text = tmp_path / "notes.icstudy"
    text.write_text("just some notes\n", encoding="utf-8")
    paths = {"{missing}": str(tmp_path / "missing.icstudy"), "{text}": str(text), "{study}": str(study_path)}
    before = _contents(study_path)
    code, out, err = run(capsys, *[paths.get(a, a) for a in args])
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert _contents(study_path) == before


def test_console_entry_point_runs_as_a_process(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-m", "interviewcoder", "--version"], capture_output=True,
                          text=True, env=env, cwd=tmp_path, check=False)
    assert done.returncode == 0
    assert done.stdout.startswith("interviewcoder ")
    bad = subprocess.run([sys.executable, "-m", "interviewcoder", "sources", "nope.icstudy"],
                         capture_output=True, text=True, env=env, cwd=tmp_path, check=False)
    assert bad.returncode == 2
    assert bad.stderr == "interviewcoder: error: nope.icstudy: no such study file\n"


def test_a_command_that_upgrades_an_older_study_says_so_and_where_its_backup_is(
        capsys, tmp_path: Path) -> None:
    from tests.builders import older_study

    path = older_study(tmp_path / "old.icstudy")
    code, out, err = run_cli(capsys, "sources", str(path), "--json")
    (backup,) = tmp_path.glob("old.v11-backup-*.icstudy")
    assert code == 0 and [s["name"] for s in json.loads(out)] == ["ana"]  # stdout stays JSON
    assert err.startswith("upgraded: old.icstudy was made by an older version (schema 11)")
    assert backup.name in err
    kept = sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)  # the study as it was
    assert kept.execute("PRAGMA user_version").fetchone()[0] == 11
    assert kept.execute("SELECT name FROM sources").fetchall() == [("ana",)]
    kept.close()
    code, out, err = run_cli(capsys, "sources", str(path))
    assert code == 0 and "ana" in out and err == ""  # once: it is current now
