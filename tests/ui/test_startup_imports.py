"""The window opens without importing spaCy, openpyxl or numpy (they load when first needed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys, tempfile
from PySide6.QtCore import QSettings
from interviewcoder.ui.app import application, open_window
from interviewcoder.ui.common.settings import Settings
app = application()
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
s = Settings(); s.coder = "Ana"
w = open_window(sys.argv[1], s)
app.processEvents()
print(sorted(m for m in ("spacy", "thinc", "openpyxl", "docx", "numpy", "pandas") if m in sys.modules))
w.close()
"""


def test_first_window_does_not_import_heavy_libraries(demo_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(demo_path)], capture_output=True,
                         text=True, env=env, timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"
