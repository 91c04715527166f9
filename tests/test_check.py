"""``interviewcoder check``: quotes that could mislead, people in no group, stray outcomes."""

from __future__ import annotations

import json

from interviewcoder.core.types import Dimension
from interviewcoder.services import coding
from interviewcoder.services.checks import check, outcome_vocabulary
from tests.builders import add_source, run_cli
from tests.evidence_study import PEERS, build


def test_check_lists_what_could_mislead(study, capsys) -> None:
    """Issue 13, item 4: a focus-group quote gave a code to several participants silently."""
    built = build(study)
    peers = study.codes.find(Dimension.STEP, PEERS).id  # type: ignore[union-attr]
    sid, spans = add_source(study, "Unlinked", [("Someone", "participant", None, "Hello there.")])
    unlinked = coding.add_quote(study, sid, spans[0][0], spans[0][1], [peers], "t").result
    with study.atomic():
        study.db.execute("UPDATE participants SET outcome = 'churn' WHERE name = 'Ed'")

    code, out, err = run_cli(capsys, "check", str(study.path), "--json")
    assert code == 1 and err == ""
    report = json.loads(out)
    focus = [q for q in report["crossing"] if q["source"] == "Focus group"]
    assert [(q["speakers"], q["counts_for"], q["turns"]) for q in focus] == [
        (["Bo", "Cy"], ["Bo", "Cy"], [2, 3])]
    assert [q["quote_id"] for q in report["interviewer_only"]] == [built.interviewer_quote]
    assert {(q["quote_id"], q["reason"]) for q in report["no_one"]} == {
        (built.interviewer_quote, "interviewer"), (unlinked, "unlinked")}
    assert [p["name"] for p in report["no_turns"]] == ["Gus"]
    assert report["stray_outcomes"] == [{"outcome": "churn", "participants": 1, "names": ["Ed"]}]
    assert report["problems"] == 5

    code, out, _ = run_cli(capsys, "check", str(study.path))
    assert code == 1
    assert "Quotes across a speaker change: 1" in out and "Bo → Cy" in out
    assert "Quotes in interviewer speech only: 1" in out
    assert "Participants with no turns (in no denominator): 1" in out and "Gus" in out
    assert "churn" in out and out.rstrip().endswith("5 problems found")


def test_a_clean_study_passes(study, capsys) -> None:
    sid, spans = add_source(study, "Ana", [("Interviewer", "interviewer", None, "Why?"),
                                           ("Ana", "participant", "Ana", "Price, mostly.")])
    peers = study.codes.find(Dimension.STEP, PEERS).id  # type: ignore[union-attr]
    coding.add_quote(study, sid, spans[1][0], spans[1][1], [peers], "t")
    code, out, _ = run_cli(capsys, "check", str(study.path))
    assert code == 0 and "Nothing found" in out
    assert check(study).problems == 0


def test_outcome_vocabulary_is_the_study_s_own(study) -> None:
    from interviewcoder.services import outcomes

    assert outcome_vocabulary(study) == ["won", "lost", "churned", "unknown"]
    outcomes.add(study, "Paused", "tester")
    assert outcome_vocabulary(study) == ["won", "lost", "churned", "paused", "unknown"]


def test_check_of_a_missing_study_is_one_line(tmp_path, capsys) -> None:
    code, _, err = run_cli(capsys, "check", str(tmp_path / "nope.icstudy"))
    assert code == 2 and err.count("\n") == 1
