"""The learned suggester: trained on a synthetic study with known labels, measured on held-out
quotes, stored as bytes and loaded back."""

from __future__ import annotations

import random

import pytest

from interviewcoder.core.errors import InvalidInput
from interviewcoder.nlp.learned import LearnedSuggester, TrainingCancelled, train_classifier
from interviewcoder.nlp.training_data import CodedSpan, LabelledSentence, label_sentences

# The floor the learned model must beat on held-out quotes of the synthetic study.
F1_FLOOR = 0.8

TEMPLATES = {
    "anxiety/Hidden costs": [
        "I was worried {x} would come with extra fees on top.",
        "The invoice for {x} had charges we never saw on the price page.",
        "We feared surprise costs once {x} grew.",
        "Nobody could tell me what {x} would really cost per seat after year one.",
    ],
    "influence/Review sites": [
        "I spent an evening reading what users wrote about {x} on G2.",
        "Capterra ratings for {x} were what convinced me.",
        "The star ratings of {x} on TrustRadius looked solid.",
        "Reviews from verified buyers of {x} carried a lot of weight.",
    ],
    "step/Requested a demo": [
        "We booked a call so their team could show us {x} live.",
        "Their engineer walked us through {x} in a demo.",
        "I asked them to show me {x} on a video call.",
        "We sat through a walkthrough of {x} with their solutions team.",
    ],
    "anxiety/Integration risk": [
        "Would {x} connect to our ERP without custom work?",
        "I doubted that {x} would sync with our CRM.",
        "The API for {x} looked thin for our systems.",
        "Getting {x} to talk to our warehouse software was my worry.",
    ],
}
NEUTRAL = [
    "We had lunch after the meeting about {x}.",
    "My role covers the finance team and {x}.",
    "It was a sunny day when we first discussed {x}.",
    "I have been at the company for five years, mostly around {x}.",
    "The office moved last spring, around the time of {x}.",
    "My manager joined in March and took over {x}.",
]
OPENERS = ["", "Honestly,", "To be fair,", "I remember that", "At the time", "Looking back,"]
CLOSERS = ["", "That was in the spring.", "It mattered a lot to us.", "Anyway.",
           "My manager agreed."]
THINGS = ["the platform", "the billing tool", "the product", "the new system", "the dashboard",
          "the workflow app", "the reporting module", "the vendor's tool", "it", "their service"]


def _dress(rng: random.Random, sentence: str) -> str:
    """Shared openers and closers, so words alone do not give the label away."""
    return " ".join(x for x in (rng.choice(OPENERS), sentence, rng.choice(CLOSERS)) if x)


def synthetic(per_code: int = 30, negatives: int = 200, seed: int = 1) -> list[LabelledSentence]:
    rng = random.Random(seed)
    out: list[LabelledSentence] = []
    n = 0
    for label, templates in TEMPLATES.items():
        for _ in range(per_code):
            n += 1
            text = _dress(rng, rng.choice(templates).format(x=rng.choice(THINGS)))
            out.append(LabelledSentence(text, frozenset({label}), f"q{n}"))
    for i in range(negatives):
        text = _dress(rng, rng.choice(NEUTRAL).format(x=rng.choice(THINGS)))
        out.append(LabelledSentence(text, frozenset(), f"n{i}"))
    return out


@pytest.fixture(scope="module")
def trained():
    progress: list[tuple[int, int, str]] = []
    model = train_classifier(synthetic(), "en", progress=lambda d, t, m: progress.append((d, t, m)))
    return model, progress


def test_learned_model_beats_the_f1_floor_on_held_out_quotes(trained) -> None:
    model, _ = trained
    assert [m.code for m in model.metrics] == sorted(TEMPLATES)
    for m in model.metrics:
        assert m.held_out >= 5 and m.train >= 20
        assert m.f1 is not None and m.f1 >= F1_FLOOR, m
        assert m.precision is not None and m.recall is not None


