"""Who counts: the regressions of issue 11's first list, on real study files through the CLI.

Each test here failed before the identity rules, roles and the outcome vocabulary existed.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from interviewcoder.cli import main
from interviewcoder.services import evidence
from interviewcoder.store import Study
from tests.builders import run_cli

run = run_cli


@pytest.fixture
def study_path(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "s.icstudy"
    assert main(["new", str(path), "--template", "journey"]) == 0
    capsys.readouterr()
    return path


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _people(path: Path) -> dict[str, tuple[str, str | None]]:
    with Study.open(path) as s:
        return {p.name: (p.outcome, p.persona) for p in s.participants.list()}


def _tables(path: Path) -> dict[str, list[tuple]]:
    with Study.open(path) as s:
        return {t: s.db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("participants", "sources", "turns", "quotes")}


def _one_line_error(code: int, err: str, *needles: str) -> None:
    assert code == 2
    assert err.startswith("interviewcoder: error: ") and err.count("\n") == 1, err
    for needle in needles:
        assert needle in err, err


JANE_A = "Interviewer: How did you buy?\nJane Doe: We trialled it for a month.\n"
JANE_B = "Interviewer: Why did you leave?\nJane Doe: Support never answered.\n"


# --- a second transcript with the same speaker name -----------------------------------------


def test_a_same_name_in_a_second_transcript_is_a_new_participant_and_reported(
        capsys, study_path: Path, tmp_path: Path) -> None:
    a = _write(tmp_path / "jane-first.txt", JANE_A)
    b = _write(tmp_path / "jane-followup.txt", JANE_B)
    assert run(capsys, "import", str(study_path), str(a), "--outcome", "won")[0] == 0
    code, out, _ = run(capsys, "import", str(study_path), str(b), "--outcome", "lost", "--json")
    assert code == 0
    (item,) = json.loads(out)
    assert item["matches"] == [{"speaker": "Jane Doe", "participant": "Jane Doe (jane-followup)",
                                "possible_match": "Jane Doe", "reason": "same full name"}]
    # Jane keeps her outcome; the new speaker is someone else until the researcher says so.
    assert _people(study_path) == {"Jane Doe": ("won", None),
                                   "Jane Doe (jane-followup)": ("lost", None)}


def test_same_person_joins_but_never_changes_an_outcome_silently(
        capsys, study_path: Path, tmp_path: Path) -> None:
    a = _write(tmp_path / "jane-first.txt", JANE_A)
    b = _write(tmp_path / "jane-followup.txt", JANE_B)
    assert run(capsys, "import", str(study_path), str(a), "--outcome", "won")[0] == 0
    before = _tables(study_path)
    code, out, err = run(capsys, "import", str(study_path), str(b), "--same-person",
                         "--outcome", "lost")
    assert code == 2
    (line,) = out.splitlines()
    assert line.startswith("error") and "Jane Doe" in line and "'won'" in line and "'lost'" in line
    assert "--update-participants" in line
    assert _tables(study_path) == before
    code, out, _ = run(capsys, "import", str(study_path), str(b), "--same-person", "--json")
    assert code == 0
    (item,) = json.loads(out)
    assert item["participants"] == ["Jane Doe"] and item["matches"] == []
    assert _people(study_path) == {"Jane Doe": ("won", None)}
    with Study.open(study_path) as s:
        jane = s.participants.by_name("Jane Doe")
        assert {t.source_id for t in s.sources.turns_of_participant(jane.id)} == {1, 2}


GENERIC = ["Speaker 1", "Unknown Speaker", "SPEAKER_00", "Interviewee", "Speaker A", "Respondent"]


@pytest.mark.parametrize("same_person", [False, True])
def test_generic_labels_never_join_across_sources(capsys, study_path: Path, tmp_path: Path,
                                                  same_person: bool) -> None:
    # Two folders' "interview.txt": the same title, so "Speaker 1 (interview)" twice.
    body = "Interviewer: Tell me.\n" + "".join(f"{label}: Something {n}.\n"
                                                 for n, label in enumerate(GENERIC))
    files = [_write(tmp_path / d / "interview.txt", body + f"Interviewer: Bye {d}.\n")
             for d in ("call-a", "call-b")]
    args = ["import", str(study_path), *map(str, files)] + (["--same-person"] if same_person else [])
    assert run(capsys, *args)[0] == 0
    with Study.open(study_path) as s:
        people = s.participants.list()
        assert len(people) == 2 * len(GENERIC)
        for sid in (1, 2):
            owners = {t.participant_id for t in s.sources.turns(sid) if t.role.value == "participant"}
            assert len(owners) == len(GENERIC)
        assert not ({t.participant_id for t in s.sources.turns(1)} & {
            t.participant_id for t in s.sources.turns(2)} - {None})


# --- interviewers out of every denominator ----------------------------------------------------


CHURN = "Moderator: Why did you churn?\nJo: Support was slow.\nMod2: Anything else?\n" \
        "Jo: The price went up.\n"


def test_a_speaker_marked_interviewer_leaves_every_denominator(
        capsys, study_path: Path, tmp_path: Path) -> None:
    path = _write(tmp_path / "jo.txt", CHURN)
    assert run(capsys, "import", str(study_path), str(path), "--outcome", "churned")[0] == 0
    code, out, _ = run(capsys, "participants", str(study_path), "map", "1", "Mod2", "--interviewer")
    assert code == 0
    with Study.open(study_path) as s:
        assert evidence.compute(s).outcome_sizes == {"churned": 1}
        assert [p.name for p in s.participants.list()] == ["Jo"]
    code, out, _ = run(capsys, "participants", str(study_path), "--json")
    rows = json.loads(out)
    assert [(r["name"], r["role"], r["outcome"]) for r in rows] == [
        ("Jo", "participant", "churned"), ("Mod2", "interviewer", None),
        ("Moderator", "interviewer", None)]


def test_the_participants_sheet_has_a_role_column(capsys, study_path: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = _write(tmp_path / "jo.txt", CHURN)
    assert run(capsys, "import", str(study_path), str(path), "--outcome", "churned",
               "--interviewer", "Mod2")[0] == 0
    out = tmp_path / "out.xlsx"
    assert run(capsys, "export", str(study_path), str(out))[0] == 0
    rows = [r for r in load_workbook(out, read_only=True)["Participants"].iter_rows(values_only=True)]
    header = next(r for r in rows if r and "Role" in r)
    role, name = header.index("Role"), header.index("Participant")
    body = {r[name]: r[role] for r in rows[rows.index(header) + 1:] if r and r[name]}
    assert body == {"Jo": "participant", "Moderator": "interviewer", "Mod2": "interviewer"}


def test_interviewer_option_adds_to_the_default_detection(capsys, study_path: Path,
                                                           tmp_path: Path) -> None:
    first = _write(tmp_path / "one.txt", "Priya: How was the trial?\nJo: Short.\n")
    second = _write(tmp_path / "two.txt", "Interviewer: How was the trial?\nSam: Long.\n")
    assert run(capsys, "import", str(study_path), str(first), str(second),
               "--interviewer", "Priya")[0] == 0
    with Study.open(study_path) as s:
        roles = {(t.source_id, t.speaker): t.role.value for sid in (1, 2)
                 for t in s.sources.turns(sid)}
        assert roles == {(1, "Priya"): "interviewer", (1, "Jo"): "participant",
                         (2, "Interviewer"): "interviewer", (2, "Sam"): "participant"}
        assert sorted(p.name for p in s.participants.list()) == ["Jo", "Sam"]


# --- outcomes are the study's vocabulary -----------------------------------------------------


def test_an_unknown_outcome_on_import_is_refused_naming_the_known_ones(
        capsys, study_path: Path, tmp_path: Path) -> None:
    path = _write(tmp_path / "jo.txt", CHURN)
    before = _tables(study_path)
    code, _, err = run(capsys, "import", str(study_path), str(path), "--outcome", "churn")
    _one_line_error(code, err, "'churn'", "won, lost, churned", "outcomes")
    assert _tables(study_path) == before


def test_participants_set_refuses_unknown_outcomes_and_unknown_people(
        capsys, study_path: Path, tmp_path: Path) -> None:
    assert run(capsys, "import", str(study_path), str(_write(tmp_path / "jo.txt", CHURN)))[0] == 0
    before = _tables(study_path)
    code, _, err = run(capsys, "participants", str(study_path), "set", "Jo", "--outcome", "lsot")
    _one_line_error(code, err, "'lsot'", "won, lost, churned")
    code, _, err = run(capsys, "participants", str(study_path), "set", "Nobody", "--outcome", "won")
    _one_line_error(code, err, "no participant named 'Nobody'", "--create")
    assert _tables(study_path) == before
    assert run(capsys, "participants", str(study_path), "set", "Nobody", "--outcome", "won",
               "--create")[0] == 0
    assert _people(study_path)["Nobody"] == ("won", None)


def test_an_outcome_map_to_an_unknown_outcome_is_refused(capsys, study_path: Path,
                                                          tmp_path: Path) -> None:
    survey = tmp_path / "exit.csv"
    survey.write_text("ResponseId,Bought?,Why?\nR_1,Yes,The integration took far too long.\n",
                      encoding="utf-8")
    code, _, err = run(capsys, "import", str(study_path), str(survey), "--outcome-column",
                       "Bought?", "--outcome-map", "Yes=churn")
    _one_line_error(code, err, "'churn'", "won, lost, churned")
    assert _tables(study_path)["participants"] == []


def test_outcomes_add_rename_merge(capsys, study_path: Path, tmp_path: Path) -> None:
    s = str(study_path)
    code, out, _ = run(capsys, "outcomes", s, "--json")
    assert code == 0 and [o["name"] for o in json.loads(out)] == ["won", "lost", "churned"]
    assert run(capsys, "outcomes", s, "add", "churn")[0] == 0
    assert run(capsys, "import", s, str(_write(tmp_path / "jo.txt", CHURN)), "--outcome",
               "churn", "--interviewer", "Mod2")[0] == 0
    code, out, _ = run(capsys, "outcomes", s, "merge", "churn", "churned", "--json")
    assert code == 0 and json.loads(out)["participants"] == 1
    assert _people(study_path)["Jo"] == ("churned", None)
    with Study.open(study_path) as st:
        assert evidence.compute(st).outcome_sizes == {"churned": 1}
    assert run(capsys, "outcomes", s, "rename", "lost", "lost deal")[0] == 0
    code, out, _ = run(capsys, "outcomes", s, "--json")
    assert [o["name"] for o in json.loads(out)] == ["won", "lost deal", "churned"]
    code, _, err = run(capsys, "outcomes", s, "merge", "nope", "won")
    _one_line_error(code, err, "'nope'")
    actions = [h["action"] for h in json.loads(run(capsys, "history", s, "--json")[1])]
    assert {"add_outcome", "merge_outcome", "rename_outcome"} <= set(actions)


# --- participants can be deleted and merged ---------------------------------------------------


def test_participants_delete_and_merge(capsys, study_path: Path, tmp_path: Path) -> None:
    s = str(study_path)
    a = _write(tmp_path / "jane-first.txt", JANE_A)
    b = _write(tmp_path / "jane-followup.txt", JANE_B)
    assert run(capsys, "import", s, str(a), str(b), "--outcome", "won")[0] == 0
    assert set(_people(study_path)) == {"Jane Doe", "Jane Doe (jane-followup)"}
    code, out, _ = run(capsys, "participants", s, "merge", "Jane Doe (jane-followup)", "Jane Doe",
                       "--json")
    assert code == 0 and json.loads(out) == {"merged": "Jane Doe (jane-followup)",
                                             "into": "Jane Doe", "turns": 1}
    with Study.open(study_path) as st:
        jane = st.participants.by_name("Jane Doe")
        assert {t.source_id for t in st.sources.turns_of_participant(jane.id)} == {1, 2}
        assert evidence.compute(st).outcome_sizes == {"won": 1}
    code, out, _ = run(capsys, "participants", s, "delete", "Jane Doe", "--json")
    assert code == 0 and json.loads(out) == {"deleted": "Jane Doe", "turns": 2}
    assert _people(study_path) == {}
    code, _, err = run(capsys, "participants", s, "delete", "Jane Doe")
    _one_line_error(code, err, "no participant named 'Jane Doe'")
    actions = [h["action"] for h in json.loads(run(capsys, "history", s, "--json")[1])]
    assert actions[:2] == ["delete_participant", "merge_participants"]


# --- a survey re-import says what it changed ---------------------------------------------------


def _survey(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["ResponseId", "Bought?", "Why?"], *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_a_survey_reimport_reports_every_participant_field_it_changed(
        capsys, study_path: Path, tmp_path: Path) -> None:
    rows = [[f"R_{n}", "Yes" if n % 2 else "No", f"Because of reason number {n} and more."]
            for n in range(1, 7)]
    path = _survey(tmp_path / "exit.csv", rows)
    assert run(capsys, "import", str(study_path), str(path))[0] == 0
    code, out, _ = run(capsys, "import", str(study_path), str(path), "--force", "--outcome-column",
                       "Bought?", "--outcome-map", "Yes=won,No=lost", "--json")
    assert code == 0
    (item,) = json.loads(out)
    assert item["status"] == "imported"
    assert sorted((c["participant"], c["field"], c["old"], c["new"])
                  for c in item["participant_changes"]) == sorted(
        (f"R_{n}", "outcome", "unknown", "won" if n % 2 else "lost") for n in range(1, 7))
    assert "6 participant fields changed" in item["message"]
