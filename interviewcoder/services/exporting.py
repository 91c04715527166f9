"""Export use case: the evidence workbook (.xlsx), one table as CSV, or every table as CSV files
in a folder; optionally redacted."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from interviewcoder import __version__
from interviewcoder.core.errors import InvalidInput
from interviewcoder.core.evidence import DENOMINATOR_RULE, Filters
from interviewcoder.core.redaction import Redactor
from interviewcoder.exporters.csv_table import write_csv, write_csvs
from interviewcoder.exporters.xlsx import PageInfo, Progress, write_workbook
from interviewcoder.services import evidence_tables
from interviewcoder.services.csv_names import CSV_TABLES
from interviewcoder.store import Study

FORMATS = (".xlsx", ".csv", ".qdpx", ".qdc")


def note(study: Study, f: Filters, stamp: str | None = None) -> str:
    stamp = stamp or _stamp()
    return (f"Study: {study.name} · Filters: {f.describe()} · Exported {stamp} "
            f"by interviewcoder {__version__} · Unit: distinct participants · {DENOMINATOR_RULE}")


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def study_redactor(study: Study, extra_terms: Iterable[str] = (),
                   ner_pipeline: str | None = None, region: str | None = None) -> Redactor:
    """The study's redactor (see ``services.redaction``): the ``redact`` callable export takes,
    counting what it replaces for the redaction report."""
    from interviewcoder.services.redaction import study_redactor as build

    return build(study, extra_terms, ner_pipeline, region)


def write_redaction_report(study: Study, redact: Callable[[str], str], out: str | Path,
                           ner_pipeline: str | None = None) -> Path | None:
    """``OUT.redaction-report.txt`` beside the export ``out``: what ``redact`` replaced, by
    kind (for the researcher; never part of what is shared). None for a plain callable."""
    from interviewcoder.core.redaction import Redactor
    from interviewcoder.services.personal import personal_attributes
    from interviewcoder.services.redaction import write_report

    if not isinstance(redact, Redactor):
        return None
    return write_report(redact, out, ner_pipeline=ner_pipeline,
                        left_out=personal_attributes(study))


def _refi(study: Study, out: Path, f: Filters, quotes: bool,
          redact: Callable[[str], str] | None, progress: Progress | None) -> Path:
    """The whole study as REFI-QDA (filters and --quotes do not apply), redacted with the
    study's redactor when ``redact`` is one (``services.refi_redaction``)."""
    from interviewcoder.services import refi_export

    if f.describe() != "none":
        raise InvalidInput("filters do not apply to a REFI-QDA export: it carries the whole study")
    if quotes:
        raise InvalidInput("--quotes goes with a .csv file (a REFI-QDA project has every quote)")
    if redact is not None and not isinstance(redact, Redactor):
        raise InvalidInput("a REFI-QDA export is redacted with the study's redactor "
                           "(exporting.study_redactor), which moves the codings with the text")
    return refi_export.export(study, out, progress, redact)


def export(study: Study, out: str | Path, *, filters: Filters | None = None, quotes: bool = False,
           table: str | None = None, csv_folder: bool = False, excel_csv: bool = False,
           redact: Callable[[str], str] | None = None, progress: Progress | None = None,
           include_personal: bool = False, since: str | None = None) -> Path:
    """Write ``out``: the workbook for ``.xlsx``; for ``.csv`` one table (``table``, one of
    ``CSV_TABLES``; the Evidence table by default, the Quotes table with ``quotes``); with
    ``csv_folder`` every table as ``NAME.csv`` in the folder ``out`` (made if missing), all or
    none; ``.qdpx``/``.qdc`` the whole study as REFI-QDA. ``excel_csv`` starts each CSV with a
    UTF-8 BOM for Excel. ``redact`` is applied to every exported string (cells, headers, sheet
    names, note rows with the study's name, page headers, REFI names and texts). Attributes
    marked personal at import leave only with ``include_personal``, and never redacted.

    ``since`` (a snapshot's name) adds a Changes sheet: what changed since that snapshot.

    ``progress(table, rows)`` is called as tables are written; to cancel, raise from it (the
    target is then left as it was).
    """
    out = Path(out)
    f = filters or Filters()
    suffix = out.suffix.lower()
    if quotes:
        if table not in (None, "quotes"):
            raise InvalidInput("--quotes and --table name different tables: use --table")
        table = "quotes"
    if table is not None and table not in CSV_TABLES:
        raise InvalidInput(f"no table {table!r} (tables: {', '.join(CSV_TABLES)})")
    personal = include_personal and redact is None
    if since is not None and (csv_folder or suffix != ".xlsx"):
        raise InvalidInput("--since goes with a .xlsx workbook (it adds a Changes sheet)")
    if csv_folder:
        if table is not None:
            raise InvalidInput("--csv writes every table into a folder; --table writes one file")
        return _export_folder(study, out, f, redact, progress, excel_csv, personal)
    if suffix not in FORMATS:
        raise InvalidInput(f"{out}: cannot export to {suffix or 'a file without extension'} "
                           f"here (use .xlsx, .csv, .qdpx or .qdc, or a folder with --csv)")
    if study.is_own_file(out):
        raise InvalidInput(f"{out}: that is the study itself; choose another file name")
    if suffix in (".qdpx", ".qdc"):
        return _refi(study, out, f, quotes, redact, progress)
    stamp = _stamp()
    text = note(study, f, stamp)
    if suffix == ".xlsx":
        if table is not None or excel_csv:
            raise InvalidInput("--table, --quotes and --excel-csv go with a .csv file "
                               "(the workbook has every table as a sheet)")
        tables = evidence_tables.workbook(study, f, text, personal)
        if since is not None:
            from interviewcoder.services import snapshots

            tables.append(snapshots.changes_table(snapshots.diff(study, since), text))
        return write_workbook(out, tables, text=redact, progress=progress,
                              page=PageInfo(study.name, f.describe(), stamp))
    return write_csv(out, evidence_tables.csv_table(study, f, table or "evidence", text, personal),
                     text=redact, progress=progress, bom=excel_csv)


def _export_folder(study: Study, folder: Path, f: Filters, redact: Callable[[str], str] | None,
                   progress: Progress | None, bom: bool, personal: bool) -> Path:
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"{folder}: is a file; --csv writes a folder of tables")
    if not folder.parent.is_dir():
        raise InvalidInput(f"{folder}: folder {folder.parent} does not exist")
    made = not folder.exists()
    folder.mkdir(exist_ok=True)
    text = note(study, f)
    makers = [lambda name=name: evidence_tables.csv_table(study, f, name, text, personal)
              for name in CSV_TABLES]
    try:
        write_csvs([folder / f"{name}.csv" for name in CSV_TABLES], makers, text=redact,
                   progress=progress, bom=bom)
    except BaseException:
        if made and not any(folder.iterdir()):
            folder.rmdir()
        raise
    return folder
