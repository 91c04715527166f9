"""``demo``: build the sample study from resources/ and open the app on it."""

from __future__ import annotations

import argparse
import sys

from interviewcoder.core.errors import InvalidInput
from interviewcoder.services.demo import prepare_demo


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="build the sample study (12 interviews, a survey) and open it")
    p.add_argument("--out", default=None,
                   help="folder for the sample study (default: the app's data folder; created "
                        "when missing)")
    p.add_argument("--fresh", action="store_true",
                   help="rebuild it; a demo you have changed is kept as a dated copy beside it")
    p.add_argument("--no-gui", action="store_true", help="build it and print where, no window")
    p.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    def progress(done: int, total: int, message: str) -> None:
        sys.stderr.write(f"[{done}/{total}] {message}\n")

    app = None
    if not args.no_gui:
        from interviewcoder.cli import load_app

        app = load_app()  # before building: say at once when the desktop cannot start
        if isinstance(app, str):
            raise InvalidInput(f"{app}")
    demo = prepare_demo(args.out, fresh=args.fresh, progress=progress)
    if demo.kept_copy is not None:
        sys.stderr.write(f"your changed demo study was kept as {demo.kept_copy}\n")
    elif not demo.built:
        sys.stderr.write("opening the demo study built earlier"
                         + (" (with your changes)" if demo.changed else "")
                         + "; --fresh rebuilds it\n")
    print(demo.path.resolve())
    if app is None:
        return 0
    return int(app.run(str(demo.path)))