def test_training_reports_progress_to_the_end(trained) -> None:
    _, progress = trained
    assert progress[-1][0] == progress[-1][1]
    assert [d for d, _, _ in progress] == sorted(d for d, _, _ in progress)


def test_stored_bytes_load_back_and_suggest_sentences(trained) -> None:
    model, _ = trained
    assert isinstance(model.data, bytes) and len(model.data) < 2_000_000
    suggester = LearnedSuggester(model.data)
    assert suggester.language == "en"
    text = "We had coffee first. They walked us through the dashboard in a demo."
    found = suggester.suggest(5, [(text, 100)])
    demo = [s for s in found if s.code_path == "step/Requested a demo"]
    assert len(demo) == 1
    assert demo[0].start == 100 + text.index("They")
    assert demo[0].text == "They walked us through the dashboard in a demo."
    assert demo[0].method == "learned" and "held-out F1" in demo[0].reason
    assert not any(s.text == "We had coffee first." for s in found)


def test_codes_under_the_minimum_are_skipped_and_named() -> None:
    examples = synthetic(per_code=12, negatives=60)
    rare = frozenset({"value/Saved time"})
    examples += [LabelledSentence("A rare thing happened.", rare, f"r{i}")
                 for i in range(3)]
    model = train_classifier(examples, "en")
    assert model.skipped == {"value/Saved time": 3}
    assert "value/Saved time" not in [m.code for m in model.metrics]


def test_too_few_examples_is_a_clear_error() -> None:
    examples = [LabelledSentence("We compared tools.", frozenset({"step/Compared vendors"}), "q1")]
    with pytest.raises(InvalidInput, match="at least 5"):
        train_classifier(examples, "en")


def test_training_can_be_cancelled() -> None:
    with pytest.raises(TrainingCancelled):
        train_classifier(synthetic(per_code=10, negatives=20), "en", cancelled=lambda: True)


def test_damaged_model_bytes_are_a_clear_error() -> None:
    with pytest.raises(InvalidInput, match="retrain"):
        LearnedSuggester(b"not a model")


def test_a_french_model_uses_a_french_pipeline() -> None:
    rng = random.Random(3)
    fr = {
        "anxiety/Hidden costs": ["J'avais peur des frais cachés pour {x}.",
                                 "La facture de {x} avait des coûts imprévus."],
        "step/Requested a demo": ["Nous avons demandé une démo de {x}.",
                                  "Leur équipe nous a montré {x} en direct."],
    }
    things = ["l'outil", "la plateforme", "le logiciel", "le produit"]
    examples = [
        LabelledSentence(rng.choice(t).format(x=rng.choice(things)), frozenset({k}), f"{k}{i}")
        for k, t in fr.items()
        for i in range(15)
    ]
    model = train_classifier(examples, "fr")
    assert LearnedSuggester(model.data).nlp.lang == "fr"


def test_sentences_take_the_codes_of_the_quotes_covering_them() -> None:
    text = "First sentence here. Second one is coded. Third is half. Fourth is free."
    spans = [(0, 20), (21, 41), (42, 56), (57, 72)]
    quotes = [
        CodedSpan(1, 21, 41, frozenset({"step/A"})),
        CodedSpan(2, 21, 41, frozenset({"anxiety/B"})),
        CodedSpan(3, 52, 66, frozenset({"step/C"})),  # grazes the third, covers most of the fourth
        CodedSpan(4, 6, 14, frozenset({"value/D"})),  # a phrase inside the first sentence
    ]
    got = label_sentences(text, spans, quotes, "9")
    by_text = {ex.text: ex for ex in got}
    assert by_text["Second one is coded."].labels == {"step/A", "anxiety/B"}
    assert by_text["Second one is coded."].group == "q1"
    assert by_text["First sentence here."].labels == {"value/D"}
    assert "Third is half." not in by_text  # neither clearly coded nor clearly not
    assert by_text["Fourth is free."].labels == {"step/C"}
    free = label_sentences(text, spans, quotes[:2], "9")
    assert {ex.text: ex.group for ex in free if not ex.labels}["Fourth is free."] == "s9:57"
