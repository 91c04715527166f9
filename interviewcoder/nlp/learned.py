"""Learned suggestions: a multi-label text classifier trained on the study's own coded sentences.

The pipeline is built from ``models/configs/textcat_multilabel.cfg`` on a blank pipeline of the
study's language; nothing is downloaded. Quotes are split into training and held-out groups so
the researcher sees per-code precision, recall and F1 before trusting the suggestions.
"""

from __future__ import annotations

import hashlib
import random
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from interviewcoder.core.errors import InterviewcoderError, InvalidInput
from interviewcoder.nlp.suggestion import Suggestion
from interviewcoder.nlp.training_data import LabelledSentence
from interviewcoder.paths import models_path

Progress = Callable[[int, int, str], None]
"""``progress(done, total, message)``, called from the training thread."""

FORMAT = 1
CONFIG = "textcat_multilabel.cfg"
MAX_STORED_BYTES = 64 * 1024 * 1024
"""A stored model larger than this is not read (a study is input like any other file)."""
MAX_INFLATED_BYTES = 256 * 1024 * 1024
"""... nor one that inflates past this (a 4 MB blob can inflate to gigabytes)."""
_COMPONENT = "textcat_multilabel"


class TrainingCancelled(InterviewcoderError):
    """The user cancelled training; nothing was stored."""


@dataclass(frozen=True, slots=True)
class CodeMetrics:
    code: str
    precision: float | None
    recall: float | None
    f1: float | None
    train: int  # coded quotes (groups) used for training
    held_out: int  # coded quotes held out for measuring


@dataclass(frozen=True)
class TrainedModel:
    data: bytes
    language: str
    metrics: list[CodeMetrics]
    skipped: dict[str, int] = field(default_factory=dict)  # code -> quotes, under the minimum
    sentences: int = 0
    seconds: float = 0.0

    def metrics_json(self) -> dict[str, Any]:
        return {
            "codes": [asdict(m) for m in self.metrics],
            "skipped": self.skipped,
            "sentences": self.sentences,
            "seconds": round(self.seconds, 2),
        }


def _no_progress(done: int, total: int, message: str) -> None:
    return None


def training_settings(config_path: Path | None = None) -> dict[str, Any]:
    from spacy.util import load_config

    cfg = load_config(config_path or models_path("configs", CONFIG))
    return dict(cfg["interviewcoder"])


def _stable(text: str, seed: int) -> str:
    return hashlib.sha1(f"{seed}:{text}".encode()).hexdigest()


def _split(
    examples: Sequence[LabelledSentence], every: int, seed: int
) -> tuple[list[LabelledSentence], list[LabelledSentence]]:
    """Hold out one group in ``every`` per leading label, so each code is measured."""
    by_primary: dict[str, set[str]] = {}
    for ex in examples:
        by_primary.setdefault(min(ex.labels) if ex.labels else "", set()).add(ex.group)
    held: set[str] = set()
    for groups in by_primary.values():
        ordered = sorted(groups, key=lambda g: _stable(g, seed))
        held.update(ordered[every - 1 :: every])
    train = [ex for ex in examples if ex.group not in held]
    test = [ex for ex in examples if ex.group in held]
    return train, test


def _groups_per_label(examples: Iterable[LabelledSentence]) -> Counter[str]:
    seen: dict[str, set[str]] = {}
    for ex in examples:
        for label in ex.labels:
            seen.setdefault(label, set()).add(ex.group)
    return Counter({label: len(groups) for label, groups in seen.items()})


