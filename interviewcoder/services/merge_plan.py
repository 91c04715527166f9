"""What merging another coder's study would do: every match, addition and conflict, planned
from both studies without changing either (``services.merging`` applies a plan).

- **Sources** match by the sha256 of their text, never by name: a source of the other study
  whose text is here already is the same source (never duplicated). One whose name is here
  but whose text is not is a *conflict*: it is not added, and its quotes are listed as skipped.
- **Codes** match by GUID, then by dimension and name (case-insensitive); the rest are added.
  A code matched by GUID but named differently keeps this study's name (the report says so).
- **Participants**: by GUID (REFI-QDA exchange gives them one); a
  participant speaking the very turns of a source both studies have is the same person;
  otherwise a survey respondent matches by survey and respondent id; by name only as an import
  would (``services.identity.match_participant``): a name match joins only when confirmed
  (``same_person``), else a new participant is made and the possible match reported; generic
  labels never join. No silent identity joins.
- **Quotes** match by GUID (or, with another GUID, by being the same coder's quote with the
  same span and codes: the same work, made apart). Edited on one side only (``modified_at``
  after ``created_at``): the edited version wins. Edited on both: a conflict; both versions are
  kept (the other study's as a new quote whose GUID is derived from the other's GUID and edit
  time, so a second merge finds it and adds nothing).
- **Coders** come with their quotes; **change-log** entries not already here are carried over
  (action prefixed ``merged:``, original time and coder kept).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from interviewcoder.core.types import UNKNOWN_OUTCOME, Code, Participant, Quote
from interviewcoder.services.identity import match_participant
from interviewcoder.services.respondents import ROW_ATTRIBUTE, SURVEY_ATTRIBUTE
from interviewcoder.store import Study
from interviewcoder.store import merge_store as store

MERGED_PREFIX = "merged:"
CONFLICT_NAMESPACE = uuid.UUID("6f0c6b1e-9c55-4d36-9a55-1f3c0d7a2b19")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class MergePlan:
    other_name: str
    other_path: str
    sources_matched: list[tuple[int, int, str]] = field(default_factory=list)  # other, this, name
    sources_added: list[dict[str, Any]] = field(default_factory=list)  # other's source rows
    source_conflicts: list[tuple[int, str, str]] = field(default_factory=list)  # other id, name, why
    turns: dict[int, list[Any]] = field(default_factory=dict)  # other source id -> its turns
    code_map: dict[int, int] = field(default_factory=dict)  # other code id -> this code id
    codes_added: list[Code] = field(default_factory=list)
    code_notes: list[str] = field(default_factory=list)
    participant_map: dict[int, int] = field(default_factory=dict)  # other pid -> this pid
    participants_added: list[tuple[Participant, str]] = field(default_factory=list)  # (other's, name)
    participant_notes: list[str] = field(default_factory=list)
    possible_matches: list[str] = field(default_factory=list)  # other names a name matched here
    quotes_added: list[Quote] = field(default_factory=list)  # other's quotes (other's ids)
    quotes_updated: list[tuple[Quote, Quote]] = field(default_factory=list)  # (this, other's)
    quote_conflicts: list[tuple[Quote, Quote]] = field(default_factory=list)  # (this, other's)
    quotes_skipped: list[tuple[Quote, str]] = field(default_factory=list)
    quotes_same: int = 0
    quotes_kept_here: int = 0  # edited only here: this study's version stays
    changelog: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    coders_added: list[str] = field(default_factory=list)
    outcomes_added: list[str] = field(default_factory=list)  # outcomes new to this vocabulary
    participant_guids: dict[int, str] = field(default_factory=dict)  # other's, to carry over
    source_guids: dict[int, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.sources_added or self.codes_added or self.participants_added
                    or self.quotes_added or self.quotes_updated or self.quote_conflicts
                    or self.changelog)

    def summary(self) -> dict[str, int]:
        return {"sources_matched": len(self.sources_matched),
                "sources_added": len(self.sources_added),
                "source_conflicts": len(self.source_conflicts),
                "codes_matched": len(self.code_map) - len(self.codes_added),
                "codes_added": len(self.codes_added),
                "participants_matched": len(self.participant_map) - len(self.participants_added),
                "participants_added": len(self.participants_added),
                "quotes_added": len(self.quotes_added), "quotes_updated": len(self.quotes_updated),
                "quote_conflicts": len(self.quote_conflicts),
                "quotes_skipped": len(self.quotes_skipped), "quotes_unchanged": self.quotes_same,
                "quotes_kept_here": self.quotes_kept_here,
                "changelog_entries": len(self.changelog), "coders_added": len(self.coders_added),
                "outcomes_added": len(self.outcomes_added)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "other": self.other_name, "other_path": self.other_path, "summary": self.summary(),
            "nothing_to_merge": self.empty,
            "sources_added": [s["name"] for s in self.sources_added],
            "source_conflicts": [{"other_source_id": i, "name": n, "reason": r}
                                 for i, n, r in self.source_conflicts],
            "codes_added": [c.path for c in self.codes_added],
            "code_notes": self.code_notes,
            "participants_added": [name for _p, name in self.participants_added],
            "participant_notes": self.participant_notes,
            "possible_matches": self.possible_matches,
            "quote_conflicts": [{"guid": t.guid, "this": _quote_dict(t), "other": _quote_dict(o)}
                                for t, o in self.quote_conflicts],
            "quotes_updated": [t.guid for t, _o in self.quotes_updated],
            "quotes_skipped": [{"guid": q.guid, "reason": why} for q, why in self.quotes_skipped],
            "coders_added": self.coders_added, "outcomes_added": self.outcomes_added,
        }


def _quote_dict(q: Quote) -> dict[str, Any]:
    return {"start": q.start, "end": q.end, "text": q.text, "memo": q.memo,
            "coder": q.coder, "modified_at": q.modified_at}


def conflict_guid(q: Quote) -> str:
    """The GUID the other study's version of a conflicting quote gets here."""
    return str(uuid.uuid5(CONFLICT_NAMESPACE, f"{q.guid}@{q.modified_at}"))


