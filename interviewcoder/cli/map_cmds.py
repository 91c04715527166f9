"""``map`` (the journey map as a PNG, SVG or PDF picture) and ``saturation``."""

from __future__ import annotations

import argparse
import importlib
import os
from pathlib import Path

from interviewcoder.cli.common import add_json_option, open_from, print_json, print_table, require_known
from interviewcoder.cli.redact_options import add_redaction_options, redactor_of
from interviewcoder.core.errors import InvalidInput
from interviewcoder.core.evidence import Filters
from interviewcoder.services import evidence
from interviewcoder.store import Study

PAINTER = "interviewcoder.ui.map.map_export"
MAP_FORMATS = (".png", ".svg", ".pdf")


def _add_filters(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("filters")
    g.add_argument("--persona", help="only participants of this persona")
    g.add_argument("--outcome", help="only participants with this outcome")
    g.add_argument("--coder", dest="filter_coder", help="only quotes made by this coder")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("map", help="draw the journey map as a picture (.png at 2x, .svg, .pdf)")
    p.add_argument("study")
    p.add_argument("out", help="OUT.png, OUT.svg or OUT.pdf")
    add_redaction_options(p)
    p.add_argument("--min-move", type=int, default=1, metavar="N",
                   help="draw only the moves between steps made by at least N participants")
    p.add_argument("--scale", type=float, default=2.0, metavar="X",
                   help="with .png: pixels per point of the map (default 2, for slides)")
    _add_filters(p)
    p.set_defaults(handler=cmd_map)

    p = sub.add_parser("saturation", help="new codes per added participant, in interview order")
    p.add_argument("study")
    p.add_argument("--order-by", metavar="ATTRIBUTE",
                   help="order participants by this attribute (e.g. an interview date) instead "
                   "of import order")
    _add_filters(p)
    add_json_option(p)
    p.set_defaults(handler=cmd_saturation)


def filters_of(study: Study, args: argparse.Namespace) -> Filters:
    """The filters, checked against the study: a persona, outcome or coder it does not have is
    a one-line error naming the ones it has."""
    f = evidence.parse_filters(persona=args.persona, outcome=args.outcome, coder=args.filter_coder)
    require_known("persona", f.persona, study.participants.personas())
    require_known("outcome", f.outcome, study.participants.outcomes())
    require_known("coder", f.coder, study.quotes.coders())
    return f


def cmd_map(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.suffix.lower() not in MAP_FORMATS:
        raise InvalidInput(f"{out}: the journey map is written as .png, .svg or .pdf, "
                           f"not {out.suffix or 'a file without extension'}")
    from interviewcoder.services import journey_map

    with open_from(args) as study:
        redact = redactor_of(study, args)
        f = filters_of(study, args)
        journey = journey_map.build(study, f)
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen: draw offscreen
    try:
        painter = importlib.import_module(PAINTER)
    except ImportError as exc:
        raise InvalidInput(f"cannot draw the map: Qt is not usable here ({exc})") from None
    if not 0.25 <= args.scale <= 4:
        raise InvalidInput(f"--scale {args.scale:g} is outside 0.25–4")
    written = painter.write(journey, out, text_fn=redact, min_move=args.min_move, scale=args.scale)
    print(f"wrote {written} ({len(journey.steps)} steps, {journey.participants} participants)")
    if redact is not None and args.redaction_report:
        from interviewcoder.services.exporting import write_redaction_report

        with open_from(args) as study:
            report = write_redaction_report(study, redact, written, args.ner_pipeline)
        print(f"wrote {report} (the redaction report: keep it, do not share it)")
    return 0


def cmd_saturation(args: argparse.Namespace) -> int:
    from interviewcoder.services import saturation

    with open_from(args) as study:
        result = saturation.compute(study, filters_of(study, args), order_by=args.order_by)
    if args.json:
        print_json(result.to_json())
        return 0
    rows = [[s.position, s.name, s.outcome, len(s.new_codes), len(s.codes_at_enough), s.new_pairs,
             s.pairs_at_enough, s.total_codes, s.total_codes_enough] for s in result.steps]
    print_table(["#", "participant", "outcome", "new codes", "codes reaching 3",
                 "new step×anxiety", "pairs reaching 3", "codes so far", "codes with 3+"], rows)
    order = "import order" if result.order_by == "import" else f"ordered by {result.order_by}"
    last = result.last_new
    if not result.steps:
        print("\nNo interviewed participants yet (none has a participant turn).")
    elif not last:
        print(f"\n{len(result.steps)} participants in {order}; none of them has a coded quote yet")
    else:
        print(f"\n{len(result.steps)} participants in {order}; the last new code came with "
              f"participant {last} of {len(result.steps)}")
    if result.left_out:
        print(f"left out (no participant turns): {', '.join(result.left_out)}")
    return 0
