"""The headless face: ``interviewcoder COMMAND STUDY ...``.

Each command group lives in its own module with a ``register(subparsers)`` function that adds
its commands; each command's handler takes the parsed arguments and returns an exit status.
Errors reach the user as one line and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from interviewcoder import __version__
from interviewcoder.core.errors import InterviewcoderError, one_line

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interviewcoder",
        description="Code interviews and survey answers to journey steps, anxieties and "
        "influences, and export distinct-participant evidence. "
        "Run 'interviewcoder [STUDY]' to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"interviewcoder {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # a command group not written yet
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices) if parser._subparsers else set()  # type: ignore[union-attr]
    if not args_list or (args_list[0] not in commands and not args_list[0].startswith("-")):
        return _open_gui(args_list)
    args = parser.parse_args(args_list)
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
