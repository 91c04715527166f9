"""Start-up benchmark: ``interviewcoder --version``, ``--help`` and a command on a study, each
in a fresh process, beside the interpreter's own start (the floor), in the same run.

    python -m benchmarks.bench_startup [--runs 7] [--before DIR]

``--before DIR`` also runs the command line from another checkout (e.g. ``git archive`` of an
older commit unpacked in DIR), for before/after figures from one run. Wall time is the best of
``--runs``; CPU time (user + system of the child) is given beside it, as the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Runs the command line from a given checkout: the editable install's finder is dropped so
# that the checkout's ``interviewcoder`` package is the one imported.
LAUNCH = """
import sys
root = sys.argv.pop(1)
if root:
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
    sys.path.insert(0, root)
    for name in [m for m in sys.modules if m == "interviewcoder" or m.startswith("interviewcoder.")]:
        del sys.modules[name]
from interviewcoder.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _time(cmd: list[str], runs: int) -> tuple[float, float]:
    """(best wall seconds, best CPU seconds) of ``cmd`` over ``runs`` fresh processes."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True,
                       env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), min(cpus)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--before", help="a checkout of an older version, run the same way")
    args = ap.parse_args(argv)
    from interviewcoder.services.studies import create

    folder = Path(tempfile.mkdtemp())
    study = folder / "startup.icstudy"
    create(study).close()
    script = shutil.which("interviewcoder")
    floor, floor_cpu = _time([sys.executable, "-c", "pass"], args.runs)
    print(f"floor: the interpreter starting and stopping (python -c pass): {_ms(floor)} "
          f"(CPU {_ms(floor_cpu)})")
    versions = [("now", "")] + ([("before", str(Path(args.before).resolve()))] if args.before else [])
    for label, root in versions:
        for what in (["--version"], ["--help"], ["sources", str(study)]):
            wall, cpu = _time([sys.executable, "-c", LAUNCH, root, *what], args.runs)
            print(f"{label}: interviewcoder {' '.join(what[:1])}{' STUDY' if len(what) > 1 else ''}: "
                  f"{_ms(wall)} (CPU {_ms(cpu)}), {wall / floor:.1f}x the floor")
    if script:
        wall, cpu = _time([script, "--version"], args.runs)
        print(f"the installed console script, interviewcoder --version: {_ms(wall)} (CPU {_ms(cpu)})")
    for label, code in (("import interviewcoder.store (numpy left out)", "import interviewcoder.store"),
                        ("the same with numpy imported first, as sqlite-utils did",
                         "import numpy, interviewcoder.store")):
        wall, cpu = _time([sys.executable, "-c", code], args.runs)
        print(f"{label}: {_ms(wall)} (CPU {_ms(cpu)})")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
