"""Full-text search: the FTS5 index kept in step with imports, its query language, filters,
keyword-in-context hits, coding a set of hits in one step, and the ``search`` command."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from interviewcoder.core.errors import InvalidInput
from interviewcoder.core.spans import sentence_around
from interviewcoder.services import codebook, search
from interviewcoder.services import participants as people
from interviewcoder.services.importing import ImportOptions, import_file
from interviewcoder.services.operations import execute
from interviewcoder.store import Study
from interviewcoder.store import search as index
from tests.builders import add_source, run_cli

ANA = ("We compared three vendors. The hidden costs worried our finance team a lot. "
       "In the end a peer referral from our Slack community decided it.")
BEN = "Security review took two months; the hidden fees in the contract were worse."
ASK = "What worried you about costs?"


@pytest.fixture
def two(study: Study) -> Study:
    add_source(study, "ana.txt", [("Interviewer", "interviewer", None, ASK),
                                  ("Ana", "participant", "Ana", ANA)])
    add_source(study, "ben.txt", [("Interviewer", "interviewer", None, ASK),
                                  ("Ben", "participant", "Ben", BEN)])
    people.set_participant(study, "Ana", "test", outcome="won", persona="Finance lead")
    people.set_participant(study, "Ben", "test", outcome="lost", persona="CTO")
    return study


def _matched(results: search.SearchResults) -> list[str]:
    return [h.match for h in results.hits]


def test_words_phrases_prefixes_and_near(two: Study) -> None:
    assert _matched(search.search(two, "hidden")) == ["hidden", "hidden"]
    assert _matched(search.search(two, '"hidden costs"')) == ["hidden costs"]
    assert _matched(search.search(two, "cost*")) == ["costs", "costs", "costs"]  # two questions, Ana
    assert _matched(search.search(two, "NEAR(security fees, 8)")) == ["Security", "fees"]
    assert _matched(search.search(two, "NEAR(security fees, 2)")) == []
    assert _matched(search.search(two, "hidden NOT fees")) == ["hidden"]
    assert _matched(search.search(two, "SLACK")) == ["Slack"]  # case does not matter


def test_filters_by_outcome_persona_role_and_kind(two: Study) -> None:
    def sources(**filters: str) -> list[str]:
        return [h.source for h in search.search(two, "hidden OR costs OR worried", **filters).hits]

    assert set(sources()) == {"ana.txt", "ben.txt"}
    assert set(sources(outcome="lost")) == {"ben.txt"}
    assert set(sources(persona="Finance lead")) == {"ana.txt"}
    hits = search.search(two, "worried", role="interviewer").hits
    assert [(h.source, h.speaker) for h in hits] == [("ana.txt", "Interviewer"), ("ben.txt", "Interviewer")]
    assert sources(kind="survey") == []
    with pytest.raises(InvalidInput, match="unknown role"):
        search.search(two, "x", role="boss")


def test_a_hit_is_a_concordance_line_with_source_offsets(two: Study) -> None:
    [hit] = search.search(two, '"peer referral"').hits
    text = two.sources.text(hit.source_id)
    assert text[hit.start:hit.end] == "peer referral"
    assert hit.left.endswith("In the end a ") and hit.right.startswith(" from our Slack")
    assert (hit.speaker, hit.role, hit.participant, hit.outcome) == ("Ana", "participant", "Ana", "won")
    assert text[hit.turn_start:hit.turn_end] == ANA


def test_bad_queries_are_one_line_errors_and_plain_text_always_works(two: Study) -> None:
    for bad in ('"unterminated', "NEAR(", "hidden AND", ""):
        with pytest.raises(InvalidInput) as err:
            search.search(two, bad)
        assert "\n" not in str(err.value)
    # not FTS5, but no operator in it: searched as its words
    assert _matched(search.search(two, "months;")) == ["months"]
    assert _matched(search.search(two, "finance-team")) == ["finance team"]


def test_the_index_follows_imports_survey_appends_and_deletes(blank_study: Study, tmp_path: Path) -> None:
    transcript = tmp_path / "cara.txt"
    transcript.write_text("Interviewer: Anything else?\n\nCara: The onboarding webinar was great.\n",
                          encoding="utf-8")
    result = import_file(blank_study, transcript, ImportOptions(participant="Cara",
                                                                interviewers=("Interviewer",)))
    assert _matched(search.search(blank_study, "webinar")) == ["webinar"]
    survey = tmp_path / "exit.csv"
    rows = [["ResponseId", "Why?"], ["R_1", "Pricing was clear."]]
    with survey.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    import_file(blank_study, survey)
    assert _matched(search.search(blank_study, "pricing")) == ["Pricing"]
    with survey.open("w", newline="", encoding="utf-8") as fh:  # a newer export: appended
        csv.writer(fh).writerows(rows + [["R_2", "Their webinar on pricing convinced me."]])
    import_file(blank_study, survey)
    assert [h.participant for h in search.search(blank_study, "pricing").hits] == ["R_1", "R_2"]
    assert index.check(blank_study.db)
    with blank_study.atomic():
        blank_study.sources.delete(result.sources[0]["id"])
    assert [h.source for h in search.search(blank_study, "webinar").hits] == [
        blank_study.sources.list()[0].name]
    assert index.check(blank_study.db)


def test_search_a_real_zoom_transcript_finds_every_occurrence(blank_study: Study, samples: Path) -> None:
    path = samples / "vtt_zoom_cip_test_transcript.vtt"
    import_file(blank_study, path)
    raw = path.read_text(encoding="utf-8")
    expected = len(re.findall(r"\btranscripts?\b", raw, flags=re.IGNORECASE))  # 28 in the file
    results = search.search(blank_study, "transcript OR transcripts", limit=10_000)
    assert len(results.hits) == expected
    assert {h.match.casefold() for h in results.hits} == {"transcript", "transcripts"}
    prefix = search.search(blank_study, "transcri*", limit=10_000)
    assert len(prefix.hits) == len(re.findall(r"\btranscri\w*", raw, flags=re.IGNORECASE))


def test_coding_chosen_hits_is_one_undoable_step(two: Study) -> None:
    hits = search.search(two, "hidden").hits
    code = codebook.resolve(two, "anxiety/Hidden costs").id
    op = search.code_hits(two, hits, (code,), span="sentence")
    applied = execute(two, op, "ana")
    quotes = sorted(two.quotes.all(), key=lambda q: q.source_id)
    assert [q.text for q in quotes] == ["The hidden costs worried our finance team a lot.", BEN]
    assert all(q.code_ids == (code,) for q in quotes)
    assert op.label == "Code 2 search results"
    execute(two, applied.inverse, "ana")
    assert two.quotes.all() == []
    # the hit itself, or the whole turn; a quote of the same span gets the code added
    [hit] = search.search(two, '"peer referral"').hits
    execute(two, search.code_hits(two, [hit], (code,), span="hit"), "ana")
    assert [q.text for q in two.quotes.all()] == ["peer referral"]
    other = codebook.resolve(two, "influence/Peer referral").id
    execute(two, search.code_hits(two, [hit], (other,), span="hit"), "ana")
    [q] = two.quotes.all()
    assert set(q.code_ids) == {code, other}
    execute(two, search.code_hits(two, [hit], (code,), span="turn"), "ana")
    assert sorted(q.text for q in two.quotes.all()) == [ANA, "peer referral"]


def test_sentence_around_stays_in_its_turn() -> None:
    text = "One. Two words here! Three?"
    assert sentence_around(text, 5, 8) == (5, 20)
    assert sentence_around(text, 0, 2) == (0, 4)
    assert sentence_around(text, 22, 24) == (21, 27)
    assert sentence_around(text, 9, 10, lo=5, hi=14) == (5, 14)


def test_search_command_prints_lines_and_json(two: Study, capsys) -> None:
    path = str(two.path)
    two.close()
    code, out, err = run_cli(capsys, "search", path, "hidden", "--outcome", "lost")
    assert code == 0 and "[hidden]" in out and "Ben" in out and "Ana" not in out
    assert "1 hit in 1 turn\n" in err
    code, out, _ = run_cli(capsys, "search", path, '"hidden costs"', "--role", "participant", "--json")
    data = json.loads(out)
    assert code == 0 and data["turns"] == 1 and data["hits"][0]["match"] == "hidden costs"
    code, out, err = run_cli(capsys, "search", path, "NEAR(")
    assert code == 2 and out == "" and err.count("\n") == 1 and "bad search query" in err


def test_the_index_follows_a_replaced_source_text_and_its_undo(blank_study: Study, tmp_path: Path) -> None:
    from interviewcoder.services import source_replace

    path = tmp_path / "cara.txt"
    path.write_text("Interviewer: Anything else?\n\nCara: The onboarding webinar was great.\n",
                    encoding="utf-8")
    [src] = import_file(blank_study, path, ImportOptions(participant="Cara",
                                                         interviewers=("Interviewer",))).sources
    corrected = tmp_path / "cara-corrected.txt"
    corrected.write_text("Interviewer: Anything else?\n\nCara: The onboarding workshop was great.\n",
                         encoding="utf-8")
    plan = source_replace.plan(blank_study, src["id"], corrected)
    applied = source_replace.apply(blank_study, plan, {}, "ana")
    assert _matched(search.search(blank_study, "workshop")) == ["workshop"]
    assert _matched(search.search(blank_study, "webinar")) == []
    assert index.check(blank_study.db)
    execute(blank_study, applied.inverse, "ana")  # undo: the old text, found again
    assert _matched(search.search(blank_study, "webinar")) == ["webinar"]
    assert _matched(search.search(blank_study, "workshop")) == []
    assert index.check(blank_study.db)


def test_the_index_holds_each_turns_characters_past_ascii(blank_study: Study, tmp_path: Path) -> None:
    """Turn texts are sliced in Python (one read of the source's text): the same characters as
    SQLite's substr, for accents, CJK and characters outside the BMP, first import and append."""
    survey = tmp_path / "wide.csv"
    rows = [["ResponseId", "Why?"], ["R_1", "Le café était naïf 😀 ok"], ["R_2", "価格が高い 🎉 really"]]
    with survey.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    import_file(blank_study, survey)
    with survey.open("w", newline="", encoding="utf-8") as fh:  # appended after the emoji
        csv.writer(fh).writerows(rows + [["R_3", "Ünïcödé pricing 𝔘 fine"]])
    import_file(blank_study, survey)
    assert index.check(blank_study.db)  # every turn's index text is its substr of the source
    assert [h.participant for h in search.search(blank_study, "pricing").hits] == ["R_3"]
    assert [h.participant for h in search.search(blank_study, "really").hits] == ["R_2"]
