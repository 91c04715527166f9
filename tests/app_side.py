"""A process that holds a study the way the desktop app does, driven line by line on stdin.

The app keeps one connection on the UI thread and opens more for its workers (each import,
each evidence refresh opens the study again while the first connection is open). Commands:

- ``open``: open one more connection (a worker's) and keep it
- ``cycle``: open a connection and close it at once (a finished evidence refresh)
- ``add NAME``: add the code ``step/NAME`` through the services, on the main connection
- ``codes``: print the step codes the main connection sees, as JSON
- ``hold``: take the write lock, print ``held``, and keep it until the next line,
  ``release SECONDS``, says to let go that many seconds later (then roll back)
- ``quit``: close every connection

Each command answers with one line of JSON (``{"ok": ...}`` or ``{"error": ...}``).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(path: str) -> None:
    from interviewcoder.core.errors import InterviewcoderError
    from interviewcoder.core.types import Dimension
    from interviewcoder.services import codebook
    from interviewcoder.store import Study

    main_study = Study.open(Path(path))
    workers: list[Study] = []
    say({"ok": "ready"})
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        try:
            if command == "open":
                workers.append(Study.open(Path(path)))
                say({"ok": len(workers)})
            elif command == "cycle":
                Study.open(Path(path)).close()
                say({"ok": "cycled"})
            elif command == "add":
                applied = codebook.add_code(main_study, Dimension.STEP, arg, "app")
                say({"ok": applied.result})
            elif command == "codes":
                say({"ok": sorted(c.name for c in main_study.codes.list()
                                  if c.dimension == Dimension.STEP)})
            elif command == "hold":
                with main_study.atomic():
                    main_study.set_meta("held", "yes")
                    say({"ok": "held"})
                    _, _, after = sys.stdin.readline().strip().partition(" ")  # "release N"
                    time.sleep(float(after or 0))
                    raise _Rollback
            elif command == "quit":
                break
            else:
                say({"error": f"unknown command {command!r}"})
        except _Rollback:
            say({"ok": "released"})
        except InterviewcoderError as exc:
            say({"error": str(exc)})
    for study in workers:
        study.close()
    main_study.close()
    say({"ok": "closed"})


class _Rollback(Exception):
    pass


def say(data: object) -> None:
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1])