def plan(study: Study, other: Study, same_person: Iterable[str] = ()) -> MergePlan:
    """Everything a merge of ``other`` into ``study`` would do."""
    p = MergePlan(other.name, str(other.path))
    _sources(study, other, p)
    _codes(study, other, p)
    _participants(study, other, p, {n.strip() for n in same_person})
    _quotes(study, other, p)
    _changelog(study, other, p)
    here = set(study.quotes.coders())
    p.coders_added = sorted({q.coder for q in p.quotes_added} - here)
    vocabulary = {*study.outcomes.names(), UNKNOWN_OUTCOME}
    p.outcomes_added = sorted({person.outcome for person, _n in p.participants_added} - vocabulary)
    return p


def _sources(study: Study, other: Study, p: MergePlan) -> None:
    here = store.source_rows(study.db)
    by_text: dict[str, int] = {}
    for row in here:
        by_text.setdefault(text_hash(row["text"]), row["id"])
    names = {row["name"] for row in here}
    p.source_guids = store.guids_of(other.db, "sources")
    for row in store.source_rows(other.db):
        found = by_text.get(text_hash(row["text"]))
        if found is not None:
            p.sources_matched.append((row["id"], found, row["name"]))
        elif row["name"] in names:
            p.source_conflicts.append((row["id"], row["name"],
                                       "a source of that name has a different text here"))
        else:
            p.sources_added.append(row)
            p.turns[row["id"]] = other.sources.turns(row["id"])


def _codes(study: Study, other: Study, p: MergePlan) -> None:
    here = study.codes.list()
    by_guid = {c.guid: c for c in here}
    by_name = {(c.dimension, c.name.casefold()): c for c in here}
    named = 0
    for c in other.codes.list():
        mine = by_guid.get(c.guid)
        if mine is not None:
            if (mine.dimension, mine.name) != (c.dimension, c.name):
                p.code_notes.append(f"{c.path} is {mine.path} here (same code, renamed or "
                                    f"moved in one study): kept {mine.path}")
        else:
            mine = by_name.get((c.dimension, c.name.casefold()))
            named += mine is not None
        if mine is None:
            p.codes_added.append(c)
            p.code_map[c.id] = 0  # set when inserted
        else:
            p.code_map[c.id] = mine.id
    if named:
        p.code_notes.append(f"{named} code{'s' if named != 1 else ''} matched by dimension and "
                            "name (the two codebooks were made apart)")


