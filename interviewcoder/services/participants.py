"""Participants: add and edit them, and map a source's speakers to them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from interviewcoder.core.errors import InvalidInput, NotFound
from interviewcoder.core.types import Participant, Role, Turn
from interviewcoder.services.operations import Applied, Changes, Composite, Operation, execute
from interviewcoder.store import Study, now


def normalise_outcome(value: str) -> str:
    value = value.strip().lower()
    if not value:
        raise InvalidInput("an outcome cannot be empty (use 'unknown')")
    return value


def _participant(study: Study, participant_id: int) -> Participant:
    p = study.participants.get(participant_id)
    if p is None:
        raise NotFound(f"no participant with id {participant_id}")
    return p


def by_name(study: Study, name: str) -> Participant:
    p = study.participants.by_name(name)
    if p is None:
        raise NotFound(f"no participant named {name!r}")
    return p


@dataclass(frozen=True)
class AddParticipant(Operation):
    name: str
    outcome: str | None = None
    persona: str | None = None
    attributes: tuple[tuple[str, str], ...] = ()
    participant_id: int = 0
    action = "add_participant"

    def target(self) -> str:
        return f"participant:{self.name}"

    def run(self, study: Study, coder: str) -> Applied:
        name = self.name.strip()
        if not name:
            raise InvalidInput("a participant needs a name")
        if study.participants.by_name(name) is not None:
            raise InvalidInput(f"there is already a participant named {name!r}")
        pid = study.participants.add(
            name, outcome=normalise_outcome(self.outcome) if self.outcome else None,
            persona=self.persona or None, attributes=dict(self.attributes), created_at=now(),
            participant_id=self.participant_id or None)
        return Applied(Changes(participants=frozenset({pid})), DeleteParticipant(pid), pid)


@dataclass(frozen=True)
class DeleteParticipant(Operation):
    participant_id: int
    action = "delete_participant"

    def target(self) -> str:
        return f"participant:{self.participant_id}"

    def run(self, study: Study, coder: str) -> Applied:
        p = _participant(study, self.participant_id)
        mapping = _turns_of(study, p.id)
        study.participants.delete(p.id)
        inverse = Composite((
            AddParticipant(p.name, p.outcome, p.persona, tuple(p.attributes.items()), p.id),
            SetTurnMapping(tuple((tid, role, p.id) for tid, role in mapping)),
        ), "Restore participant")
        return Applied(Changes(participants=frozenset({p.id})), inverse)


def _turns_of(study: Study, participant_id: int) -> list[tuple[int, str]]:
    return [(t.id, t.role.value) for t in study.sources.turns_of_participant(participant_id)]


@dataclass(frozen=True)
class UpdateParticipant(Operation):
    """Change name, outcome, persona and/or attributes (None leaves a field as it is)."""

    participant_id: int
    name: str | None = None
    outcome: str | None = None
    persona: str | None = None
    attributes: tuple[tuple[str, str | None], ...] = ()  # value None removes the key
    action = "update_participant"

    def target(self) -> str:
        return f"participant:{self.participant_id}"

    def detail(self) -> dict[str, object]:
        out: dict[str, object] = {k: v for k, v in (("name", self.name), ("outcome", self.outcome),
                                                    ("persona", self.persona)) if v is not None}
        if self.attributes:
            out["attributes"] = dict(self.attributes)
        return out

    def run(self, study: Study, coder: str) -> Applied:
        old = _participant(study, self.participant_id)
        name = old.name if self.name is None else self.name.strip()
        if not name:
            raise InvalidInput("a participant needs a name")
        other = study.participants.by_name(name)
        if other is not None and other.id != old.id:
            raise InvalidInput(f"there is already a participant named {name!r}")
        attributes = dict(old.attributes)
        for key, value in self.attributes:
            if value is None:
                attributes.pop(key, None)
            else:
                attributes[key] = value
        persona = old.persona if self.persona is None else (self.persona.strip() or None)
        outcome = old.outcome if self.outcome is None else normalise_outcome(self.outcome)
        study.participants.update(replace(old, name=name, outcome=outcome, persona=persona,
                                          attributes=attributes))
        undo_attrs = tuple((k, old.attributes.get(k)) for k, _ in self.attributes)
        inverse = UpdateParticipant(old.id, old.name, old.outcome, old.persona or "", undo_attrs)
        return Applied(Changes(participants=frozenset({old.id})), inverse)


@dataclass(frozen=True)
class SetTurnMapping(Operation):
    """Set (turn id, role, participant id) for several turns."""

    turns: tuple[tuple[int, str, int | None], ...]
    action = "map_turns"

    def detail(self) -> dict[str, object]:
        return {"turns": len(self.turns)}

    def run(self, study: Study, coder: str) -> Applied:
        before: list[tuple[int, str, int | None]] = []
        sources: set[int] = set()
        people: set[int] = set()
        for turn_id, role, pid in self.turns:
            old = _turn(study, turn_id)
            before.append((turn_id, old.role.value, old.participant_id))
            sources.add(old.source_id)
            people.update(p for p in (pid, old.participant_id) if p is not None)
            study.sources.set_turn_participant(turn_id, Role(role), pid)
        return Applied(Changes(participants=frozenset(people), sources=frozenset(sources)),
                       SetTurnMapping(tuple(before)))


def _turn(study: Study, turn_id: int) -> Turn:
    t = study.sources.turn(turn_id)
    if t is None:
        raise NotFound(f"no turn with id {turn_id}")
    return t


def map_speaker_op(study: Study, source_id: int, speaker: str | None, role: Role,
                   participant_id: int | None) -> SetTurnMapping:
    """The operation that maps every turn of ``speaker`` in a source to role and participant."""
    if study.sources.get(source_id) is None:
        raise NotFound(f"no source with id {source_id}")
    if role == Role.INTERVIEWER:
        participant_id = None
    turns = [t for t in study.sources.turns(source_id) if t.speaker == speaker]
    if not turns:
        raise NotFound(f"source {source_id} has no speaker {speaker!r}")
    return SetTurnMapping(tuple((t.id, role.value, participant_id) for t in turns))


def map_speaker(study: Study, source_id: int, speaker: str | None, role: Role,
                participant_id: int | None, coder: str) -> Applied:
    return execute(study, map_speaker_op(study, source_id, speaker, role, participant_id), coder)


def add_participant(study: Study, name: str, coder: str, *, outcome: str | None = None,
                    persona: str | None = None, attributes: dict[str, str] | None = None) -> Applied:
    return execute(study, AddParticipant(name, outcome, persona,
                                         tuple((attributes or {}).items())), coder)


def set_participant(study: Study, name: str, coder: str, *, outcome: str | None = None,
                    persona: str | None = None, attributes: dict[str, str | None] | None = None,
                    create: bool = True) -> Applied:
    """Update a participant by name; create it first when it does not exist and ``create``."""
    with study.atomic():
        existing = study.participants.by_name(name)
        if existing is None:
            if not create:
                raise NotFound(f"no participant named {name!r}")
            return execute(study, AddParticipant(
                name, outcome, persona,
                tuple((k, v) for k, v in (attributes or {}).items() if v is not None)), coder)
        return execute(study, UpdateParticipant(existing.id, None, outcome, persona,
                                                tuple((attributes or {}).items())), coder)