def train_classifier(
    examples: Sequence[LabelledSentence],
    language: str = "en",
    *,
    config_path: Path | None = None,
    min_examples: int | None = None,
    progress: Progress = _no_progress,
    cancelled: Callable[[], bool] = lambda: False,
    seed: int = 0,
) -> TrainedModel:
    """Train on labelled sentences; measure on held-out quotes; return the pipeline as bytes."""
    import time

    import srsly
    from spacy.training import Example
    from spacy.util import fix_random_seed, load_config, load_model_from_config, minibatch

    started = time.perf_counter()
    cfg = load_config(
        config_path or models_path("configs", CONFIG), overrides={"nlp.lang": language}
    )
    settings = dict(cfg["interviewcoder"])
    minimum = int(min_examples if min_examples is not None else settings["min_examples"])
    counts = _groups_per_label(examples)
    labels = sorted(label for label, n in counts.items() if n >= minimum)
    skipped = {label: n for label, n in counts.items() if n < minimum}
    if not labels:
        raise InvalidInput(
            f"not enough coded quotes to learn from: each code needs at least {minimum} "
            f"(most has {max(counts.values(), default=0)})"
        )
    wanted = set(labels)
    kept = [LabelledSentence(ex.text, ex.labels & wanted, ex.group) for ex in examples]
    positives = [ex for ex in kept if ex.labels]
    negatives = [ex for ex in kept if not ex.labels]
    rng = random.Random(seed)
    limit = int(settings["negatives_per_positive"]) * len(positives)
    if len(negatives) > limit:
        negatives = rng.sample(negatives, limit)
    train, test = _split(positives + negatives, int(settings["holdout_every"]), seed)

    fix_random_seed(seed)
    nlp = load_model_from_config(cfg, auto_fill=True, validate=True)
    textcat = nlp.get_pipe("textcat_multilabel")
    for label in labels:
        textcat.add_label(label)  # type: ignore[attr-defined]

    def example(ex: LabelledSentence) -> Any:
        cats = {label: float(label in ex.labels) for label in labels}
        return Example.from_dict(nlp.make_doc(ex.text), {"cats": cats})

    train_examples = [example(ex) for ex in train]
    optimizer = nlp.initialize(lambda: train_examples)
    optimizer.learn_rate = float(settings["learn_rate"])
    epochs = int(settings["epochs"])
    batch_size = int(settings["batch_size"])
    dropout = float(settings["dropout"])
    for epoch in range(epochs):
        if cancelled():
            raise TrainingCancelled("training cancelled")
        rng.shuffle(train_examples)
        for batch in minibatch(train_examples, size=batch_size):
            nlp.update(batch, drop=dropout, sgd=optimizer)
        progress(epoch + 1, epochs + 1, f"Training: pass {epoch + 1} of {epochs}")

    threshold = float(settings["threshold"])
    metrics = _measure(nlp, labels, train, test, threshold)
    progress(epochs + 1, epochs + 1, "Training finished")
    # The hashed bag-of-words table is mostly zeros: compressed it is ~1% of its size.
    data = zlib.compress(srsly.msgpack_dumps(
        {
            "format": FORMAT,
            "config": nlp.config.to_str(),
            "model": nlp.to_bytes(),
            "labels": labels,
            "threshold": threshold,
            "metrics": [asdict(m) for m in metrics],
        }
    ), 6)
    return TrainedModel(data, language, metrics, skipped, len(train) + len(test),
                        time.perf_counter() - started)


def _measure(
    nlp: Any,
    labels: Sequence[str],
    train: Sequence[LabelledSentence],
    test: Sequence[LabelledSentence],
    threshold: float,
) -> list[CodeMetrics]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for ex, doc in zip(test, nlp.pipe(ex.text for ex in test), strict=True):
        for label in labels:
            predicted = doc.cats.get(label, 0.0) >= threshold
            actual = label in ex.labels
            if predicted and actual:
                tp[label] += 1
            elif predicted:
                fp[label] += 1
            elif actual:
                fn[label] += 1
    train_groups = _groups_per_label(train)
    test_groups = _groups_per_label(test)
    out = []
    for label in labels:
        p = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else None
        r = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else None
        f = 2 * p * r / (p + r) if p is not None and r is not None and p + r else (
            0.0 if p is not None and r is not None else None)
        out.append(CodeMetrics(label, _r(p), _r(r), _r(f), train_groups[label], test_groups[label]))
    return out


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


