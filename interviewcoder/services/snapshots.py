"""Snapshots: the evidence frozen at a date, kept in the study, and diffs between them.

A snapshot holds everything a month-to-month comparison needs by value — codes by GUID with
their names as they were, every code's participants per outcome and persona with shares and
intervals, the two matrices, the paths summary, the participants with their outcomes, and the
filters — so it survives later renames, merges and deletions. ``diff`` compares two of them
(or one with the study as it is now) through ``core.snapshot_diff``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from interviewcoder.core.errors import InvalidInput
from interviewcoder.core.evidence import Filters
from interviewcoder.core.snapshot_diff import Diff, compare
from interviewcoder.core.types import Dimension
from interviewcoder.exporters.tables import Column, Table
from interviewcoder.services import evidence
from interviewcoder.store import Study, now
from interviewcoder.store.history import SnapshotRow

PAYLOAD_VERSION = 1
NOW = "now"
AUTO_NOTE = "taken automatically"


@dataclass(frozen=True)
class Snapshot:
    id: int
    name: str
    taken_at: str
    coder: str
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "taken_at": self.taken_at, "coder": self.coder,
                "note": self.note}


def _snapshot(row: SnapshotRow) -> Snapshot:
    return Snapshot(row.id, row.name, row.taken_at, row.coder, row.note)


def payload(study: Study, filters: Filters | None = None) -> dict[str, Any]:
    """The evidence as it stands, by value (what a snapshot stores)."""
    f = filters or Filters()
    codes = study.codes.list()
    guid = {c.id: c.guid for c in codes}
    table = evidence.compute(study, f, by_persona=True)
    matrices = {}
    for dim in (Dimension.ANXIETY, Dimension.INFLUENCE):
        m = evidence.matrix(study, dim, f)
        matrices[dim.value] = [
            {"step": guid[r.id], "other": guid[c.id], "by_outcome": m.same_quote.get((r.id, c.id), {}),
             "same_turn": m.same_turn.get((r.id, c.id), {})}
            for r in m.rows for c in m.cols if (r.id, c.id) in m.same_quote or (r.id, c.id) in m.same_turn
        ]
    paths = evidence.paths(study, f)
    return {
        "version": PAYLOAD_VERSION,
        "filters": _filters_dict(f),
        "outcome_sizes": table.outcome_sizes,
        "persona_sizes": table.persona_sizes,
        "codebook": [{"id": c.id, "guid": c.guid, "dimension": c.dimension.value, "name": c.name,
                      "colour": c.colour, "description": c.description,
                      "parent": guid.get(c.parent_id) if c.parent_id else None, "ord": c.ord}
                     for c in codes],
        "evidence": [{**row.to_dict(personas=True), "guid": guid[row.code_id]} for row in table.rows],
        "matrices": matrices,
        "paths": {
            "participants": len(paths.paths),
            "with_loops": sum(1 for _, p in paths.paths if p.loops),
            "transitions": [{"from": guid[t.source], "to": guid[t.target], "times": t.times,
                             "participants": t.participants} for t in paths.transitions],
        },
        "participants": [{"id": p.id, "name": p.name, "outcome": p.outcome, "persona": p.persona}
                         for p in study.participants.list()],
    }


def _filters_dict(f: Filters) -> dict[str, Any]:
    return {"persona": f.persona, "outcome": f.outcome, "kind": f.kind, "coder": f.coder,
            "attributes": dict(f.attributes), "imported_from": f.imported_from,
            "imported_to": f.imported_to, "described": f.describe()}


def take(study: Study, coder: str, *, name: str | None = None, note: str = "",
         filters: Filters | None = None) -> Snapshot:
    """Freeze the evidence as it stands now; the name defaults to the month (``2026-11``)."""
    name = (name or default_name(study)).strip()
    if not name:
        raise InvalidInput("a snapshot needs a name")
    if any(s.name == name for s in study.snapshots.list()):
        raise InvalidInput(f"a snapshot named {name!r} exists already (choose another --name)")
    data = payload(study, filters)
    taken_at = now()
    with study.atomic():
        sid = study.snapshots.add(name, taken_at, coder, note, data)
        study.log(coder, "snapshot", f"snapshot:{sid}", {"name": name, "note": note})
    return Snapshot(sid, name, taken_at, coder, note)


def default_name(study: Study, when: datetime | None = None) -> str:
    """The month, ``YYYY-MM``; ``YYYY-MM (2)`` … when that name is taken."""
    base = (when or datetime.now(UTC)).strftime("%Y-%m")
    taken = {s.name for s in study.snapshots.list()}
    name, n = base, 2
    while name in taken:
        name, n = f"{base} ({n})", n + 1
    return name


def list_snapshots(study: Study) -> list[Snapshot]:
    return [_snapshot(r) for r in study.snapshots.list()]


def find(study: Study, ref: str) -> Snapshot:
    row = study.snapshots.find(ref)
    if row is None:
        known = ", ".join(s.name for s in study.snapshots.list()) or "none yet"
        raise InvalidInput(f"no snapshot {ref!r} in this study (snapshots: {known})")
    return _snapshot(row)


def delete(study: Study, ref: str, coder: str) -> Snapshot:
    snap = find(study, ref)
    with study.atomic():
        study.snapshots.delete(snap.id)
        study.log(coder, "delete_snapshot", f"snapshot:{snap.id}", {"name": snap.name})
    return snap


def take_monthly_if_due(study: Study, coder: str, when: datetime | None = None) -> Snapshot | None:
    """The automatic snapshot on the first open of a month: taken when no snapshot was taken
    this month yet and the study has some evidence."""
    when = when or datetime.now(UTC)
    month = when.strftime("%Y-%m")
    if any(s.taken_at.startswith(month) for s in study.snapshots.list()):
        return None
    if study.quotes.count() == 0:
        return None
    return take(study, coder, name=default_name(study, when), note=AUTO_NOTE)


def diff(study: Study, old_ref: str, new_ref: str = NOW) -> Diff:
    """What changed between two snapshots, or between a snapshot and the study now."""
    old = find(study, old_ref)
    old_data = study.snapshots.payload(old.id)
    if new_ref == NOW:
        new_data, new_at, new_name = payload(study, _filters_of(old_data)), now(), NOW
    else:
        new = find(study, new_ref)
        new_data, new_at, new_name = study.snapshots.payload(new.id), new.taken_at, new.name
    merges = _merges(study, old.taken_at, new_at)
    return compare(old_data, new_data, old_name=old.name, new_name=new_name, merges=merges)


def _filters_of(data: dict[str, Any]) -> Filters:
    f = data.get("filters") or {}
    return Filters(persona=f.get("persona"), outcome=f.get("outcome"), kind=f.get("kind"),
                   coder=f.get("coder"), attributes=tuple(sorted((f.get("attributes") or {}).items())),
                   imported_from=f.get("imported_from"), imported_to=f.get("imported_to"))


def _merges(study: Study, since: str, until: str) -> dict[int, int]:
    """Code merges logged between two times: merged code id -> the code id it went into."""
    out: dict[int, int] = {}
    for entry in reversed(study.history()):
        if entry["action"] != "merge_codes" or not (since <= entry["at"] <= until):
            continue
        target = entry["target"].removeprefix("code:")
        src, _, dst = target.partition("->")
        if src.isdigit() and dst.isdigit():
            out[int(src)] = int(dst)
    return out


def changes_table(d: Diff, note: str = "") -> Table:
    """The workbook's Changes sheet: codes (largest real change first), then friction and
    participants as tables below."""
    groups = sorted({s.group for c in d.codes for s in c.shares}, key=_group_order)
    columns = [Column("Dimension", width=11), Column("Code", width=28), Column("Change", width=30),
               Column("Participants before", "int"), Column("Participants now", "int")]
    for g in groups:
        columns += [Column(f"{g} before", "text", width=10), Column(f"{g} now", "text", width=10),
                    Column(f"{g} share change", "delta", width=12), Column(f"{g} real", "flag")]

    def change(c: Any) -> str:
        if c.merged_into:
            return f"merged into {c.merged_into}"
        parts = [c.status]
        if c.renamed_from:
            parts.append(f"renamed from {c.renamed_from}")
        if c.moved_from:
            parts.append(f"moved from {c.moved_from}")
        return ", ".join(parts)

    rows = []
    for c in d.codes:
        row: list[Any] = [c.dimension, c.name, change(c), c.old_participants, c.new_participants]
        shares = {s.group: s for s in c.shares}
        for g in groups:
            s = shares.get(g)
            if s is None:
                row += ["", "", None, ""]
            else:
                row += [f"{s.old_participants}/{s.old_of}", f"{s.new_participants}/{s.new_of}",
                        s.delta, "real" if s.real else ""]
        rows.append(row)
    friction = Table("Friction", [Column("Step", width=28), Column("Group"), Column("Friction before"),
                                  Column("Friction now"), Column("Gap before", "delta"),
                                  Column("Gap now", "delta")],
                     [[f.step, f.group, "yes" if f.old else "no", "yes" if f.new else "no",
                       f.old_gap, f.new_gap] for f in d.friction])
    people = Table("Participants", [Column("Participant", width=24), Column("Change"),
                                    Column("Before"), Column("Now")],
                   [[p.name, p.kind, p.old or "", p.new or ""] for p in d.participants])
    title = f"Changes {d.old} → {d.new}"
    return Table("Changes", columns, rows, f"{note} · {title} · a change is real when the new share "
                 "and the old share are each outside the other's 95% interval", extra=[friction, people])


def _group_order(group: str) -> tuple[int, str]:
    fixed = ("won", "lost", "churned")
    return (fixed.index(group), group) if group in fixed else (len(fixed), group)
