"""Commands on the study as a whole: new, sources, source, history."""

from __future__ import annotations

import argparse

from interviewcoder.cli import source_cmds
from interviewcoder.cli.common import (
    add_json_option,
    open_from,
    print_json,
    print_table,
)
from interviewcoder.core.errors import NotFound
from interviewcoder.services import studies


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new", help="create a new study file")
    p.add_argument("study", help="path of the new .icstudy file")
    p.add_argument("--template", default="journey", choices=["journey", "blank"],
                   help="codebook to start from (default: journey)")
    p.add_argument("--language", default="en", help="language of the study's texts (default: en)")
    p.add_argument("--region", metavar="CC",
                   help="country phone numbers without a country code are read in when "
                   "redacting (default: the language's country, e.g. en: US)")
    p.set_defaults(handler=cmd_new)

    p = sub.add_parser("sources", help="list the study's sources")
    p.add_argument("study")
    add_json_option(p)
    p.set_defaults(handler=cmd_sources)

    p = sub.add_parser("source", help="show one source (text and turns), replace its text with a "
                       "corrected transcript, or list and restore its earlier texts")
    p.add_argument("study")
    p.add_argument("id", type=int, help="source id (see 'sources')")
    source_cmds.add_options(p)
    add_json_option(p)
    p.set_defaults(handler=cmd_source)

    p = sub.add_parser("history", help="the study's change log, newest first")
    p.add_argument("study")
    p.add_argument("--limit", type=int, default=50)
    add_json_option(p)
    p.set_defaults(handler=cmd_history)


def cmd_new(args: argparse.Namespace) -> int:
    if args.region:
        from interviewcoder.services.redaction import check_region

        check_region(args.region)  # before anything is created
    study = studies.create(args.study, template=args.template, language=args.language)
    try:
        if args.region:
            from interviewcoder.services.redaction import set_phone_region

            set_phone_region(study, args.region)
        n = len(study.codes.list())
    finally:
        study.close()
    print(f"created {args.study} ({args.template} codebook, {n} codes)")
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        rows = study.sources.summaries()
    if args.json:
        print_json(rows)
    else:
        print_table(["id", "name", "kind", "turns", "words", "quotes", "participants", "outcome"],
                    [[r["id"], r["name"], r["kind"], r["turns"], r["words"], r["quotes"],
                      r["participants"], r["outcomes"]] for r in rows])
    return 0


def cmd_source(args: argparse.Namespace) -> int:
    if args.action:
        return source_cmds.run(args)
    with open_from(args) as study:
        source = study.sources.get(args.id)
        if source is None:
            raise NotFound(f"no source with id {args.id}")
        text = study.sources.text(source.id)
        names = {p.id: p.name for p in study.participants.list()}
        turns = [
            {"start": t.start, "end": t.end, "speaker": t.speaker, "role": t.role.value,
             "participant": names.get(t.participant_id) if t.participant_id else None,
             "start_ms": t.start_ms}
            for t in study.sources.turns(source.id)
        ]
    if args.json:
        print_json({"id": source.id, "name": source.name, "kind": source.kind.value,
                    "format": source.format, "original_name": source.original_name,
                    "sha256": source.sha256, "imported_at": source.imported_at,
                    "text": text, "turns": turns})
        return 0
    print(f"# {source.name} ({source.kind.value}, {len(turns)} turns)")
    for t in turns:
        who = t["speaker"] or "—"
        if t["participant"] and t["participant"] != who:
            who += f" [{t['participant']}]"
        stamp = _clock(t["start_ms"]) if t["start_ms"] is not None else ""
        print(f"\n{who} ({t['role']}) {stamp}".rstrip())
        print(text[t["start"]: t["end"]])
    return 0


def _clock(ms: int) -> str:
    s = ms // 1000
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def cmd_history(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        rows = study.history(args.limit)
    if args.json:
        print_json(rows)
    else:
        print_table(["at", "coder", "action", "target"],
                    [[r["at"], r["coder"], r["action"], r["target"]] for r in rows])
    return 0
