"""Shared bits of the importer tests: where the shared samples are, and reading a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewcoder.importers import registry
from interviewcoder.importers.base import ReadLimits, SurveyOptions


def _samples_folder() -> Path:
    """``shared/samples`` beside the repository, or beside a folder of worktrees above it."""
    here = Path(__file__).resolve()
    for folder in here.parents[1:4]:
        if (folder / "shared" / "samples").is_dir():
            return folder / "shared" / "samples"
    return here.parents[2] / "shared" / "samples"


SAMPLES = _samples_folder()

needs_samples = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason=f"shared samples folder {SAMPLES} is absent"
)


def sample(name: str) -> Path:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"sample {name} is absent from {SAMPLES}")
    return path


def read(path: Path, fmt: str = "auto", limits: ReadLimits | None = None,
         survey: SurveyOptions | None = None):
    """Read a file through the registry and return the parsed value."""
    return registry.read(path, fmt, limits=limits, survey=survey)[1]


def turn_texts(parsed) -> list[str]:
    return [parsed.text[t.start : t.end] for t in parsed.turns]
