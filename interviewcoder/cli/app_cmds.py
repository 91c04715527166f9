"""``demo``: build the sample study from resources/ and open the app on it."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from interviewcoder.core.errors import InvalidInput
from interviewcoder.services.demo import DEMO_NAME, build_demo


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="build the sample study (12 interviews, a survey) and open it")
    p.add_argument("--out", default=".", help="folder for the sample study (default: here)")
    p.add_argument("--no-gui", action="store_true", help="build it and print where, no window")
    p.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    folder = Path(args.out)
    if not folder.is_dir():
        raise InvalidInput(f"{folder}: no such folder")
    path = folder / DEMO_NAME
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)  # the demo is rebuilt fresh every time

    def progress(done: int, total: int, message: str) -> None:
        sys.stderr.write(f"[{done}/{total}] {message}\n")

    build_demo(path, progress)
    print(path.resolve())
    if args.no_gui:
        return 0
    app = importlib.import_module("interviewcoder.ui.app")
    return int(app.run(str(path)))
