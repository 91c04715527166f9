"""Run a command as a real process and measure its peak memory honestly.

A process started straight from the test run inherits the test process's peak RSS: Linux keeps
the high-water mark across fork and exec, so once the suite has grown to 400 MB every child
"peaks" at 400 MB. A small launcher process, started first, runs the command as *its* child
(forked from the launcher's small memory) and reports that child's peak from ``wait4``, which
also covers the processes the command itself started and waited for.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

_LAUNCHER = (
    "import json, os, subprocess, sys\n"
    "proc = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(proc.pid, 0)\n"
    "with open(sys.argv[1], 'w') as out:\n"
    "    json.dump([os.waitstatus_to_exitcode(status), usage.ru_maxrss], out)\n"
)


def run_measured(args: list[str], report: Path, **popen: Any) -> tuple[int, float]:
    """(exit status, peak RSS in MB) of ``args``; ``popen`` passes stdout/stderr/cwd."""
    subprocess.run([sys.executable, "-c", _LAUNCHER, str(report), *args], check=True, **popen)
    status, peak_kb = json.loads(report.read_text())
    return int(status), peak_kb / 1024
