"""``interviewcoder import STUDY FILE...``: transcripts and survey exports into a study."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from interviewcoder.cli.common import (
    add_coder_option,
    add_json_option,
    coder_of,
    open_from,
    print_json,
)
from interviewcoder.core.errors import InvalidInput, one_line
from interviewcoder.importers import registry
from interviewcoder.importers.base import ReadLimits, SurveyOptions
from interviewcoder.importers.survey_layouts import FLAVOURS
from interviewcoder.services.import_review import (
    FileReview,
    apply_edits,
    review_import,
    settle_choices,
)
from interviewcoder.services.importing import (
    FileResult,
    ImportOptions,
    import_files,
    parse_outcome_map,
    store_plan,
)
from interviewcoder.store import Study


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import", help="import transcripts (txt, md, docx, vtt, srt), surveys (csv, xlsx) and "
        "REFI-QDA projects and codebooks (qdpx, qdc)",
        description="Import files into a study, each in its own transaction. Exit status 2 "
        "when any file failed (the others are imported).")
    p.add_argument("study")
    p.add_argument("files", nargs="*", metavar="FILE")
    p.add_argument("--format", default="auto", choices=["auto", *registry.format_names()],
                   help="file format (default: detect from extension and content)")
    p.add_argument("--participant", metavar="NAME",
                   help="the participant every non-interviewer speaker is (default: each "
                   "speaker becomes a new participant of that name)")
    p.add_argument("--interviewer", action="append", default=[], metavar="NAME",
                   help="speaker who is an interviewer (repeatable), besides those found by "
                   "name: Interviewer, Moderator, Host, Facilitator, Q, or a role suffix")
    p.add_argument("--same-person", action="store_true",
                   help="a speaker with an existing participant's name is that participant "
                   "(default: a new participant, and the possible match is reported); generic "
                   "labels such as 'Speaker 1' never join")
    p.add_argument("--outcome", help="outcome of the participants: one of the study's outcomes "
                   "(see 'outcomes')")
    p.add_argument("--persona", help="persona of the participants")
    p.add_argument("--update-participants", action="store_true",
                   help="let the import change an existing participant's outcome or persona "
                   "(reported; default: such a file is refused)")
    p.add_argument("--dry-run", action="store_true",
                   help="store nothing: show what the import would do (layout, speakers and "
                   "their roles and participants, survey columns)")
    p.add_argument("--review", metavar="REVIEW.json",
                   help="store the files of a saved 'import --dry-run --json', as edited there "
                   "(roles, participants, outcome and persona per file, column classes), in one "
                   "transaction")
    p.add_argument("--force", action="store_true", help="import files already imported")
    p.add_argument("--max-mb", type=float, default=None,
                   help="refuse files larger than this many megabytes (default: 256)")
    survey = p.add_argument_group("survey options")
    survey.add_argument("--survey-format", choices=FLAVOURS, default=None,
                        help="survey tool that made the export (default: detect)")
    survey.add_argument("--id-column", metavar="COL", help="respondent id column")
    survey.add_argument("--text-columns", metavar="COL", action="append",
                        help="an open-text column, one source each (repeatable; a name, question "
                        "text, number 1.. or letter A..; 'A,B' names two when no column is "
                        "called that; default: inferred)")
    survey.add_argument("--attribute-columns", metavar="COL", action="append",
                        help="a column kept as a participant attribute (repeatable, as "
                        "--text-columns; default: every closed column)")
    survey.add_argument("--outcome-column", metavar="COL", help="column giving the outcome")
    survey.add_argument("--outcome-map", metavar="VALUE=OUTCOME,...",
                        help='e.g. "Yes=won,No=lost" (default: the value itself)')
    survey.add_argument("--persona-column", metavar="COL", help="column giving the persona")
    add_json_option(p)
    add_coder_option(p)
    p.set_defaults(handler=cmd_import)


def options_from(args: argparse.Namespace) -> ImportOptions:
    limits = ReadLimits()
    if args.max_mb is not None:
        limits = ReadLimits(max_bytes=int(args.max_mb * 1024 * 1024))
    survey = SurveyOptions(
        flavour=args.survey_format, id_column=args.id_column,
        text_columns=_columns(args.text_columns), attribute_columns=_columns(args.attribute_columns))
    return ImportOptions(
        format=args.format, participant=args.participant, interviewers=tuple(args.interviewer),
        outcome=args.outcome, persona=args.persona, survey=survey,
        outcome_column=args.outcome_column, outcome_map=parse_outcome_map(args.outcome_map),
        persona_column=args.persona_column, force=args.force, limits=limits,
        coder=coder_of(args), same_person=args.same_person,
        update_participants=args.update_participants)


def _columns(given: list[str] | None) -> tuple[str, ...] | None:
    """The column specs as given; each is resolved against the file's columns when read."""
    if given is None:
        return None
    return tuple(c for c in given if c.strip())


