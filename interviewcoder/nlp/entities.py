"""PERSON / ORG entities from a pipeline the user installed, for redaction.

The blank pipelines have no NER, so entities come only from a pipeline the user installed and
named (``--ner-pipeline en_core_web_sm``, or the app's pipeline setting). A named pipeline that
is not installed, or has no ``ner`` component, is an error: redaction that silently skipped the
names it was asked to find would leak them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from interviewcoder.core.errors import InvalidInput
from interviewcoder.nlp.pipelines import installed_pipeline_available

WANTED = {"PERSON", "PER", "ORG"}


def entity_finder(pipeline: str | None) -> Callable[[str], Iterable[tuple[int, int, str]]] | None:
    """A function giving (start, end, label) of PERSON/ORG entities; None when no pipeline is
    named. Raises ``InvalidInput`` when the named one is not installed or finds no entities."""
    if not pipeline:
        return None
    if not installed_pipeline_available(pipeline):
        raise InvalidInput(f"--ner-pipeline {pipeline}: no spaCy pipeline of that name is "
                           f"installed (install it with pip, e.g. en_core_web_sm, or leave it out)")
    import spacy

    nlp = spacy.load(pipeline)
    if "ner" not in nlp.pipe_names:
        raise InvalidInput(f"--ner-pipeline {pipeline}: that pipeline has no named-entity "
                           f"recogniser (ner); choose one that has")
    keep = {"ner", "tok2vec", "transformer"}
    nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in keep])

    def find(text: str) -> list[tuple[int, int, str]]:
        doc = nlp(text)
        return [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in WANTED]

    return find
