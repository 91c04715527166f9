"""``agreement``: inter-coder agreement per code, and the units where coders differ."""

from __future__ import annotations

import argparse
import sys

from interviewcoder.cli.common import add_json_option, open_from, print_json, print_table
from interviewcoder.core.agreement_units import UNIT_KINDS
from interviewcoder.services import agreement


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("agreement", help="inter-coder agreement per code: percent, Cohen's κ, "
                       "Krippendorff's α")
    p.add_argument("study")
    p.add_argument("--coders", metavar="A,B,...",
                   help="the coders to compare (default: every coder with quotes)")
    p.add_argument("--unit", choices=UNIT_KINDS, default="turn",
                   help="what is compared: turns (default; what the evidence counts), sentences, "
                   "characters, or participants (does each coder count them for the code)")
    p.add_argument("--source", action="append", type=int, default=[], metavar="ID",
                   help="only this source (repeatable)")
    p.add_argument("--include-uncoded", action="store_true",
                   help="count units no coder coded as agreement that the code is absent "
                   "(left out by default: they inflate κ)")
    p.add_argument("--disagreements", action="store_true",
                   help="list, per code, the units where the coders differ")
    add_json_option(p)
    p.set_defaults(handler=cmd_agreement)


def cmd_agreement(args: argparse.Namespace) -> int:
    coders = [c for c in (args.coders or "").split(",") if c.strip()] or None
    with open_from(args) as study:
        report = agreement.compute(study, coders, unit=args.unit, source_ids=args.source or None,
                                   include_uncoded=args.include_uncoded,
                                   with_disagreements=args.disagreements)
    if args.json:
        print_json(report.to_dict(disagreements=args.disagreements))
        return 0
    write_text(report, args.disagreements)
    return 0


def _f(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x * 100:.1f}%"


def write_text(report: agreement.AgreementReport, disagreements: bool = False) -> None:
    out = sys.stdout.write
    two = len(report.coders) == 2
    out(f"Agreement of {', '.join(report.coders)} by {report.unit}, over "
        f"{len(report.sources)} sources\n")
    headers = ["dimension", "code", "units", "with code"] + [f"by {c}" for c in report.coders]
    headers += ["agreement", "kappa" if two else "kappa (2 coders)", "alpha", "note"]
    rows = []
    for c in report.codes:
        f = c.figures
        if not f.present:
            continue
        rows.append([c.dimension, c.code, f.n_units, f.present, *f.given, _pct(f.percent),
                     _f(f.kappa), _f(f.alpha), "unstable: few units" if f.unstable else ""])
    o = report.overall
    rows.append(["", "overall (pooled)", o.n_units, o.present, *o.given, _pct(o.percent),
                 _f(o.kappa), _f(o.alpha), ""])
    print_table(headers, rows)
    unused = sum(1 for c in report.codes if not c.figures.present)
    if unused:
        out(f"({unused} codes no compared coder used here are not listed)\n")
    out(f"\n{report.how}\n")
    for sid, name, why in report.left_out:
        out(f"left out: source {sid} ({name}): {why}\n")
    if disagreements:
        for c in report.codes:
            found = report.disagreements.get(c.code_id, [])
            if not found:
                continue
            out(f"\n{c.dimension}/{c.code}: {len(found)} disagreements\n")
            for d in found:
                who = ", ".join(f"{coder}: {'yes' if has else 'no'}" for coder, has in d.has.items())
                where = d.participant or d.source
                text = " ".join(d.text.split())
                text = text if len(text) <= 70 else text[:69] + "…"
                out(f"  [{where} {d.start}-{d.end}] {who} | {text}\n")
