"""Every importer, and how one is chosen for a file: ``--format`` or extension + content sniff."""

from __future__ import annotations

from pathlib import Path

from interviewcoder.core.errors import ImportFailed
from interviewcoder.core.types import ParsedSurvey, ParsedTranscript

from . import docx_reader, plaintext, srt, survey_csv, survey_xlsx, vtt
from .base import Importer, Progress, ReadLimits, SurveyOptions, no_progress
from .textio import collecting_notes

IMPORTERS: tuple[Importer, ...] = (
    vtt.IMPORTER,
    srt.IMPORTER,
    docx_reader.IMPORTER,
    survey_xlsx.IMPORTER,
    survey_csv.IMPORTER,
    plaintext.IMPORTER,
)
_DISTINCTIVE = (vtt.IMPORTER, srt.IMPORTER, docx_reader.IMPORTER, survey_xlsx.IMPORTER)
ALIASES = {"md": "txt", "markdown": "txt", "text": "txt", "webvtt": "vtt", "tsv": "csv"}
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
    groups: dict[str, list[str]] = {"Transcripts": [], "Surveys": []}
    for importer in IMPORTERS:
        target = groups["Transcripts" if importer.kind == "transcript" else "Surveys"]
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
) -> tuple[Importer, ParsedTranscript | ParsedSurvey]:
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


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(_SNIFF_BYTES)
    except OSError as exc:
        raise ImportFailed(path.name, f"cannot read the file ({exc.strerror or exc})") from None
