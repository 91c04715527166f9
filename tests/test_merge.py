"""Merging a coder's study: same transcripts imported separately, quote conflicts, renamed
codes, merging twice, a failure half-way, undo and redo, identity rules, the command line."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from interviewcoder.core.errors import InvalidInput, StudyError
from interviewcoder.services import agreement, evidence, merging
from interviewcoder.services.codebook import update_code
from interviewcoder.services.coding import add_quote, edit_quote
from interviewcoder.services.import_options import ImportOptions
from interviewcoder.services.importing import import_files
from interviewcoder.services.operations import execute
from interviewcoder.services.studies import create
from interviewcoder.store import merge_store
from tests.builders import add_source, run_cli

TRANSCRIPTS = {
    "won_hannah.txt": "Interviewer: How did you start looking?\n\nHannah: Our spreadsheets broke "
                      "at month end, so I asked peers in a Slack group.\n\nInterviewer: And then?"
                      "\n\nHannah: We read reviews and compared three vendors on price.\n",
    "lost_marcus.txt": "Interviewer: Why did you pick someone else?\n\nMarcus: The security review "
                       "took months and the pricing had hidden costs.\n\nInterviewer: Anything else?"
                       "\n\nMarcus: Integration with our ERP looked risky.\n",
}


def _files(folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)
    out = []
    for name, text in TRANSCRIPTS.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def _code(study, path: str) -> int:  # noqa: ANN001
    dim, name = path.split("/", 1)
    return next(c.id for c in study.codes.list() if c.dimension.value == dim and c.name == name)


def _tag(study, source_name: str, words: str, codes: list[str], coder: str) -> int:  # noqa: ANN001
    source = next(s for s in study.sources.list() if s.name == source_name)
    text = study.sources.text(source.id)
    start = text.index(words)
    return add_quote(study, source.id, start, start + len(words), [_code(study, c) for c in codes],
                     coder).result


def _dump(path: Path) -> dict[str, list]:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"').fetchall())) for t in tables}


@pytest.fixture
def two_studies(tmp_path: Path):  # noqa: ANN201
    """Ana and Ben each made a study, imported the same two transcripts and coded them."""
    files = _files(tmp_path / "transcripts")
    studies = {}
    for coder in ("Ana", "Ben"):
        s = create(tmp_path / f"{coder.lower()}.icstudy", coder=coder)
        results = import_files(s, files, ImportOptions(coder=coder))
        assert all(r.status == "imported" for r in results)
        studies[coder] = s
    a, b = studies["Ana"], studies["Ben"]
    _tag(a, "won_hannah", "I asked peers in a Slack group", ["step/Asked peers"], "Ana")
    _tag(a, "lost_marcus", "took months", ["anxiety/Security review"], "Ana")
    _tag(b, "won_hannah", "asked peers in a Slack group", ["step/Asked peers",
                                                           "influence/Online communities"], "Ben")
    _tag(b, "lost_marcus", "hidden costs", ["anxiety/Hidden costs"], "Ben")
    _tag(b, "lost_marcus", "Integration with our ERP looked risky", ["anxiety/Integration risk"],
         "Ben")
    yield a, b
    a.close()
    b.close()


def test_two_coders_who_imported_the_same_transcripts_separately(two_studies) -> None:  # noqa: ANN001
    a, b = two_studies
    people_before = {p.name for p in a.participants.list()}
    result = merging.merge(a, b.path, "Lead")
    s = result.plan.summary()
    assert s["sources_matched"] == 2 and s["sources_added"] == 0  # never duplicated
    assert s["codes_added"] == 0  # the journey codebook, made apart: matched by name
    assert s["participants_added"] == 0  # the same turns: the same people
    assert s["quotes_added"] == 3 and s["coders_added"] == 1
    assert len(a.sources.list()) == 2
    assert {p.name for p in a.participants.list()} == people_before
    assert sorted(a.quotes.coders()) == ["Ana", "Ben"]
    assert result.backup is not None and result.backup.exists()
    assert len(merge_store.open_readonly(result.backup).quotes.all()) == 2  # the study as it was
    table = evidence.compute(a)
    hidden = next(r for r in table.rows if r.code == "Hidden costs")
    assert hidden.participants == 1  # Ben's quote counts for Marcus here
    report = agreement.compute(a, ["Ana", "Ben"])
    asked = next(c for c in report.codes if c.code == "Asked peers")
    assert asked.figures.pair == (1, 0, 0, asked.figures.pair[3])  # both coded Hannah's turn
    assert any(e["action"] == "merged:import" and e["coder"] == "Ben" for e in a.history())
    assert a.history(1)[0]["action"] == "merge_study"


def test_the_same_merge_twice_adds_nothing(two_studies) -> None:  # noqa: ANN001
    a, b = two_studies
    merging.merge(a, b.path, "Lead")
    before = _dump(Path(a.path))
    again = merging.merge(a, b.path, "Lead")
    assert again.plan.empty and again.applied is None and again.backup is None
    assert again.plan.summary()["quotes_unchanged"] == 3
    assert _dump(Path(a.path)) == before
    assert len(merge_store.merges(a.db)) == 1


def test_a_failure_half_way_leaves_the_study_unchanged(two_studies, monkeypatch) -> None:  # noqa: ANN001
    a, b = two_studies
    before = _dump(Path(a.path))

    def broken(*_args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(merge_store, "append_changelog", broken)  # after codes, sources, quotes
    with pytest.raises(RuntimeError, match="disk on fire"):
        merging.merge(a, b.path, "Lead")
    assert _dump(Path(a.path)) == before
    monkeypatch.undo()
    assert merging.merge(a, b.path, "Lead").applied is not None  # and it works afterwards


def test_undo_removes_the_merge_and_redo_brings_it_back_with_the_same_ids(two_studies) -> None:  # noqa: ANN001
    a, b = two_studies
    before = _dump(Path(a.path))
    applied = merging.merge(a, b.path, "Lead").applied
    merged = sorted((q.id, q.guid) for q in a.quotes.all())
    undone = execute(a, applied.inverse, "Lead")
    after_undo = _dump(Path(a.path))
    assert after_undo["quotes"] == before["quotes"] and after_undo["coders"] == before["coders"]
    assert after_undo["merges"] == []
    execute(a, undone.inverse, "Lead")  # redo
    assert sorted((q.id, q.guid) for q in a.quotes.all()) == merged


@pytest.fixture
def copies(tmp_path: Path, study):  # noqa: ANN001, ANN201
    """A lead's study sent to a coder as a copy; both go on working."""
    sid, spans = add_source(study, "interview", [("Pat", "participant", "Pat",
                                                  "We compared vendors and checked pricing."),
                                                 ("Pat", "participant", "Pat",
                                                  "The contract felt like lock-in.")])
    step = study.codes.list()[0].id
    qid = add_quote(study, sid, spans[0][0], spans[0][1], [step], "Ana").result
    other = study.save_copy(tmp_path / "ben.icstudy")
    from interviewcoder.store import Study

    b = Study.open(other)
    yield study, b, sid, spans, qid
    b.close()


