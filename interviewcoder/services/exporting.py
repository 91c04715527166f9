"""Export use case: the evidence workbook (.xlsx) or one table as CSV, optionally redacted."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from interviewcoder import __version__
from interviewcoder.core.errors import InvalidInput
from interviewcoder.core.evidence import DENOMINATOR_RULE, Filters
from interviewcoder.exporters.csv_table import write_csv
from interviewcoder.exporters.xlsx import Progress, write_workbook
from interviewcoder.services import evidence, evidence_tables
from interviewcoder.store import Study

FORMATS = (".xlsx", ".csv")


def note(study: Study, f: Filters) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (f"Study: {study.name} · Filters: {f.describe()} · Exported {stamp} "
            f"by interviewcoder {__version__} · Unit: distinct participants · {DENOMINATOR_RULE}")


def study_redactor(study: Study, extra_terms: Iterable[str] = (),
                   ner_pipeline: str | None = None) -> Callable[[str], str]:
    """The study's redactor (see ``services.redaction``) as the ``redact`` callable export takes."""
    from interviewcoder.services.redaction import study_redactor as build

    return build(study, extra_terms, ner_pipeline).redact


def export(study: Study, out: str | Path, *, filters: Filters | None = None, quotes: bool = False,
           redact: Callable[[str], str] | None = None, progress: Progress | None = None) -> Path:
    """Write ``out``: the workbook for ``.xlsx``; for ``.csv`` the Evidence table, or with
    ``quotes`` the Quotes table. ``redact`` is applied to every exported text.

    ``progress(table, rows)`` is called as tables are written; to cancel, raise from it (the
    target is then left as it was).
    """
    out = Path(out)
    f = filters or Filters()
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInput(f"{out}: cannot export to {suffix or 'a file without extension'} "
                           f"here (use .xlsx or .csv)")
    if quotes and suffix != ".csv":
        raise InvalidInput("--quotes goes with a .csv file (the workbook has a Quotes sheet)")
    text = note(study, f)
    if suffix == ".xlsx":
        return write_workbook(out, evidence_tables.workbook(study, f, text), text=redact,
                              progress=progress)
    if quotes:
        return write_csv(out, evidence_tables.quotes_table(study, f), text=redact, progress=progress)
    return write_csv(out, evidence_tables.evidence_table(evidence.compute(study, f)), text=redact,
                     progress=progress)
