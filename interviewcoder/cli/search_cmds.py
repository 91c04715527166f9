"""``search``: full-text search over every source, as keyword-in-context lines."""

from __future__ import annotations

import argparse
import sys

from interviewcoder.cli.common import add_json_option, open_from, print_json
from interviewcoder.services import search as searching


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "search", help="full-text search over every source (words, \"phrases\", prefix*, NEAR)",
        description="Search every turn of every source. QUERY is SQLite FTS5 syntax: words "
        "(all required), \"a phrase\", prefix*, NEAR(a b, 5), OR, NOT; case and accents are "
        "ignored.")
    p.add_argument("study")
    p.add_argument("query")
    p.add_argument("--outcome", help="only turns of participants with this outcome")
    p.add_argument("--persona", help="only turns of participants with this persona")
    p.add_argument("--role", choices=["interviewer", "participant", "answer"],
                   help="only turns of speakers in this role")
    p.add_argument("--kind", choices=["interview", "survey"], help="only sources of this kind")
    p.add_argument("--limit", type=int, default=200, help="at most this many turns (default 200)")
    add_json_option(p)
    p.set_defaults(handler=cmd_search)


def cmd_search(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        results = searching.search(study, args.query, outcome=args.outcome, persona=args.persona,
                                   role=args.role, kind=args.kind, limit=args.limit)
    if args.json:
        print_json(results.as_dict())
        return 0
    width = 60
    for h in results.hits:
        where = f"{h.source_id}:{h.start}"
        who = h.speaker or h.participant or h.role
        left = h.left[-width:].rjust(width)
        sys.stdout.write(f"{where:>10}  {who[:18]:<18}  {left}[{h.match}]{h.right[:width]}\n")
    shown = len({h.turn_id for h in results.hits})
    more = f" (first {shown} shown; --limit for more)" if results.truncated else ""
    n = len(results.hits)
    sys.stderr.write(f"{n} hit{'s' if n != 1 else ''} in {results.turns_text()}{more}\n")
    return 0
