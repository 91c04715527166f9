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


# --- a focus group, two interviews with a generic label, and a follow-up ---------------------


FOCUS = ("Moderator: What made you look for a tool?\nAna Ruiz: Our audit went badly.\n"
         "Bo Chen: Month-end took a week.\nCy Diaz: A peer on Slack told us.\n")
CALL = "Interviewer: Why did you pick another vendor?\nSpeaker 1: Their price was lower.\n"
FOLLOW_UP = "Interviewer: Six months on, how is it?\nAna Ruiz: We compared vendors again.\n"


def _evidence(capsys, study: str) -> dict[str, dict]:
    code, out, _ = run(capsys, "evidence", study, "--json")
    assert code == 0
    return {r["code"]: r for r in json.loads(out)}


@pytest.mark.parametrize("same_person", [False, True])
def test_focus_group_generic_labels_and_a_follow_up(capsys, study_path: Path, tmp_path: Path,
                                                     same_person: bool) -> None:
    s = str(study_path)
    focus = _write(tmp_path / "focus-group.txt", FOCUS)
    calls = [_write(tmp_path / d / "interview.txt", CALL + f"Interviewer: Thanks ({d}).\n")
             for d in ("call-1", "call-2")]
    follow = _write(tmp_path / "ana-follow-up.txt", FOLLOW_UP)
    assert run(capsys, "import", s, str(focus))[0] == 0
    for name, outcome in (("Ana Ruiz", "won"), ("Bo Chen", "lost"), ("Cy Diaz", "churned")):
        assert run(capsys, "participants", s, "set", name, "--outcome", outcome)[0] == 0
    assert run(capsys, "import", s, *map(str, calls), "--outcome", "lost")[0] == 0
    extra = ["--same-person"] if same_person else []
    code, out, _ = run(capsys, "import", s, str(follow), "--json", *extra)
    assert code == 0
    (item,) = json.loads(out)
    with Study.open(study_path) as st:
        people = {p.name: p.outcome for p in st.participants.list()}
        follow_id = item["sources"][0]["id"]
        ana_turn = next(t for t in st.sources.turns(follow_id) if t.speaker == "Ana Ruiz")
        text = st.sources.text(follow_id)
    # the two calls' "Speaker 1" are two people, whatever --same-person says
    generic = {"Speaker 1 (interview)": "lost", "Speaker 1 (interview) 2": "lost"}
    focus_people = {"Ana Ruiz": "won", "Bo Chen": "lost", "Cy Diaz": "churned"}
    if same_person:
        assert item["matches"] == [] and item["participants"] == ["Ana Ruiz"]
        assert people == {**focus_people, **generic}
    else:
        assert item["matches"] == [{"speaker": "Ana Ruiz", "participant": "Ana Ruiz (ana-follow-up)",
                                    "possible_match": "Ana Ruiz", "reason": "same full name"}]
        assert people == {**focus_people, **generic, "Ana Ruiz (ana-follow-up)": "unknown"}
    # code the follow-up's words, and a moderator question in the focus group
    start = ana_turn.start + text[ana_turn.start:].index("compared vendors")
    assert run(capsys, "code", s, "--source", str(follow_id), "--start", str(start), "--end",
               str(start + len("compared vendors")), "--code", "step/Compared vendors")[0] == 0
    assert run(capsys, "code", s, "--source", "1", "--start", "0", "--end", "10", "--code",
               "step/Noticed a problem")[0] == 0  # the moderator's words: evidence for no one
    with Study.open(study_path) as st:
        sizes = evidence.compute(st).outcome_sizes
    # interviewers and the moderator are in no group; the generic labels count twice
    if same_person:
        assert sizes == {"won": 1, "lost": 3, "churned": 1}
    else:
        assert sizes == {"won": 1, "lost": 3, "churned": 1, "unknown": 1}
    row = _evidence(capsys, s)["Compared vendors"]
    assert row["participants"] == 1
    group = "won" if same_person else "unknown"
    assert row["by_outcome"][group]["participants"] == 1
    assert row["by_outcome"][group]["of"] == 1
    assert all(g["participants"] == 0 for k, g in row["by_outcome"].items() if k != group)
    moderator = _evidence(capsys, s)["Noticed a problem"]
    assert moderator["mentions"] == 0 and moderator["participants"] == 0


# --- import --dry-run --json: the review step's facts, nothing stored ------------------------


