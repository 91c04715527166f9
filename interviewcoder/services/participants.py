"""Participants: add, edit, merge and delete them, and map a source's speakers to them.

Every change is an undoable operation. Remapping turns never leaves a participant with no
turns in the denominators: a participant whose last turns are remapped is removed in the same
step (undo brings them back with their outcome, persona, attributes and memo).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from interviewcoder.core.errors import InvalidInput, NotFound
from interviewcoder.core.types import UNKNOWN_OUTCOME, Participant, Role, Turn
from interviewcoder.services import outcomes
from interviewcoder.services.operations import Applied, Changes, Composite, Operation, execute
from interviewcoder.store import Study, now


def normalise_outcome(value: str) -> str:
    """An outcome as stored (trimmed, lower case), not yet checked against the vocabulary."""
    return outcomes.clean(value)


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
    memo: str = ""
    created_at: str | None = None
    guid: str | None = None  # a REFI-QDA GUID to give back (undoing a delete)
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
            name, outcome=outcomes.check(study, self.outcome) if self.outcome else None,
            persona=self.persona or None, attributes=dict(self.attributes),
            created_at=self.created_at or now(), participant_id=self.participant_id or None,
            memo=self.memo)
        if self.guid:
            study.participants.set_guid(pid, self.guid)
        return Applied(Changes(participants=frozenset({pid})), DeleteParticipant(pid), pid)


@dataclass(frozen=True)
class DeleteParticipant(Operation):
    """Remove a participant; their turns then count for no one (undo maps them back)."""

    participant_id: int
    action = "delete_participant"

    def target(self) -> str:
        return f"participant:{self.participant_id}"

    def run(self, study: Study, coder: str) -> Applied:
        p = _participant(study, self.participant_id)
        turns = study.sources.turns_of_participant(p.id)
        mapping = [(t.id, t.role.value) for t in turns]
        sources = frozenset(t.source_id for t in turns)
        created = study.participants.created_at(p.id)
        guid = study.participants.guid(p.id)
        study.participants.delete(p.id)
        restore: list[Operation] = [_re_add(p, created, guid)]
        if mapping:
            restore.append(SetTurnMapping(tuple((tid, role, p.id) for tid, role in mapping)))
        return Applied(Changes(participants=frozenset({p.id}), sources=sources),
                       Composite(tuple(restore), "Restore participant"), len(mapping))


def _re_add(p: Participant, created: str | None, guid: str | None = None) -> AddParticipant:
    return AddParticipant(p.name, p.outcome, p.persona, tuple(p.attributes.items()), p.id, p.memo,
                          created, guid)


@dataclass(frozen=True)
class UpdateParticipant(Operation):
    """Change name, outcome, persona, memo and/or attributes (None leaves a field as it is)."""

    participant_id: int
    name: str | None = None
    outcome: str | None = None
    persona: str | None = None
    attributes: tuple[tuple[str, str | None], ...] = ()  # value None removes the key
    memo: str | None = None
    action = "update_participant"

    def target(self) -> str:
        return f"participant:{self.participant_id}"

    def detail(self) -> dict[str, object]:
        out: dict[str, object] = {k: v for k, v in (("name", self.name), ("outcome", self.outcome),
                                                    ("persona", self.persona),
                                                    ("memo", self.memo)) if v is not None}
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
            raise InvalidInput(f"there is already a participant named {name!r} (merge the two "
                               "to make them one)")
        attributes = dict(old.attributes)
        for key, value in self.attributes:
            if value is None:
                attributes.pop(key, None)
            else:
                attributes[key] = value
        persona = old.persona if self.persona is None else (self.persona.strip() or None)
        outcome = old.outcome if self.outcome is None else outcomes.check(study, self.outcome)
        memo = old.memo if self.memo is None else self.memo
        study.participants.update(replace(old, name=name, outcome=outcome, persona=persona,
                                          attributes=attributes, memo=memo))
        undo_attrs = tuple((k, old.attributes.get(k)) for k, _ in self.attributes)
        inverse = UpdateParticipant(old.id, old.name, old.outcome, old.persona or "", undo_attrs,
                                    old.memo)
        return Applied(Changes(participants=frozenset({old.id})), inverse)


FieldRow = tuple[int, str | None, str | None, tuple[tuple[str, str | None], ...]]
"""(participant id, outcome, persona, attributes) — None leaves a field, persona "" clears it,
an attribute value None removes the key."""


@dataclass(frozen=True)
class UpdateParticipants(Operation):
    """Set fields on many participants as one step (and one change-log entry)."""

    rows: tuple[FieldRow, ...]
    name: str = "Set for participants"
    action = "update_participants"

    @property
    def label(self) -> str:
        return self.name

    def detail(self) -> dict[str, object]:
        fields = {f for _, o, p, a in self.rows for f, v in (("outcome", o), ("persona", p))
                  if v is not None} | {f"attribute:{k}" for *_, a in self.rows for k, _ in a}
        return {"participants": len(self.rows), "fields": sorted(fields)}

    def run(self, study: Study, coder: str) -> Applied:
        old = study.participants.get_many([r[0] for r in self.rows])
        checked = {o: outcomes.check(study, o) for o in {r[1] for r in self.rows} if o is not None}
        new: list[Participant] = []
        undo: list[FieldRow] = []
        for pid, outcome, persona, attrs in self.rows:
            p = old.get(pid)
            if p is None:
                raise NotFound(f"no participant with id {pid}")
            attributes = dict(p.attributes)
            for key, value in attrs:
                if value is None:
                    attributes.pop(key, None)
                else:
                    attributes[key] = value
            new.append(replace(
                p, outcome=p.outcome if outcome is None else checked[outcome],
                persona=p.persona if persona is None else (persona.strip() or None),
                attributes=attributes))
            undo.append((pid, None if outcome is None else p.outcome,
                         None if persona is None else (p.persona or ""),
                         tuple((k, p.attributes.get(k)) for k, _ in attrs)))
        study.participants.update_many(new)
        return Applied(Changes(participants=frozenset(old)),
                       UpdateParticipants(tuple(undo), self.name))


@dataclass(frozen=True)
class SetTurnMapping(Operation):
    """Set (turn id, role, participant id) for several turns (the bare step, no clean-up)."""

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


@dataclass(frozen=True)
class RemapTurns(Operation):
    """Map turns to roles and participants; a participant left with no turns is removed.

    The result is the names of the participants removed (so a face can report them).
    """

    turns: tuple[tuple[int, str, int | None], ...]
    name: str = "Map speakers"
    action = "map_turns"

    @property
    def label(self) -> str:
        return self.name

    def detail(self) -> dict[str, object]:
        return {"turns": len(self.turns)}

    def run(self, study: Study, coder: str) -> Applied:
        before = {t: _turn(study, t).participant_id for t, _, _ in self.turns}
        mapped = SetTurnMapping(self.turns).run(study, coder)
        inverses: list[Operation] = [mapped.inverse]
        removed: list[str] = []
        changes = mapped.changes
        left = study.sources.turn_counts(p for p in before.values() if p is not None)
        for pid, n in left.items():
            if n == 0 and study.participants.get(pid) is not None:
                removed.append(_participant(study, pid).name)
                gone = DeleteParticipant(pid).run(study, coder)
                inverses.append(gone.inverse)
                changes |= gone.changes
                study.log(coder, "delete_participant", f"participant:{pid}",
                          {"name": removed[-1], "reason": "no turns left"})
        return Applied(changes, Composite(tuple(reversed(inverses)), self.name), removed)


def _turn(study: Study, turn_id: int) -> Turn:
    t = study.sources.turn(turn_id)
    if t is None:
        raise NotFound(f"no turn with id {turn_id}")
    return t


def speaker_turns(study: Study, source_id: int, speaker: str | None) -> list[Turn]:
    if study.sources.get(source_id) is None:
        raise NotFound(f"no source with id {source_id}")
    turns = [t for t in study.sources.turns(source_id) if t.speaker == speaker]
    if not turns:
        raise NotFound(f"source {source_id} has no speaker {speaker!r}")
    return turns


def map_speaker_op(study: Study, source_id: int, speaker: str | None, role: Role,
                   participant_id: int | None) -> RemapTurns:
    """The operation that maps every turn of ``speaker`` in a source to role and participant."""
    if role == Role.INTERVIEWER:
        participant_id = None
    turns = speaker_turns(study, source_id, speaker)
    return RemapTurns(tuple((t.id, role.value, participant_id) for t in turns))


def map_speaker(study: Study, source_id: int, speaker: str | None, role: Role,
                participant_id: int | None, coder: str) -> Applied:
    return execute(study, map_speaker_op(study, source_id, speaker, role, participant_id), coder)


@dataclass(frozen=True)
class MapSpeakers(Operation):
    """Map speakers of one source by name, as one undo step: (speaker, role, participant
    name) with role ``participant`` (the participant is made when new), ``interviewer`` or
    ``none`` (not a person: their turns count for no one). The result is the names of the
    participants removed for having no turns left."""

    source_id: int
    choices: tuple[tuple[str | None, str, str | None], ...]
    action = "map_speakers"

    @property
    def label(self) -> str:
        return "Map speakers"

    def target(self) -> str:
        return f"source:{self.source_id}"

    def detail(self) -> dict[str, object]:
        return {"speakers": {str(s): name or role for s, role, name in self.choices}}

    def run(self, study: Study, coder: str) -> Applied:
        created: list[Applied] = []
        triples: list[tuple[int, str, int | None]] = []
        for speaker, role, name in self.choices:
            pid: int | None = None
            if role == "participant":
                person = study.participants.by_name((name or "").strip())
                if person is None:
                    created.append(AddParticipant(name or "").run(study, coder))
                    pid = created[-1].result
                else:
                    pid = person.id
            stored = Role.INTERVIEWER.value if role == "interviewer" else Role.PARTICIPANT.value
            triples += [(t.id, stored, pid) for t in speaker_turns(study, self.source_id, speaker)]
        remap = RemapTurns(tuple(triples)).run(study, coder)
        changes = remap.changes
        for step in created:
            changes |= step.changes
        inverse = Composite((remap.inverse, *(c.inverse for c in reversed(created))),
                            "Unmap speakers")
        return Applied(changes, inverse, remap.result)


@dataclass(frozen=True)
class MergeParticipants(Operation):
    """Every turn of ``source_id`` moves to ``into_id``, which gains the attributes (and an
    unset outcome, persona or memo) it lacked; ``source_id`` is removed. One undo step."""

    source_id: int
    into_id: int
    action = "merge_participants"

    def target(self) -> str:
        return f"participant:{self.source_id}"

    def detail(self) -> dict[str, object]:
        return {"into": self.into_id}

    def run(self, study: Study, coder: str) -> Applied:
        source, into = _participant(study, self.source_id), _participant(study, self.into_id)
        if source.id == into.id:
            raise InvalidInput(f"cannot merge {source.name!r} into itself")
        turns = study.sources.turns_of_participant(source.id)
        steps: list[Applied] = [SetTurnMapping(tuple((t.id, t.role.value, into.id)
                                                     for t in turns)).run(study, coder)]
        gained = tuple((k, v) for k, v in source.attributes.items() if k not in into.attributes)
        memo = into.memo if not source.memo else "\n\n".join(m for m in (into.memo, source.memo) if m)
        fill = UpdateParticipant(
            into.id, attributes=gained, memo=memo if memo != into.memo else None,
            outcome=source.outcome if into.outcome == UNKNOWN_OUTCOME else None,
            persona=source.persona if not into.persona and source.persona else None)
        if fill.detail():
            steps.append(fill.run(study, coder))
        steps.append(DeleteParticipant(source.id).run(study, coder))
        changes = Changes(sources=frozenset(t.source_id for t in turns))
        for step in steps:
            changes |= step.changes
        inverse = Composite(tuple(s.inverse for s in reversed(steps)), "Unmerge participants")
        return Applied(changes, inverse, len(turns))


@dataclass(frozen=True)
class MarkInterviewer(Operation):
    """A participant is an interviewer: every turn of theirs becomes interviewer speech, and
    the participant (now with no turns) leaves every denominator."""

    participant_id: int
    action = "mark_interviewer"

    def target(self) -> str:
        return f"participant:{self.participant_id}"

    def run(self, study: Study, coder: str) -> Applied:
        p = _participant(study, self.participant_id)
        turns = study.sources.turns_of_participant(p.id)
        if any(t.role == Role.ANSWER for t in turns):
            raise InvalidInput(f"{p.name!r} answered a survey: a respondent is not an interviewer")
        step = RemapTurns(tuple((t.id, Role.INTERVIEWER.value, None) for t in turns))
        applied = step.run(study, coder)
        if study.participants.get(p.id) is not None:  # no turns to remap: remove them too
            gone = DeleteParticipant(p.id).run(study, coder)
            return Applied(applied.changes | gone.changes,
                           Composite((gone.inverse, applied.inverse), "Unmark interviewer"))
        return Applied(applied.changes, applied.inverse, len(turns))


@dataclass(frozen=True)
class MakeParticipant(Operation):
    """An interviewer label is a participant after all: one participant (new, or the one
    named) gets every interviewer turn of that label."""

    speaker: str
    name: str | None = None
    action = "make_participant"

    def target(self) -> str:
        return f"speaker:{self.speaker}"

    def run(self, study: Study, coder: str) -> Applied:
        turns = study.sources.interviewer_turns(self.speaker)
        if not turns:
            raise NotFound(f"no interviewer speaks as {self.speaker!r}")
        name = (self.name or self.speaker).strip()
        person = study.participants.by_name(name)
        steps: list[Applied] = []
        if person is None:
            steps.append(AddParticipant(name).run(study, coder))
            pid = steps[-1].result
        else:
            pid = person.id
        steps.append(SetTurnMapping(tuple((t.id, Role.PARTICIPANT.value, pid)
                                          for t in turns)).run(study, coder))
        changes = Changes()
        for step in steps:
            changes |= step.changes
        return Applied(changes, Composite(tuple(s.inverse for s in reversed(steps)),
                                          "Make interviewer again"), pid)


def update_many_op(study: Study, participant_ids: Iterable[int], *, outcome: str | None = None,
                   persona: str | None = None, attributes: dict[str, str | None] | None = None,
                   label: str = "Set for participants") -> UpdateParticipants:
    """One undo step that sets the same fields on several participants (checked first)."""
    if outcome is not None:
        outcome = outcomes.check(study, outcome)
    ids = list(dict.fromkeys(participant_ids))
    missing = set(ids) - set(study.participants.get_many(ids))
    if missing:
        raise NotFound(f"no participant with id {min(missing)}")
    attrs = tuple((attributes or {}).items())
    return UpdateParticipants(tuple((pid, outcome, persona, attrs) for pid in ids), label)


def add_participant(study: Study, name: str, coder: str, *, outcome: str | None = None,
                    persona: str | None = None, attributes: dict[str, str] | None = None) -> Applied:
    return execute(study, AddParticipant(name, outcome, persona,
                                         tuple((attributes or {}).items())), coder)


def set_participant(study: Study, name: str, coder: str, *, outcome: str | None = None,
                    persona: str | None = None, attributes: dict[str, str | None] | None = None,
                    memo: str | None = None, create: bool = True) -> Applied:
    """Update a participant by name; create it first when it does not exist and ``create``."""
    with study.atomic():
        existing = study.participants.by_name(name)
        if existing is None:
            if not create:
                raise NotFound(f"no participant named {name!r} (add --create to make one)")
            return execute(study, AddParticipant(
                name, outcome, persona,
                tuple((k, v) for k, v in (attributes or {}).items() if v is not None),
                memo=memo or ""), coder)
        return execute(study, UpdateParticipant(existing.id, None, outcome, persona,
                                                tuple((attributes or {}).items()), memo), coder)


def merge(study: Study, name: str, into: str, coder: str) -> Applied:
    return execute(study, MergeParticipants(by_name(study, name).id, by_name(study, into).id),
                   coder)


def delete(study: Study, name: str, coder: str) -> Applied:
    return execute(study, DeleteParticipant(by_name(study, name).id), coder)