def cmd_import(args: argparse.Namespace) -> int:
    options = options_from(args)
    edited = _read_review(args.review) if args.review else None
    if edited is not None and not args.files:
        args.files = [f["file"] for f in edited.get("files", []) if f.get("file")]
    if not args.files:
        raise InvalidInput("name the files to import (or --review REVIEW.json)")
    if args.dry_run:
        return _dry_run(args, options)
    with open_from(args) as study:
        if edited is None:
            results = import_files(study, args.files, options, _print_progress)
        else:
            results = _store_review(study, args.files, options, edited)
    if args.json:
        print_json([r.to_dict() for r in results])
    else:
        for result in results:
            sys.stdout.write(one_line(summary_line(result)) + "\n")
            for warning in result.warnings:
                sys.stdout.write(f"warning   {one_line(warning)}\n")
    return 2 if any(r.status == "error" for r in results) else 0


def _read_review(path: str) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read the review ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise InvalidInput(f"{path}: not a review saved by 'import --dry-run --json' ({exc})"
                           ) from None
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        raise InvalidInput(f"{path}: not a review saved by 'import --dry-run --json'")
    return data


def _store_review(study: Study, files: list[str], options: ImportOptions,
                  edited: dict) -> list[FileResult]:
    review = review_import(study, files, options, _print_progress)
    apply_edits(review, edited)
    settle_choices(study, review)
    return store_plan(study, review, _print_progress)


def _dry_run(args: argparse.Namespace, options: ImportOptions) -> int:
    with open_from(args) as study:
        plan = review_import(study, args.files, options, _print_progress)
    if args.json:
        print_json(plan.to_dict())
    else:
        for file_plan in plan.files:
            sys.stdout.write(plan_lines(file_plan))
    return 2 if any(f.status == "error" for f in plan.files) else 0


def plan_lines(plan: FileReview) -> str:
    """What importing one file would do, as a few readable lines."""
    if plan.status != "ready":
        return f"{plan.status:<9} {plan.error or plan.file + ': ' + plan.message}\n"
    head = f"would import {plan.file} [{plan.format}, {plan.layout}]"
    if plan.outcome or plan.persona:
        head += f" outcome={plan.outcome or '-'} persona={plan.persona or '-'}"
    lines = [head]
    for s in plan.speakers:
        who = s.participant.name if s.participant else "-"
        if s.participant is not None:
            who = f"{'joins' if s.participant.action == 'join' else 'new'} {who}"
        hint = f"; possible match {s.suggestion.name} ({s.suggestion.reason})" if (
            s.suggestion and s.participant and s.participant.action == "new") else ""
        lines.append(f"  speaker {s.label or '(no label)'}: {s.role}, {who} [{s.reason}]{hint}")
    for c in plan.columns:
        preview = " | ".join(c.preview)
        lines.append(f"  column {c.name}: {c.kind}" + (f" — {preview}" if preview else ""))
    for m in plan.matches:
        lines.append(f"  respondent {m['speaker']}: new {m['participant']}; possible match "
                     f"{m['possible_match']} ({m['reason']})")
    return "\n".join(lines) + "\n"


def _print_progress(done: int, total: int, message: str) -> None:
    if message:  # (an empty message is only a chance to cancel)
        # (no total: a count so far, e.g. the responses of a survey read as a stream)
        sys.stderr.write(f"[{done}/{total}] {message}\n" if total else f"{message}\n")


def summary_line(result: FileResult) -> str:
    """One line per file: what was created, or why not."""
    if result.status == "error":
        return f"error     {result.error}"
    if result.status == "skipped":
        return f"skipped   {result.file}: {result.message}"
    turns = sum(s["turns"] for s in result.sources)
    words = sum(s["words"] for s in result.sources)
    parts = [f"{len(result.sources)} source(s)", f"{turns} turns", f"{words} words"]
    if result.speakers:
        parts.append("speakers: " + ", ".join(f"{s['name']} ({s['role']})"
                                              for s in result.speakers))
    if result.participants:
        shown = ", ".join(result.participants[:5])
        more = len(result.participants) - 5
        parts.append(f"participants: {shown}" + (f" and {more} more" if more > 0 else ""))
    inferred = result.inferred
    if inferred.get("columns"):
        classes = Counter(c["class"] for c in inferred["columns"])
        parts.append("columns: " + ", ".join(f"{n} {cls.replace('_', '-')}"
                                             for cls, n in sorted(classes.items())))
    if inferred.get("confidence") is not None:
        parts.append(f"layout {inferred['layout']} ({inferred['confidence']:.0%} sure)")
    for m in result.matches[:5]:
        parts.append(f"possible match: {m['participant']} may be {m['possible_match']} "
                     f"({m['reason']}; --same-person joins them)")
    if result.participant_changes:
        shown = ", ".join(f"{c['participant']} {c.get('key') or c['field']} "
                          f"{c['old'] or '-'} → {c['new']}" for c in result.participant_changes[:5])
        more = len(result.participant_changes) - 5
        parts.append(f"changed: {shown}" + (f" and {more} more" if more > 0 else ""))
    if result.refi is not None and result.message:
        parts.append(result.message)
    return f"imported  {result.file} [{result.format}]: " + "; ".join(parts)