def test_a_quote_edited_in_both_is_a_conflict_and_both_versions_are_kept(copies) -> None:  # noqa: ANN001
    a, b, _sid, spans, qid = copies
    guid = a.quotes.get(qid).guid
    edit_quote(a, qid, "Ana", memo="Ana thinks this is about comparing")
    edit_quote(b, b.quotes.by_guid(guid).id, "Ben", end=spans[0][0] + 20, memo="Ben: only vendors")
    result = merging.merge(a, b.path, "Lead")
    assert [t.guid for t, _o in result.plan.quote_conflicts] == [guid]
    mine = a.quotes.by_guid(guid)
    assert mine.memo == "Ana thinks this is about comparing"  # this study's version stays
    theirs = [q for q in a.quotes.all() if q.origin == "merge-conflict"]
    assert len(theirs) == 1 and theirs[0].end == spans[0][0] + 20
    assert theirs[0].memo.startswith("Ben: only vendors") and "edited in both" in theirs[0].memo
    assert theirs[0].coder == "Ana"  # who made the quote; the edit is in the change log
    assert merging.merge(a, b.path, "Lead").plan.empty  # the second time: nothing new


def test_a_quote_edited_in_one_study_only_takes_that_edit(copies) -> None:  # noqa: ANN001
    a, b, _sid, _spans, qid = copies
    guid = a.quotes.get(qid).guid
    edit_quote(b, b.quotes.by_guid(guid).id, "Ben", memo="Ben's memo")
    result = merging.merge(a, b.path, "Lead")
    assert [t.guid for t, _o in result.plan.quotes_updated] == [guid]
    assert a.quotes.by_guid(guid).memo == "Ben's memo"
    execute(a, result.applied.inverse, "Lead")
    assert a.quotes.by_guid(guid).memo == ""