def _survey_keys(study: Study) -> dict[Any, int]:
    """(survey title, respondent id) → participant, for the study's survey respondents."""
    columns: dict[str, str] = {}
    for s in study.sources.list():
        meta = study.sources.meta(s.id)
        if meta.get("survey_title"):
            columns[meta["survey_title"]] = meta.get("id_column") or ROW_ATTRIBUTE
    out = {}
    for person in study.participants.list():
        key = survey_key(person, columns)
        if key is not None:
            out[key] = person.id
    return out


def survey_key(person: Participant, columns: dict[str, str]) -> tuple[str, str] | None:
    title = person.attributes.get(SURVEY_ATTRIBUTE)
    if not title or title not in columns:
        return None
    rid = person.attributes.get(columns[title])
    return (title, rid) if rid else None


def same_person_by_record(turn_votes: Counter[int], survey_match: int | None,
                          guid_match: int | None) -> tuple[int | None, str]:
    """Who a participant of the other study is here by what the studies record, and why: the
    same GUID, then the same turns of the same source (several candidates: the most turns),
    then survey and respondent id. (None, ""): only the name is left, and names follow the
    import's rules (``services.identity.match_participant``)."""
    if guid_match is not None:
        return guid_match, "same GUID"
    if turn_votes:
        pid, _n = turn_votes.most_common(1)[0]
        return pid, "speaks the same turns"
    if survey_match is not None:
        return survey_match, "same survey respondent id"
    return None, ""


def _participants(study: Study, other: Study, p: MergePlan, same_person: set[str]) -> None:
    here = {x.id: x for x in study.participants.list()}
    by_name = {x.name: x for x in here.values()}
    votes: dict[int, Counter[int]] = defaultdict(Counter)
    differ: set[str] = set()
    for other_sid, this_sid, name in p.sources_matched:
        mine = {(t.start, t.end): t for t in study.sources.turns(this_sid)}
        for t in other.sources.turns(other_sid):
            m = mine.get((t.start, t.end))
            if t.participant_id is None:
                continue
            if m is None or m.participant_id is None:
                differ.add(name)
                continue
            votes[t.participant_id][m.participant_id] += 1
            if m.role != t.role:
                differ.add(name)
    for name in sorted(differ):
        p.participant_notes.append(f"source {name!r}: speakers are mapped differently in the "
                                   "two studies; this study's mapping kept")
    needed = {t.participant_id for turns in p.turns.values() for t in turns if t.participant_id}
    surveys = _survey_keys(study)
    columns: dict[str, str] = {}
    for s in other.sources.list():
        meta = other.sources.meta(s.id)
        if meta.get("survey_title"):
            columns[meta["survey_title"]] = meta.get("id_column") or ROW_ATTRIBUTE
    taken = set(by_name)
    here_guids = {g: pid for pid, g in store.guids_of(study.db, "participants").items()}
    p.participant_guids = store.guids_of(other.db, "participants")
    for person in other.participants.list():
        if person.id not in votes and person.id not in needed:
            continue  # in no source that comes here: not carried (would sit in denominators)
        key = survey_key(person, columns)
        pid, why = same_person_by_record(votes.get(person.id, Counter()),
                                         surveys.get(key) if key else None,
                                         here_guids.get(p.participant_guids.get(person.id, "")))
        by_label = None
        if pid is None:
            by_label = match_participant(person.name, title=p.other_name,
                                         existing={n.casefold(): n for n in by_name}, taken=taken,
                                         same_person=person.name in same_person)
            if by_label.choice.action == "join":
                pid, why = by_name[by_label.choice.name].id, "the same person (you said so)"
        if pid is not None:
            p.participant_map[person.id] = pid
            mine = here[pid]
            if mine.name != person.name:
                p.participant_notes.append(f"{person.name} is {mine.name} here ({why})")
            if (mine.outcome, mine.persona) != (person.outcome, person.persona):
                p.participant_notes.append(
                    f"{mine.name}: outcome/persona {person.outcome}/{person.persona or '-'} in "
                    f"the other study, {mine.outcome}/{mine.persona or '-'} here (kept)")
            continue
        assert by_label is not None
        name = by_label.choice.name
        if by_label.suggestion is not None:
            p.possible_matches.append(person.name)
            p.participant_notes.append(
                f"{person.name}: {by_label.suggestion.name} here has the "
                f"{by_label.suggestion.reason.removeprefix('same ')}; added as {name!r} "
                "(confirm they are the same person to join them)")
        taken.add(name)
        p.participants_added.append((person, name))
        p.participant_map[person.id] = 0  # set when inserted


