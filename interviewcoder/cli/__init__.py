"""The headless face: ``interviewcoder COMMAND STUDY ...``.

Each command group lives in its own module with a ``register(subparsers)`` function that adds
its commands; each command's handler takes the parsed arguments and returns an exit status.
Errors reach the user as one line and exit status 2, never a traceback.

Start-up stays small: ``COMMANDS`` names each command's module and help line, so
``--version`` and ``--help`` import no command module, and a command imports only its own.
A module in ``COMMAND_MODULES`` with no row in ``COMMANDS`` still works, but is imported for
every command: add its rows (a test checks the help lines against the modules).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from interviewcoder import __version__
from interviewcoder.core.errors import InterviewcoderError, one_line

# name, module that registers it, help line (shown by --help without importing the module).
# Add your commands at the end, in the order they should appear in --help.
COMMANDS: list[tuple[str, str, str]] = [
    ("new", "interviewcoder.cli.study_cmds", "create a new study file"),
    ("sources", "interviewcoder.cli.study_cmds", "list the study's sources"),
    ("source", "interviewcoder.cli.study_cmds", "show one source (text and turns), replace its text "
     "with a corrected transcript, or list and restore its earlier texts"),
    ("participants", "interviewcoder.cli.people_cmds",
     "list participants and interviewers; set, map, merge or delete participants"),
    ("outcomes", "interviewcoder.cli.people_cmds", "the study's outcomes: list, add, rename, merge"),
    ("history", "interviewcoder.cli.study_cmds", "the study's change log, newest first"),
    ("codebook", "interviewcoder.cli.codebook_cmds", "list, import, export or edit the codebook"),
    ("code", "interviewcoder.cli.code_cmds", "add a quote with one or more codes, or remove a quote"),
    ("quotes", "interviewcoder.cli.code_cmds", "list quotes, of a source or a code"),
    ("import", "interviewcoder.cli.import_cmd", "import transcripts (txt, md, docx, vtt, srt), surveys "
     "(csv, xlsx) and REFI-QDA projects and codebooks (qdpx, qdc)"),
    ("evidence", "interviewcoder.cli.evidence_cmds", "distinct participants per code, by outcome or persona"),
    ("export", "interviewcoder.cli.evidence_cmds", "write the evidence workbook (.xlsx), CSV tables, "
     "or the study as a REFI-QDA project (.qdpx) or codebook (.qdc)"),
    ("suggest", "interviewcoder.cli.nlp_cmds", "suggest codes for sentences (patterns + learned model)"),
    ("train", "interviewcoder.cli.nlp_cmds", "train the study's learned suggester from its coded quotes"),
    ("patterns", "interviewcoder.cli.nlp_cmds", "list, add or remove the study's own suggestion patterns"),
    ("demo", "interviewcoder.cli.app_cmds", "build the sample study (12 interviews, a survey) and open it"),
    ("map", "interviewcoder.cli.map_cmds", "draw the journey map as a picture (.png at 2x, .svg, .pdf)"),
    ("saturation", "interviewcoder.cli.map_cmds", "new codes per added participant, in interview order"),
    ("snapshot", "interviewcoder.cli.history_cmds", "freeze the evidence as it stands (for a monthly diff)"),
    ("snapshots", "interviewcoder.cli.history_cmds", "list the study's snapshots (or delete one)"),
    ("diff", "interviewcoder.cli.history_cmds", "what changed between two snapshots, or since one ('now')"),
    ("search", "interviewcoder.cli.search_cmds",
     'full-text search over every source (words, "phrases", prefix*, NEAR)'),
    ("check", "interviewcoder.cli.check_cmds", "quotes that cross speakers or count for no one, "
     "participants with no turns, outcomes outside the vocabulary; the evidence tallies "
     "against a recount"),
    ("agreement", "interviewcoder.cli.agreement_cmds",
     "inter-coder agreement per code: percent, Cohen's κ, Krippendorff's α"),
    ("merge", "interviewcoder.cli.merge_cmd",
     "merge a coder's study into this one (backup first; --dry-run says what it would do)"),
]

# Command modules, in the order their commands appear in --help.
COMMAND_MODULES = [
    "interviewcoder.cli.study_cmds",
    "interviewcoder.cli.codebook_cmds",
    "interviewcoder.cli.code_cmds",
    "interviewcoder.cli.import_cmd",
    "interviewcoder.cli.evidence_cmds",
    "interviewcoder.cli.nlp_cmds",
    "interviewcoder.cli.app_cmds",
    "interviewcoder.cli.map_cmds",
    "interviewcoder.cli.history_cmds",
    "interviewcoder.cli.people_cmds",
    "interviewcoder.cli.search_cmds",
    "interviewcoder.cli.check_cmds",
    "interviewcoder.cli.agreement_cmds",
    "interviewcoder.cli.merge_cmd",
]


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser. Command modules listed in ``COMMANDS`` are imported only for ``command``
    (the others are names and help lines); unlisted modules are imported always."""
    parser = argparse.ArgumentParser(
        prog="interviewcoder",
        description="Code interviews and survey answers to journey steps, anxieties and "
        "influences, and export distinct-participant evidence. "
        "Run 'interviewcoder [STUDY]' to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"interviewcoder {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    listed = {module for _, module, _ in COMMANDS}
    for module in COMMAND_MODULES:  # not in the table (yet): imported for every command
        if module not in listed:
            _register(sub, module)
    wanted = next((module for name, module, _ in COMMANDS if name == command), None)
    if wanted is not None and command not in sub.choices:
        _register(sub, wanted)
    for name, _module, line in COMMANDS:
        if name not in sub.choices:  # a name and a help line; imported when it is the command
            sub.add_parser(name, help=line, add_help=False)
    return parser


def _register(sub: argparse._SubParsersAction, name: str) -> None:
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:  # a command group not written yet
            return
        raise
    module.register(sub)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    first = args_list[0] if args_list else None
    parser = build_parser(first)
    commands = set(parser._subparsers._group_actions[0].choices) if parser._subparsers else set()  # type: ignore[union-attr]
    if first is None or (first not in commands and not first.startswith("-")):
        return _open_gui(args_list)
    args = parser.parse_args(args_list)
    if not hasattr(args, "handler"):
        parser.error(f"the command {first!r} has no handler")
    try:
        return int(args.handler(args) or 0)
    except InterviewcoderError as exc:
        return _fail(str(exc))
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return _fail("interrupted")
    except OSError as exc:
        return _fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
    except MemoryError:
        return _fail("not enough memory for this (is a file, or the study, far too large?)")
    except Exception as exc:  # noqa: BLE001 - last line of defence: one line, no traceback
        if os.environ.get("INTERVIEWCODER_DEBUG"):
            raise
        from interviewcoder.store.errors import user_message

        known = user_message(exc)  # the study busy, damaged, read-only, the disk full
        if known is not None:
            return _fail(known)
        return _fail(f"unexpected {type(exc).__name__}: {exc}", status=1)


def _fail(message: str, status: int = 2) -> int:
    sys.stderr.write(f"interviewcoder: error: {one_line(message)}\n")
    return status


def _open_gui(args_list: list[str]) -> int:
    if len(args_list) > 1:
        return _fail(f"unknown command {args_list[0]!r} (see interviewcoder --help)")
    app_or_error = load_app()
    if isinstance(app_or_error, str):
        return _fail(app_or_error)
    return int(app_or_error.run(args_list[0] if args_list else None))


def load_app():  # noqa: ANN201 - the ui.app module, or a one-line reason it cannot start
    """Import the desktop app after checking the system libraries Qt needs are there (Qt's
    own message, when a platform library is missing, names the wrong one)."""
    from interviewcoder.system_libraries import desktop_problem, import_problem

    problem = desktop_problem()
    if problem:
        return problem
    try:
        return importlib.import_module("interviewcoder.ui.app")
    except ModuleNotFoundError:
        return "the desktop app is not available in this installation"
    except ImportError as exc:
        return import_problem(exc)
