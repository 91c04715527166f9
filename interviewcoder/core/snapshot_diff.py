"""What changed between two evidence snapshots (plain data in, plain data out).

Codes are matched by GUID, so a rename is a rename and not a vanished code plus a new one; a
code that vanished because it was merged is shown as merged into its target (the caller passes
the merges from the change log). A share's move is *real* when each share lies outside the
other's 95% Wilson interval, and *noise* otherwise: with a dozen interviews most moves are noise
(one person of eighteen more or less is not a finding), and the diff says so rather than hiding
them.

Sorted by what matters to the map: real changes (largest move first), then codes that appeared,
vanished or were merged, then moves within the noise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from interviewcoder.core.evidence import BASELINE, CONTRASTS

SAME, CHANGED, NEW, DELETED, MERGED = "same", "changed", "new", "deleted", "merged"


@dataclass(frozen=True, slots=True)
class ShareChange:
    group: str
    old_participants: int
    new_participants: int
    old_of: int
    new_of: int
    old_share: float
    new_share: float
    old_low: float
    old_high: float
    real: bool
    new_low: float = 0.0
    new_high: float = 0.0

    @property
    def delta(self) -> float:
        return self.new_share - self.old_share

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group, "participants": [self.old_participants, self.new_participants],
                "of": [self.old_of, self.new_of],
                "share": [round(self.old_share, 6), round(self.new_share, 6)],
                "delta": round(self.delta, 6),
                "intervals": [[round(self.old_low, 6), round(self.old_high, 6)],
                              [round(self.new_low, 6), round(self.new_high, 6)]],
                "real": self.real}


@dataclass(frozen=True, slots=True)
class CodeChange:
    guid: str
    dimension: str
    name: str
    status: str  # same | changed | new | deleted | merged
    old_participants: int = 0
    new_participants: int = 0
    renamed_from: str | None = None
    moved_from: str | None = None  # the dimension it was in
    merged_into: str | None = None  # "dimension/Name" of the target
    shares: tuple[ShareChange, ...] = ()

    @property
    def real(self) -> bool:
        return any(s.real for s in self.shares)

    @property
    def largest_move(self) -> float:
        return max((abs(s.delta) for s in self.shares), default=0.0)

    def rank(self) -> tuple[int, float, int]:
        if self.real:
            tier = 0
        elif self.status in (NEW, DELETED, MERGED):
            tier = 1
        else:
            tier = 2
        size = max(self.old_participants, self.new_participants)
        return (tier, -self.largest_move, -size)

    def to_dict(self) -> dict[str, Any]:
        return {"guid": self.guid, "dimension": self.dimension, "code": self.name,
                "status": self.status, "participants": [self.old_participants, self.new_participants],
                "renamed_from": self.renamed_from, "moved_from": self.moved_from,
                "merged_into": self.merged_into, "real_change": self.real,
                "shares": [s.to_dict() for s in self.shares]}


@dataclass(frozen=True, slots=True)
class ParticipantChange:
    participant_id: int
    name: str
    kind: str  # new | removed | outcome | persona | renamed
    old: str | None = None
    new: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.participant_id, "name": self.name, "change": self.kind,
                "old": self.old, "new": self.new}


@dataclass(frozen=True, slots=True)
class FrictionChange:
    guid: str
    step: str
    group: str  # lost | churned
    old: bool
    new: bool
    old_gap: float
    new_gap: float

    def to_dict(self) -> dict[str, Any]:
        return {"guid": self.guid, "step": self.step, "group": self.group,
                "friction": [self.old, self.new],
                "gap": [round(self.old_gap, 6), round(self.new_gap, 6)]}


@dataclass(frozen=True)
class Diff:
    old: str
    new: str
    codes: list[CodeChange]
    participants: list[ParticipantChange]
    friction: list[FrictionChange]
    group_sizes: dict[str, tuple[int, int]] = field(default_factory=dict)
    unchanged: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old, "new": self.new,
            "groups": {g: {"old": a, "new": b} for g, (a, b) in self.group_sizes.items()},
            "codes": [c.to_dict() for c in self.codes],
            "participants": [p.to_dict() for p in self.participants],
            "friction": [f.to_dict() for f in self.friction],
            "unchanged_codes": self.unchanged,
            "summary": self.summary(),
        }

    def summary(self) -> dict[str, int]:
        return {
            "real_changes": sum(1 for c in self.codes if c.real),
            "new_codes": sum(1 for c in self.codes if c.status == NEW),
            "deleted_codes": sum(1 for c in self.codes if c.status == DELETED),
            "merged_codes": sum(1 for c in self.codes if c.status == MERGED),
            "renamed_codes": sum(1 for c in self.codes if c.renamed_from),
            "new_participants": sum(1 for p in self.participants if p.kind == "new"),
            "outcome_changes": sum(1 for p in self.participants if p.kind == "outcome"),
            "friction_changes": len(self.friction),
        }


def compare(old: Mapping[str, Any], new: Mapping[str, Any], *, old_name: str = "old",
            new_name: str = "new", merges: Mapping[int, int] | None = None) -> Diff:
    """The diff of two snapshot payloads (``services.snapshots.payload``)."""
    old_codes = {c["guid"]: c for c in old.get("codebook", [])}
    new_codes = {c["guid"]: c for c in new.get("codebook", [])}
    old_ev = {r["guid"]: r for r in old.get("evidence", [])}
    new_ev = {r["guid"]: r for r in new.get("evidence", [])}
    new_by_id = {c["id"]: c for c in new.get("codebook", []) if "id" in c}
    changes: list[CodeChange] = []
    unchanged = 0
    for guid in list(old_codes) + [g for g in new_codes if g not in old_codes]:
        change = _code_change(guid, old_codes.get(guid), new_codes.get(guid), old_ev.get(guid),
                              new_ev.get(guid), merges or {}, new_by_id)
        if change.status == SAME:
            unchanged += 1
        else:
            changes.append(change)
    changes.sort(key=CodeChange.rank)
    sizes = {g: (old.get("outcome_sizes", {}).get(g, 0), new.get("outcome_sizes", {}).get(g, 0))
             for g in {**old.get("outcome_sizes", {}), **new.get("outcome_sizes", {})}}
    return Diff(old_name, new_name, changes, _participants(old, new),
                _friction(old_codes, new_codes, old_ev, new_ev), sizes, unchanged)


def _label(code: Mapping[str, Any]) -> str:
    return f"{code['dimension']}/{code['name']}"


def _code_change(guid: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None,
                 old_ev: Mapping[str, Any] | None, new_ev: Mapping[str, Any] | None,
                 merges: Mapping[int, int], new_by_id: Mapping[int, Mapping[str, Any]]) -> CodeChange:
    old_n = int(old_ev["participants"]) if old_ev else 0
    new_n = int(new_ev["participants"]) if new_ev else 0
    if old is None:
        assert new is not None
        shares = _shares({}, (new_ev or {}).get("by_outcome", {}))
        return CodeChange(guid, new["dimension"], new["name"], NEW, 0, new_n, shares=shares)
    if new is None:
        target = new_by_id.get(merges.get(int(old.get("id", -1)), -1))
        status = MERGED if target is not None else DELETED
        shares = _shares((old_ev or {}).get("by_outcome", {}), {})
        return CodeChange(guid, old["dimension"], old["name"], status, old_n, 0,
                          merged_into=_label(target) if target else None, shares=shares)
    shares = _shares((old_ev or {}).get("by_outcome", {}), (new_ev or {}).get("by_outcome", {}))
    renamed = old["name"] if old["name"] != new["name"] else None
    moved = old["dimension"] if old["dimension"] != new["dimension"] else None
    moved_counts = old_n != new_n or any(
        s.old_participants != s.new_participants or s.old_of != s.new_of for s in shares)
    status = CHANGED if (renamed or moved or moved_counts) else SAME
    return CodeChange(guid, new["dimension"], new["name"], status, old_n, new_n, renamed, moved,
                      shares=shares)


def _shares(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[ShareChange, ...]:
    out = []
    for group in list(old) + [g for g in new if g not in old]:
        a, b = old.get(group, {}), new.get(group, {})
        old_share, new_share = float(a.get("share", 0.0)), float(b.get("share", 0.0))
        low, high = float(a.get("low", 0.0)), float(a.get("high", 0.0))
        new_low, new_high = float(b.get("low", 0.0)), float(b.get("high", 0.0))
        comparable = bool(a.get("of")) and bool(b.get("of"))
        real = (comparable and not (low <= new_share <= high)
                and not (new_low <= old_share <= new_high))
        out.append(ShareChange(group, int(a.get("participants", 0)), int(b.get("participants", 0)),
                               int(a.get("of", 0)), int(b.get("of", 0)), old_share, new_share,
                               low, high, real, new_low, new_high))
    return tuple(out)


def friction(by_outcome: Mapping[str, Any], group: str) -> tuple[bool, float]:
    """Whether a step shows friction in ``group`` (its share lies above won's whole interval),
    and the gap between the two shares."""
    base, other = by_outcome.get(BASELINE), by_outcome.get(group)
    if not base or not other or not base.get("of") or not other.get("of"):
        return False, 0.0
    gap = float(other["share"]) - float(base["share"])
    return float(other["share"]) > float(base["high"]), gap


def _friction(old_codes: Mapping[str, Any], new_codes: Mapping[str, Any],
              old_ev: Mapping[str, Any], new_ev: Mapping[str, Any]) -> list[FrictionChange]:
    out = []
    for guid, code in {**old_codes, **new_codes}.items():
        if code["dimension"] != "step":
            continue
        for group in CONTRASTS:
            was, old_gap = friction((old_ev.get(guid) or {}).get("by_outcome", {}), group)
            now, new_gap = friction((new_ev.get(guid) or {}).get("by_outcome", {}), group)
            if was != now:
                out.append(FrictionChange(guid, code["name"], group, was, now, old_gap, new_gap))
    out.sort(key=lambda f: -abs(f.new_gap - f.old_gap))
    return out


def _participants(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[ParticipantChange]:
    before = {p["id"]: p for p in old.get("participants", [])}
    after = {p["id"]: p for p in new.get("participants", [])}
    out: list[ParticipantChange] = []
    for pid, p in after.items():
        q = before.get(pid)
        if q is None:
            out.append(ParticipantChange(pid, p["name"], "new", None, p["outcome"]))
            continue
        if q["outcome"] != p["outcome"]:
            out.append(ParticipantChange(pid, p["name"], "outcome", q["outcome"], p["outcome"]))
        if q.get("persona") != p.get("persona"):
            out.append(ParticipantChange(pid, p["name"], "persona", q.get("persona"), p.get("persona")))
        if q["name"] != p["name"]:
            out.append(ParticipantChange(pid, p["name"], "renamed", q["name"], p["name"]))
    out += [ParticipantChange(pid, q["name"], "removed", q["outcome"], None)
            for pid, q in before.items() if pid not in after]
    order = {"outcome": 0, "new": 1, "removed": 2, "persona": 3, "renamed": 4}
    return sorted(out, key=lambda c: (order[c.kind], c.name.casefold()))
