"""``check``: quotes that cross speakers or count for no one, people in no group, stray outcomes,
and whether the maintained evidence tallies agree with a recount from scratch.

Exit status 0 when the study is clean, 1 when the check found something (so scripts can stop a
monthly refresh; also after ``--repair`` refilled the tallies), 2 on bad input.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from interviewcoder.cli.common import (
    add_coder_option,
    add_json_option,
    coder_of,
    open_from,
    print_json,
    print_table,
)
from interviewcoder.services import tally_check
from interviewcoder.services.checks import REASONS, CheckReport, check


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="quotes that cross speakers or count for no one, "
                       "participants with no turns, outcomes outside the vocabulary; the evidence "
                       "tallies against a recount")
    p.add_argument("study")
    p.add_argument("--repair", action="store_true",
                   help="refill the evidence tallies from scratch when they differ "
                   "(one transaction)")
    add_coder_option(p)
    add_json_option(p)
    p.set_defaults(handler=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        report = check(study)
        tallies = (tally_check.repair(study, coder_of(args)) if args.repair
                   else tally_check.check(study))
    if args.json:
        print_json({**report.to_json(), "tallies": tallies.to_json()})
    else:
        _print(report)
        _print_tallies(tallies)
        _print_summary(report, tallies)
    return 1 if report.problems or not tallies.ok else 0


def _print_tallies(t: tally_check.TallyReport) -> None:
    sys.stdout.write("\n")
    if t.ok:
        sys.stdout.write("Evidence tallies: they agree with a recount from scratch.\n")
        return
    sys.stdout.write("Evidence tallies: they differ from a recount from scratch:\n")
    for line in t.lines():
        sys.stdout.write(f"  {line}\n")
    sys.stdout.write("  Refilled from scratch.\n" if t.repaired else
                     "  Run 'interviewcoder check STUDY --repair' to refill them.\n")


def _snippet(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _section(title: str, n: int, hint: str = "") -> None:
    sys.stdout.write(f"\n{title}: {n if n else 'none'}\n")
    if n and hint:
        sys.stdout.write(f"  {hint}\n")


def _print(r: CheckReport) -> None:
    _section("Quotes across a speaker change", len(r.crossing),
             "each counts for every participant whose turn it overlaps; split it at the turn "
             "boundaries in the app if it took in someone else's words")
    if r.crossing:
        print_table(["quote", "source", "turns", "speakers", "counts for", "text"], [
            [q["quote_id"], q["source"], "–".join(str(t) for t in (q["turns"][0], q["turns"][-1])),
             " → ".join(q["speakers"]), "; ".join(q["counts_for"]) or "no one", _snippet(q["text"])]
            for q in r.crossing])
    _section("Quotes in interviewer speech only", len(r.interviewer_only))
    _section("Quotes that count for no one", len(r.no_one),
             "their codes get no participant from them")
    if r.no_one:
        print_table(["quote", "source", "turn", "why", "text"], [
            [q["quote_id"], q["source"], q["turn"] or "", REASONS[q["reason"]], _snippet(q["text"])]
            for q in r.no_one])
    _section("Participants with no turns (in no denominator)", len(r.no_turns))
    if r.no_turns:
        print_table(["participant", "outcome", "persona"],
                    [[p["name"], p["outcome"], p["persona"] or ""] for p in r.no_turns])
    _section(f"Outcomes outside the vocabulary ({', '.join(r.vocabulary)})",
             len(r.stray_outcomes), "a group of their own, and in no differential")
    if r.stray_outcomes:
        rows: list[list[Any]] = [[o["outcome"], o["participants"], "; ".join(o["names"][:5])
                                  + ("; …" if len(o["names"]) > 5 else "")]
                                 for o in r.stray_outcomes]
        print_table(["outcome", "participants", "who"], rows)


def _print_summary(r: CheckReport, t: tally_check.TallyReport) -> None:
    """The last line, which scripts and people read first."""
    tallies = "" if t.ok else (" (and the evidence tallies were refilled)" if t.repaired
                               else " (and the evidence tallies differ from a recount)")
    if r.problems:
        sys.stdout.write(f"\n{r.problems} problem{'s' if r.problems != 1 else ''} found{tallies}\n")
    elif tallies:
        sys.stdout.write(f"\nNo quote problems found{tallies}\n")
    else:
        sys.stdout.write("\nNothing found: every quote counts as it seems.\n")
