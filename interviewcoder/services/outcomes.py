"""Outcomes as the study's vocabulary: won, lost, churned by default; add, rename, merge.

Everywhere an outcome is given (an import, ``participants set``, a survey's outcome map, the
app's drop-downs) it must be one of the study's outcomes or ``unknown``; a typo such as
``churn`` is refused with the list of known ones instead of becoming a group of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewcoder.core.errors import InvalidInput, NotFound
from interviewcoder.core.types import UNKNOWN_OUTCOME
from interviewcoder.services.operations import Applied, Changes, Composite, Operation, execute
from interviewcoder.store import Study


def clean(value: str) -> str:
    """An outcome as stored: trimmed, lower case."""
    value = " ".join(value.split()).lower()
    if not value:
        raise InvalidInput("an outcome cannot be empty (use 'unknown')")
    return value


def known(study: Study) -> list[str]:
    """The study's outcomes in order (without ``unknown``, which every study has)."""
    return study.outcomes.names()


def choices(study: Study) -> list[str]:
    """What a drop-down offers: ``unknown`` then the study's outcomes."""
    return [UNKNOWN_OUTCOME, *known(study)]


def check(study: Study, value: str) -> str:
    """``value`` as a known outcome, or a one-line error naming the known ones."""
    outcome = clean(value)
    if outcome == UNKNOWN_OUTCOME or outcome in known(study):
        return outcome
    names = ", ".join(known(study))
    raise InvalidInput(
        f"unknown outcome {outcome!r} (the study's outcomes: {names}, unknown; add one with "
        f"'interviewcoder outcomes STUDY add {outcome}')")


def _existing(study: Study, name: str) -> str:
    name = clean(name)
    if name not in known(study):
        raise NotFound(f"no outcome {name!r} (the study's outcomes: {', '.join(known(study))})")
    return name


@dataclass(frozen=True)
class AddOutcome(Operation):
    name: str
    position: int | None = None
    action = "add_outcome"

    def target(self) -> str:
        return f"outcome:{self.name}"

    def run(self, study: Study, coder: str) -> Applied:
        name = clean(self.name)
        if name == UNKNOWN_OUTCOME or name in known(study):
            raise InvalidInput(f"the study already has the outcome {name!r}")
        study.outcomes.add(name, self.position)
        return Applied(Changes(outcomes=True), RemoveOutcome(name), name)


@dataclass(frozen=True)
class RemoveOutcome(Operation):
    """Remove an outcome no participant has (merge it into another to move its people)."""

    name: str
    action = "remove_outcome"

    def target(self) -> str:
        return f"outcome:{self.name}"

    def run(self, study: Study, coder: str) -> Applied:
        name = _existing(study, self.name)
        used = study.outcomes.usage().get(name, 0)
        if used:
            raise InvalidInput(f"{used} participant(s) have the outcome {name!r}: merge it into "
                               "another outcome instead")
        position = study.outcomes.position(name)
        study.outcomes.remove(name)
        return Applied(Changes(outcomes=True), AddOutcome(name, position))


@dataclass(frozen=True)
class RenameOutcome(Operation):
    old: str
    new: str
    action = "rename_outcome"

    def target(self) -> str:
        return f"outcome:{self.old}"

    def detail(self) -> dict[str, object]:
        return {"to": self.new}

    def run(self, study: Study, coder: str) -> Applied:
        old, new = _existing(study, self.old), clean(self.new)
        if new == UNKNOWN_OUTCOME or new in known(study):
            raise InvalidInput(f"the study already has the outcome {new!r}: merge {old!r} into "
                               "it instead")
        people = frozenset(study.participants.with_outcome(old))
        study.outcomes.rename(old, new)
        return Applied(Changes(participants=people, outcomes=True), RenameOutcome(new, old),
                       len(people))


@dataclass(frozen=True)
class SetOutcomeOf(Operation):
    """Give several participants one outcome (the inverse of a merge puts theirs back)."""

    participant_ids: tuple[int, ...]
    outcome: str
    action = "set_outcomes"

    def target(self) -> str:
        return f"outcome:{self.outcome}"

    def detail(self) -> dict[str, object]:
        return {"participants": len(self.participant_ids)}

    def run(self, study: Study, coder: str) -> Applied:
        before: dict[str, list[int]] = {}
        for pid in self.participant_ids:
            p = study.participants.get(pid)
            if p is None:
                raise NotFound(f"no participant with id {pid}")
            before.setdefault(p.outcome, []).append(pid)
        study.participants.set_outcome(list(self.participant_ids), self.outcome)
        inverse = Composite(tuple(SetOutcomeOf(tuple(ids), outcome)
                                  for outcome, ids in before.items()), "Set outcomes")
        return Applied(Changes(participants=frozenset(self.participant_ids)), inverse)


@dataclass(frozen=True)
class MergeOutcome(Operation):
    """Every participant of ``source`` gets ``into``; ``source`` leaves the vocabulary."""

    source: str
    into: str
    action = "merge_outcome"

    def target(self) -> str:
        return f"outcome:{self.source}"

    def detail(self) -> dict[str, object]:
        return {"into": self.into}

    def run(self, study: Study, coder: str) -> Applied:
        source = _existing(study, self.source)
        into = clean(self.into)
        if into != UNKNOWN_OUTCOME:
            into = _existing(study, into)
        if into == source:
            raise InvalidInput(f"cannot merge the outcome {source!r} into itself")
        people = tuple(study.participants.with_outcome(source))
        position = study.outcomes.position(source)
        study.participants.set_outcome(list(people), into)
        study.outcomes.remove(source)
        inverse = Composite((AddOutcome(source, position), SetOutcomeOf(people, source)),
                            f"Unmerge outcome {source}")
        return Applied(Changes(participants=frozenset(people), outcomes=True), inverse,
                       len(people))


def add(study: Study, name: str, coder: str) -> Applied:
    return execute(study, AddOutcome(name), coder)


def rename(study: Study, old: str, new: str, coder: str) -> Applied:
    return execute(study, RenameOutcome(old, new), coder)


def merge(study: Study, source: str, into: str, coder: str) -> Applied:
    return execute(study, MergeOutcome(source, into), coder)


def remove(study: Study, name: str, coder: str) -> Applied:
    return execute(study, RemoveOutcome(name), coder)
