"""Plain text and Markdown transcripts."""

from __future__ import annotations

import re
from pathlib import Path

from interviewcoder.core.types import ParsedTranscript

from .base import Importer, Progress, ReadLimits, SurveyOptions
from .speakerlines import speaker_transcript, split_speakers
from .textio import decode, read_bytes

_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")


def read_text_transcript(
    path: Path, progress: Progress, limits: ReadLimits, survey: SurveyOptions
) -> ParsedTranscript:
    data = read_bytes(path, limits)
    progress(0, 2, f"Reading {path.name}")
    text = decode(data, path.name)
    fmt = "markdown" if path.suffix.lower() in (".md", ".markdown") else "txt"
    if fmt == "markdown":  # \[42:10\] is Markdown for [42:10]
        text = _MD_ESCAPE.sub(r"\1", text)
    found = split_speakers(text.split("\n"))
    progress(1, 2, f"Found {len(found.segments)} turns in {path.name}")
    parsed = speaker_transcript(found, path.stem, fmt)
    progress(2, 2, f"Read {path.name}")
    return parsed


def _sniff(head: bytes) -> bool:
    return b"\x00" not in head[:1024] or head.startswith((b"\xff\xfe", b"\xfe\xff"))


IMPORTER = Importer(
    name="txt",
    label="Text transcript",
    kind="transcript",
    extensions=(".txt", ".md", ".markdown", ".text"),
    sniff=_sniff,
    read=read_text_transcript,
)
