"""SubRip (.srt) captions: cues become turns; speaker prefixes when present."""

from __future__ import annotations

import re
from pathlib import Path

from interviewcoder.core.types import ParsedTranscript

from .base import Importer, Progress, ReadLimits, SurveyOptions
from .textio import decode, read_bytes
from .vtt import cue_transcript

_SRT_START = re.compile(rb"^\s*\d+\s*\r?\n\s*\d+:\d+:\d+[,.]\d+\s*-->")


def read_srt(
    path: Path, progress: Progress, limits: ReadLimits, survey: SurveyOptions
) -> ParsedTranscript:
    text = decode(read_bytes(path, limits), path.name)
    return cue_transcript(path, text, "srt", progress)


IMPORTER = Importer(
    name="srt",
    label="SubRip captions",
    kind="transcript",
    extensions=(".srt",),
    sniff=lambda head: _SRT_START.match(head.lstrip(b"\xef\xbb\xbf")) is not None,
    read=read_srt,
)
