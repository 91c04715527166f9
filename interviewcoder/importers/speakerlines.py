"""Find speaker turns in lines of text by inference rather than by a fixed signature.

Every label shape (``speaker_labels.SHAPES``) is tried on the lines; a shape's labels are
speakers when they repeat (a real speaker speaks many times), carry times, or are declared (front
matter ``guest:``, Otter's ``SPEAKERS`` line); a label seen once (``Summary:``, ``title:``) is
not, unless the whole file is a short dialogue of such labels. The shape whose speakers explain
most of the file wins, and its score is kept: the share of the file's paragraphs that begin with
one of its speakers. Used for plain text, Markdown and .docx paragraphs alike; text with no
speakers is one turn.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from interviewcoder.core.types import Inference, ParsedTranscript

from . import speaker_labels as sl
from .cues import clean_cue_text
from .layout import Segment, build_transcript, merge_consecutive
from .markdown_meta import SPEAKER_KEYS, front_matter, heading, structure_lines

_TRANSCRIBED_BY = re.compile(r"^\s*Transcribed by\s+\S+\s*$", re.IGNORECASE)
_OTTER_META = {"SUMMARY KEYWORDS", "SPEAKERS"}
_ORDER = ("otter", "voice", "timed-colon", "colon", "bold", "bracket")
_TIMED = {"otter", "voice", "timed-colon"}
_PER_LINE = {"voice", "timed-colon"}  # caption-like: a line per cue, merged per speaker
_DESCRIBE = {
    "otter": "Otter-style `Name  0:03` lines", "voice": "voice tags `HH:MM:SS <v Name>text`",
    "timed-colon": "timed labels `[12:34] Name: text`", "colon": "`Name: text` labels",
    "bracket": "`[id] text` labels", "bold": "bold names `0:00:36 **Name** text`",
}
_MIN_CONFIDENCE = 0.4  # for a few labels; a file with many labelled turns may have long turns
_MIN_CONFIDENCE_MANY = 0.25
_MANY = 10
_QUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?")
_ONE_OFF_DIALOGUE = 4  # at most this many distinct labels when none repeats


@dataclass(slots=True)
class SpeakerLayout:
    """What the lines held: turns, a title when the file names one, metadata, and how sure."""

    layout: str  # otter | voice | timed-colon | colon | bracket | none
    segments: list[Segment]
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    confidence: float = 1.0
    reason: str = ""


@dataclass(slots=True)
class _Candidate:
    shape: str
    found: dict[int, list[sl.Label]]
    speakers: dict[str, str]  # key → display name
    roles: dict[str, str]
    speaker_lines: set[int] = field(default_factory=set)
    notes: set[int] = field(default_factory=set)  # "Summary:", "Note:" lines: turns of no one
    explained: int = 0
    rejected: int = 0  # label lines that are no speaker's (notes aside)
    unexplained: int = 0  # paragraphs that start with no label
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def confidence(self) -> float:
        """Labelled lines over all the lines that needed explaining; a paragraph with no
        label may be the turn above it going on, so it counts half."""
        total = self.explained + self.rejected + self.unexplained / 2
        return self.explained / total if total else 0.0

    @property
    def score(self) -> float:
        return self.explained * self.confidence

    def accepted(self, i: int) -> list[sl.Label]:
        return [lab for lab in self.found.get(i, []) if not lab.key or lab.key in self.speakers]

    def is_speaker_line(self, i: int) -> bool:
        return i in self.speaker_lines


def parse_time_ms(value: str) -> int:
    """``MM:SS``, ``H:MM:SS`` or with a fraction, to milliseconds."""
    whole, _, fraction = value.replace(",", ".").partition(".")
    seconds = 0
    for part in whole.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds * 1000 + int((fraction + "000")[:3])


def split_speakers(lines: Sequence[str]) -> SpeakerLayout:
    """Infer the layout that the lines follow and cut them into turns."""
    lines = [line for line in lines if not _TRANSCRIBED_BY.match(line)]
    matter = front_matter(lines)
    meta: dict[str, Any] = {"front_matter": matter.values} if matter.values else {}
    body = lines[matter.lines :]
    skip = structure_lines(body)
    declared = {name.casefold() for name in matter.names(SPEAKER_KEYS)}
    candidates = [_evaluate(shape, body, skip, declared) for shape in _ORDER]
    usable = [c for c in candidates if _usable(c)]
    title = matter.title or _first_heading(body)
    if not usable:
        best = max(candidates, key=lambda c: c.score)
        reason = _none_reason(best)
        return SpeakerLayout("none", [Segment(None, _plain_text(body, skip, title))], title, meta,
                             confidence=1.0 - best.confidence * min(1, best.explained / 2),
                             reason=reason)
    best = max(usable, key=lambda c: (c.score, -_ORDER.index(c.shape)))
    if best.shape == "otter":
        found = _otter(body, best, skip)
        found.title = matter.title or found.title or title
    else:
        found = SpeakerLayout(best.shape, _cut(body, best, skip), title)
    found.meta = {**meta, **found.meta}
    found.roles = dict(best.roles)
    found.confidence = best.confidence
    found.reason = _reason(best)
    return found


def speaker_transcript(found: SpeakerLayout, default_title: str, fmt: str) -> ParsedTranscript:
    """The parsed transcript of an inferred layout, with what was inferred and how sure."""
    meta = {"layout": found.layout, **found.meta}
    inference = Inference(found.layout, found.confidence, found.reason)
    return build_transcript(found.title or default_title, found.segments, fmt, meta, found.roles,
                            inference)


def _evaluate(shape: str, lines: list[str], skip: set[int], declared: set[str]) -> _Candidate:
    found = {i: labels for i, line in enumerate(lines)
             if line and i not in skip and (labels := sl.find(shape, line))}
    meta: dict[str, str] = {}
    if shape == "otter" and found:
        meta = _otter_meta(lines[: min(found)])
        declared = declared | {n.strip().casefold() for n in meta.get("speakers", "").split(",")}
    counts = Counter(lab.key for labels in found.values() for lab in labels if lab.key)
    names: dict[str, str] = {}
    roles: dict[str, str] = {}
    for labels in found.values():
        for lab in labels:
            if lab.key:
                names.setdefault(lab.key, lab.name)
                if lab.role is not None:
                    roles.setdefault(lab.key, lab.role.value)
    timed = sum(1 for labels in found.values() if labels[0].time)
    repeats = any(n >= 2 for n in counts.values())
    speakers: dict[str, str] = {}
    for key, n in counts.items():
        name = names[key]
        if sl.is_stop_label(name):
            continue
        named = sl.name_like(name)
        strong = (n >= 2 and (named or n >= 3)) or key in declared or (
            timed >= 2 and (shape in _TIMED or _timed(found, key)))
        one_off_ok = named and (repeats or len(counts) <= _ONE_OFF_DIALOGUE)
        if strong or one_off_ok or (shape == "otter" and meta):
            speakers[key] = name
    candidate = _Candidate(shape, found, speakers,
                           {speakers[k]: r for k, r in roles.items() if k in speakers}, meta=meta)
    candidate.speaker_lines = {i for i, labels in found.items()
                               if any(lab.key in speakers for lab in labels if lab.key)}
    candidate.notes = {i for i, labels in found.items() if i not in candidate.speaker_lines
                       and all(sl.is_stop_label(lab.name) for lab in labels if lab.key)}
    _measure(candidate, lines, skip)
    return candidate


def _timed(found: dict[int, list[sl.Label]], key: str) -> bool:
    return any(lab.key == key and lab.time for labels in found.values() for lab in labels)


def _measure(c: _Candidate, lines: list[str], skip: set[int]) -> None:
    """Explained: lines that start a speaker's turn. Unexplained: label lines that are no
    speaker's (notes like ``Summary:`` aside), and paragraphs that start with no label (a
    short preamble aside)."""
    speaker_lines = [i for i in c.found if c.is_speaker_line(i)]
    c.explained = len(speaker_lines)
    if not speaker_lines:
        return
    first = min(speaker_lines)
    preamble = 0
    previous_blank = True
    for i, line in enumerate(lines):
        blank = not line.strip() or i in skip
        if blank:
            previous_blank = True
            continue
        starts_paragraph = previous_blank or (c.shape in _PER_LINE | {"bold"}
                                              and sl.TIMED_LINE.match(line))
        previous_blank = False
        if i in c.notes:
            continue  # a "Summary:" or "Question 3:" line is a note, explained
        if i in c.found and not c.is_speaker_line(i):
            c.rejected += 1
        elif not c.is_speaker_line(i) and starts_paragraph:
            if i < first:
                preamble += 1
            else:
                c.unexplained += 1
    c.unexplained += max(0, preamble - (6 if c.meta else 2))


def _usable(c: _Candidate) -> bool:
    if c.explained < 2 and not (c.explained == 1 and c.shape == "otter" and c.meta):
        return False
    return c.confidence >= _minimum(c)


def _minimum(c: _Candidate) -> float:
    return _MIN_CONFIDENCE_MANY if c.explained >= _MANY else _MIN_CONFIDENCE


def _reason(c: _Candidate) -> str:
    counts = Counter(lab.key for i in c.found for lab in c.accepted(i) if lab.key)
    people = ", ".join(f"{c.speakers[k]} ×{n}" for k, n in counts.most_common(6))
    more = f" and {len(counts) - 6} more" if len(counts) > 6 else ""
    rejected = sorted({lab.name for labels in c.found.values() for lab in labels
                       if lab.key and lab.key not in c.speakers})
    text = (f"{_DESCRIBE[c.shape]}: {_n(c.explained, 'labelled line')}, "
            f"{_n(c.unexplained, 'paragraph')} without a label; speakers {people}{more}")
    if rejected:
        shown = ", ".join(rejected[:5]) + (" …" if len(rejected) > 5 else "")
        text += f"; not speakers (seen once or not names): {shown}"
    return text


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _none_reason(c: _Candidate) -> str:
    if not c.found:
        return "no speaker labels found"
    if c.explained < 2:
        return f"no labels that repeat ({_DESCRIBE[c.shape]} seen {len(c.found)}×, not as speakers)"
    return (f"{_DESCRIBE[c.shape]} explain only {c.confidence:.0%} of the paragraphs "
            f"(below {_minimum(c):.0%})")


def _first_heading(lines: list[str]) -> str | None:
    for line in lines:
        if line.strip():
            found = heading(line)
            if found is not None:
                return found[1]
            if not line.lstrip().startswith("#"):
                break
    return next((h[1] for line in lines if (h := heading(line)) and h[0] == 1), None)


def _plain_text(lines: list[str], skip: set[int], title: str | None) -> str:
    """No speakers: the text as it is, headings without their marks (the title heading, rules
    and underlines dropped)."""
    out: list[str] = []
    dropped_title = False
    for i, line in enumerate(lines):
        if i in skip:
            found = heading(line)
            if found is None:
                if i + 1 < len(lines) and (i + 1) in skip and heading(lines[i + 1]) is None \
                        and lines[i].strip() and not set(lines[i].strip()) <= set("-=*_ "):
                    out.append(line.strip())  # a setext heading's text, underline follows
                continue
            if not dropped_title and title is not None and found[1] == title:
                dropped_title = True
                continue
            out.append(found[1])
        else:
            out.append(line)
    return "\n".join(out)


def _otter_meta(preamble: list[str]) -> dict[str, str]:
    stripped = [p.strip() for p in preamble]
    meta: dict[str, str] = {}
    for key, label in (("keywords", "SUMMARY KEYWORDS"), ("speakers", "SPEAKERS")):
        if label in stripped:
            following = stripped[stripped.index(label) + 1 :]
            meta[key] = next((p for p in following if p), "")
    return meta


def _otter(lines: list[str], c: _Candidate, skip: set[int]) -> SpeakerLayout:
    """Speaker lines with a time; before the first, a title and Otter's metadata block.

    A preamble without Otter's markers that is longer than a title and a date is kept as a
    turn with no speaker rather than dropped.
    """
    headers = sorted(i for i in c.found if c.is_speaker_line(i))
    preamble = [line.strip() for i, line in enumerate(lines[: headers[0]]) if i not in skip]
    filled = [p for p in preamble if p]
    title = next((p for p in filled if p not in _OTTER_META), None)
    segments: list[Segment] = []
    if not c.meta and len(filled) > 2:
        segments.append(Segment(None, "\n".join(preamble)))
        title = None
    bounds = [*headers, len(lines)]
    for here, nxt in zip(bounds, bounds[1:], strict=False):
        label = c.found[here][0]
        body = "\n".join(line for i, line in enumerate(lines[here + 1 : nxt], here + 1)
                         if i not in skip)
        segments.append(Segment(c.speakers[label.key], body, parse_time_ms(label.time or "0:00")))
    return SpeakerLayout("otter", segments, title, dict(c.meta))


def _cut(lines: list[str], c: _Candidate, skip: set[int]) -> list[Segment]:
    """Turns from label lines; a label line that is no speaker's starts a turn of no one;
    in caption-like layouts every line is a cue, and one speaker's cues in a row are one turn."""
    per_line = c.shape in _PER_LINE or (c.shape == "bold" and _mostly_timed(c))
    starts = sorted(c.speaker_lines | c.notes)  # other label-like lines are text of the turn
    first = next(i for i in starts if c.is_speaker_line(i))
    segments: list[Segment] = []
    preamble = [line for i, line in enumerate(lines[:first]) if i not in skip]
    if any(p.strip() for p in preamble):
        segments.append(Segment(None, "\n".join(preamble)))
    bounds = [i for i in starts if i >= first]
    for here, nxt in zip(bounds, [*bounds[1:], len(lines)], strict=True):
        follow = [(i, line) for i, line in enumerate(lines[here + 1 : nxt], here + 1)
                  if i not in skip]
        if not c.is_speaker_line(here):  # "Summary:", "Question 3:" — text of no speaker
            note = _note_line(lines[here], c.found[here], c.shape)
            time = c.found[here][0].time
            segments.append(Segment(None, "\n".join([note, *(x for _, x in follow)]),
                                    parse_time_ms(time) if time else None))
            continue
        speaker: str | None = None
        start_ms: int | None = None
        for label in c.accepted(here):
            speaker = (c.speakers.get(label.key) if label.key else None) or speaker
            start_ms = parse_time_ms(label.time) if label.time else None
            text = clean_cue_text(label.text) if c.shape == "voice" else label.text
            segments.append(Segment(speaker, text, start_ms))
        if per_line:  # lines under a label are that speaker's (its time if the label had no text)
            for _, line in follow:
                if line.strip():
                    cue = _cue_line(line, c.shape)
                    cue.speaker = speaker
                    if not segments[-1].text.strip():
                        cue.start_ms = segments[-1].start_ms
                    segments.append(cue)
        elif follow:
            last = segments[-1]
            body = _body_lines([x for _, x in follow])
            if last.start_ms is None and body[1] is not None:
                last.start_ms = body[1]
            last.text = "\n".join([last.text, *body[0]])
    return merge_consecutive(segments) if per_line else segments


