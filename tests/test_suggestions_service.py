"""The suggestions use cases on real study files: suggest, accept (undoable), reject
(remembered), accept all, user patterns, language, training and the study's redactor."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from interviewcoder.core.errors import InvalidInput, NotFound
from interviewcoder.services import suggestions as sg
from interviewcoder.services.coding import add_quote
from interviewcoder.services.operations import execute
from interviewcoder.services.studies import open_study
from tests.builders import add_source

INTERVIEW = [
    ("Ann", "interviewer", None, "Did you read reviews on G2 before the demo?"),
    ("Bob", "participant", "Bob Stone",
     "Yes, I read reviews on G2 and Capterra. Then we booked a demo. "
     "I was worried about hidden fees. We had lunch after that."),
]


def _source(study) -> int:
    sid, _ = add_source(study, "interview 1", INTERVIEW)
    return sid


def _by_code(found):
    return {s.code_path: s for s in found}


def test_suggestions_cover_participant_sentences_only(study) -> None:
    sid = _source(study)
    text = study.sources.text(sid)
    found = sg.suggest(study, sid)
    codes = _by_code(found)
    assert {"influence/Review sites", "step/Read reviews", "step/Requested a demo",
            "anxiety/Hidden costs"} <= set(codes)
    interviewer_end = study.sources.turns(sid)[0].end
    for s in found:
        assert s.start >= interviewer_end, "interviewer speech is never suggested"
        assert text[s.start : s.end] == s.text
        assert s.source_id == sid
    assert codes["step/Requested a demo"].text == "Then we booked a demo."
    assert not any("lunch" in s.text for s in found)


def test_min_score_filters(study) -> None:
    sid = _source(study)
    assert all(s.score >= 0.9 for s in sg.suggest(study, sid, min_score=0.9))
    assert len(sg.suggest(study, sid, min_score=0.9)) < len(sg.suggest(study, sid))


def test_accepting_creates_an_undoable_quote_marked_as_suggestion(study) -> None:
    sid = _source(study)
    demo = _by_code(sg.suggest(study, sid))["step/Requested a demo"]
    applied = sg.accept(study, demo, "tester")
    quote = study.quotes.get(applied.result)
    assert quote is not None
    assert (quote.start, quote.end, quote.text) == (demo.start, demo.end, demo.text)
    assert quote.origin == "suggestion"
    assert quote.code_ids == (study.codes.find_nocase(*_dim_name(demo.code_path)).id,)
    assert "step/Requested a demo" not in _by_code(sg.suggest(study, sid))
    execute(study, applied.inverse, "tester")  # undo
    assert study.quotes.get(applied.result) is None
    assert "step/Requested a demo" in _by_code(sg.suggest(study, sid))


def _dim_name(path: str):
    from interviewcoder.core.types import Dimension

    dim, name = path.split("/", 1)
    return Dimension(dim), name


def test_a_manually_coded_span_is_not_suggested_again(study) -> None:
    sid = _source(study)
    fees = _by_code(sg.suggest(study, sid))["anxiety/Hidden costs"]
    code = study.codes.find_nocase(*_dim_name("anxiety/Hidden costs"))
    add_quote(study, sid, fees.start + 14, fees.end, [code.id], "tester")  # part of it
    assert "anxiety/Hidden costs" not in _by_code(sg.suggest(study, sid))


def test_rejected_suggestions_are_remembered_in_the_study(study) -> None:
    sid = _source(study)
    review = _by_code(sg.suggest(study, sid))["influence/Review sites"]
    applied = sg.reject(study, review, "tester")
    assert "influence/Review sites" not in _by_code(sg.suggest(study, sid))
    path = study.path
    study.close()
    with open_study(path) as again:
        assert "influence/Review sites" not in _by_code(sg.suggest(again, sid))
        execute(again, applied.inverse, "tester")  # undo the rejection
        assert "influence/Review sites" in _by_code(sg.suggest(again, sid))


def test_accept_all_above_threshold_is_one_undo_step(study) -> None:
    sid = _source(study)
    found = sg.suggest(study, sid)
    chosen = [s for s in found if s.score >= 0.8]
    spans = {(s.start, s.end) for s in chosen}
    applied = sg.accept_all(study, found, "tester", 0.8)
    quotes = study.quotes.for_source(sid)
    assert {(q.start, q.end) for q in quotes} == spans
    assert all(q.origin == "suggestion" for q in quotes)
    # one quote per span, carrying every code suggested for it above the threshold
    first = next(q for q in quotes if "G2" in q.text)
    assert len(first.code_ids) == sum(1 for s in chosen if (s.start, s.end) == (first.start,
                                                                                 first.end))
    execute(study, applied.inverse, "tester")
    assert study.quotes.for_source(sid) == []
    with pytest.raises(InvalidInput):
        sg.accept_all(study, found, "tester", 1.01)


def test_user_patterns_suggest_their_code(study) -> None:
    sid, _ = add_source(study, "i2",
                        [("Cy", "participant", "Cy", "The Frobnicator review board met on Tuesday.")])
    assert sg.suggest(study, sid) == []
    pid = sg.add_pattern(study, "influence/Peer referral", "frobnicator review board")
    found = sg.suggest(study, sid)
    assert [(s.code_path, s.reason) for s in found] == [
        ("influence/Peer referral", "matched “Frobnicator review board”")]
    token = sg.add_pattern(study, "step/Compared vendors", '[{"LOWER": "tuesday"}]')
    assert len(sg.suggest(study, sid)) == 2
    assert [p.id for p in sg.list_patterns(study, "step/Compared vendors")] == [token]
    sg.remove_pattern(study, pid)
    assert [s.code_path for s in sg.suggest(study, sid)] == ["step/Compared vendors"]
    with pytest.raises(NotFound):
        sg.remove_pattern(study, 999)
    with pytest.raises(NotFound):
        sg.add_pattern(study, "step/No such code", "x")


def test_patterns_for_codes_not_in_the_codebook_are_ignored(blank_study) -> None:
    sid, _ = add_source(blank_study, "i", [("A", "participant", "A", "We read reviews on G2.")])
    assert sg.suggest(blank_study, sid) == []


def test_unknown_source_is_not_found(study) -> None:
    with pytest.raises(NotFound):
        sg.suggest(study, 42)


def test_study_language_drives_the_pipeline(study) -> None:
    sg.set_language(study, "fr")
    assert study.language == "fr"
    with pytest.raises(InvalidInput):
        sg.set_language(study, "zz-nope")
    assert study.language == "fr"


# --- training -----------------------------------------------------------------------------

CODED = {
    "anxiety/Hidden costs": ["I worried {x} would have extra fees on top.",
                             "The invoice for {x} had charges we never saw.",
                             "We feared surprise costs as {x} grew."],
    "influence/Review sites": ["I read what users wrote about {x} on G2.",
                               "Capterra ratings for {x} convinced me.",
                               "The star ratings of {x} on TrustRadius looked solid."],
    "step/Requested a demo": ["Their team showed us {x} live on a call.",
                              "Their engineer walked us through {x}.",
                              "I asked them to show me {x} on video."],
}
PLAIN = ["We had lunch after talking about {x}.", "My role covers finance and {x}.",
         "It was a sunny day when we discussed {x}.", "I joined five years ago, before {x}."]
THINGS = ["the platform", "the billing tool", "the product", "the new system", "the dashboard"]


def _coded_study(study, per_code: int = 12) -> None:
    rng = random.Random(7)
    codes = {path: study.codes.find_nocase(*_dim_name(path)).id for path in CODED}
    for n in range(4):
        turns, labels = [], []
        for path, templates in CODED.items():
            for _ in range(per_code // 4):
                turns.append(rng.choice(templates).format(x=rng.choice(THINGS)))
                labels.append(path)
                turns.append(rng.choice(PLAIN).format(x=rng.choice(THINGS)))
                labels.append(None)
        sid, spans = add_source(study, f"coded {n}",
                                [("P", "participant", f"P{n}", t) for t in turns])
        for (start, end), label in zip(spans, labels, strict=True):
            if label:
                add_quote(study, sid, start, end, [codes[label]], "tester")


def test_training_stores_a_model_whose_suggestions_join_the_patterns(study) -> None:
    _coded_study(study)
    steps: list[str] = []
    model = sg.train(study, progress=lambda d, t, m: steps.append(m))
    assert steps[0] == "Collecting coded sentences" and steps[-1] == "Training finished"
    assert {m.code for m in model.metrics} == set(CODED)
    assert study.history(1)[0]["action"] == "train_model"
    assert study.history(1)[0]["detail"]["codes"] == len(CODED)
    assert all(m.f1 is not None and m.f1 >= 0.6 for m in model.metrics), model.metrics
    stored = sg.model_metrics(study)
    assert stored is not None and stored["language"] == "en"
    assert {c["code"] for c in stored["codes"]} == set(CODED)
    sid, _ = add_source(study, "new", [("Q", "participant", "Q",
                                        "Their engineer walked us through the billing tool.")])
    found = sg.suggest(study, sid)
    learned = [s for s in found if "learned" in s.method]
    assert [s.code_path for s in learned] == ["step/Requested a demo"]
    assert "held-out F1" in learned[0].reason
    assert sg.suggest(study, sid, use_learned=False) == []


def test_training_without_enough_quotes_is_a_clear_error(study) -> None:
    _source(study)
    with pytest.raises(InvalidInput, match="at least 5"):
        sg.train(study)
    assert sg.model_metrics(study) is None


# --- samples ------------------------------------------------------------------------------


def test_suggestions_on_an_imported_sample_interview(study, samples: Path) -> None:
    from interviewcoder.services.importing import import_file

    result = import_file(study, samples / "vtt_zoom_cip_test_transcript.vtt")
    assert result.status == "imported", result.error
    sid = result.sources[0]["id"]
    text = study.sources.text(sid)
    found = sg.suggest(study, sid)
    assert found, "a real meeting about APIs and hosting gets some suggestions"
    assert "anxiety/Integration risk" in {s.code_path for s in found}
    for s in found:
        assert text[s.start : s.end] == s.text
    first = found[0]
    sg.accept(study, first, "tester")
    assert study.quotes.for_source(sid)[0].text == first.text


# --- redaction ----------------------------------------------------------------------------


def test_study_redactor_knows_participants_speakers_and_terms(study) -> None:
    add_source(study, "i", [("Ann Moderator", "interviewer", None, "Hi."),
                            ("Bob Stone", "participant", "Bob Stone", "Hello."),
                            ("Guest Speaker", "participant", None, "Hey.")])
    r = sg.study_redactor(study, extra_terms=["Acme"])
    out = r.redact("Ann Moderator asked Bob Stone (bob@stone.io, +1 202 555 0143) "
                   "and Guest Speaker about Acme.")
    assert out == ("[Interviewer 1] asked [Participant 1] ([email], [phone]) "
                   "and Guest Speaker about [redacted].")  # a role label is no one's name


def test_a_french_study_is_read_with_a_french_pipeline(study) -> None:
    from interviewcoder.nlp.patterns import PatternSuggester

    sg.set_language(study, "fr")
    sid, _ = add_source(study, "fr", [("Léa", "participant", "Léa",
                                       "Bonjour à tous. Nous avons lu les avis sur G2 et Capterra "
                                       "avant l'appel. C'était utile.")])
    found = sg.suggest(study, sid)
    assert [(s.code_path, s.text) for s in found] == [
        ("influence/Review sites", "Nous avons lu les avis sur G2 et Capterra avant l'appel.")]
    suggester = PatternSuggester(sg.pattern_rows(study), study.language)
    assert suggester._nlp is not None and suggester._nlp.lang == "fr"
    assert [t.text for t in suggester._nlp.make_doc("l'appel")] == ["l'", "appel"]


def test_patterns_find_the_demo_studys_hand_coded_quotes(tmp_path: Path) -> None:
    """A regression guard, not an independent measure: the curated patterns were extended after
    reading which of these quotes they missed. Recall = share of hand-coded (quote, code) pairs
    of the step / anxiety / influence dimensions that a pattern suggestion with that code
    overlaps."""
    from interviewcoder.nlp.patterns import PatternSuggester
    from interviewcoder.services.demo import build_demo

    path = build_demo(tmp_path / "demo.icstudy")
    with open_study(path) as study:
        paths = {c.id: c.path for c in study.codes.list()}
        suggester = PatternSuggester(sg.pattern_rows(study), study.language)
        hits: dict[str, list[bool]] = {}
        for source in study.sources.list():
            found = suggester.suggest(source.id, sg._pieces(study, source.id))
            for q in study.quotes.for_source(source.id):
                for cid in q.code_ids:
                    dim = paths[cid].split("/")[0]
                    if dim in ("step", "anxiety", "influence"):
                        hits.setdefault(dim, []).append(any(
                            s.code_path == paths[cid] and s.start < q.end and s.end > q.start
                            for s in found))
    recall = {dim: sum(v) / len(v) for dim, v in hits.items()}
    assert all(len(v) >= 20 for v in hits.values()), {d: len(v) for d, v in hits.items()}
    assert recall["influence"] >= 0.9 and recall["anxiety"] >= 0.9, recall
    assert recall["step"] >= 0.8, recall


def test_patterns_and_training_are_in_the_change_log(tmp_path) -> None:
    from interviewcoder.services import suggestions as sg2
    from interviewcoder.services.studies import create as create_study

    study = create_study(tmp_path / "log.icstudy")
    pid = sg2.add_pattern(study, "influence/Review sites", "asked on Capterra", "maya")
    sg2.remove_pattern(study, pid, "maya")
    actions = [(e["coder"], e["action"]) for e in study.history(2)]
    assert actions == [("maya", "remove_pattern"), ("maya", "add_pattern")]
    assert study.history(2)[1]["detail"]["pattern"] == "asked on Capterra"
    study.close()
