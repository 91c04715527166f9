"""Build and cache spaCy pipelines: a blank pipeline for the study's language, or an installed one.

No model weights are ever downloaded. A pipeline is ``spacy.blank(language)`` with a sentencizer
(plus the newline rule below), or a pipeline the user installed and named in settings, used only
when ``spacy.util.is_package(name)`` says it is there.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from interviewcoder.core.errors import InvalidInput

if TYPE_CHECKING:
    from spacy.language import Language

NEWLINE_BREAKS = "interviewcoder_newline_breaks"

_lock = threading.Lock()
_cache: dict[tuple[str, str | None], Language] = {}


def _register_components() -> None:
    from spacy.language import Language

    if Language.has_factory(NEWLINE_BREAKS):
        return

    @Language.component(NEWLINE_BREAKS)
    def newline_breaks(doc):  # type: ignore[no-untyped-def]
        """A line break ends a sentence: turns and survey answers sit on their own lines.

        Line breaks sit in whitespace tokens; the first token after one (and after any
        whitespace that follows it) starts a sentence. (``doc.text`` is not used: it rebuilds
        the text from every token.)"""
        import numpy

        n = len(doc)
        if n < 2:
            return doc
        space = doc.to_array("IS_SPACE")
        index = []
        for i in numpy.flatnonzero(space).tolist():
            if "\n" not in doc[i].text:
                continue
            j = i + 1
            while j < n and space[j]:
                j += 1
            if j < n:
                index.append(j)
        if not index:
            return doc
        # Setting token.is_sent_start one by one re-checks the whole doc each time (quadratic);
        # write the column in one go instead.
        sent_starts = doc.to_array("SENT_START")
        sent_starts[index] = 1
        doc.from_array(["SENT_START"], sent_starts.reshape(-1, 1))
        return doc


def installed_pipeline_available(name: str | None) -> bool:
    """True when ``name`` is a pipeline package the user has installed."""
    if not name:
        return False
    import spacy.util

    return bool(spacy.util.is_package(name))


def blank_pipeline(language: str = "en") -> Language:
    """A fresh blank pipeline for ``language`` with sentence boundaries (not cached)."""
    import spacy

    _register_components()
    try:
        nlp = spacy.blank(language or "en")
    except (ImportError, KeyError, ValueError) as exc:
        raise InvalidInput(f"spaCy has no language '{language}'") from exc
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(NEWLINE_BREAKS, after="sentencizer")
    return nlp


def _installed(name: str) -> Language:
    import spacy

    _register_components()
    nlp = spacy.load(name)
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
        if "sentencizer" not in nlp.pipe_names:
            nlp.add_pipe("sentencizer", first=True)
    # The newline rule must run before the parser sets boundaries.
    nlp.add_pipe(NEWLINE_BREAKS, first=True)
    return nlp


def sentence_pipeline(language: str = "en", installed: str | None = None) -> Language:
    """The cached pipeline used for sentences: the installed one when available, else blank."""
    key = (language or "en", installed if installed_pipeline_available(installed) else None)
    with _lock:
        nlp = _cache.get(key)
        if nlp is None:
            nlp = _installed(key[1]) if key[1] else blank_pipeline(key[0])
            _cache[key] = nlp
        return nlp


def clear_cache() -> None:
    """Forget cached pipelines (tests, or after the user changes the installed pipeline)."""
    with _lock:
        _cache.clear()
