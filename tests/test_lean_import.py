"""The store imports sqlite-utils without numpy or pandas, and they still import afterwards;
a sqlite-utils that needs numpy gets it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(code: str, path: str = "") -> str:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (path, str(ROOT)) if p)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_store_does_not_load_numpy(tmp_path: Path) -> None:
    out = _run(f"""
import sys
from interviewcoder.services.studies import create
create({str(tmp_path / "s.icstudy")!r}).close()
print("numpy" in sys.modules, "pandas" in sys.modules, sys.modules.get("numpy", "gone"))
import numpy
print(int(numpy.arange(4).sum()))
""")
    assert out.splitlines() == ["False False gone", "6"]


def test_a_sqlite_utils_that_needs_numpy_gets_it(tmp_path: Path) -> None:
    fake = tmp_path / "sqlite_utils"
    fake.mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "db.py").write_text("import numpy\nNUMPY = numpy.__name__\n")
    lean = ROOT / "interviewcoder" / "store" / "lean_import.py"
    out = _run(f"""
import importlib.util, sys
spec = importlib.util.spec_from_file_location("lean", {str(lean)!r})
lean = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lean)  # on its own: the store package needs the real sqlite-utils
lean.import_sqlite_utils()
import sqlite_utils.db
print(sqlite_utils.db.NUMPY, sys.modules["numpy"] is not None)
""", str(tmp_path))
    assert out == "numpy True"
