"""Snapshots and the month-to-month diff, on a study that changes between snapshots in every way
the diff names: new interviews, a renamed code, a merged code, a deleted code, an outcome change,
and shares that move beyond or within their intervals."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

import pytest

from interviewcoder.core.errors import InvalidInput
from interviewcoder.core.types import Dimension
from interviewcoder.services import codebook, coding, snapshots
from interviewcoder.services import participants as people
from tests.builders import add_source, run_cli

C = "tester"


def _code(study, dim: Dimension, name: str) -> int:
    return codebook.add_code(study, dim, name, C).result


def _interview(study, who: str, outcome: str, said: str, codes: list[int]) -> int:
    sid, spans = add_source(study, f"{who} interview", [
        ("Interviewer", "interviewer", None, "Tell me how it went."),
        (who, "participant", who, said),
    ])
    people.set_participant(study, who, C, outcome=outcome)
    if codes:
        coding.add_quote(study, sid, spans[1][0], spans[1][1], codes, C)
    return sid


@pytest.fixture
def changing(blank_study):
    """A study as it was in October, then as it is in November (see each step's comment)."""
    s = blank_study
    trial = _code(s, Dimension.STEP, "Trialed")
    compare = _code(s, Dimension.STEP, "Compared vendors")
    costs = _code(s, Dimension.ANXIETY, "Hidden costs")
    price = _code(s, Dimension.ANXIETY, "Pricing worry")
    review = _code(s, Dimension.INFLUENCE, "Reviews")
    for i in range(6):
        _interview(s, f"Won{i}", "won", "We trialed it and liked it.", [trial] if i < 5 else [])
    for i in range(4):
        codes = [trial, compare] if i < 1 else [trial]
        _interview(s, f"Lost{i}", "lost", "We trialed it and compared.", codes)
    _interview(s, "Lost-costs", "lost", "Costs were hidden.", [costs, price, review])
    october = snapshots.take(s, C, name="2026-10", note="before the refresh")

    # November: eight new lost interviews that all compared vendors (a real change for lost),
    # a rename, a merge, a deletion, an outcome change.
    for i in range(8):
        _interview(s, f"New{i}", "lost", "We compared vendors hard.", [compare])
    codebook.update_code(s, trial, C, name="Ran a trial")
    codebook.merge_codes(s, price, costs, C)
    codebook.delete_code(s, review, C)
    people.set_participant(s, "Won5", C, outcome="churned")
    return s, october, {"trial": trial, "compare": compare, "costs": costs, "price": price,
                        "review": review}


def test_a_snapshot_keeps_the_evidence_as_it_was(changing):
    s, october, ids = changing
    data = s.snapshots.payload(october.id)
    names = {c["name"] for c in data["codebook"]}
    assert {"Trialed", "Pricing worry", "Reviews"} <= names  # renamed, merged, deleted since
    trial = next(r for r in data["evidence"] if r["code"] == "Trialed")
    assert trial["by_outcome"]["won"]["participants"] == 5
    assert trial["by_outcome"]["won"]["of"] == 6
    assert {p["name"]: p["outcome"] for p in data["participants"]}["Won5"] == "won"
    assert data["filters"]["described"] == "none"
    assert [snap.name for snap in snapshots.list_snapshots(s)] == ["2026-10"]
    assert snapshots.list_snapshots(s)[0].note == "before the refresh"


def test_snapshots_cannot_be_edited_in_the_file(changing):
    s, october, _ = changing
    with pytest.raises(sqlite3.IntegrityError, match="cannot change"):
        s.db.execute("UPDATE snapshots SET evidence = '{}' WHERE id = ?", [october.id])


def test_the_diff_names_every_kind_of_change(changing):
    s, _, ids = changing
    november = snapshots.take(s, C, name="2026-11")
    d = snapshots.diff(s, "2026-10", november.name)
    by_guid = {c.guid: c for c in d.codes}
    guid = {k: s.codes.get(v).guid if s.codes.get(v) else None for k, v in ids.items()}
    old = {c["name"]: c["guid"] for c in s.snapshots.payload(1)["codebook"]}

    compare = by_guid[guid["compare"]]
    lost = next(x for x in compare.shares if x.group == "lost")
    assert (lost.old_participants, lost.new_participants, lost.old_of, lost.new_of) == (1, 9, 5, 13)
    assert lost.real and compare.real  # 1/5 -> 9/13 leaves 1/5's interval (0.04-0.62)

    trial = by_guid[guid["trial"]]
    assert trial.renamed_from == "Trialed" and trial.name == "Ran a trial"

    merged = by_guid[old["Pricing worry"]]
    assert merged.status == "merged" and merged.merged_into == "anxiety/Hidden costs"
    deleted = by_guid[old["Reviews"]]
    assert deleted.status == "deleted"

    changes = {(p.name, p.kind): (p.old, p.new) for p in d.participants}
    assert changes[("Won5", "outcome")] == ("won", "churned")
    assert {n for (n, k) in changes if k == "new"} == {f"New{i}" for i in range(8)}

    assert d.codes[0].real  # the largest real change comes first
    ranks = [c.rank() for c in d.codes]
    assert ranks == sorted(ranks)
    summary = d.summary()
    assert summary["merged_codes"] == 1 and summary["deleted_codes"] == 1
    assert summary["renamed_codes"] == 1 and summary["new_participants"] == 8


def test_a_move_within_the_interval_is_noise(blank_study):
    s = blank_study
    step = _code(s, Dimension.STEP, "Asked peers")
    for i in range(5):
        _interview(s, f"W{i}", "won", "I asked peers.", [step] if i < 2 else [])
    snapshots.take(s, C, name="before")
    _interview(s, "W5", "won", "I asked peers too.", [step])  # 2/5 -> 3/6: inside 2/5's interval
    d = snapshots.diff(s, "before")  # against now
    [change] = d.codes
    won = next(x for x in change.shares if x.group == "won")
    assert (won.old_participants, won.new_participants) == (2, 3)
    assert not won.real and not change.real
    assert d.new == "now"


def test_friction_appearing_at_a_step_is_reported(blank_study):
    s = blank_study
    step = _code(s, Dimension.STEP, "Security review")
    for i in range(6):
        _interview(s, f"W{i}", "won", "Fine.", [])
    for i in range(6):
        _interview(s, f"L{i}", "lost", "Security review stalled it.", [step] if i < 1 else [])
    snapshots.take(s, C, name="a")
    for i in range(1, 6):
        q = s.sources.list()[-(6 - i)]
        turn = [t for t in s.sources.turns(q.id) if t.role.value == "participant"][0]
        coding.add_quote(s, q.id, turn.start, turn.end, [step], C)
    d = snapshots.diff(s, "a")
    [f] = d.friction
    assert (f.step, f.group, f.old, f.new) == ("Security review", "lost", False, True)


def test_names_must_be_unique_and_default_to_the_month(blank_study):
    s = blank_study
    first = snapshots.take(s, C)
    assert first.name == datetime.now(UTC).strftime("%Y-%m")
    with pytest.raises(InvalidInput, match="exists already"):
        snapshots.take(s, C, name=first.name)
    assert snapshots.default_name(s).endswith("(2)")
    with pytest.raises(InvalidInput, match="no snapshot 'nope'"):
        snapshots.diff(s, "nope")


def test_the_monthly_snapshot_is_taken_once_a_month_and_only_with_evidence(blank_study):
    s = blank_study
    assert snapshots.take_monthly_if_due(s, C) is None  # nothing coded yet
    step = _code(s, Dimension.STEP, "Asked peers")
    _interview(s, "A", "won", "I asked peers.", [step])
    when = datetime(2026, 12, 1, tzinfo=UTC)
    taken = snapshots.take_monthly_if_due(s, C, when)
    assert taken is not None and taken.note == "taken automatically"
    assert snapshots.take_monthly_if_due(s, C, when) is None  # already this month
    assert [h["action"] for h in s.history()][0] == "snapshot"


def test_cli_snapshot_list_and_diff(changing, capsys):
    s, _, _ = changing
    path = str(s.path)
    code, out, err = run_cli(capsys, "snapshot", path, "--name", "2026-11", "--note", "refresh", "--json")
    assert code == 0, err
    assert json.loads(out)["name"] == "2026-11"
    code, out, _ = run_cli(capsys, "snapshots", path, "--json")
    assert [x["name"] for x in json.loads(out)] == ["2026-10", "2026-11"]
    code, out, _ = run_cli(capsys, "diff", path, "2026-10", "2026-11", "--json")
    data = json.loads(out)
    assert data["summary"]["merged_codes"] == 1
    assert data["codes"][0]["real_change"] is True
    code, out, _ = run_cli(capsys, "diff", path, "2026-10")
    assert code == 0 and "merged into anxiety/Hidden costs" in out and "Won5" in out
    code, _, err = run_cli(capsys, "diff", path, "2025-01")
    assert code == 2 and "no snapshot '2025-01'" in err
    code, _, err = run_cli(capsys, "snapshot", path, "--name", "2026-11")
    assert code == 2 and "exists already" in err


def test_export_since_a_snapshot_adds_a_changes_sheet(changing, tmp_path, capsys):
    from openpyxl import load_workbook

    s, _, _ = changing
    out = tmp_path / "evidence.xlsx"
    code, _, err = run_cli(capsys, "export", str(s.path), str(out), "--since", "2026-10")
    assert code == 0, err
    wb = load_workbook(out, read_only=True)
    assert "Changes" in wb.sheetnames
    cells = [[c for c in row] for row in wb["Changes"].iter_rows(values_only=True)]
    flat = [str(v) for row in cells for v in row if v is not None]
    assert "merged into anxiety/Hidden costs" in flat
    assert any("renamed from Trialed" in v for v in flat)
    assert "Won5" in flat and "outcome" in flat
    header = next(row for row in cells if row and row[0] == "Dimension")
    first = cells[cells.index(header) + 1]
    # Ran a trial: lost 5/5 -> 5/13 (the new lost participants never trialed), the largest move
    assert first[1] == "Ran a trial" and "real" in first
    code, _, err = run_cli(capsys, "export", str(s.path), str(tmp_path / "e.csv"), "--since", "2026-10")
    assert code == 2 and "--since goes with a .xlsx" in err
