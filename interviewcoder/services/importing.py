"""Import files into a study: one transaction per file; a batch reports every file's result.

Transcripts become one source whose turns are mapped to the interviewer or to participants;
surveys are stored by ``survey_import``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from interviewcoder.core.errors import (
    Cancelled,
    ImportFailed,
    InterviewcoderError,
    InvalidInput,
)
from interviewcoder.core.refi import RefiProject
from interviewcoder.core.types import ParsedTranscript, Role, SourceKind
from interviewcoder.importers.base import Progress, ReadLimits, no_progress
from interviewcoder.services.import_options import FileResult, ImportOptions
from interviewcoder.services.import_plan import (  # noqa: F401 - part of this module's face
    DEFAULT_INTERVIEWER,
    ImportPlan,
    inspect_file,
    speaker_plans,
)
from interviewcoder.services.participants import normalise_outcome
from interviewcoder.store import Study, now

GENERIC_SPEAKER = re.compile(
    r"^(speaker|participant|interviewee|respondent|guest|unknown( speaker)?|customer|user|"
    r"p|r|a|b)[ _#-]*\d*$", re.IGNORECASE,
)


def parse_outcome_map(text: str | None) -> dict[str, str]:
    """``"Yes=won,No=lost"`` → ``{"Yes": "won", "No": "lost"}``."""
    mapping: dict[str, str] = {}
    for item in (text or "").split(","):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InvalidInput(f"outcome map entry {item.strip()!r} is not VALUE=OUTCOME")
        mapping[key.strip()] = normalise_outcome(value)
    return mapping


def import_files(
    study: Study, paths: Iterable[str | Path], options: ImportOptions | None = None,
    progress: Progress = no_progress,
) -> list[FileResult]:
    """Import each file in its own transaction; a failure never stops the batch."""
    options = options or ImportOptions()
    paths = [Path(p) for p in paths]
    results: list[FileResult] = []
    for n, path in enumerate(paths):
        progress(n, len(paths), f"Importing {path.name}")
        results.append(import_file(study, path, options, progress))
    progress(len(paths), len(paths), "Done")
    return results


def import_file(
    study: Study, path: str | Path, options: ImportOptions | None = None,
    progress: Progress = no_progress,
) -> FileResult:
    """Import one file; errors come back in the result, and leave the study as it was."""
    options = options or ImportOptions()
    path = Path(path)
    result = FileResult(file=str(path), status="error")
    try:
        _import(study, path, options, progress, result)
    except Cancelled as exc:
        _nothing_kept(result, "skipped")
        result.message = str(exc)
    except ImportFailed as exc:
        _nothing_kept(result, "error", str(exc))
    except InterviewcoderError as exc:
        _nothing_kept(result, "error", f"{path.name}: {exc}")
    except Exception as exc:  # noqa: BLE001 - one bad file must not end a batch
        _nothing_kept(result, "error", f"{path.name}: unexpected {type(exc).__name__}: {exc}")
    return result


def _nothing_kept(result: FileResult, status: str, error: str | None = None) -> None:
    """The transaction was rolled back: report nothing as created."""
    result.status = status
    result.error = error.splitlines()[0] if error else None
    result.sources, result.speakers, result.participants = [], [], []
    result.refi = None


def _import(
    study: Study, path: Path, options: ImportOptions, progress: Progress, result: FileResult
) -> None:
    from interviewcoder.services.refi_import import store_project
    from interviewcoder.services.survey_import import store_survey

    sha256 = file_sha256(path, options.limits)
    known = study.sources.by_sha256(sha256)
    if known is not None and not options.force:
        result.status = "skipped"
        result.message = f"already imported as source {known.id} ({known.name})"
        return
    plan = inspect_file(path, options, progress)
    parsed = plan.parsed
    result.format = plan.format
    result.inferred = plan.to_dict()
    result.status = "imported"
    with study.atomic():
        if isinstance(parsed, ParsedTranscript):
            store_transcript(study, parsed, path, sha256, options, result)
        elif isinstance(parsed, RefiProject):
            store_project(study, parsed, path, sha256, options, result)
        else:
            store_survey(study, parsed, path, sha256, options, result)
        study.log(options.coder, "import", path.name,
                  {"format": result.format, "sources": [s["id"] for s in result.sources],
                   "status": result.status})


def file_sha256(path: Path, limits: ReadLimits) -> str:
    """The file's sha256, read in chunks (refusing files over the size bound first)."""
    from interviewcoder.importers.textio import check_file

    check_file(path, limits)
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise ImportFailed(path.name, f"cannot read the file ({exc.strerror or exc})") from None
    return digest.hexdigest()


