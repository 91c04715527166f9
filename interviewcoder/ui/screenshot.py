"""Grab the main window on the demo study to a PNG (for the README and a look at the UI).

    QT_QPA_PLATFORM=offscreen python -m interviewcoder.ui.screenshot docs/screenshot.png
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QThreadPool


def grab(out: str | Path, width: int = 1280, height: int = 800) -> Path:
    from interviewcoder.services.demo import build_demo
    from interviewcoder.ui.app import application, open_window
    from interviewcoder.ui.common.settings import Settings

    app = application()
    work = Path(tempfile.mkdtemp())
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work))
    settings = Settings()
    settings.coder = "Maya"
    window = open_window(build_demo(work / "demo.icstudy"), settings)  # with every extension
    window.resize(width, height)
    app.processEvents()
    window.restore_state()  # the default dock sizes for this window size
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
