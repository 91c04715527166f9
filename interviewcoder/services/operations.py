"""Undoable operations: small values that apply themselves and return their inverse.

``execute(study, op, coder)`` runs one operation in one transaction, records it in the change
log, and returns an ``Applied`` with what changed and the operation that undoes it. The GUI
puts these on a QUndoStack; the CLI runs them once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from interviewcoder.store import Study


@dataclass(frozen=True)
class Changes:
    """Ids of what an operation touched, so views refresh only what they show."""

    quotes: frozenset[int] = frozenset()
    codes: frozenset[int] = frozenset()
    participants: frozenset[int] = frozenset()
    sources: frozenset[int] = frozenset()
    codebook: bool = False  # the codebook's structure (order, names, dimensions) changed
    outcomes: bool = False  # the study's outcome vocabulary changed
    # sources whose details (a memo) changed, not their text, turns or quotes
    source_details: frozenset[int] = frozenset()

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.quotes | other.quotes,
            self.codes | other.codes,
            self.participants | other.participants,
            self.sources | other.sources,
            self.codebook or other.codebook,
            self.outcomes or other.outcomes,
            self.source_details | other.source_details,
        )

    def __bool__(self) -> bool:
        return bool(self.quotes or self.codes or self.participants or self.sources or self.codebook
                    or self.outcomes or self.source_details)


@dataclass(frozen=True)
class Applied:
    changes: Changes
    inverse: Operation
    result: Any = None


class Operation:
    """Base of every undoable change. Subclasses are frozen dataclasses."""

    action = "change"

    @property
    def label(self) -> str:
        """Short text for the Undo menu ("Add quote", "Rename code")."""
        return self.action.replace("_", " ").capitalize()

    def target(self) -> str:
        return ""

    def detail(self) -> dict[str, Any]:
        return {}

    def run(self, study: Study, coder: str) -> Applied:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class Composite(Operation):
    """Several operations as one undo step."""

    ops: tuple[Operation, ...]
    name: str = "change"
    action = "composite"

    @property
    def label(self) -> str:
        return self.name

    def run(self, study: Study, coder: str) -> Applied:
        changes = Changes()
        inverses: list[Operation] = []
        results: list[Any] = []
        for op in self.ops:
            applied = op.run(study, coder)
            changes |= applied.changes
            inverses.append(applied.inverse)
            results.append(applied.result)
        return Applied(changes, Composite(tuple(reversed(inverses)), self.name), results)


@dataclass(frozen=True)
class Nothing(Operation):
    action = "nothing"

    def run(self, study: Study, coder: str) -> Applied:
        return Applied(Changes(), self)


def execute(study: Study, op: Operation, coder: str) -> Applied:
    """Apply ``op`` in one transaction and append it to the change log."""
    with study.atomic():
        applied = op.run(study, coder)
        _log(study, op, coder)
    return applied


def _log(study: Study, op: Operation, coder: str) -> None:
    if isinstance(op, Composite):
        for inner in op.ops:
            _log(study, inner, coder)
    elif not isinstance(op, Nothing):
        study.log(coder, op.action, op.target(), op.detail())


@dataclass(frozen=True)
class Result:
    """What a non-undoable service call did (imports, bulk codebook import)."""

    changes: Changes = field(default_factory=Changes)
    summary: str = ""
