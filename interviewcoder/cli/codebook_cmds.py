"""``codebook``: list, import, export and edit the study's codes."""

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
from interviewcoder.services import codebook, codebook_io
from interviewcoder.services.operations import execute


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("codebook", help="list, import, export or edit the codebook")
    p.add_argument("study")
    add_json_option(p)
    p.set_defaults(handler=cmd_list)
    actions = p.add_subparsers(dest="action", metavar="ACTION")

    a = actions.add_parser("import", help="add/update codes from a .json or .csv file")
    a.add_argument("file")
    add_coder_option(a)
    a.set_defaults(handler=cmd_import)

    a = actions.add_parser("export", help="write the codebook to a .json or .csv file")
    a.add_argument("file")
    a.set_defaults(handler=cmd_export)

    a = actions.add_parser("add", help="add a code: DIMENSION/Name")
    a.add_argument("code")
    a.add_argument("--description", default="")
    a.add_argument("--colour", default="", help="#RRGGBB")
    a.add_argument("--parent", help="parent code, DIMENSION/Name")
    add_coder_option(a)
    a.set_defaults(handler=cmd_add)

    a = actions.add_parser("rename", help="rename a code")
    a.add_argument("code")
    a.add_argument("new_name")
    add_coder_option(a)
    a.set_defaults(handler=cmd_rename)

    a = actions.add_parser("recolour", help="change a code's colour")
    a.add_argument("code")
    a.add_argument("colour", help="#RRGGBB")
    add_coder_option(a)
    a.set_defaults(handler=cmd_recolour)

    a = actions.add_parser("describe", help="change a code's description")
    a.add_argument("code")
    a.add_argument("description")
    add_coder_option(a)
    a.set_defaults(handler=cmd_describe)

    a = actions.add_parser("move", help="move a code: to a position, another dimension or parent")
    a.add_argument("code")
    a.add_argument("--to", type=int, metavar="POSITION", help="1-based position in its dimension")
    a.add_argument("--dimension", help="move to another dimension")
    a.add_argument("--parent", help="new parent code (DIMENSION/Name), or '-' for none")
    add_coder_option(a)
    a.set_defaults(handler=cmd_move)

    a = actions.add_parser("delete", help="delete a code (quotes left with no code go too)")
    a.add_argument("code")
    add_coder_option(a)
    a.set_defaults(handler=cmd_delete)

    a = actions.add_parser("merge", help="merge the first code into the second")
    a.add_argument("code")
    a.add_argument("into")
    add_coder_option(a)
    a.set_defaults(handler=cmd_merge)


def cmd_list(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        codes = study.codes.list()
        usage = study.codes.usage()
        by_id = {c.id: c for c in codes}
    rows = [
        {"id": c.id, "guid": c.guid, "dimension": c.dimension.value, "name": c.name,
         "description": c.description, "memo": c.memo, "colour": c.colour,
         "parent": by_id[c.parent_id].name if c.parent_id in by_id else None, "order": c.ord,
         "quotes": usage.get(c.id, (0, 0))[0], "participants": usage.get(c.id, (0, 0))[1]}
        for c in codes
    ]
    if args.json:
        print_json(rows)
    else:
        print_table(["id", "dimension", "name", "quotes", "participants", "colour", "description"],
                    [[r["id"], r["dimension"], r["name"], r["quotes"], r["participants"],
                      r["colour"], r["description"]] for r in rows])
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        result = codebook_io.import_file(study, args.file, coder_of(args))
    print(f"imported {result.summary} from {args.file}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        n = codebook_io.export_file(study, args.file)
    print(f"wrote {n} codes to {args.file}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    if "/" not in args.code:
        raise InvalidInput(f"name the code as DIMENSION/Name, not {args.code!r}")
    dim, name = args.code.split("/", 1)
    with open_from(args) as study:
        parent = codebook.resolve(study, args.parent).id if args.parent else None
        applied = codebook.add_code(study, codebook.parse_dimension(dim), name, coder_of(args),
                                    description=args.description, colour=args.colour,
                                    parent_id=parent)
        code = study.codes.get(applied.result)
    print(f"added {code.path} (id {code.id})")  # type: ignore[union-attr]
    return 0


def _update(args: argparse.Namespace, **fields: object) -> int:
    with open_from(args) as study:
        code = codebook.resolve(study, args.code)
        codebook.update_code(study, code.id, coder_of(args), **fields)
        print(f"updated {study.codes.get(code.id).path}")  # type: ignore[union-attr]
    return 0


def cmd_rename(args: argparse.Namespace) -> int:
    return _update(args, name=args.new_name)


def cmd_recolour(args: argparse.Namespace) -> int:
    return _update(args, colour=args.colour)


def cmd_describe(args: argparse.Namespace) -> int:
    return _update(args, description=args.description)


def cmd_move(args: argparse.Namespace) -> int:
    if args.to is None and args.dimension is None and args.parent is None:
        raise InvalidInput("say where to move the code: --to, --dimension or --parent")
    with open_from(args) as study:
        code = codebook.resolve(study, args.code)
        coder = coder_of(args)
        with study.atomic():
            fields: dict[str, object] = {}
            if args.dimension:
                fields["dimension"] = codebook.parse_dimension(args.dimension)
            if args.parent is not None:
                fields["parent_id"] = None if args.parent == "-" else codebook.resolve(
                    study, args.parent).id
            if fields:
                codebook.update_code(study, code.id, coder, **fields)
            if args.to is not None:
                if args.to < 1:
                    raise InvalidInput("--to is a position counted from 1")
                codebook.move_to(study, code.id, args.to - 1, coder)
        print(f"moved {study.codes.get(code.id).path}")  # type: ignore[union-attr]
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        code = codebook.resolve(study, args.code)
        total, lonely = codebook.affected_quotes(study, code.id)
        codebook.delete_code(study, code.id, coder_of(args))
    print(f"deleted {code.path}: removed from {total} quotes, {lonely} of them deleted")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        src = codebook.resolve(study, args.code)
        dst = codebook.resolve(study, args.into)
        execute(study, codebook.MergeCodes(src.id, dst.id), coder_of(args))
    print(f"merged {src.path} into {dst.path}")
    return 0
