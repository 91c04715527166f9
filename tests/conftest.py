"""Fixtures shared by every test: fresh studies in tmp_path, the shared samples folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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