def test_a_code_renamed_in_one_study_is_matched_by_guid(copies) -> None:  # noqa: ANN001
    a, b, sid, spans, _qid = copies
    code = a.codes.list()[5]
    update_code(b, code.id, "Ben", name="Lock-in worries")
    add_quote(b, sid, spans[1][0], spans[1][1], [code.id], "Ben")
    result = merging.merge(a, b.path, "Lead")
    assert result.plan.summary()["codes_added"] == 0
    assert any("Lock-in worries" in n and f"kept {code.path}" in n for n in result.plan.code_notes)
    assert a.codes.get(code.id).name == code.name
    ben = [q for q in a.quotes.all() if q.coder == "Ben"]
    assert [q.code_ids for q in ben] == [(code.id,)]


def test_a_code_new_in_the_other_study_is_added_with_its_guid(copies) -> None:  # noqa: ANN001
    from interviewcoder.core.types import Dimension
    from interviewcoder.services.codebook import add_code

    a, b, sid, spans, _qid = copies
    new = add_code(b, Dimension.ANXIETY, "Onboarding dread", "Ben").result
    add_quote(b, sid, spans[1][0], spans[1][1], [new], "Ben")
    merging.merge(a, b.path, "Lead")
    here = a.codes.by_guid(b.codes.get(new).guid)
    assert here is not None and here.name == "Onboarding dread"
    assert [q.code_ids for q in a.quotes.all() if q.coder == "Ben"] == [(here.id,)]


def test_same_name_different_text_is_a_conflict_and_not_added(copies, tmp_path) -> None:  # noqa: ANN001
    a, b, _sid, _spans, _qid = copies
    other_sid, other_spans = add_source(b, "interview", [("Pat", "participant", "Pat", "Another text")])
    add_quote(b, other_sid, 0, 7, [b.codes.list()[0].id], "Ben")
    result = merging.merge(a, b.path, "Lead")
    assert [(n, r) for _i, n, r in result.plan.source_conflicts] == [
        ("interview", "a source of that name has a different text here")]
    assert [q.text for q, _why in result.plan.quotes_skipped] == ["Another"]
    assert len(a.sources.list()) == 1


def test_a_name_match_alone_is_never_a_silent_join(study, tmp_path) -> None:  # noqa: ANN001
    add_source(study, "first interview", [("Jo", "participant", "Jo", "Budget was tight.")])
    b = create(tmp_path / "ben.icstudy")
    sid, _ = add_source(b, "second interview", [("Jo", "participant", "Jo", "Renewal was easy.")])
    add_quote(b, sid, 0, 7, [b.codes.list()[0].id], "Ben")
    b.close()
    plan = merging.read_plan(study, tmp_path / "ben.icstudy")
    assert plan.possible_matches == ["Jo"]
    assert [name for _p, name in plan.participants_added] == ["Jo (ben)"]
    assert any("confirm" in n for n in plan.participant_notes)
    confirmed = merging.merge(study, tmp_path / "ben.icstudy", "Lead", same_person=("Jo",))
    assert confirmed.plan.participants_added == []
    second = next(s for s in study.sources.list() if s.name == "second interview")
    jo = study.participants.by_name("Jo")
    assert {t.participant_id for t in study.sources.turns(second.id)} == {jo.id}
    assert len(study.participants.list()) == 1


def test_without_confirmation_a_name_match_becomes_a_new_participant(study, tmp_path) -> None:  # noqa: ANN001
    add_source(study, "first interview", [("Jo", "participant", "Jo", "Budget was tight.")])
    b = create(tmp_path / "ben.icstudy")
    sid, _ = add_source(b, "second interview", [("Jo", "participant", "Jo", "Renewal was easy.")])
    add_quote(b, sid, 0, 7, [b.codes.list()[0].id], "Ben")
    b.close()
    merging.merge(study, tmp_path / "ben.icstudy", "Lead")
    assert sorted(p.name for p in study.participants.list()) == ["Jo", "Jo (ben)"]


def test_the_other_study_is_opened_read_only_and_checked(copies, tmp_path) -> None:  # noqa: ANN001
    a, b, *_ = copies
    b.close()
    before = _dump(Path(b.path))
    merging.merge(a, b.path, "Lead", dry_run=True)
    merging.merge(a, b.path, "Lead")
    assert _dump(Path(b.path)) == before
    text = tmp_path / "notes.icstudy"
    text.write_text("not a study")
    with pytest.raises(StudyError, match="not a readable study|not an interviewcoder"):
        merging.merge(a, text, "Lead")
    foreign = tmp_path / "foreign.icstudy"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(StudyError, match="not an interviewcoder study"):
        merging.merge(a, foreign, "Lead")
    with sqlite3.connect(b.path) as conn:
        conn.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
                     "VALUES ('interviewcoder', '0099_future', 'x')")
    with pytest.raises(StudyError, match="newer version"):
        merging.merge(a, b.path, "Lead")
    with pytest.raises(InvalidInput, match="into itself"):
        merging.merge(a, a.path, "Lead")


