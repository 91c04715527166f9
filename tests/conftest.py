"""Fixtures shared by every test: fresh studies in tmp_path, the shared samples folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _desktop_sized_offscreen_screen() -> None:
    """Qt's offscreen screen is 800x800; a window there opens smaller than on any desktop (the
    app fits its window to the screen). Give the tests a 1600x1000 screen instead."""
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        return
    import atexit
    import json
    import tempfile

    config = Path(tempfile.gettempdir()) / f"interviewcoder-offscreen-{os.getpid()}.json"
    config.write_text(json.dumps({"screens": [{"name": "desktop", "x": 0, "y": 0, "width": 1600,
                                               "height": 1000, "logicalDpi": 96,
                                               "logicalBaseDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    atexit.register(config.unlink, missing_ok=True)


_desktop_sized_offscreen_screen()

from importer_helpers import SAMPLES  # noqa: E402 - after the Qt platform is chosen


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"the shared samples folder {SAMPLES} is not here (only beside the repo)")
    return SAMPLES


@pytest.fixture
def study(tmp_path: Path):
    from interviewcoder.services.studies import create

    s = create(tmp_path / "test.icstudy", template="journey")
    yield s
    s.close()


@pytest.fixture
def blank_study(tmp_path: Path):
    from interviewcoder.services.studies import create

    s = create(tmp_path / "blank.icstudy", template="blank")
    yield s
    s.close()
