"""What every importer shares: its description, read limits and the progress callback."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from interviewcoder.core.refi import RefiProject
from interviewcoder.core.types import ParsedSurvey, ParsedTranscript

Progress = Callable[[int, int, str], None]
"""``progress(done, total, message)``; called from the reading thread."""


def short_reason(exc: Exception) -> str:
    """The first line of an exception's message, at most 120 characters (for one-line errors)."""
    return (str(exc).splitlines() or [type(exc).__name__])[0][:120]


def no_progress(done: int, total: int, message: str) -> None:
    """The default progress callback: does nothing."""


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """Bounds that protect against absurd input."""

    max_bytes: int = 256 * 1024 * 1024
    """A file larger than this on disk is refused."""
    max_unzipped_bytes: int = 1024 * 1024 * 1024
    """A .docx/.xlsx whose members add up to more than this is refused (zip bomb)."""
    max_zip_ratio: int = 200
    """... and so is one that expands more than this many times (when over 64 MB)."""
    max_member_bytes: int = 512 * 1024 * 1024
    """One member of a .docx/.xlsx may expand to at most this much."""
    max_member_ratio: int = 100
    """... and at most this many times its compressed size (members over 1 MB). Real document
    and sheet XML compresses 5-20 times; padding elsewhere cannot hide a bomb in one part."""
    max_paragraphs: int = 200_000
    """A Word document with more paragraphs (and table rows) than this is refused."""
    max_turns: int = 200_000
    """A transcript with more turns than this is refused."""
    max_sheet_cells: int = 10_000_000
    """A sheet whose used range (from A1) holds more cells than this is refused."""
    max_reader_memory: int = 3 * 1024 * 1024 * 1024
    """Memory (address space) the separate process reading a .docx/.xlsx may use."""


@dataclass(frozen=True, slots=True)
class SurveyOptions:
    """How to read a survey export; every field ``None`` means "detect"."""

    flavour: str | None = None  # qualtrics | surveymonkey | googleforms | typeform | generic
    id_column: str | None = None
    text_columns: tuple[str, ...] | None = None
    attribute_columns: tuple[str, ...] | None = None


class Reader(Protocol):
    def __call__(
        self,
        path: Path,
        progress: Progress,
        limits: ReadLimits,
        survey: SurveyOptions,
    ) -> ParsedTranscript | ParsedSurvey | RefiProject: ...


@dataclass(frozen=True, slots=True)
class Importer:
    """One file format: its name, the extensions it claims and how to recognise its content."""

    name: str
    label: str
    kind: str  # "transcript", "survey" or "project" (REFI-QDA)
    extensions: tuple[str, ...]
    sniff: Callable[[bytes], bool]
    """Given the first 4 KiB of a file, True when the content looks like this format."""
    read: Reader
    sniff_members: Callable[[Iterable[str]], bool] | None = None
    """Given a zip's member names, True when they are this format's (beats content sniffing:
    a REFI-QDA project whose first member is a .docx is not a Word document)."""