def store_transcript(
    study: Study, parsed: ParsedTranscript, path: Path, sha256: str, options: ImportOptions,
    result: FileResult,
) -> int:
    """Add one transcript source with its turns mapped to interviewer or participants."""
    meta = {**parsed.meta, "file": path.name}
    source_id = study.sources.add(
        name=parsed.title, kind=SourceKind.INTERVIEW, text=parsed.text, sha256=sha256,
        imported_at=now(), original_name=path.name, format=parsed.format, meta=meta)
    speakers = parsed.speakers
    interviewers = {p.name for p in speaker_plans(parsed, options.interviewers)
                    if p.role is Role.INTERVIEWER}
    people: dict[str | None, int | None] = {}
    for speaker in speakers:
        if speaker not in interviewers:
            name = options.participant or participant_name(speaker, parsed.title)
            people[speaker] = _participant_id(study, name, options, result)
    if not speakers:  # no speakers: the whole text is the participant's
        people[None] = _participant_id(study, options.participant or parsed.title, options,
                                       result)
    rows = []
    for n, turn in enumerate(parsed.turns):
        interviewer = turn.speaker in interviewers
        rows.append({
            "ord": n, "start": turn.start, "end": turn.end, "speaker": turn.speaker,
            "role": Role.INTERVIEWER if interviewer else Role.PARTICIPANT,
            "participant_id": None if interviewer else people.get(turn.speaker),
            "start_ms": turn.start_ms,
        })
    study.sources.add_turns(source_id, rows)
    result.sources.append({"id": source_id, "name": parsed.title, "turns": len(rows),
                           "words": len(parsed.text.split())})
    result.speakers = [
        {"name": s, "role": (Role.INTERVIEWER if s in interviewers else Role.PARTICIPANT).value}
        for s in speakers
    ]
    return source_id


def participant_name(speaker: str, title: str) -> str:
    """A speaker's own name, or for a generic label ("Speaker 1", "Participant", "A") that
    label with the source's title, so that two interviews' "Speaker 1" stay two people."""
    return f"{speaker} ({title})" if GENERIC_SPEAKER.match(speaker.strip()) else speaker


def interviewer_names(speakers: list[str], chosen: Iterable[str]) -> set[str]:
    """The speakers the user named as interviewers, else those with a default name (the
    import itself also takes the roles the labels give: ``speaker_plans``)."""
    chosen = {c.strip().casefold() for c in chosen if c.strip()}
    if chosen:
        return {s for s in speakers if s.casefold() in chosen}
    return {s for s in speakers if DEFAULT_INTERVIEWER.match(s)}


def _participant_id(study: Study, name: str, options: ImportOptions, result: FileResult) -> int:
    """Create the participant, or join the existing one of that name (setting outcome/persona
    when given)."""
    name = name.strip()
    existing = study.participants.by_name(name)
    outcome = normalise_outcome(options.outcome) if options.outcome else None
    if existing is None:
        pid = study.participants.add(name, outcome=outcome, persona=options.persona,
                                     created_at=now())
    else:
        pid = existing.id
        if outcome or options.persona:
            study.participants.update(replace(
                existing, outcome=outcome or existing.outcome,
                persona=options.persona or existing.persona))
    if name not in result.participants:
        result.participants.append(name)
    return pid