def _note_line(line: str, labels: list[sl.Label], shape: str) -> str:
    """A label line that is no speaker's, as text: ``**Summary:** ok`` → ``Summary: ok``."""
    if shape in ("colon", "timed-colon") and len(labels) == 1 and labels[0].key:
        return f"{labels[0].name}: {labels[0].text}".rstrip().rstrip(":") + (
            ":" if not labels[0].text.strip() else "")
    return line


def _body_lines(lines: list[str]) -> tuple[list[str], int | None]:
    """A turn's lines below its label: Markdown quote marks dropped, and the times of
    caption-like lines (``[00:28] Hi everyone.``) taken off when most lines carry one."""
    lines = [_QUOTE.sub("", line) for line in lines]
    filled = [line for line in lines if line.strip()]
    timed = [m for line in filled if (m := sl.TIMED_LINE.match(line))]
    if not filled or len(timed) < 0.5 * len(filled):
        return lines, None
    first = parse_time_ms(timed[0]["time"])
    return [m["text"] if (m := sl.TIMED_LINE.match(line)) else line for line in lines], first


def _mostly_timed(c: _Candidate) -> bool:
    labels = [labels[0] for i, labels in c.found.items() if c.is_speaker_line(i)]
    return sum(1 for lab in labels if lab.time) >= 0.5 * len(labels)


def _cue_line(line: str, shape: str) -> Segment:
    """An unlabelled caption line continues the turn before it; its time is dropped."""
    line = _QUOTE.sub("", line)
    match = sl.TIMED_LINE.match(line)
    text = match["text"] if match else line
    return Segment(None, clean_cue_text(text) if shape == "voice" else text.strip())
