"""Import files into a study: each file is reviewed (``import_review``: read and inferred by
``import_plan.inspect_file``, speakers and respondents matched by ``identity``) and stored as
the review says.

``import_file`` / ``import_files`` review and store each file in its own transaction (a failure
never stops the batch); ``store_plan`` stores a review the researcher confirmed, all files in one
transaction. Transcripts become one source whose turns belong to the interviewer, to
participants or to no one; surveys are stored by ``survey_import``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from interviewcoder.core.errors import (
    Cancelled,
    ImportFailed,
    InterviewcoderError,
    InvalidInput,
    one_line,
)
from interviewcoder.core.refi import RefiProject
from interviewcoder.core.types import ColumnClass, ParsedSurvey, ParsedTranscript, Role, SourceKind
from interviewcoder.importers.base import Progress, ReadLimits, no_progress
from interviewcoder.services import identity
from interviewcoder.services.identity import DEFAULT_INTERVIEWER, GENERIC_SPEAKER
from interviewcoder.services.import_options import FileResult, ImportOptions
from interviewcoder.services.import_plan import (  # noqa: F401 - part of this module's face
    ImportPlan,
    inspect_file,
    speaker_plans,
)
from interviewcoder.services.import_review import (
    FileReview,
    ImportReview,
    SpeakerReview,
    check_options,
    review_file,
)
from interviewcoder.services.participants import normalise_outcome
from interviewcoder.store import Study, now

__all__ = ["DEFAULT_INTERVIEWER", "GENERIC_SPEAKER", "FileResult", "ImportOptions", "ImportPlan",
           "import_file", "import_files", "inspect_file", "parse_outcome_map", "speaker_plans",
           "store_plan"]


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
    """Import each file in its own transaction; a failure never stops the batch.

    Outcomes named in ``options`` that the study does not know are refused before any file
    is read (``InvalidInput``).
    """
    options = check_options(study, options or ImportOptions())
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
    """Plan and store one file; errors come back in the result, and leave the study as it was."""
    path = Path(path)
    try:
        options = check_options(study, options or ImportOptions())
        plan = review_file(study, path, options, progress)
    except Cancelled as exc:
        return FileResult(str(path), "skipped", message=str(exc))
    except InterviewcoderError as exc:
        return FileResult(str(path), "error", error=one_line(f"{path.name}: {exc}"))
    return _store_one(study, plan, options, progress)


def store_plan(study: Study, plan: ImportReview, progress: Progress = no_progress) -> list[FileResult]:
    """Store a reviewed plan in one transaction: every ready file, or (when one fails or the
    import is cancelled) none of them."""
    ready = [f for f in plan.files if f.status == "ready"]
    results = {f.file: _not_ready(f) for f in plan.files}
    current: FileReview | None = None
    try:
        with study.atomic():
            for n, current in enumerate(ready):
                progress(n, len(ready), f"Storing {current.path.name}")
                result = FileResult(current.file, "imported")
                _store(study, current, plan.options, progress, result)
                results[current.file] = result
            progress(len(ready), len(ready), "Done")
    except Exception as exc:  # noqa: BLE001 - reported as that file's result
        for f in ready:
            results[f.file] = FileResult(f.file, "skipped",
                                         message="not imported: nothing of this import was kept")
        if current is not None:
            results[current.file] = _failure(current, exc)
    return [results[f.file] for f in plan.files]


def _failure(plan: FileReview, exc: BaseException) -> FileResult:
    result = FileResult(plan.file, "skipped" if isinstance(exc, Cancelled) else "error")
    if isinstance(exc, Cancelled):
        result.message = str(exc)
    elif isinstance(exc, ImportFailed):
        result.error = one_line(str(exc))
    elif isinstance(exc, InterviewcoderError):
        result.error = one_line(f"{plan.path.name}: {exc}")
    else:
        result.error = one_line(f"{plan.path.name}: unexpected {type(exc).__name__}: {exc}")
    return result


def _not_ready(plan: FileReview) -> FileResult:
    return FileResult(plan.file, plan.status if plan.status != "ready" else "skipped",
                      error=plan.error, message=plan.message)


def _store_one(study: Study, plan: FileReview, options: ImportOptions,
               progress: Progress) -> FileResult:
    if plan.status != "ready":
        return _not_ready(plan)
    result = FileResult(plan.file, "imported")
    try:
        with study.atomic():
            _store(study, plan, options, progress, result)
    except Exception as exc:  # noqa: BLE001 - one bad file must not end a batch
        return _failure(plan, exc)
    return result


def _store(study: Study, plan: FileReview, options: ImportOptions, progress: Progress,
           result: FileResult) -> None:
    """Store one planned file (inside the caller's transaction)."""
    from interviewcoder.services.refi_import import store_project
    from interviewcoder.services.survey_import import store_survey

    known = None if options.force else study.sources.by_sha256(plan.sha256)
    if known is not None:  # stored by another process while this one was reading the file
        result.status = "skipped"
        result.message = f"already imported as source {known.id} ({known.name})"
        return
    file_options = replace(options, outcome=plan.outcome or None, persona=plan.persona or None)
    file_options = check_options(study, file_options)
    parsed = plan.parsed
    result.warnings = [f"{plan.path.name}: {w}"
                       for w in getattr(parsed, "meta", {}).get("warnings", [])]
    if plan.kind == "survey" and plan.columns_changed():
        # the researcher reclassed columns: read the file again as the review says
        file_options = replace(file_options, survey=plan.survey_options(options.survey),
                               format=plan.importer or "auto")
        parsed = _reclassed(inspect_file(plan.path, file_options, progress).parsed, plan)
    result.format = plan.format
    result.inferred = plan.inferred
    if isinstance(parsed, ParsedTranscript):
        store_transcript(study, parsed, plan, file_options, result)
        result.inferred = _as_stored(plan.inferred, result.speakers)
    elif isinstance(parsed, RefiProject):
        store_project(study, parsed, plan.path, plan.sha256, file_options, result)
    else:
        store_survey(study, parsed, plan.path, plan.sha256, file_options, result, progress)
    study.log(options.coder, "import", plan.path.name,
              {"format": result.format, "sources": [s["id"] for s in result.sources],
               "status": result.status})


def _as_stored(inferred: dict, speakers: list[dict[str, str]]) -> dict:
    """The inference report with the roles the speakers were stored with (the review may have
    changed them)."""
    stored = {s["name"]: s["role"] for s in speakers}
    if all(stored.get(s["name"], s["role"]) == s["role"] for s in inferred.get("speakers", [])):
        return inferred
    return {**inferred, "speakers": [
        s if stored.get(s["name"], s["role"]) == s["role"]
        else {**s, "role": stored[s["name"]], "because": "your choice"}
        for s in inferred["speakers"]]}


def _reclassed(parsed: ParsedSurvey, plan: FileReview) -> ParsedSurvey:
    """The survey read again, its columns carrying the classes the review gave them (so the
    columns the researcher calls personal are marked personal, and only those)."""
    wanted = {c.name: ColumnClass(c.kind) for c in plan.columns}
    columns = tuple(replace(c, cls=wanted.get(c.name, c.cls)) for c in parsed.columns)
    return replace(parsed, columns=columns)


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


def store_transcript(study: Study, parsed: ParsedTranscript, plan: FileReview,
                     options: ImportOptions, result: FileResult) -> int:
    """Add one transcript source with its turns mapped as the plan says."""
    meta = {**parsed.meta, "file": plan.path.name}
    source_id = study.sources.add(
        name=parsed.title, kind=SourceKind.INTERVIEW, text=parsed.text, sha256=plan.sha256,
        imported_at=now(), original_name=plan.path.name, format=parsed.format, meta=meta)
    who: dict[str | None, tuple[Role, int | None]] = {}
    for speaker in plan.speakers:
        who[speaker.label] = _resolve(study, speaker, options, plan, result)
    rows = []
    for n, turn in enumerate(parsed.turns):
        role, pid = who.get(turn.speaker, (Role.PARTICIPANT, None))
        rows.append({"ord": n, "start": turn.start, "end": turn.end, "speaker": turn.speaker,
                     "role": role, "participant_id": pid, "start_ms": turn.start_ms})
    study.sources.add_turns(source_id, rows)
    result.sources.append({"id": source_id, "name": parsed.title, "turns": len(rows),
                           "words": len(parsed.text.split())})
    result.speakers = [
        {"name": s.label, "role": Role.INTERVIEWER.value if s.role == identity.INTERVIEWER
         else Role.PARTICIPANT.value}
        for s in plan.speakers if s.label is not None
    ]
    return source_id


def _resolve(study: Study, speaker: SpeakerReview, options: ImportOptions, plan: FileReview,
             result: FileResult) -> tuple[Role, int | None]:
    """The role and participant id of one planned speaker, creating or updating the
    participant (an existing participant's outcome/persona only as a reported change)."""
    from interviewcoder.services.survey_import import update_fields

    if speaker.role == identity.INTERVIEWER:
        return Role.INTERVIEWER, None
    if speaker.role == identity.NOBODY or speaker.participant is None:
        return Role.PARTICIPANT, None
    choice = speaker.participant
    name = choice.name.strip()
    if not name:
        raise ImportFailed(plan.path.name, f"speaker {speaker.label!r} has no participant name")
    existing = study.participants.by_name(name)
    if existing is not None and choice.action == "new":
        name = identity.unique_name(name, study.participants.names())
        existing = None
    if existing is None:
        pid = study.participants.add(name, outcome=options.outcome, persona=options.persona,
                                     created_at=now())
    else:
        pid = existing.id
        update_fields(study, existing, options.outcome, options.persona, {}, options,
                      plan.path.name, result)
    if name not in result.participants:
        result.participants.append(name)
    if speaker.suggestion is not None and choice.action == "new":
        result.matches.append({"speaker": speaker.label or "", "participant": name,
                               "possible_match": speaker.suggestion.name,
                               "reason": speaker.suggestion.reason})
    return Role.PARTICIPANT, pid


def participant_name(speaker: str, title: str) -> str:
    """A speaker's own name, or for a generic label ("Speaker 1", "SPEAKER_00") that label with
    the source's title, so that two sources' "Speaker 1" stay two people."""
    return f"{speaker} ({title})" if identity.is_generic(speaker) else speaker
