"""``participants`` (list, set, map, merge, delete) and ``outcomes`` (list, add, rename, merge)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from interviewcoder.cli.common import (
    add_coder_option,
    add_json_option,
    coder_of,
    open_from,
    parse_key_values,
    print_json,
    print_table,
)
from interviewcoder.core.errors import InvalidInput
from interviewcoder.core.types import Role
from interviewcoder.services import outcomes as outcome_service
from interviewcoder.services import participants as participant_service
from interviewcoder.services import roster
from interviewcoder.services.operations import execute


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("participants", help="list participants and interviewers; set, map, "
                       "merge or delete participants")
    p.add_argument("study")
    add_json_option(p)
    p.set_defaults(handler=cmd_participants)
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    s = actions.add_parser("set", help="set outcome, persona, attributes, memo of one or more "
                           "participants")
    s.add_argument("names", nargs="+", metavar="NAME")
    s.add_argument("--outcome", help="one of the study's outcomes (see 'outcomes')")
    s.add_argument("--persona")
    s.add_argument("--attr", action="append", metavar="KEY=VALUE", help="attribute (repeatable)")
    s.add_argument("--memo", help="the participant's memo")
    s.add_argument("--rename", metavar="NEW_NAME", help="new name (one participant only)")
    s.add_argument("--create", action="store_true", help="create a participant not yet there")
    add_json_option(s)
    add_coder_option(s)
    s.set_defaults(handler=cmd_participant_set)
    m = actions.add_parser("map", help="map a source's speaker to a participant or interviewer")
    m.add_argument("source", type=int)
    m.add_argument("speaker")
    who = m.add_mutually_exclusive_group(required=True)
    who.add_argument("--participant", metavar="NAME", help="participant (created if new)")
    who.add_argument("--interviewer", action="store_true", help="the speaker is an interviewer")
    add_json_option(m)
    add_coder_option(m)
    m.set_defaults(handler=cmd_participant_map)
    g = actions.add_parser("merge", help="merge a participant into another: every turn moves")
    g.add_argument("name")
    g.add_argument("into")
    add_json_option(g)
    add_coder_option(g)
    g.set_defaults(handler=cmd_participant_merge)
    d = actions.add_parser("delete", help="delete a participant (their turns count for no one)")
    d.add_argument("name")
    add_json_option(d)
    add_coder_option(d)
    d.set_defaults(handler=cmd_participant_delete)

    o = sub.add_parser("outcomes", help="the study's outcomes: list, add, rename, merge")
    o.add_argument("study")
    add_json_option(o)
    o.set_defaults(handler=cmd_outcomes)
    ops = o.add_subparsers(dest="action", metavar="ACTION")
    for name, helptext, args in (
        ("add", "add an outcome", ("name",)),
        ("rename", "rename an outcome (its participants follow)", ("old", "new")),
        ("merge", "merge an outcome into another (e.g. churn into churned)", ("name", "into")),
        ("remove", "remove an outcome no participant has", ("name",)),
    ):
        a = ops.add_parser(name, help=helptext)
        for arg in args:
            a.add_argument(arg)
        add_json_option(a)
        add_coder_option(a)
        a.set_defaults(handler=cmd_outcome_change, change=name)


def _describe(row: dict[str, Any]) -> list[Any]:
    attrs = "; ".join(f"{k}={v}" for k, v in row["attributes"].items())
    return [row["id"] or "", row["name"], row["role"], row["outcome"] or "", row["persona"] or "",
            attrs]


def cmd_participants(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        rows = [p.to_dict() for p in roster.people(study)]
    if args.json:
        print_json(rows)
    else:
        print_table(["id", "name", "role", "outcome", "persona", "attributes"],
                    [_describe(r) for r in rows])
    return 0


def cmd_participant_set(args: argparse.Namespace) -> int:
    attrs = parse_key_values(args.attr, "attribute")
    if not (args.outcome or args.persona is not None or attrs or args.rename
            or args.memo is not None):
        raise InvalidInput("say what to set: --outcome, --persona, --attr, --memo or --rename")
    if args.rename and len(args.names) > 1:
        raise InvalidInput("--rename names one participant")
    coder = coder_of(args)
    with open_from(args) as study, study.atomic():
        for name in args.names:
            participant_service.set_participant(
                study, name, coder, outcome=args.outcome, persona=args.persona,
                attributes=dict(attrs), memo=args.memo, create=args.create)
        if args.rename:
            p = participant_service.by_name(study, args.names[0])
            execute(study, participant_service.UpdateParticipant(p.id, name=args.rename), coder)
        names = [args.rename] if args.rename else args.names
        people = [participant_service.by_name(study, n) for n in names]
    rows = [{"id": p.id, "name": p.name, "outcome": p.outcome, "persona": p.persona,
             "attributes": p.attributes, "memo": p.memo} for p in people]
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        attr_text = "; ".join(f"{k}={v}" for k, v in r["attributes"].items())
        print(f"{r['name']}: outcome={r['outcome']} persona={r['persona'] or '-'} "
              f"{attr_text}".rstrip())
    return 0


def cmd_participant_map(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        coder = coder_of(args)
        with study.atomic():
            if args.interviewer:
                role, pid = Role.INTERVIEWER, None
            else:
                existing = study.participants.by_name(args.participant)
                if existing is None:
                    pid = participant_service.add_participant(study, args.participant, coder).result
                else:
                    pid = existing.id
                role = Role.PARTICIPANT
            op = participant_service.map_speaker_op(study, args.source, args.speaker, role, pid)
            removed = execute(study, op, coder).result
    target = "interviewer" if args.interviewer else args.participant
    if args.json:
        print_json({"source": args.source, "speaker": args.speaker, "to": target,
                    "turns": len(op.turns), "removed": removed})
        return 0
    sys.stdout.write(f"mapped {len(op.turns)} turns of {args.speaker!r} in source {args.source} "
                     f"to {target}\n")
    for name in removed:
        sys.stdout.write(f"removed participant {name!r}: no turns left (undo in the app)\n")
    return 0


def cmd_participant_merge(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        turns = participant_service.merge(study, args.name, args.into, coder_of(args)).result
    if args.json:
        print_json({"merged": args.name, "into": args.into, "turns": turns})
    else:
        print(f"merged {args.name!r} into {args.into!r} ({turns} turns moved)")
    return 0


def cmd_participant_delete(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        turns = participant_service.delete(study, args.name, coder_of(args)).result
    if args.json:
        print_json({"deleted": args.name, "turns": turns})
    else:
        print(f"deleted {args.name!r}; {turns} turns now count for no one")
    return 0


def _outcome_rows(study: Any) -> list[dict[str, Any]]:
    usage = study.outcomes.usage()
    return [{"name": n, "participants": usage.get(n, 0)} for n in outcome_service.known(study)]


def cmd_outcomes(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        rows = _outcome_rows(study)
        unset = study.outcomes.usage().get("unknown", 0)
    if args.json:
        print_json(rows)
    else:
        print_table(["outcome", "participants"], [[r["name"], r["participants"]] for r in rows]
                    + [["(unknown)", unset]])
    return 0


def cmd_outcome_change(args: argparse.Namespace) -> int:
    coder = coder_of(args)
    with open_from(args) as study:
        if args.change == "add":
            outcome_service.add(study, args.name, coder)
            done = {"added": outcome_service.clean(args.name), "participants": 0}
        elif args.change == "rename":
            n = outcome_service.rename(study, args.old, args.new, coder).result
            done = {"renamed": args.old, "to": outcome_service.clean(args.new), "participants": n}
        elif args.change == "merge":
            n = outcome_service.merge(study, args.name, args.into, coder).result
            done = {"merged": args.name, "into": outcome_service.clean(args.into),
                    "participants": n}
        else:
            outcome_service.remove(study, args.name, coder)
            done = {"removed": outcome_service.clean(args.name), "participants": 0}
        rows = _outcome_rows(study)
    if args.json:
        print_json({**done, "outcomes": rows})
    else:
        print(", ".join(f"{k} {v}" for k, v in done.items()))
        print("outcomes: " + ", ".join(r["name"] for r in rows))
    return 0