class LearnedSuggester:
    """A trained classifier loaded from the bytes ``train_classifier`` produced."""

    def __init__(self, data: bytes) -> None:
        import srsly
        from spacy.util import load_model_from_config
        from thinc.api import Config

        try:
            payload = srsly.msgpack_loads(inflate(data))
            if not isinstance(payload, dict) or payload.get("format") != FORMAT:
                raise ValueError("not a model this version wrote")
            config = Config().from_str(payload["config"], interpolate=False)
            check_config(config)
            config = config.interpolate()
            nlp = load_model_from_config(config, auto_fill=False, validate=False)
            nlp.from_bytes(payload["model"])
        except InvalidInput:
            raise
        except Exception as exc:  # noqa: BLE001 - any damage reads as one clear error
            raise InvalidInput(
                f"the study's learned model cannot be read ({short(exc)}); retrain it"
            ) from exc
        self.nlp = nlp
        self.language: str = nlp.lang
        self.labels: list[str] = list(payload["labels"])
        self.threshold: float = float(payload["threshold"])
        self.metrics = {m["code"]: m for m in payload.get("metrics", [])}

    def scores(self, texts: Iterable[str], batch_size: int = 256) -> list[dict[str, float]]:
        return [dict(doc.cats) for doc in self.nlp.pipe(texts, batch_size=batch_size)]

    def suggest(
        self,
        source_id: int,
        pieces: Iterable[tuple[str, int]],
        threshold: float | None = None,
        installed: str | None = None,
    ) -> list[Suggestion]:
        """Suggestions for the sentences of (text, offset) pieces of one source."""
        from interviewcoder.nlp.sentences import sentence_spans_many

        cut = self.threshold if threshold is None else threshold
        pieces = list(pieces)
        spans: list[tuple[int, int, str]] = []
        for (text, offset), sents in zip(
            pieces, sentence_spans_many(pieces, self.language, installed), strict=True
        ):
            spans.extend((s, e, text[s - offset : e - offset]) for s, e in sents)
        out = []
        for (s, e, sentence), cats in zip(spans, self.scores(t for _, _, t in spans), strict=True):
            for label, score in cats.items():
                if score >= cut:
                    out.append(Suggestion(source_id, s, e, sentence, label, label.split("/", 1)[0],
                                          round(float(score), 4), self._reason(label, score),
                                          "learned"))
        return out

    def _reason(self, label: str, score: float) -> str:
        f1 = self.metrics.get(label, {}).get("f1")
        measured = f"held-out F1 {f1:.2f}" if f1 is not None else "not measured"
        return f"learned from your coding: {score:.2f} ({measured})"


def inflate(data: bytes, limit: int = MAX_INFLATED_BYTES) -> bytes:
    """The model's bytes, inflated; refused (``InvalidInput``) when they would grow past
    ``limit``. The size is measured first, in small steps, keeping nothing."""
    if len(data) > MAX_STORED_BYTES:
        raise InvalidInput(f"the study's learned model is {len(data) >> 20} MB stored, over the "
                           f"{MAX_STORED_BYTES >> 20} MB limit; retrain it")
    inflater = zlib.decompressobj()
    size = 0
    try:
        for at in range(0, len(data), 1 << 16):
            rest = data[at : at + (1 << 16)]
            while rest and not inflater.eof:
                size += len(inflater.decompress(rest, 1 << 20))
                rest = inflater.unconsumed_tail
                if size > limit:
                    raise InvalidInput(
                        f"the study's learned model inflates past {limit >> 20} MB; it is not "
                        "one interviewcoder made; retrain it")
    except zlib.error as exc:
        raise InvalidInput(f"the study's learned model is damaged ({exc}); retrain it") from None
    if not inflater.eof:
        raise InvalidInput("the study's learned model is cut short; retrain it")
    return zlib.decompress(data)


def check_config(config: Any) -> None:
    """Refuse a stored pipeline config that is not the kind ``train_classifier`` makes: one
    text classifier, built only from registered functions our own config uses (a config can
    name any registered function, and a study may come from anyone)."""
    nlp = config.get("nlp", {})
    if list(nlp.get("pipeline", [])) != [_COMPONENT] or set(config.get("components", {})) != {
            _COMPONENT} or config["components"][_COMPONENT].get("factory") != _COMPONENT:
        raise ValueError(f"not a single {_COMPONENT} pipeline")
    lang = str(nlp.get("lang", ""))
    if not lang.isascii() or not lang.replace("_", "").isalpha() or len(lang) > 8:
        raise ValueError(f"language {lang[:20]!r}")
    for key in ("before_creation", "after_creation", "after_pipeline_creation"):
        if nlp.get(key) is not None:
            raise ValueError(f"nlp.{key} is set")
    ours = _our_config(lang)
    model = dict(config["components"][_COMPONENT].get("model", {}))
    expected = dict(ours["components"][_COMPONENT]["model"])
    if {k: v for k, v in model.items() if k != "nO"} != {
            k: v for k, v in expected.items() if k != "nO"}:
        raise ValueError("its classifier is not built as interviewcoder builds it")
    allowed = set(_references(ours))
    for ref in _references(config):
        if ref not in allowed:
            raise ValueError(f"it uses {ref[0]} = {ref[1]!r}, which interviewcoder never does")


def _references(node: Any) -> Iterable[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and key.startswith("@"):
                yield key, str(value)
            else:
                yield from _references(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _references(value)


_ours: dict[str, Any] = {}


def _our_config(language: str) -> Any:
    """The filled config ``train_classifier`` trains from, for ``language``."""
    if language not in _ours:
        from spacy.util import load_config, load_model_from_config

        cfg = load_config(models_path("configs", CONFIG), overrides={"nlp.lang": language})
        _ours[language] = load_model_from_config(cfg, auto_fill=True, validate=True).config
    return _ours[language]


def short(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:160]
