"""``evidence`` (the distinct-participant table) and ``export`` (spreadsheet / CSV)."""

from __future__ import annotations

import argparse
from pathlib import Path

from interviewcoder.cli.common import (
    add_json_option,
    open_from,
    parse_key_values,
    print_json,
    print_table,
    require_known,
)
from interviewcoder.cli.redact_options import add_redaction_options, redactor_of
from interviewcoder.core.errors import InvalidInput
from interviewcoder.core.evidence import Filters
from interviewcoder.core.wilson import share
from interviewcoder.services import evidence
from interviewcoder.services.csv_names import CSV_TABLES
from interviewcoder.store import Study


def _add_filters(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("filters")
    g.add_argument("--persona", help="only participants of this persona")
    g.add_argument("--outcome", help="only participants with this outcome")
    g.add_argument("--kind", choices=["interview", "survey"], help="only quotes from this kind of source")
    g.add_argument("--coder", dest="filter_coder", help="only quotes made by this coder")
    g.add_argument("--attr", action="append", metavar="KEY=VALUE",
                   help="only participants with this attribute value (repeatable)")
    g.add_argument("--imported-from", metavar="YYYY-MM-DD", help="only sources imported on or after")
    g.add_argument("--imported-to", metavar="YYYY-MM-DD", help="only sources imported on or before")


def filters_of(args: argparse.Namespace) -> Filters:
    return evidence.parse_filters(
        persona=args.persona, outcome=args.outcome, kind=args.kind, coder=args.filter_coder,
        attributes=parse_key_values(args.attr, "--attr"), imported_from=args.imported_from,
        imported_to=args.imported_to)


def checked_coder(study: Study, f: Filters) -> Filters:
    """A coder or outcome filter naming none the study has is a one-line error (not an empty
    table that reads as "nobody said it")."""
    if f.coder is not None:
        require_known("coder", f.coder, study.quotes.coders())
    if f.outcome is not None:
        from interviewcoder.services import outcomes

        known = list(dict.fromkeys([*outcomes.known(study), *study.participants.outcomes()]))
        require_known("outcome", f.outcome, known)
    return f


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("evidence", help="distinct participants per code, by outcome or persona")
    p.add_argument("study")
    p.add_argument("--by", choices=["outcome", "persona"], default="outcome")
    p.add_argument("--min-participants", type=int, default=0, metavar="N",
                   help="only codes with at least N participants")
    p.add_argument("--thin", type=int, default=3, metavar="N",
                   help="flag codes with fewer than N participants as thin evidence (default 3)")
    _add_filters(p)
    add_json_option(p)
    p.set_defaults(handler=cmd_evidence)

    p = sub.add_parser("export", help="write the evidence workbook (.xlsx), CSV tables, or the "
                       "study as a REFI-QDA project (.qdpx) or codebook (.qdc)")
    p.add_argument("study")
    p.add_argument("out", help="OUT.xlsx (the workbook), OUT.csv (one table), a folder with --csv "
                   "(every table), OUT.qdpx (a REFI-QDA project for NVivo, ATLAS.ti, MAXQDA, "
                   "QualCoder …) or OUT.qdc (the codebook)")
    p.add_argument("--table", choices=CSV_TABLES, metavar="NAME",
                   help="with .csv: which table (" + ", ".join(CSV_TABLES) + "; default evidence)")
    p.add_argument("--csv", action="store_true", dest="csv_folder",
                   help="write every table as NAME.csv into the folder OUT")
    p.add_argument("--excel-csv", action="store_true",
                   help="start CSV files with a UTF-8 byte order mark, for Excel")
    p.add_argument("--quotes", action="store_true", help="with .csv: the Quotes table (--table quotes)")
    add_redaction_options(p)
    p.add_argument("--include-personal", action="store_true",
                   help="keep participant attributes marked personal at import (e-mail, IP "
                   "address, names...) in the Participants sheet; never with --redact")
    p.add_argument("--since", metavar="SNAPSHOT",
                   help="with .xlsx: add a Changes sheet, what changed since that snapshot")
    _add_filters(p)
    p.set_defaults(handler=cmd_export)


def cmd_evidence(args: argparse.Namespace) -> int:
    with open_from(args) as study:
        table = evidence.compute(study, checked_coder(study, filters_of(args)),
                                 by_persona=args.by == "persona", thin_below=args.thin,
                                 min_participants=args.min_participants)
    if args.json:
        print_json(table.to_json())
        return 0
    groups = table.personas if args.by == "persona" else table.outcomes
    sizes = table.persona_sizes if args.by == "persona" else table.outcome_sizes
    headers = ["dimension", "code", "people", "mentions"] + [f"{g} (n={sizes[g]})" for g in groups]
    headers += ["thin", "lost-won", "churned-won"]
    rows = []
    for r in table.rows:
        cells = r.by_persona if args.by == "persona" else r.by_outcome
        rows.append([r.dimension, r.code, r.participants, r.mentions]
                    + [f"{cells[g].participants} ({share(cells[g].participants, cells[g].size):.0%})"
                       + ("*" if cells[g].thin else "") for g in groups]
                    + ["thin" if r.thin else "",
                       _pp(r.differential.get("lost"), r.thin_differential.get("lost", False)),
                       _pp(r.differential.get("churned"), r.thin_differential.get("churned", False))])
    print_table(headers, rows)
    print(f"\n{table.participants} participants; filters: {table.filters.describe()}")
    print(f"* thin: fewer than {args.thin} participants in the cell (or either side of a "
          "differential); shares are of the participants with a turn in the kept sources")
    return 0


def _pp(value: float | None, thin: bool = False) -> str:
    return "" if value is None else f"{value * 100:+.0f} pp" + ("*" if thin else "")


def cmd_export(args: argparse.Namespace) -> int:
    from interviewcoder.services import exporting

    out = Path(args.out)
    with open_from(args) as study:
        redact = redactor_of(study, args)
        if args.include_personal and args.redact:
            raise InvalidInput("--include-personal cannot go with --redact (redaction always "
                               "removes personal data)")
        folder = args.csv_folder or args.out.endswith(("/", "\\"))
        if folder and not args.csv_folder:
            raise InvalidInput(f"{args.out}: a folder takes --csv (every table as NAME.csv)")
        written = exporting.export(study, out, filters=checked_coder(study, filters_of(args)),
                                   quotes=args.quotes, table=args.table, csv_folder=folder,
                                   excel_csv=args.excel_csv, redact=redact,
                                   include_personal=args.include_personal, since=args.since)
        print(f"wrote {written}")
        if redact is not None and args.redaction_report:
            report = exporting.write_redaction_report(study, redact, written, args.ner_pipeline)
            print(f"wrote {report} (the redaction report: keep it, do not share it)")
    return 0
