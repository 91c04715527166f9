"""Grab the main window on the demo study to a PNG (for the README and a look at the UI).

    QT_QPA_PLATFORM=offscreen python -m interviewcoder.ui.screenshot docs/screenshot.png
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QThreadPool


def _big_offscreen_screen(work: Path) -> None:
    """Qt's offscreen screen is 800 pixels wide: the window would open at that size and its
    docks be laid out for it. Give it a desktop-sized screen (before the app exists)."""
    from PySide6.QtWidgets import QApplication

    if os.environ.get("QT_QPA_PLATFORM") == "offscreen" and QApplication.instance() is None:
        config = work / "offscreen.json"
        config.write_text(json.dumps({"screens": [{"name": "desktop", "x": 0, "y": 0, "width": 1600,
                                                   "height": 1000, "logicalDpi": 96,
                                                   "logicalBaseDpi": 96, "dpr": 1}]}))
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def grab(out: str | Path, width: int = 1280, height: int = 800) -> Path:
    from interviewcoder.services.demo import build_demo
    from interviewcoder.ui.app import application, open_window
    from interviewcoder.ui.common.settings import Settings

    work = Path(tempfile.mkdtemp())
    _big_offscreen_screen(work)
    app = application()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work))
    settings = Settings()
    settings.coder = "Maya"
    window = open_window(build_demo(work / "demo.icstudy"), settings)  # with every extension
    window.resize(width, height)
    app.processEvents()
    model = window.sources.model
    coded = max(model.rows.values(), key=lambda r: (r["kind"] == "interview", r["quotes"]))
    window.sources.select_source(coded["id"])
    app.processEvents()
    quotes = sorted(window.reader.quotes.values(), key=lambda q: q.start)
    if quotes:
        window.reader.select_quote(quotes[0].id)
        window.quotes.select_quote(quotes[0].id)
    app.processEvents()
    window.grab().save(str(out))
    QThreadPool.globalInstance().waitForDone(30_000)  # let background panels finish first
    window.close()
    return Path(out)


if __name__ == "__main__":
    print(grab(sys.argv[1] if len(sys.argv) > 1 else "screenshot.png"))
