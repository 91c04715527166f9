"""Export use case: the evidence workbook (.xlsx) or one table as CSV, optionally redacted."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from interviewcoder import __version__
from interviewcoder.core.errors import InvalidInput
from interviewcoder.core.evidence import Filters
from interviewcoder.exporters.csv_table import write_csv
from interviewcoder.exporters.xlsx import Progress, write_workbook
from interviewcoder.services import evidence, evidence_tables
from interviewcoder.store import Study

FORMATS = (".xlsx", ".csv", ".qdpx", ".qdc")


def note(study: Study, f: Filters) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (f"Study: {study.name} · Filters: {f.describe()} · Exported {stamp} "
            f"by interviewcoder {__version__} · Unit: distinct participants")


def study_redactor(study: Study, extra_terms: Iterable[str] = (),
                   ner_pipeline: str | None = None) -> Callable[[str], str]:
    """The study's redactor (see ``services.redaction``) as the ``redact`` callable export takes."""
    from interviewcoder.services.redaction import study_redactor as build

    return build(study, extra_terms, ner_pipeline).redact


def _refi(study: Study, out: Path, f: Filters, quotes: bool,
          redact: Callable[[str], str] | None, progress: Progress | None) -> Path:
    """The whole study as REFI-QDA: filters, --quotes and redaction do not apply (yet)."""
    from interviewcoder.services import refi_export

    if f.describe() != "none":
        raise InvalidInput("filters do not apply to a REFI-QDA export: it carries the whole study")
    if quotes:
        raise InvalidInput("--quotes goes with a .csv file (a REFI-QDA project has every quote)")
    if redact is not None:
        raise InvalidInput("redaction is not available for REFI-QDA exports yet")
    return refi_export.export(study, out, progress)


def export(study: Study, out: str | Path, *, filters: Filters | None = None, quotes: bool = False,
           redact: Callable[[str], str] | None = None, progress: Progress | None = None,
           include_personal: bool = False, since: str | None = None) -> Path:
    """Write ``out``: the workbook for ``.xlsx``; for ``.csv`` the Evidence table, or with
    ``quotes`` the Quotes table. ``redact`` is applied to every exported text. Attributes
    marked personal at import leave only with ``include_personal``, and never redacted.

    ``since`` (a snapshot's name) adds a Changes sheet: what changed since that snapshot.

    ``progress(table, rows)`` is called as tables are written; to cancel, raise from it (the
    target is then left as it was).
    """
    out = Path(out)
    f = filters or Filters()
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInput(f"{out}: cannot export to {suffix or 'a file without extension'} "
                           f"here (use .xlsx, .csv, .qdpx or .qdc)")
    if suffix in (".qdpx", ".qdc"):
        return _refi(study, out, f, quotes, redact, progress)
    if quotes and suffix != ".csv":
        raise InvalidInput("--quotes goes with a .csv file (the workbook has a Quotes sheet)")
    if since is not None and suffix != ".xlsx":
        raise InvalidInput("--since goes with a .xlsx workbook (it adds a Changes sheet)")
    text = note(study, f)
    if suffix == ".xlsx":
        personal = include_personal and redact is None
        tables = evidence_tables.workbook(study, f, text, personal)
        if since is not None:
            from interviewcoder.services import snapshots

            tables.append(snapshots.changes_table(snapshots.diff(study, since), text))
        return write_workbook(out, tables, text=redact, progress=progress)
    if quotes:
        return write_csv(out, evidence_tables.quotes_table(study, f), text=redact, progress=progress)
    return write_csv(out, evidence_tables.evidence_table(evidence.compute(study, f)), text=redact,
                     progress=progress)
