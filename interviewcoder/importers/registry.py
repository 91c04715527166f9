"""Every importer, and how one is chosen for a file: ``--format`` or extension + content sniff."""

from __future__ import annotations

import zipfile
from pathlib import Path

from interviewcoder.core.errors import ImportFailed
from interviewcoder.core.refi import RefiProject
from interviewcoder.core.types import ParsedSurvey, ParsedTranscript

from . import docx_reader, plaintext, refi, srt, survey_csv, survey_xlsx, vtt
from .base import Importer, Progress, ReadLimits, SurveyOptions, no_progress
from .textio import collecting_notes

IMPORTERS: tuple[Importer, ...] = (
    vtt.IMPORTER,
    srt.IMPORTER,
    docx_reader.IMPORTER,
    survey_xlsx.IMPORTER,
    survey_csv.IMPORTER,
    plaintext.IMPORTER,
    refi.IMPORTER,
)
_DISTINCTIVE = (refi.IMPORTER, vtt.IMPORTER, srt.IMPORTER, docx_reader.IMPORTER,
                survey_xlsx.IMPORTER)
ALIASES = {"md": "txt", "markdown": "txt", "text": "txt", "webvtt": "vtt", "tsv": "csv",
           "qdc": "qdpx", "qde": "qdpx", "refi": "qdpx"}
_GROUPS = {"transcript": "Transcripts", "survey": "Surveys", "project": "REFI-QDA projects"}
_SNIFF_BYTES = 4096


def format_names() -> list[str]:
    """What ``--format`` accepts (besides ``auto``)."""
    return [importer.name for importer in IMPORTERS]


def by_name(name: str) -> Importer:
    wanted = ALIASES.get(name.lower(), name.lower())
    for importer in IMPORTERS:
        if importer.name == wanted:
            return importer
    known = ", ".join(["auto", *format_names()])
    raise ImportFailed(name, f"unknown format (known: {known})")


def dialog_filter() -> str:
    """The file-dialog filter string, built from the registry."""
    groups: dict[str, list[str]] = {label: [] for label in _GROUPS.values()}
    for importer in IMPORTERS:
        target = groups[_GROUPS.get(importer.kind, "Surveys")]
        target.extend(f"*{ext}" for ext in importer.extensions if f"*{ext}" not in target)
    everything = [pattern for patterns in groups.values() for pattern in patterns]
    parts = [f"{label} ({' '.join(patterns)})" for label, patterns in groups.items()]
    return ";;".join([f"All importable files ({' '.join(everything)})", *parts])


def choose(path: Path, fmt: str = "auto") -> Importer:
    """The importer for ``path``: the named one; else one whose content is unmistakable
    (WebVTT, SRT, docx, xlsx, a tab-separated table in a .txt); else the one its extension
    names."""
    if fmt and fmt != "auto":
        return by_name(fmt)
    head = _head(path)
    if head.startswith(b"PK\x03\x04"):  # a zip: its member names say what it is
        names = _members(path)
        for importer in IMPORTERS:
            if importer.sniff_members is not None and importer.sniff_members(names):
                return importer
    for importer in _DISTINCTIVE:  # content that can only be this format wins
        if importer.sniff(head):
            return importer
    suffix = path.suffix.lower()
    if suffix == ".txt" and survey_csv.looks_tabular(head):
        return survey_csv.IMPORTER
    by_extension = [i for i in IMPORTERS if suffix in i.extensions]
    for importer in by_extension:
        if importer.sniff(head):
            return importer
    if by_extension:
        return by_extension[0]
    raise ImportFailed(path.name, f"unknown format {suffix or '(no extension)'!r}; use --format")


def read(
    path: Path,
    fmt: str = "auto",
    progress: Progress = no_progress,
    limits: ReadLimits | None = None,
    survey: SurveyOptions | None = None,
) -> tuple[Importer, ParsedTranscript | ParsedSurvey | RefiProject]:
    """Pick the importer and read the file. Raises only ``ImportFailed``."""
    importer = choose(path, fmt)
    limits = limits or ReadLimits()
    with collecting_notes() as notes:
        parsed = importer.read(path, progress, limits, survey or SurveyOptions())
    if isinstance(parsed, ParsedTranscript) and len(parsed.turns) > limits.max_turns:
        raise ImportFailed(path.name, f"refused: over {limits.max_turns:,} turns")
    if notes:  # what the readers noticed (mixed encodings, a quote left open, ...)
        parsed.meta.setdefault("warnings", []).extend(notes)
    return importer, parsed


def _members(path: Path) -> list[str]:
    """A zip's member names (none when it cannot be read: the importer will say why)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError):
        return []


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(_SNIFF_BYTES)
    except OSError as exc:
        raise ImportFailed(path.name, f"cannot read the file ({exc.strerror or exc})") from None
