"""``check``: whether the study's maintained evidence tallies agree with a recount.

Exit status 0 when everything agrees, 1 when the check found a difference (so a script can
stop a monthly refresh; also after ``--repair`` refilled them), 2 on bad input.
"""

from __future__ import annotations

import argparse
import sys

from interviewcoder.cli.common import (
    add_coder_option,
    add_json_option,
    coder_of,
    open_from,
    print_json,
)
from interviewcoder.services import tally_check


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="recount the evidence tallies from scratch and compare "
                       "(--repair refills them)")
    p.add_argument("study")
    p.add_argument("--repair", action="store_true",
                   help="refill the tallies from scratch when they differ (one transaction)")
    add_coder_option(p)
    add_json_option(p)
    p.set_defaults(handler=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        report = (tally_check.repair(study, coder_of(args)) if args.repair
                  else tally_check.check(study))
    if args.json:
        print_json({"tallies": report.to_json()})
    elif report.ok:
        sys.stdout.write("Evidence tallies: they agree with a recount from scratch.\n")
    else:
        sys.stdout.write("Evidence tallies: they differ from a recount from scratch:\n")
        for line in report.lines():
            sys.stdout.write(f"  {line}\n")
        sys.stdout.write("  Refilled from scratch.\n" if report.repaired else
                         "  Run 'interviewcoder check STUDY --repair' to refill them.\n")
    return 0 if report.ok else 1
