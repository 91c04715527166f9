"""Pattern suggestions: the curated journey patterns hit the expected codes on real sentences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interviewcoder.core.errors import InvalidInput
from interviewcoder.nlp.patterns import (
    PatternRow,
    PatternSuggester,
    curated_patterns,
    load_pattern_file,
    parse_user_pattern,
    restrict_to_codebook,
)
from interviewcoder.paths import models_path, resource_path

JOURNEY = json.loads(resource_path("templates", "journey.json").read_text(encoding="utf-8"))
JOURNEY_PATHS = [f"{c['dimension']}/{c['name']}" for c in JOURNEY["codes"]]
# Codes the issue names that the journey template does not have (retail journeys); their
# patterns wait until a study adds such a code.
EXTRA_CODES = {"anxiety/Delivery dates", "anxiety/Returns", "step/Checked return policy"}

# (sentence, a code it must be suggested for)
CASES = [
    ("We read a bunch of reviews on G2 before anything else.", "influence/Review sites"),
    ("We read a bunch of reviews on G2 before anything else.", "step/Read reviews"),
    ("Someone in a RevOps Slack community swore by it.", "influence/Online communities"),
    ("There was a long Reddit thread comparing the two.", "influence/Online communities"),
    ("A former colleague recommended them to me.", "influence/Peer referral"),
    ("They were a leader in the Gartner Magic Quadrant, which mattered to our CIO.",
     "influence/Analysts"),
    ("I first heard about them on a podcast I listen to.", "influence/Creators and podcasts"),
    ("Our accountant, who is a certified partner, set it up for us.",
     "influence/Partners and resellers"),
    ("I just googled invoice automation and they were the top result.", "influence/Search"),
    ("Honestly, I clicked on a LinkedIn ad.", "influence/Ads"),
    ("Their sales rep was very patient with all our questions.", "influence/Sales rep"),
    ("I was nervous about hidden fees once we added more users.", "anxiety/Hidden costs"),
    ("Would it integrate with our NetSuite setup?", "anxiety/Integration risk"),
    ("Our security team needed their SOC 2 report first.", "anxiety/Security review"),
    ("Moving ten years of historical data scared us.", "anxiety/Data migration"),
    ("We didn't want to be locked into a three-year contract.", "anxiety/Contract lock-in"),
    ("The real question was how long it would take to see value.", "anxiety/Time to value"),
    ("Getting buy-in from the CFO was the hard part.", "anxiety/Internal approval"),
    ("Retraining forty people on a new tool is a real hassle.", "anxiety/Switching effort"),
    ("Nobody wanted to switch tools right before quarter-end.", "anxiety/Quarter-end disruption"),
    ("I wasn't sure it would fit our workflow.", "anxiety/Fit for our needs"),
    ("We compared three vendors side by side.", "step/Compared vendors"),
    ("We narrowed it down to a shortlist of two.", "step/Built a shortlist"),
    ("We trialled it for two weeks with the support team.", "step/Trialled the product"),
    ("I asked for a demo with their solutions engineer.", "step/Requested a demo"),
    ("We requested a custom quote for two hundred seats.", "step/Requested a custom quote"),
    ("I checked the pricing page before anything else.", "step/Checked pricing"),
    ("I asked around in a couple of founder groups.", "step/Asked peers"),
    ("In the end we went with a cheaper competitor.", "step/Chose another vendor"),
    ("We cancelled after the first year.", "step/Churned"),
]


@pytest.fixture(scope="module")
def journey() -> PatternSuggester:
    return PatternSuggester(restrict_to_codebook(curated_patterns(), JOURNEY_PATHS))


def _codes(suggester: PatternSuggester, text: str) -> dict[str, str]:
    return {s.code_path: s.reason for s in suggester.suggest(1, [(text, 0)])}


@pytest.mark.parametrize(("sentence", "code"), CASES)
def test_curated_patterns_hit_the_expected_code(journey, sentence: str, code: str) -> None:
    found = _codes(journey, sentence)
    assert code in found, f"{code} not suggested for {sentence!r}; got {sorted(found)}"
    assert found[code].startswith("matched “")


def test_plain_small_talk_gets_no_suggestion(journey) -> None:
    text = "We had lunch and talked about the weather. My daughter started school this week."
    assert journey.suggest(1, [(text, 0)]) == []


def test_every_journey_influence_anxiety_and_step_code_has_patterns() -> None:
    labels = {row.label for row in curated_patterns()}
    wanted = [p for p in JOURNEY_PATHS if p.split("/")[0] in ("step", "anxiety", "influence")]
    missing = [p for p in wanted if p not in labels]
    assert not missing


def test_every_pattern_label_is_a_template_code_or_a_named_extra() -> None:
    labels = {row.label for row in curated_patterns()}
    assert labels - set(JOURNEY_PATHS) <= EXTRA_CODES


def test_pattern_files_are_valid_spacy_patterns() -> None:
    files = sorted(models_path("patterns").glob("*.jsonl"))
    assert len(files) >= 3
    rows = [row for f in files for row in load_pattern_file(f)]
    assert len(rows) > 500
    ids = [row.id for row in rows]
    assert len(ids) == len(set(ids))
    for row in rows:
        # normalise_pattern (via load) raised for bad ones; check scores and kinds too
        assert 0 < row.score <= 1
        assert isinstance(row.pattern, str | list)


def test_a_suggestion_is_the_whole_sentence_with_offsets_into_the_source(journey) -> None:
    text = "Hello there. Then we compared G2 and Capterra closely. Bye."
    found = journey.suggest(7, [(text[6:], 6)])
    review = next(s for s in found if s.code_path == "influence/Review sites")
    assert review.source_id == 7
    assert text[review.start : review.end] == review.text
    assert review.text == "Then we compared G2 and Capterra closely."
    assert review.reason == "matched “G2”, “Capterra”"
    # two separate matches are stronger evidence than one
    single = journey.suggest(7, [("We looked at G2.", 0)])
    assert review.score > single[0].score


def test_matches_are_case_insensitive() -> None:
    s = PatternSuggester([PatternRow("influence/Review sites", "capterra", "x", 0.8)])
    assert [x.code_path for x in s.suggest(1, [("CAPTERRA reviews helped.", 0)])] == [
        "influence/Review sites"
    ]


def test_restrict_to_codebook_keeps_known_codes_with_their_exact_names() -> None:
    rows = [PatternRow("influence/review SITES", "g2", "a"), PatternRow("step/Unknown", "x", "b")]
    kept = restrict_to_codebook(rows, ["influence/Review sites"])
    assert [(r.label, r.id) for r in kept] == [("influence/Review sites", "a")]


def test_user_patterns_parse_as_phrases_or_token_json() -> None:
    assert parse_user_pattern("  gartner peer  ") == "gartner peer"
    assert parse_user_pattern('[{"LOWER": "g2"}]') == [{"LOWER": "g2"}]
    assert parse_user_pattern('{"pattern": "x y"}') == "x y"
    with pytest.raises(InvalidInput):
        parse_user_pattern('[{"LOWER": {"BAD": 1}}]')
    with pytest.raises(InvalidInput):
        parse_user_pattern("[not json")
    with pytest.raises(InvalidInput):
        parse_user_pattern("   ")


def test_a_broken_pattern_file_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"label": "step/X", "pattern": "ok"}\n{"label": "step/X"}\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match="bad.jsonl:2"):
        load_pattern_file(bad)


def test_sample_transcript_suggestions_are_sentences_of_the_source(samples: Path, journey) -> None:
    text = (samples / "txt_bracket-ids_qualcoder_Examples_transcript.txt").read_text("utf-8")
    vtt = (samples / "vtt_zoom_cip_test_transcript.vtt").read_text("utf-8")
    for body in (text, vtt):
        for s in journey.suggest(1, [(body, 0)]):
            assert body[s.start : s.end] == s.text
            assert s.text == s.text.strip() and s.text
            assert 0 < s.score <= 1


def test_sample_zoom_meeting_hits_expected_codes(samples: Path, journey) -> None:
    """A real meeting about building a transcript tool: API talk is integration risk, the
    'pros and cons' of hosting options is a comparison."""
    body = (samples / "vtt_zoom_cip_test_transcript.vtt").read_text("utf-8")
    found = journey.suggest(1, [(body, 0)])
    by_code = {}
    for s in found:
        by_code.setdefault(s.code_path, []).append(s)
    assert "anxiety/Integration risk" in by_code
    assert any("Api" in s.text or "api" in s.text for s in by_code["anxiety/Integration risk"])
    assert any("pros and cons" in s.text for s in by_code.get("step/Compared vendors", []))
