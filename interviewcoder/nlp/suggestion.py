"""The suggestion value the nlp layer proposes and the services and UI pass around (no spaCy)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A span of a source that may deserve a code: the researcher accepts or rejects it.

    ``start``/``end`` are character offsets into the source's text (a whole sentence);
    ``code_path`` is ``dimension/Name``; ``reason`` says why (the words that matched, or the
    learned model's confidence); ``method`` is ``pattern`` or ``learned`` (or both, joined by +).
    """

    source_id: int
    start: int
    end: int
    text: str
    code_path: str
    dimension: str
    score: float
    reason: str
    method: str = "pattern"

    @property
    def key(self) -> tuple[int, int, int, str]:
        return (self.source_id, self.start, self.end, self.code_path.casefold())

    def as_dict(self) -> dict[str, object]:
        return {
            "source_id": self.source_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "code": self.code_path,
            "dimension": self.dimension,
            "score": round(self.score, 4),
            "reason": self.reason,
            "method": self.method,
        }


def merge_suggestions(*groups: Iterable[Suggestion]) -> list[Suggestion]:
    """One suggestion per (source, span, code): the highest score, the reasons joined.

    The result is in reading order (source, start), best score first within a span.
    """
    merged: dict[tuple[int, int, int, str], Suggestion] = {}
    for group in groups:
        for s in group:
            old = merged.get(s.key)
            if old is None:
                merged[s.key] = s
                continue
            best, other = (s, old) if s.score > old.score else (old, s)
            methods = "+".join(dict.fromkeys(old.method.split("+") + s.method.split("+")))
            reason = best.reason
            if other.reason not in reason:
                reason = f"{reason}; {other.reason}"
            merged[s.key] = replace(best, reason=reason, method=methods)
    return sorted(merged.values(), key=lambda s: (s.source_id, s.start, -s.score, s.code_path))
