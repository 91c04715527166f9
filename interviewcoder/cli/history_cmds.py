"""``snapshot``, ``snapshots`` and ``diff``: the evidence frozen at a date, and what changed."""

from __future__ import annotations

import argparse
import sys

from interviewcoder.cli.common import (
    add_coder_option,
    add_json_option,
    coder_of,
    open_from,
    print_json,
    print_table,
)
from interviewcoder.core.snapshot_diff import Diff
from interviewcoder.services import snapshots


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("snapshot", help="freeze the evidence as it stands (for a monthly diff)")
    p.add_argument("study")
    p.add_argument("--name", help="the snapshot's name (default: the month, e.g. 2026-11)")
    p.add_argument("--note", default="", help="a note kept with the snapshot")
    add_coder_option(p)
    add_json_option(p)
    p.set_defaults(handler=cmd_snapshot)

    p = sub.add_parser("snapshots", help="list the study's snapshots (or delete one)")
    p.add_argument("study")
    p.add_argument("action", nargs="?", choices=["delete"], help="delete NAME")
    p.add_argument("name", nargs="?", help="with delete: the snapshot to delete")
    add_coder_option(p)
    add_json_option(p)
    p.set_defaults(handler=cmd_snapshots)

    p = sub.add_parser("diff", help="what changed between two snapshots, or since one ('now')")
    p.add_argument("study")
    p.add_argument("old", help="a snapshot's name or id")
    p.add_argument("new", nargs="?", default=snapshots.NOW,
                   help="another snapshot, or 'now' (the default)")
    add_json_option(p)
    p.set_defaults(handler=cmd_diff)


def cmd_snapshot(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        snap = snapshots.take(study, coder_of(args), name=args.name, note=args.note)
    if args.json:
        print_json(snap.to_dict())
    else:
        print(f"snapshot {snap.name!r} taken ({snap.taken_at})")
    return 0


def cmd_snapshots(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        if args.action == "delete":
            if not args.name:
                from interviewcoder.core.errors import InvalidInput

                raise InvalidInput("snapshots delete needs the snapshot's name")
            gone = snapshots.delete(study, args.name, coder_of(args))
            print_json(gone.to_dict()) if args.json else print(f"deleted snapshot {gone.name!r}")
            return 0
        listed = snapshots.list_snapshots(study)
    if args.json:
        print_json([s.to_dict() for s in listed])
    elif not listed:
        print("no snapshots yet (interviewcoder snapshot STUDY)")
    else:
        print_table(["id", "name", "taken at", "by", "note"],
                    [(s.id, s.name, s.taken_at, s.coder, s.note) for s in listed])
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        d = snapshots.diff(study, args.old, args.new)
    if args.json:
        print_json(d.to_dict())
    else:
        write_text(d)
    return 0


def write_text(d: Diff) -> None:
    out = sys.stdout.write
    s = d.summary()
    out(f"{d.old} -> {d.new}: {s['real_changes']} real changes, {s['new_codes']} new codes, "
        f"{s['merged_codes']} merged, {s['deleted_codes']} deleted, {s['renamed_codes']} renamed; "
        f"{s['new_participants']} new participants, {s['outcome_changes']} outcome changes\n")
    sizes = ", ".join(f"{g} {a}->{b}" for g, (a, b) in sorted(d.group_sizes.items()))
    out(f"groups: {sizes}\n")
    if d.codes:
        out("\ncodes (largest real change first):\n")
        rows = []
        for c in d.codes:
            what = c.status
            if c.renamed_from:
                what += f", renamed from {c.renamed_from!r}"
            if c.moved_from:
                what += f", moved from {c.moved_from}"
            if c.merged_into:
                what = f"merged into {c.merged_into}"
            moves = "; ".join(
                f"{x.group} {x.old_participants}/{x.old_of}->{x.new_participants}/{x.new_of}"
                f"{' REAL' if x.real else ''}" for x in c.shares
                if (x.old_participants, x.old_of) != (x.new_participants, x.new_of))
            rows.append((f"{c.dimension}/{c.name}", what, moves))
        print_table(["code", "change", "participants per outcome"], rows)
    if d.friction:
        out("\nfriction:\n")
        for f in d.friction:
            word = "appeared" if f.new else "gone"
            out(f"  step/{f.step}: friction for {f.group} {word} "
                f"(gap {f.old_gap:+.0%} -> {f.new_gap:+.0%})\n")
    if d.participants:
        out("\nparticipants:\n")
        for p in d.participants:
            moved = p.kind in ("outcome", "persona", "renamed")
            detail = f"{p.old} -> {p.new}" if moved else (p.new or p.old or "")
            out(f"  {p.name}: {p.kind} {detail}\n")
