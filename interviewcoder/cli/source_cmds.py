"""``source STUDY ID replace FILE | history | restore VERSION``: a corrected transcript in
place of a source's text (quotes re-anchored, the rest decided by the researcher), and the
texts the source had before."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from interviewcoder.cli.common import add_coder_option, coder_of, open_from, print_json, print_table
from interviewcoder.core.errors import InvalidInput
from interviewcoder.services import source_replace

ACTIONS = ("replace", "history", "restore")


def add_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", nargs="?", choices=ACTIONS,
                   help="replace FILE: a corrected transcript; history: earlier texts; "
                   "restore VERSION: put an earlier text back")
    p.add_argument("arg", nargs="?", metavar="FILE|VERSION")
    g = p.add_argument_group("replace")
    g.add_argument("--dry-run", action="store_true", help="show what would happen; change nothing")
    g.add_argument("--format", default="auto", help="the corrected file's format (default: auto)")
    g.add_argument("--accept", action="append", type=int, default=[], metavar="QUOTE",
                   help="a quote under review goes to its candidate span (repeatable)")
    g.add_argument("--accept-candidates", action="store_true",
                   help="every quote under review that has a candidate goes there")
    g.add_argument("--delete", action="append", type=int, default=[], metavar="QUOTE",
                   help="a quote under review is deleted (repeatable)")
    g.add_argument("--move", action="append", default=[], metavar="QUOTE:START:END",
                   help="a quote under review goes to START..END of the new text (repeatable)")
    add_coder_option(p)


def run(args: argparse.Namespace) -> int:
    if args.action in ("replace", "restore") and not args.arg:
        raise InvalidInput(f"source {args.action} needs " + ("a FILE" if args.action == "replace"
                                                              else "a VERSION (see 'source ID history')"))
    with open_from(args) as study:
        if args.action == "history":
            rows = source_replace.versions(study, args.id)
            if args.json:
                print_json(rows)
            elif not rows:
                print(f"source {args.id} has never been replaced")
            else:
                print_table(["version", "replaced at", "by", "characters"],
                            [(r["version"], r["replaced_at"], r["coder"], r["chars"]) for r in rows])
            return 0
        if args.action == "restore":
            if not args.arg.isdigit():
                raise InvalidInput(f"{args.arg!r} is not a version number (see 'source ID history')")
            done = source_replace.restore(study, args.id, int(args.arg), coder_of(args)).result
            if args.json:
                print_json({"source": args.id, "version": int(args.arg), **done})
                return 0
            back, lost = len(done["quotes_restored"]), done["quotes_not_restored"]
            print(f"source {args.id}: version {args.arg} restored" + (
                f"; {back} quote{'' if back == 1 else 's'} the replacement deleted "
                f"{'is' if back == 1 else 'are'} back" if back else ""))
            for q in lost:
                print(f"  not restored: the quote at {q['start']}-{q['end']} ({q['reason']})")
            return 0
        plan = source_replace.plan(study, args.id, args.arg, fmt=args.format)
        if args.dry_run:
            _show(plan, args.json)
            return 0
        applied = source_replace.apply(study, plan, decisions(args, plan), coder_of(args))
    counts = plan.to_dict()["quotes"]
    if args.json:
        print_json({**plan.to_dict(), "applied": True, **applied.result})
    else:
        print(f"source {args.id} replaced by {plan.file}: {counts['same']} quotes kept, "
              f"{counts['moved']} moved, {counts['review']} reviewed")
    return 0


def decisions(args: argparse.Namespace, plan: source_replace.Plan) -> dict[int, tuple[Any, ...]]:
    out: dict[int, tuple[Any, ...]] = {}
    if args.accept_candidates:
        out.update({m.quote_id: (source_replace.ACCEPT,) for m in plan.review if m.start is not None})
    out.update({q: (source_replace.ACCEPT,) for q in args.accept})
    out.update({q: (source_replace.DELETE,) for q in args.delete})
    for item in args.move:
        parts = item.split(":")
        if len(parts) != 3 or not all(p.strip().isdigit() for p in parts):
            raise InvalidInput(f"--move {item!r} is not QUOTE:START:END")
        out[int(parts[0])] = (source_replace.MOVE, int(parts[1]), int(parts[2]))
    under_review = {m.quote_id for m in plan.review}
    stray = sorted(set(out) - under_review - {m.quote_id for m in plan.review})
    if stray and not args.accept_candidates:
        raise InvalidInput(f"quote {stray[0]} is not under review (it is placed with confidence)")
    return out


def _show(plan: source_replace.Plan, as_json: bool) -> None:
    data = plan.to_dict()
    if as_json:
        print_json(data)
        return
    q = data["quotes"]
    sys.stdout.write(f"{plan.file}: {data['turns']} turns, {data['words']} words; quotes: "
                     f"{q['same']} stay on their words, {q['moved']} follow moved text, "
                     f"{q['review']} need a decision\n")
    for s in plan.speakers:
        sys.stdout.write(f"  speaker {s.speaker or '(none)'}: {s.role.value}"
                         f"{' ' + s.participant if s.participant else ''} ({s.how})\n")
    for m in plan.review:
        cand = f"candidate {m.start}..{m.end}: {m.text!r}" if m.start is not None else "no candidate"
        sys.stdout.write(f"  quote {m.quote_id} ({m.reason}): was {m.old_text!r}; {cand}\n")