def test_dry_run_json_shows_layout_speakers_roles_participants_and_columns(
        capsys, study_path: Path, tmp_path: Path) -> None:
    s = str(study_path)
    assert run(capsys, "import", s, str(_write(tmp_path / "jane.txt", JANE_A)), "--outcome",
               "won")[0] == 0
    follow = _write(tmp_path / "jane-followup.txt", JANE_B + "Ana (Host): Thanks!\n")
    survey = tmp_path / "exit.csv"
    survey.write_text("ResponseId,Plan,Why?\nR_1,Team,The integration took far too long.\n"
                      "R_2,Business,Support answered after a week.\n", encoding="utf-8")
    before = _tables(study_path)
    code, out, _ = run(capsys, "import", s, str(follow), str(survey), "--dry-run", "--json",
                       "--outcome", "lost")
    assert code == 0
    assert _tables(study_path) == before
    plan = json.loads(out)
    transcript, exit_survey = plan["files"]
    assert (transcript["status"], transcript["kind"], transcript["format"],
            transcript["layout"], transcript["outcome"]) == ("ready", "transcript", "txt",
                                                             "colon", "lost")
    speakers = {sp["speaker"]: sp for sp in transcript["speakers"]}
    assert speakers["Interviewer"]["role"] == "interviewer"
    assert speakers["Ana"]["role"] == "interviewer"  # "Ana (Host)": the label says so
    assert speakers["Ana"]["reason"] == "the label says so"
    assert speakers["Jane Doe"]["role"] == "participant"
    assert speakers["Jane Doe"]["participant"] == {"action": "new",
                                                   "name": "Jane Doe (jane-followup)"}
    assert speakers["Jane Doe"]["suggestion"] == {"name": "Jane Doe", "reason": "same full name"}
    assert exit_survey["kind"] == "survey" and exit_survey["layout"] == "generic"
    assert exit_survey["respondents"] == 2
    assert exit_survey["columns"] == [
        {"column": "ResponseId", "class": "id", "answers": 2, "preview": ["R_1", "R_2"]},
        {"column": "Plan", "class": "attribute", "answers": 2, "preview": ["Team", "Business"]},
        {"column": "Why?", "class": "open_text", "answers": 2,
         "preview": ["The integration took far too long.", "Support answered after a week."]}]
    code, out, _ = run(capsys, "import", s, str(follow), "--dry-run", "--same-person")
    assert code == 0 and "speaker Jane Doe: participant, joins Jane Doe" in out


def test_participants_set_several_at_once_with_a_memo(capsys, study_path: Path,
                                                      tmp_path: Path) -> None:
    s = str(study_path)
    files = [_write(tmp_path / f"{n}.txt", f"Interviewer: Hi.\n{n}: Hello.\n")
             for n in ("Ana", "Bo", "Cy")]
    assert run(capsys, "import", s, *map(str, files))[0] == 0
    code, out, _ = run(capsys, "participants", s, "set", "Ana", "Bo", "--outcome", "lost",
                       "--attr", "tier=gold", "--memo", "call back in June", "--json")
    assert code == 0
    assert [(r["name"], r["outcome"], r["attributes"], r["memo"]) for r in json.loads(out)] == [
        ("Ana", "lost", {"tier": "gold"}, "call back in June"),
        ("Bo", "lost", {"tier": "gold"}, "call back in June")]
    assert _people(study_path)["Cy"] == ("unknown", None)
    code, _, err = run(capsys, "participants", s, "set", "Ana", "Bo", "--rename", "X")
    _one_line_error(code, err, "--rename names one participant")
    code, out, _ = run(capsys, "participants", s)
    lines = out.splitlines()
    assert lines[0].split() == ["id", "name", "role", "outcome", "persona", "attributes"]
    assert [line.split()[1] for line in lines[1:4]] == ["Ana", "Bo", "Cy"]
    assert lines[-1].split()[:2] == ["Interviewer", "interviewer"]  # no id: in no group


def test_an_edited_dry_run_review_is_what_gets_stored(capsys, study_path: Path,
                                                      tmp_path: Path) -> None:
    s = str(study_path)
    assert run(capsys, "import", s, str(_write(tmp_path / "jane.txt", JANE_A)), "--outcome",
               "won")[0] == 0
    follow = _write(tmp_path / "jane-followup.txt", "Kim: How is it now?\nJane Doe: Better.\n"
                    "Kim: Thanks.\nJane Doe: Bye.\n")
    survey = tmp_path / "exit.csv"
    survey.write_text("ResponseId,Plan,Why?\nR_1,Team,The integration took far too long.\n"
                      "R_2,Business,Support answered after a week.\n", encoding="utf-8")
    code, out, _ = run(capsys, "import", s, str(follow), str(survey), "--dry-run", "--json")
    assert code == 0
    review = json.loads(out)
    transcript, exit_survey = review["files"]
    for speaker in transcript["speakers"]:
        if speaker["speaker"] == "Kim":
            speaker["role"] = "interviewer"
        if speaker["speaker"] == "Jane Doe":
            speaker["participant"] = {"action": "join", "name": "Jane Doe"}
    exit_survey["outcome"] = "lost"
    next(c for c in exit_survey["columns"] if c["column"] == "Plan")["class"] = "ignored"
    saved = tmp_path / "review.json"
    saved.write_text(json.dumps(review), encoding="utf-8")
    code, out, _ = run(capsys, "import", s, "--review", str(saved), "--json")
    assert code == 0
    assert [r["status"] for r in json.loads(out)] == ["imported", "imported"]
    with Study.open(study_path) as st:
        jane = st.participants.by_name("Jane Doe")
        assert {t.source_id for t in st.sources.turns_of_participant(jane.id)} == {1, 2}
        assert {t.speaker: t.role.value for t in st.sources.turns(2)} == {
            "Kim": "interviewer", "Jane Doe": "participant"}
        respondents = [p for p in st.participants.list() if p.name.startswith("R_")]
        assert [(p.name, p.outcome) for p in respondents] == [("R_1", "lost"), ("R_2", "lost")]
        assert all("Plan" not in p.attributes for p in respondents)
    transcript["speakers"][0]["role"] = "boss"
    saved.write_text(json.dumps(review), encoding="utf-8")
    code, _, err = run(capsys, "import", s, "--review", str(saved), "--force")
    assert code == 2 and "role 'boss' is not one of participant, interviewer, none" in err
