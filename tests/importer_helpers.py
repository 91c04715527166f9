"""Shared bits of the importer tests: where the shared samples are, and reading a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewcoder.importers import registry
from interviewcoder.importers.base import ReadLimits, SurveyOptions

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"

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
