"""``code`` (add or remove a quote) and ``quotes`` (list them)."""

from __future__ import annotations

import argparse

from interviewcoder.cli.common import (
    add_coder_option,
    add_json_option,
    coder_of,
    open_from,
    print_json,
    print_table,
)
from interviewcoder.core.errors import InvalidInput
from interviewcoder.services import codebook, coding


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("code", help="add a quote with one or more codes, or remove a quote")
    p.add_argument("study")
    p.add_argument("--source", type=int, help="source id")
    p.add_argument("--start", type=int, help="start offset (characters)")
    p.add_argument("--end", type=int, help="end offset (characters, exclusive)")
    p.add_argument("--code", action="append", metavar="DIMENSION/Name", help="code (repeatable)")
    p.add_argument("--memo", default="")
    p.add_argument("--remove", type=int, metavar="QUOTE_ID", help="remove this quote instead")
    add_coder_option(p)
    add_json_option(p)
    p.set_defaults(handler=cmd_code)

    p = sub.add_parser("quotes", help="list quotes, of a source or a code")
    p.add_argument("study")
    p.add_argument("--source", type=int)
    p.add_argument("--code", metavar="DIMENSION/Name")
    add_json_option(p)
    p.set_defaults(handler=cmd_quotes)


def cmd_code(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        coder = coder_of(args)
        if args.remove is not None:
            coding.remove_quote(study, args.remove, coder)
            print(f"removed quote {args.remove}")
            return 0
        missing = [o for o in ("source", "start", "end", "code") if getattr(args, o) is None]
        if missing:
            raise InvalidInput("adding a quote needs " + ", ".join(f"--{m}" for m in missing))
        codes = [codebook.resolve(study, ref) for ref in args.code]
        applied = coding.add_quote(study, args.source, args.start, args.end,
                                   [c.id for c in codes], coder, memo=args.memo)
        quote = study.quotes.get(applied.result)
    assert quote is not None
    if args.json:
        print_json(_quote_row(quote, {c.id: c.path for c in codes}))
    else:
        print(f"quote {quote.id}: {', '.join(c.path for c in codes)}: {quote.text[:80]!r}")
    return 0


def _quote_row(q, paths: dict[int, str]) -> dict[str, object]:  # noqa: ANN001
    return {"id": q.id, "guid": q.guid, "source_id": q.source_id, "start": q.start, "end": q.end,
            "text": q.text, "codes": [paths.get(c, str(c)) for c in q.code_ids], "coder": q.coder,
            "memo": q.memo, "created_at": q.created_at, "origin": q.origin}


def cmd_quotes(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        paths = {c.id: c.path for c in study.codes.list()}
        if args.code:
            quotes = study.quotes.for_code(codebook.resolve(study, args.code).id)
            if args.source is not None:
                quotes = [q for q in quotes if q.source_id == args.source]
        elif args.source is not None:
            quotes = study.quotes.for_source(args.source)
        else:
            quotes = study.quotes.all()
    rows = [_quote_row(q, paths) for q in quotes]
    if args.json:
        print_json(rows)
    else:
        print_table(["id", "source", "start", "end", "codes", "coder", "text"],
                    [[r["id"], r["source_id"], r["start"], r["end"], "; ".join(r["codes"]),
                      r["coder"], r["text"]] for r in rows])
    return 0
