"""Merge another coder's study into this one: one transaction, one undo step, a backup first.

``merge`` opens the other study read-only (checked: an interviewcoder study of a version this
one reads), plans (``merge_plan``), writes a backup copy of this study, then runs
``MergeStudy``. Its inverse, ``UnmergeStudy``, removes what the merge added and restores the
quotes it updated (carried change-log entries stay: the log is append-only); redoing it merges
again with the same ids, so later undo steps still find what they refer to.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from interviewcoder.core.errors import InvalidInput
from interviewcoder.core.types import Code, Quote
from interviewcoder.services.merge_plan import MergePlan, conflict_guid, plan
from interviewcoder.services.operations import Applied, Changes, Operation, execute
from interviewcoder.store import Study, now
from interviewcoder.store import merge_store as store

CONFLICT_ORIGIN = "merge-conflict"
Ids = tuple[tuple[str, tuple[int, ...]], ...]


def read_plan(study: Study, other_path: str | Path, same_person: tuple[str, ...] = ()) -> MergePlan:
    """What merging ``other_path`` would do (nothing is written anywhere)."""
    path = Path(other_path)
    if path.resolve() == Path(study.path).resolve():
        raise InvalidInput(f"{path}: cannot merge a study into itself")
    other = store.open_readonly(path)
    try:
        return plan(study, other, same_person)
    finally:
        other.close()


@dataclass(frozen=True)
class MergeStudy(Operation):
    other_path: str
    same_person: tuple[str, ...] = ()
    ids: Ids = ()  # on redo: the ids the merge had, so later steps still find what they name
    prepared: MergePlan | None = field(default=None, compare=False, repr=False)
    action = "merge_study"

    @property
    def label(self) -> str:
        return f"Merge {Path(self.other_path).name}"

    def target(self) -> str:
        return f"study:{Path(self.other_path).name}"

    def detail(self) -> dict[str, Any]:
        return {"path": self.other_path, "same_person": list(self.same_person)}

    def run(self, study: Study, coder: str) -> Applied:
        p = self.prepared or read_plan(study, self.other_path, self.same_person)
        if p.empty:
            raise InvalidInput(f"nothing to merge: everything in {p.other_name} is here already")
        return _apply(study, p, coder, dict(self.ids), self.other_path, self.same_person)


def _take(hint: dict[str, tuple[int, ...]], free: dict[str, int], kind: str, n: int) -> list[int]:
    given = hint.get(kind)
    if given is not None and len(given) == n:
        return list(given)
    return list(range(free[kind], free[kind] + n))


def _apply(study: Study, p: MergePlan, coder: str, hint: dict[str, tuple[int, ...]],
           path: str, same_person: tuple[str, ...]) -> Applied:
    free = store.next_ids(study.db)
    code_map = dict(p.code_map)
    code_ids = _take(hint, free, "codes", len(p.codes_added))
    for c, cid in zip(p.codes_added, code_ids, strict=True):
        study.codes.insert(Code(cid, c.guid, c.dimension, c.name, c.description, c.colour, None,
                                study.codes.next_ord(c.dimension)))
        code_map[c.id] = cid
    for c in p.codes_added:
        if c.parent_id and code_map.get(c.parent_id):
            mine = study.codes.get(code_map[c.id])
            assert mine is not None
            study.codes.update(replace(mine, parent_id=code_map[c.parent_id]))
    for outcome in p.outcomes_added:
        study.outcomes.add(outcome)
    people = dict(p.participant_map)
    person_ids = _take(hint, free, "participants", len(p.participants_added))
    stamp = now()
    for (person, name), pid in zip(p.participants_added, person_ids, strict=True):
        study.participants.add(name, outcome=person.outcome, persona=person.persona,
                               attributes=person.attributes, created_at=stamp, participant_id=pid)
        if person.id in p.participant_guids:
            store.give_guid(study.db, "participants", pid, p.participant_guids[person.id])
        people[person.id] = pid
    sources = {o: t for o, t, _n in p.sources_matched}
    source_ids = _take(hint, free, "sources", len(p.sources_added))
    for row, sid in zip(p.sources_added, source_ids, strict=True):
        store.insert_source(study.db, row, sid)
        if row["id"] in p.source_guids:
            store.give_guid(study.db, "sources", sid, p.source_guids[row["id"]])
        sources[row["id"]] = sid
        study.sources.add_turns(sid, [
            {"ord": t.ord, "start": t.start, "end": t.end, "speaker": t.speaker, "role": t.role,
             "participant_id": people.get(t.participant_id) if t.participant_id else None,
             "start_ms": t.start_ms} for t in p.turns[row["id"]]])
    new = [(q, False) for q in p.quotes_added] + [(o, True) for _t, o in p.quote_conflicts]
    quote_ids = _take(hint, free, "quotes", len(new))
    rows = []
    for (q, conflict), qid in zip(new, quote_ids, strict=True):
        codes = tuple(sorted({code_map[c] for c in q.code_ids}))
        memo, origin, guid = q.memo, q.origin, q.guid
        if conflict:
            note = f"The version in {p.other_name} of a quote edited in both studies."
            memo, origin, guid = (f"{memo}\n{note}" if memo else note), CONFLICT_ORIGIN, conflict_guid(q)
        rows.append(Quote(qid, guid, sources[q.source_id], q.start, q.end, q.text, q.coder,
                          q.created_at, q.modified_at, memo, codes, origin))
    study.quotes.insert_many(rows)
    restored = []
    for mine, theirs in p.quotes_updated:
        codes = {code_map[c] for c in theirs.code_ids}
        study.quotes.update(replace(mine, start=theirs.start, end=theirs.end, text=theirs.text,
                                    memo=theirs.memo, modified_at=theirs.modified_at))
        study.quotes.unlink(mine.id, set(mine.code_ids) - codes)
        study.quotes.link(mine.id, codes - set(mine.code_ids))
        restored.append(mine)
    store.append_changelog(study.db, p.changelog)
    given = hint.get("merges")
    merge_id = store.add_merge(study.db, now(), coder, p.other_name, path, p.to_dict(),
                               given[0] if given else None)
    changes = Changes(quotes=frozenset(quote_ids) | {q.id for q in restored},
                      codes=frozenset(code_ids) | {c for r in rows for c in r.code_ids},
                      participants=frozenset(person_ids), sources=frozenset(source_ids),
                      codebook=bool(code_ids), outcomes=bool(p.outcomes_added))
    inverse = UnmergeStudy(merge_id, tuple(code_ids), tuple(person_ids), tuple(source_ids),
                           tuple(quote_ids), tuple(restored), tuple(p.coders_added), path,
                           same_person, tuple(p.outcomes_added))
    return Applied(changes, inverse, p)


@dataclass(frozen=True)
class UnmergeStudy(Operation):
    """Undo a merge: remove what it added, restore the quotes it updated."""

    merge_id: int
    codes: tuple[int, ...]
    participants: tuple[int, ...]
    sources: tuple[int, ...]
    quotes: tuple[int, ...]
    restored: tuple[Quote, ...]
    coders: tuple[str, ...]
    other_path: str
    same_person: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    action = "unmerge_study"

    @property
    def label(self) -> str:
        return f"Merge {Path(self.other_path).name}"

    def target(self) -> str:
        return f"study:{Path(self.other_path).name}"

    def run(self, study: Study, coder: str) -> Applied:
        for qid in self.quotes:
            study.quotes.delete(qid)
        for old in self.restored:
            current = study.quotes.get(old.id)
            if current is None:
                continue
            study.quotes.update(old)
            study.quotes.unlink(old.id, set(current.code_ids) - set(old.code_ids))
            study.quotes.link(old.id, set(old.code_ids) - set(current.code_ids))
        for sid in self.sources:
            study.sources.delete(sid)
        for pid in self.participants:
            study.participants.delete(pid)
        for cid in self.codes:
            study.codes.delete(cid)
        for outcome in self.outcomes:
            study.outcomes.remove(outcome)
        store.delete_merge(study.db, self.merge_id)
        store.delete_unused_coders(study.db, list(self.coders))
        ids: Ids = (("codes", self.codes), ("participants", self.participants),
                    ("sources", self.sources), ("quotes", self.quotes), ("merges", (self.merge_id,)))
        changes = Changes(quotes=frozenset(self.quotes) | {q.id for q in self.restored},
                          codes=frozenset(self.codes), participants=frozenset(self.participants),
                          sources=frozenset(self.sources), codebook=bool(self.codes),
                          outcomes=bool(self.outcomes))
        return Applied(changes, MergeStudy(self.other_path, self.same_person, ids))


@dataclass
class MergeResult:
    plan: MergePlan
    applied: Applied | None = None
    backup: Path | None = None

    def to_dict(self) -> dict[str, Any]:
        out = self.plan.to_dict()
        out["merged"] = self.applied is not None
        out["backup"] = str(self.backup) if self.backup else None
        return out


def backup_path(study: Study) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = Path(study.path)
    return path.with_name(f"{path.stem}.before-merge-{stamp}{path.suffix}")


def merge(study: Study, other_path: str | Path, coder: str, *, dry_run: bool = False,
          same_person: tuple[str, ...] = ()) -> MergeResult:
    """Plan, and unless ``dry_run`` (or there is nothing to add) back this study up and merge."""
    p = read_plan(study, other_path, same_person)
    if dry_run or p.empty:
        return MergeResult(p)
    backup = study.save_copy(backup_path(study))
    applied = execute(study, MergeStudy(str(other_path), tuple(same_person), prepared=p), coder)
    return MergeResult(p, applied, backup)
