"""WebVTT transcripts: Zoom (``Name: text``), Teams (``<v Name>`` voice tags) and others."""

from __future__ import annotations

from pathlib import Path

from interviewcoder.core.errors import ImportFailed
from interviewcoder.core.types import ParsedTranscript

from .base import Importer, Progress, ReadLimits, SurveyOptions
from .cues import cues_to_turns, parse_cues
from .layout import build_transcript
from .textio import decode, read_bytes


def read_vtt(
    path: Path, progress: Progress, limits: ReadLimits, survey: SurveyOptions
) -> ParsedTranscript:
    text = decode(read_bytes(path, limits), path.name)
    if not text.lstrip().startswith("WEBVTT"):
        raise ImportFailed(path.name, "not a WebVTT file (it does not start with WEBVTT)")
    return cue_transcript(path, text, "vtt", progress)


def cue_transcript(path: Path, text: str, fmt: str, progress: Progress) -> ParsedTranscript:
    """Cues → turns → one stored text (shared by WebVTT and SRT)."""
    progress(0, 2, f"Reading cues of {path.name}")
    cues = parse_cues(text)
    if not cues:
        raise ImportFailed(path.name, "no timed cues found")
    turns = cues_to_turns(cues)
    if not turns:
        raise ImportFailed(path.name, "the cues hold no text")
    progress(1, 2, f"{len(cues)} cues, {len(turns)} turns in {path.name}")
    parsed = build_transcript(path.stem, turns, fmt, {"cues": len(cues)})
    progress(2, 2, f"Read {path.name}")
    return parsed


IMPORTER = Importer(
    name="vtt",
    label="WebVTT captions",
    kind="transcript",
    extensions=(".vtt",),
    sniff=lambda head: head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"WEBVTT"),
    read=read_vtt,
)
