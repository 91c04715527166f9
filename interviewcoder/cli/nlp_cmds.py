"""spaCy assistance on the command line: suggest, train, patterns."""

from __future__ import annotations

import argparse
import sys

from interviewcoder.cli.common import add_json_option, coder_of, open_from, print_json, print_table


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("suggest", help="suggest codes for sentences (patterns + learned model)")
    p.add_argument("study")
    p.add_argument("--source", type=int, metavar="ID", help="only this source (default: all)")
    p.add_argument("--min-score", type=float, default=0.0, metavar="X",
                   help="only suggestions scoring at least X (0-1)")
    p.add_argument("--no-learned", action="store_true", help="patterns only")
    p.add_argument("--pipeline", metavar="NAME",
                   help="an installed spaCy pipeline for sentence boundaries (optional)")
    add_json_option(p)
    p.set_defaults(handler=cmd_suggest)

    p = sub.add_parser("train", help="train the study's learned suggester from its coded quotes")
    p.add_argument("study")
    p.add_argument("--min-examples", type=int, metavar="N",
                   help="coded quotes a code needs to be learned (default: 5)")
    add_json_option(p)
    p.set_defaults(handler=cmd_train)

    p = sub.add_parser("patterns", help="list, add or remove the study's own suggestion patterns")
    p.add_argument("study")
    add_json_option(p)
    p.set_defaults(handler=cmd_patterns, action=None)
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    a = actions.add_parser("add", help="add a pattern for a code")
    a.add_argument("code", help='the code, as "dimension/Name"')
    a.add_argument("pattern", help='a phrase, or JSON token patterns like [{"LOWER": "g2"}]')
    a.set_defaults(handler=cmd_patterns)
    r = actions.add_parser("remove", help="remove a pattern by id")
    r.add_argument("id", type=int)
    r.set_defaults(handler=cmd_patterns)


def _check_score(value: float) -> None:
    from interviewcoder.core.errors import InvalidInput

    if not 0.0 <= value <= 1.0:
        raise InvalidInput(f"--min-score {value} is not between 0 and 1")


def cmd_suggest(args: argparse.Namespace) -> int:
    from interviewcoder.services import suggestions

    _check_score(args.min_score)
    notes: list[str] = []
    with open_from(args) as study:
        found = suggestions.suggest(
            study, args.source, min_score=args.min_score, use_learned=not args.no_learned,
            installed=args.pipeline, notes=notes,
        )
    for note in notes:
        sys.stderr.write(f"interviewcoder: warning: {note}\n")
    if args.json:
        print_json([s.as_dict() for s in found])
        return 0
    print_table(
        ["source", "start", "end", "code", "score", "reason", "text"],
        [(s.source_id, s.start, s.end, s.code_path, f"{s.score:.2f}", s.reason, s.text)
         for s in found],
    )
    sys.stdout.write(f"{len(found)} suggestions\n")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from interviewcoder.services import suggestions

    def progress(done: int, total: int, message: str) -> None:
        if not args.json:
            sys.stderr.write(f"\r{message}   ")
            sys.stderr.flush()

    try:
        with open_from(args) as study:
            model = suggestions.train(study, min_examples=args.min_examples, progress=progress)
    finally:
        if not args.json:
            sys.stderr.write("\n")
    metrics = model.metrics_json()
    if args.json:
        print_json(metrics)
        return 0

    def pct(x: float | None) -> str:
        return "-" if x is None else f"{x:.2f}"

    print_table(
        ["code", "precision", "recall", "f1", "train quotes", "held-out quotes"],
        [(m.code, pct(m.precision), pct(m.recall), pct(m.f1), m.train, m.held_out)
         for m in model.metrics],
    )
    if model.skipped:
        names = ", ".join(f"{code} ({n})" for code, n in sorted(model.skipped.items()))
        sys.stdout.write(f"not learned yet (too few coded quotes): {names}\n")
    sys.stdout.write(f"trained on {model.sentences} sentences in {model.seconds:.1f} s\n")
    return 0


def cmd_patterns(args: argparse.Namespace) -> int:
    from interviewcoder.services import suggestions

    with open_from(args) as study:
        if args.action == "add":
            pid = suggestions.add_pattern(study, args.code, args.pattern, coder_of(args))
            sys.stdout.write(f"added pattern {pid}\n")
            return 0
        if args.action == "remove":
            suggestions.remove_pattern(study, args.id, coder_of(args))
            sys.stdout.write(f"removed pattern {args.id}\n")
            return 0
        paths = {c.id: c.path for c in study.codes.list()}
        rows = [(p.id, paths.get(p.code_id, p.code_id), p.pattern)
                for p in suggestions.list_patterns(study)]
    if getattr(args, "json", False):
        print_json([{"id": i, "code": c, "pattern": p} for i, c, p in rows])
    else:
        print_table(["id", "code", "pattern"], rows)
    return 0