def test_cli_merge_dry_run_json_and_the_second_time(two_studies, capsys) -> None:  # noqa: ANN001
    a, b = two_studies
    path_a, path_b = str(a.path), str(b.path)
    a.close()
    code, out, err = run_cli(capsys, "merge", path_a, path_b, "--dry-run")
    assert code == 0, err
    assert out.startswith("would merge ben:") and "3 added" in out
    code, out, _ = run_cli(capsys, "merge", path_a, path_b, "--json", "--coder", "Lead")
    data = json.loads(out)
    assert data["merged"] and data["summary"]["quotes_added"] == 3 and data["backup"]
    code, out, _ = run_cli(capsys, "merge", path_a, path_b)
    assert code == 0 and out.startswith("nothing to merge")
    code, _, err = run_cli(capsys, "merge", path_a, str(Path(path_a).with_name("missing.icstudy")))
    assert code == 2 and "no such study file" in err and err.count("\n") == 1


def test_participants_with_the_same_guid_are_the_same_person(study, tmp_path) -> None:  # noqa: ANN001
    from interviewcoder.store import guids

    guid = "0f0e0d0c-0b0a-0908-0706-050403020100"
    add_source(study, "first interview", [("Jo", "participant", "Jo", "Budget was tight.")])
    with study.atomic():
        guids.set_guid(study.db, "participants", study.participants.by_name("Jo").id, guid)
    b = create(tmp_path / "ben.icstudy")
    sid, _ = add_source(b, "second interview", [("Joanne", "participant", "Joanne", "Renewal was easy.")])
    with b.atomic():
        guids.set_guid(b.db, "participants", b.participants.by_name("Joanne").id, guid)
    add_quote(b, sid, 0, 7, [b.codes.list()[0].id], "Ben")
    b.close()
    result = merging.merge(study, tmp_path / "ben.icstudy", "Lead")
    assert result.plan.participants_added == [] and result.plan.possible_matches == []
    assert any("Joanne is Jo here (same GUID)" in n for n in result.plan.participant_notes)
    assert [p.name for p in study.participants.list()] == ["Jo"]


def test_an_outcome_new_to_this_study_comes_into_its_vocabulary_and_goes_on_undo(study, tmp_path) -> None:  # noqa: ANN001, E501
    b = create(tmp_path / "ben.icstudy")
    with b.atomic():
        b.outcomes.add("paused")
    sid, _ = add_source(b, "second interview", [("Lee", "participant", "Lee", "We paused the deal.")])
    b.db.execute("UPDATE participants SET outcome = 'paused' WHERE name = 'Lee'")
    b.db.conn.commit()
    add_quote(b, sid, 0, 9, [b.codes.list()[0].id], "Ben")
    b.close()
    result = merging.merge(study, tmp_path / "ben.icstudy", "Lead")
    assert result.plan.outcomes_added == ["paused"]
    assert "paused" in study.outcomes.names()
    assert study.participants.by_name("Lee").outcome == "paused"
    execute(study, result.applied.inverse, "Lead")
    assert "paused" not in study.outcomes.names() and study.participants.by_name("Lee") is None


def test_merging_and_unmerging_keep_the_evidence_tallies_in_step(two_studies) -> None:  # noqa: ANN001
    from interviewcoder.core.evidence import Filters
    from interviewcoder.store import evidence as store_evidence
    from interviewcoder.store import tallies
    from tests.test_tallies import assert_in_step

    a, b = two_studies
    applied = merging.merge(a, b.path, "Lead").applied
    assert_in_step(a)  # the merge's quotes, sources and people went through the triggers
    hidden = _code(a, "anxiety/Hidden costs")
    assert tallies.code_usage(a.db, [hidden]) == {hidden: (1, 1)}  # Ben's quote, for Marcus
    for coder, n in (("Ana", 0), ("Ben", 1)):  # the coder filter reads the quotes it keeps
        f = Filters(coder=coder)
        counted = tallies.filtered_tallies(a.db, f)
        assert counted == store_evidence.tallies_with_personas(a.db, f)
        assert counted[1].get(hidden, (0, 0))[0] == n
    execute(a, applied.inverse, "Lead")
    assert_in_step(a)
    assert tallies.code_usage(a.db, [hidden]) == {hidden: (0, 0)}