def _content(q: Quote, source_id: int, codes: tuple[int, ...]) -> tuple[Any, ...]:
    return (source_id, q.start, q.end, q.memo, tuple(sorted(set(codes))))


def _edited(q: Quote) -> bool:
    return q.modified_at != q.created_at


def _quotes(study: Study, other: Study, p: MergePlan) -> None:
    mine_all = study.quotes.all()
    here = {q.guid: q for q in mine_all}
    same_work = {(q.source_id, q.start, q.end, q.coder, tuple(sorted(set(q.code_ids))))
                 for q in mine_all}
    source_map = {o: t for o, t, _n in p.sources_matched}
    conflicts = {o for o, _n, _r in p.source_conflicts}
    added = {row["id"] for row in p.sources_added}
    for q in other.quotes.all():
        if q.source_id in conflicts:
            p.quotes_skipped.append((q, "its source conflicts (same name, different text)"))
            continue
        mine = here.get(q.guid)
        codes = tuple(p.code_map[c] for c in q.code_ids)
        if mine is None:
            if q.source_id in source_map and (source_map[q.source_id], q.start, q.end, q.coder,
                                              tuple(sorted(set(codes)))) in same_work:
                p.quotes_same += 1  # the same coder's same quote, made apart in both studies
            elif q.source_id in added or q.source_id in source_map:
                p.quotes_added.append(q)
            continue
        if q.source_id in source_map and _content(mine, mine.source_id, mine.code_ids) == \
                _content(q, source_map[q.source_id], codes) and not any(c == 0 for c in codes):
            p.quotes_same += 1
        elif q.source_id in source_map and source_map[q.source_id] == mine.source_id \
                and _edited(q) and not _edited(mine):
            p.quotes_updated.append((mine, q))
        elif q.source_id in source_map and source_map[q.source_id] == mine.source_id \
                and _edited(mine) and not _edited(q):
            p.quotes_kept_here += 1
        elif conflict_guid(q) in here:
            p.quotes_same += 1  # merged before: the other version is here already
        else:
            p.quote_conflicts.append((mine, q))


def _key(row: tuple[str, str, str, str, str]) -> tuple[str, str, str, str, str]:
    at, coder, action, target, detail = row
    data = json.loads(detail or "{}")
    if action.startswith(MERGED_PREFIX):
        action, data = action[len(MERGED_PREFIX):], data.get("original", {})
    return at, coder, action, target, json.dumps(data, sort_keys=True, ensure_ascii=False)


def _changelog(study: Study, other: Study, p: MergePlan) -> None:
    seen = {_key(r) for r in store.changelog_rows(study.db)}
    for row in store.changelog_rows(other.db):
        key = _key(row)
        if key in seen:
            continue
        seen.add(key)
        at, coder, action, target, detail = row
        if action.startswith(MERGED_PREFIX):
            action, original = action[len(MERGED_PREFIX):], json.loads(detail).get("original", {})
        else:
            original = json.loads(detail or "{}")
        p.changelog.append((at, coder, MERGED_PREFIX + action, target, json.dumps(
            {"from": p.other_name, "original": original}, ensure_ascii=False)))
