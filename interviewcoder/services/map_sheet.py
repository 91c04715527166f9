"""The workbook's ``Map`` sheet: the journey map in cells, steps as columns in journey order.

Rows: participants who reached the step; reach per outcome (participants, share, 95% interval,
thin); friction; loops; top anxieties and top influences (n and per outcome, ▲ for friction);
the moves to the next steps; the representative quote and who said it. Laid out to print
landscape on one page width, the row labels and step names frozen.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from interviewcoder.core.evidence import Filters
from interviewcoder.core.journey_map import JourneyMap, MapItem, MapStep, Reach
from interviewcoder.exporters.tables import Column, Page, Table
from interviewcoder.services import journey_map
from interviewcoder.store import Study

STEP_WIDTH = 21
FRICTION_MARK = "▲"


def _pct(x: float) -> str:
    return f"{x * 100:.0f}%"


def reach_text(r: Reach) -> str:
    thin = " thin" if r.thin else ""
    return f"{r.participants}/{r.size} · {_pct(r.share)} ({r.low * 100:.0f}–{_pct(r.high)}){thin}"


def _friction(thing: MapStep | MapItem) -> str:
    won = next((r for r in thing.reach if r.outcome == "won"), None)
    parts = []
    for o in thing.friction:
        other = next(r for r in thing.reach if r.outcome == o)
        gap = f" {(other.share - won.share) * 100:+.0f} pp" if won else ""
        parts.append(f"{o}{gap} against won")
    return "; ".join(parts)


def items_text(items: tuple[MapItem, ...]) -> str:
    lines = []
    for i in items:
        per = "/".join(str(r.participants) for r in i.reach)
        mark = f" {FRICTION_MARK} {_friction(i)}" if i.friction else ""
        thin = ", thin" if i.thin else ""
        lines.append(f"{i.name}: {i.participants} ({per}{thin}){mark}")
    return "\n".join(lines)


def moves_text(journey: JourneyMap, step: MapStep) -> str:
    out = [t for t in journey.transitions if t.source == step.code_id]
    return "\n".join(f"{'↺ ' if t.backward else '→ '}{journey.step(t.target).name}: {t.total}"
                     for t in out)


def map_table(study: Study, f: Filters, note: str = "") -> Table:
    journey = journey_map.build(study, f)
    return table_of(journey, note)


def table_of(journey: JourneyMap, note: str = "") -> Table:
    outcomes = "/".join(journey.outcomes)
    columns = [Column("Journey step →", width=24)]
    columns += [Column(s.name, "long", STEP_WIDTH) for s in journey.steps]

    def row(label: str, values: list[Any]) -> list[Any]:
        return [label, *values]

    steps = journey.steps

    def rows() -> Iterator[list[Any]]:
        yield row("Participants who reached it", [s.participants for s in steps])
        for o in journey.outcomes:
            size = journey.outcome_sizes.get(o, 0)
            yield row(f"{o} (of {size}): reached, share (95% interval)",
                      [reach_text(r) if (r := s.reach_of(o)) else "" for s in steps])
        yield row(f"Friction {FRICTION_MARK} (share above won beyond the interval)",
                  [_friction(s) for s in steps])
        yield row("Came back to it (loops)", [s.loops or "" for s in steps])
        yield row(f"Top anxieties: participants ({outcomes})", [items_text(s.anxieties) for s in steps])
        yield row(f"Top influences: participants ({outcomes})",
                  [items_text(s.influences) for s in steps])
        yield row("Moves to (participants)", [moves_text(journey, s) for s in steps])
        yield row("Representative quote", [s.quote.text if s.quote else "" for s in steps])
        yield row("Quoted participant", [f"{s.quote.participant} ({s.quote.outcome})" if s.quote
                                         else "" for s in steps])

    return Table("Map", columns, rows(), note, page=Page())
