"""``merge``: another coder's study into this one (sources by text, codes and quotes by GUID)."""

from __future__ import annotations

import argparse
import sys

from interviewcoder.cli.common import add_coder_option, add_json_option, coder_of, open_from, print_json
from interviewcoder.services import merging
from interviewcoder.services.merge_plan import MergePlan


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("merge", help="merge a coder's study into this one (backup first; "
                       "--dry-run says what it would do)")
    p.add_argument("study")
    p.add_argument("other", metavar="OTHER.icstudy", help="the study to merge in (read only)")
    p.add_argument("--dry-run", action="store_true", help="say what would happen; change nothing")
    p.add_argument("--same-person", action="append", default=[], metavar="NAME",
                   help="a participant of the other study who is the participant of the same "
                   "name here (repeatable); without it a name match is added as a new participant "
                   "and reported")
    add_coder_option(p)
    add_json_option(p)
    p.set_defaults(handler=cmd_merge)


def cmd_merge(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        result = merging.merge(study, args.other, coder_of(args), dry_run=args.dry_run,
                               same_person=tuple(args.same_person))
    if args.json:
        print_json(result.to_dict())
        return 0
    write_text(result.plan, merged=result.applied is not None, dry_run=args.dry_run)
    if result.backup:
        print(f"backup of the study before the merge: {result.backup}")
    return 0


def write_text(p: MergePlan, *, merged: bool, dry_run: bool) -> None:
    out = sys.stdout.write
    s = p.summary()
    if p.empty:
        out(f"nothing to merge: everything in {p.other_name} is here already "
            f"({s['sources_matched']} sources, {s['quotes_unchanged']} quotes matched)\n")
    else:
        verb = "would merge" if dry_run else ("merged" if merged else "would merge")
        out(f"{verb} {p.other_name}: sources {s['sources_matched']} matched, {s['sources_added']} "
            f"added, {s['source_conflicts']} conflicts; codes {s['codes_matched']} matched, "
            f"{s['codes_added']} added; participants {s['participants_matched']} matched, "
            f"{s['participants_added']} added; quotes {s['quotes_added']} added, "
            f"{s['quotes_updated']} updated, {s['quote_conflicts']} conflicts (both versions "
            f"kept), {s['quotes_skipped']} skipped, {s['quotes_unchanged']} unchanged; "
            f"{s['changelog_entries']} change-log entries, {s['coders_added']} new coders\n")
    for _sid, name, why in p.source_conflicts:
        out(f"conflict: source {name!r}: {why}\n")
    for mine, theirs in p.quote_conflicts:
        out(f"conflict: quote {mine.guid} edited in both: here {mine.start}-{mine.end} "
            f"{_short(mine.text)!r}, there {theirs.start}-{theirs.end} {_short(theirs.text)!r}\n")
    for note in p.code_notes + p.participant_notes:
        out(f"note: {note}\n")
    if p.possible_matches and not merged:
        out("to join a name match, add --same-person NAME\n")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 50 else text[:49] + "…"
