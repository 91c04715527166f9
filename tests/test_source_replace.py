"""Replacing a source's text with a corrected transcript: quotes re-anchored, the rest reviewed,
turns re-derived, one transaction, one undo step, the old text kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from interviewcoder.core.errors import InvalidInput
from interviewcoder.core.types import Dimension, Role
from interviewcoder.services import codebook, coding, source_replace
from interviewcoder.services.import_options import ImportOptions
from interviewcoder.services.importing import import_file
from interviewcoder.services.operations import execute
from tests.builders import run_cli

SAMPLE = "txt_bracket-ids_qualcoder_Examples_transcript.txt"
C = "tester"


def _state(study, sid: int):
    turns = [(t.start, t.end, t.speaker, t.role, t.participant_id) for t in study.sources.turns(sid)]
    quotes = sorted((q.id, q.start, q.end, q.text, q.code_ids) for q in study.quotes.for_source(sid))
    return study.sources.text(sid), turns, quotes


def _quote(study, sid: int, words: str, code: int) -> int:
    text = study.sources.text(sid)
    start = text.index(words)
    return coding.add_quote(study, sid, start, start + len(words), [code], C).result


@pytest.fixture
def coded(study, samples, tmp_path):
    """The QualCoder example transcript, imported and coded in four places."""
    path = tmp_path / SAMPLE
    shutil.copy(samples / SAMPLE, path)
    [src] = import_file(study, path, ImportOptions()).sources
    sid = src["id"]
    step = codebook.add_code(study, Dimension.STEP, "Took the course", C).result
    anx = study.codes.find(Dimension.ANXIETY, "Hidden costs").id
    quotes = {
        "slides": _quote(study, sid, "I felt that they were too busy and I switched off.", step),
        "typo": _quote(study, sid, "there was too much needed for the wrtitten assignments.", anx),
        "career": _quote(study, sid, "it will be good for my career at the museum.", step),
        "tutor": _quote(study, sid, "I will ask the tutor for more help", step),
    }
    return study, sid, path, quotes


def _corrected(path: Path, tmp_path: Path) -> Path:
    """Hand-made corrections as a transcriber would make them."""
    text = path.read_text(encoding="utf-8")
    text = text.replace("wrtitten", "written")  # a typo fixed inside a quote
    text = text.replace("hello, I like the course.", "Hello, I like the course a lot.")  # an edit
    text = text.replace("And they were too long.", "")  # a sentence deleted
    text = text.replace("[id2] Hmm, I will ask", "[id3] Hmm, I will ask")  # a speaker label fixed
    text = text.replace("It's a good course overall",  # a sentence inserted
                        "It's a good course overall. The reading list was long but fair")
    out = tmp_path / "corrected.txt"
    out.write_text(text, encoding="utf-8")
    return out


def test_a_corrected_real_transcript_keeps_its_quotes_and_reviews_the_edited_one(coded, tmp_path):
    study, sid, path, q = coded
    before = _state(study, sid)
    plan = source_replace.plan(study, sid, _corrected(path, tmp_path))
    assert _state(study, sid) == before  # planning writes nothing
    status = {m.quote_id: m for m in plan.moves}
    for key in ("slides", "career", "tutor"):
        m = status[q[key]]
        assert m.status == "same" and m.text == m.old_text, key
    typo = status[q["typo"]]
    assert typo.status == "review"
    assert typo.text == "there was too much needed for the written assignments."
    labels = {s.speaker: s for s in plan.speakers}
    assert labels["id3"].how == "same label" and labels["id1"].how == "same label"

    with pytest.raises(InvalidInput, match="1 quotes need a decision"):
        source_replace.apply(study, plan, {}, C)
    assert _state(study, sid) == before  # refused: nothing changed

    applied = source_replace.apply(study, plan, {q["typo"]: (source_replace.ACCEPT,)}, C)
    text = study.sources.text(sid)
    assert "written assignments" in text and "wrtitten" not in text
    for qid in q.values():
        quote = study.quotes.get(qid)
        assert text[quote.start:quote.end] == quote.text
    tutor = study.quotes.get(q["tutor"])
    [turn] = [t for t in study.sources.turns(sid) if t.start <= tutor.start < t.end]
    id3 = [t for t in study.sources.turns(sid) if t.speaker == "id3"][0].participant_id
    assert turn.speaker == "id3" and turn.participant_id == id3  # the corrected label's person
    assert study.quotes.participants_of(q["tutor"]) == [id3]
    assert len(study.source_history.versions(sid)) == 1
    assert study.history()[0]["action"] == "replace_source_text"

    execute(study, applied.inverse, C)  # undo: exactly as it was
    assert _state(study, sid) == before


def test_move_and_delete_decisions(coded, tmp_path):
    study, sid, path, q = coded
    plan = source_replace.plan(study, sid, _corrected(path, tmp_path))
    new = plan.text
    start = new.index("the written assignments")
    source_replace.apply(study, plan, {q["typo"]: (source_replace.MOVE, start, start + 23)}, C)
    assert study.quotes.get(q["typo"]).text == "the written assignments"

    plan2 = source_replace.plan(study, sid, path)  # back to the original text
    review = [m.quote_id for m in plan2.review]
    assert q["typo"] in review
    applied = source_replace.apply(study, plan2, {r: (source_replace.DELETE,) for r in review}, C)
    assert study.quotes.get(q["typo"]) is None
    execute(study, applied.inverse, C)  # undo brings the deleted quote back, with its code
    back = study.quotes.get(q["typo"])
    assert back is not None and back.text == "the written assignments" and back.code_ids


def test_restore_an_earlier_version(coded, tmp_path):
    study, sid, path, q = coded
    before = _state(study, sid)
    plan = source_replace.plan(study, sid, _corrected(path, tmp_path))
    source_replace.apply(study, plan, {q["typo"]: (source_replace.ACCEPT,)}, C)
    [version] = source_replace.versions(study, sid)
    source_replace.restore(study, sid, version["version"], C)
    text, turns, quotes = _state(study, sid)
    assert (text, turns) == before[:2]
    assert [x[:3] for x in quotes] == [x[:3] for x in before[2]]



def _replace_deleting_the_typo_quote(study, sid, path, q, tmp_path) -> int:
    """Replace the transcript, deleting the quote whose words were edited; the version kept."""
    plan = source_replace.plan(study, sid, _corrected(path, tmp_path))
    source_replace.apply(study, plan, {q["typo"]: (source_replace.DELETE,)}, C)
    assert study.quotes.get(q["typo"]) is None
    [version] = source_replace.versions(study, sid)
    return version["version"]


def test_restore_brings_back_the_quotes_the_replacement_deleted(coded, tmp_path):
    study, sid, path, q = coded
    execute(study, coding.EditQuote(q["typo"], memo="the assignments put her off"), C)
    before = _state(study, sid)
    typo = study.quotes.get(q["typo"])
    version = _replace_deleting_the_typo_quote(study, sid, path, q, tmp_path)
    after = _state(study, sid)
    applied = source_replace.restore(study, sid, version, C)
    assert applied.result["quotes_restored"] == [q["typo"]]
    assert applied.result["quotes_not_restored"] == []
    assert _state(study, sid) == before  # text, turns, and every quote with its codes
    back = study.quotes.get(q["typo"])
    assert (back.guid, back.coder, back.memo, back.created_at, back.text) == (
        typo.guid, typo.coder, typo.memo, typo.created_at, typo.text)
    execute(study, applied.inverse, C)  # undo the restore: the replacement's state again
    assert _state(study, sid) == after and study.quotes.get(q["typo"]) is None


def test_restore_from_the_command_line_says_which_quotes_came_back(coded, tmp_path, capsys):
    study, sid, path, q = coded
    version = _replace_deleting_the_typo_quote(study, sid, path, q, tmp_path)
    code, out, _ = run_cli(capsys, "source", str(study.path), str(sid), "restore", str(version))
    assert code == 0
    assert out == (f"source {sid}: version {version} restored; 1 quote the replacement deleted "
                   "is back\n")
    assert study.quotes.get(q["typo"]) is not None


def test_a_deleted_quote_whose_codes_are_gone_is_reported_not_made(coded, tmp_path, capsys):
    study, sid, path, q = coded
    [code] = study.quotes.get(q["typo"]).code_ids
    version = _replace_deleting_the_typo_quote(study, sid, path, q, tmp_path)
    codebook.delete_code(study, code, C)
    status, out, _ = run_cli(capsys, "source", str(study.path), str(sid), "restore",
                             str(version), "--json")
    done = json.loads(out)
    assert status == 0 and done["quotes_restored"] == []
    [lost] = done["quotes_not_restored"]
    assert lost["reason"] == "its codes were deleted since"
    assert study.sources.text(sid)[lost["start"]:lost["end"]].endswith("wrtitten assignments.")
    assert study.quotes.get(q["typo"]) is None

def test_new_speakers_and_refusals(study, tmp_path):
    old = tmp_path / "a.txt"
    old.write_text("Interviewer: How did you choose?\n\nJane Roe: We asked peers first.\n", encoding="utf-8")
    [src] = import_file(study, old, ImportOptions()).sources
    sid = src["id"]
    new = tmp_path / "b.txt"
    new.write_text("Interviewer: How did you choose?\n\nJane Roe: We asked peers first.\n\n"
                   "Sam Lee: I joined late, sorry.\n", encoding="utf-8")
    plan = source_replace.plan(study, sid, new)
    sam = next(s for s in plan.speakers if s.speaker == "Sam Lee")
    assert sam.how == "new speaker" and sam.participant == "Sam Lee"
    applied = source_replace.apply(study, plan, {}, C)
    assert applied.result["participants_created"] == ["Sam Lee"]
    roles = {t.speaker: t.role for t in study.sources.turns(sid)}
    assert roles == {"Interviewer": Role.INTERVIEWER, "Jane Roe": Role.PARTICIPANT,
                     "Sam Lee": Role.PARTICIPANT}
    with pytest.raises(InvalidInput, match="nothing to replace"):
        source_replace.plan(study, sid, new)


def test_a_new_speaker_with_an_existing_name_is_not_joined_silently(study, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("Interviewer: Hello?\n\nSam Lee: I am in another interview.\n", encoding="utf-8")
    import_file(study, other, ImportOptions())
    old = tmp_path / "a.txt"
    old.write_text("Interviewer: How did you choose?\n\nJane Roe: We asked peers first.\n", encoding="utf-8")
    [src] = import_file(study, old, ImportOptions()).sources
    new = tmp_path / "b.txt"
    new.write_text(old.read_text() + "\nSam Lee: I joined late.\n", encoding="utf-8")
    plan = source_replace.plan(study, src["id"], new)
    sam = next(s for s in plan.speakers if s.speaker == "Sam Lee")
    assert sam.participant != "Sam Lee" and "possibly Sam Lee" in sam.how
    source_replace.apply(study, plan, {}, C)
    names = {p.name for p in study.participants.list()}
    assert "Sam Lee" in names and sam.participant in names  # two people, as the rules say


def test_cli_replace_dry_run_then_with_decisions(coded, tmp_path, capsys):
    study, sid, path, q = coded
    corrected = _corrected(path, tmp_path)
    before = _state(study, sid)
    code, out, err = run_cli(capsys, "source", str(study.path), str(sid), "replace", str(corrected),
                             "--dry-run", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["quotes"] == {"same": 3, "moved": 0, "review": 1}
    assert data["review"][0]["quote"] == q["typo"]
    assert _state(study, sid) == before

    code, _, err = run_cli(capsys, "source", str(study.path), str(sid), "replace", str(corrected))
    assert code == 2 and "need a decision" in err and f"quotes {q['typo']}" in err
    assert _state(study, sid) == before

    code, out, err = run_cli(capsys, "source", str(study.path), str(sid), "replace", str(corrected),
                             "--accept", str(q["typo"]))
    assert code == 0, err
    assert "3 quotes kept, 0 moved, 1 reviewed" in out
    code, out, _ = run_cli(capsys, "source", str(study.path), str(sid), "history", "--json")
    assert len(json.loads(out)) == 1


def test_a_deleted_quote_whose_id_was_taken_since_comes_back_under_a_new_one(coded, tmp_path):
    study, sid, path, q = coded
    text = study.sources.text(sid)
    typo = study.quotes.get(q["typo"])
    coding.remove_quote(study, typo.id, C)  # made again last: it has the highest id
    q["typo"] = _quote(study, sid, text[typo.start:typo.end], typo.code_ids[0])
    version = _replace_deleting_the_typo_quote(study, sid, path, q, tmp_path)
    words = "it will be good for my career"
    start = study.sources.text(sid).index(words)
    newer = coding.add_quote(study, sid, start, start + len(words), list(typo.code_ids), C).result
    assert newer == q["typo"]  # SQLite gave the deleted quote's id to the new one
    applied = source_replace.restore(study, sid, version, C)
    [back] = applied.result["quotes_restored"]
    assert back > newer and study.quotes.get(back).text == typo.text
    assert study.quotes.get(newer).text == words  # the newer quote is left as it was, re-placed


def test_quotes_come_back_under_ids_that_collide_with_nothing(coded, tmp_path):
    """Two quotes deleted by one replacement: the first one's id is taken since, and the
    id it would get next is the second one's own; both come back, under different ids."""
    study, sid, path, q = coded
    assert q["career"] < q["tutor"] == max(q.values())
    corrected = _corrected(path, tmp_path)
    text = corrected.read_text(encoding="utf-8")
    corrected.write_text(text.replace("at the museum", "at the Museum").replace(
        "ask the tutor for", "ask the tutors for"), encoding="utf-8")
    plan = source_replace.plan(study, sid, corrected)
    assert {q["career"], q["tutor"], q["typo"]} <= {m.quote_id for m in plan.review}
    decide = {q["career"]: (source_replace.DELETE,), q["tutor"]: (source_replace.DELETE,)}
    decide |= {m.quote_id: (source_replace.ACCEPT,) for m in plan.review
               if m.quote_id not in decide}
    source_replace.apply(study, plan, decide, C)
    [version] = (v["version"] for v in source_replace.versions(study, sid))
    new_text = study.sources.text(sid)
    start = new_text.index("switched off")
    newer = coding.add_quote(study, sid, start, start + len("switched off"),
                             list(study.quotes.get(q["slides"]).code_ids), C).result
    assert newer == q["career"]  # the first deleted quote's id, given to a new one
    applied = source_replace.restore(study, sid, version, C)
    back = applied.result["quotes_restored"]
    assert len(back) == len(set(back)) == 2 and newer not in back
    texts = {study.quotes.get(i).text for i in back}
    assert texts == {"it will be good for my career at the museum.",
                     "I will ask the tutor for more help"}
