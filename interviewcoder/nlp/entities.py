"""PERSON / ORG entities from a pipeline the user installed, for redaction.

The blank pipelines have no NER, so this only works when the user named an installed pipeline
(e.g. ``en_core_web_sm``) in settings; otherwise ``entity_finder`` returns None and redaction
uses names, e-mails, phones and URLs only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from interviewcoder.nlp.pipelines import installed_pipeline_available

WANTED = {"PERSON", "PER", "ORG"}


def entity_finder(pipeline: str | None) -> Callable[[str], Iterable[tuple[int, int, str]]] | None:
    """A function giving (start, end, label) of PERSON/ORG entities, or None if not installed."""
    if not installed_pipeline_available(pipeline):
        return None
    import spacy

    nlp = spacy.load(pipeline)  # type: ignore[arg-type]
    if "ner" not in nlp.pipe_names:
        return None
    keep = {"ner", "tok2vec", "transformer"}
    nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in keep])

    def find(text: str) -> list[tuple[int, int, str]]:
        doc = nlp(text)
        return [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in WANTED]

    return find
