"""The workbook's record tables: Quotes, Participants, Paths and the moves between steps.

Quotes stream from one query; everything people read comes first, and the columns for machines
(creation time, source id, turn number, raw character offsets) sit at the far right, left off
the printed page.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from interviewcoder.core.evidence import Filters
from interviewcoder.core.types import DIMENSION_LABELS, Dimension
from interviewcoder.core.values import typed_column
from interviewcoder.exporters.tables import Column, LegendItem, Marked, Table
from interviewcoder.services import evidence
from interviewcoder.store import Study
from interviewcoder.store import evidence as sql

NO_ONE = LegendItem("grey italic: the quote counts for no one (interviewer speech, or a speaker "
                    "not linked to a participant)", (("no-one", "text"),))
LOCATION = LegendItem("Location: the participant's turn (a survey's answer) and its time; "
                      "raw character offsets are in the last columns, for machines")
SIMULTANEOUS = LegendItem("A + B: steps on one quote with no coded sub-span to say which came "
                          "first (simultaneous: no move between them)")


def clock(ms: int | None) -> str | None:
    if ms is None:
        return None
    s = ms // 1000
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def location(kind: str, ord_: int | None, start_ms: int | None, role: str | None,
             linked: bool) -> str:
    """Where a quote is, for people: ``turn 4 · 0:01:23`` (``answer 12`` in a survey), with
    whose turn it is when it is not a participant's."""
    if ord_ is None:
        return "outside every turn"
    text = f"{'answer' if kind == 'survey' else 'turn'} {ord_ + 1}"
    if role == "interviewer":
        text += " (interviewer)"
    elif not linked:
        text += " (speaker not linked to a participant)"
    stamp = clock(start_ms)
    return text + (f" · {stamp}" if stamp else "")


def quotes_table(study: Study, f: Filters, note: str = "") -> Table:
    used = set(sql.coded_dimensions(study.db))
    dims = [d for d in Dimension if d.value in used]
    columns = [Column("Quote id", "int"), Column("Participant", width=14),
               Column("Outcome", width=8), Column("Persona", width=11),
               Column("Source", width=18), Column("Location", width=14, made=True),
               Column("Text", "long", 56)]
    columns += [Column(DIMENSION_LABELS[d], "long", 16) for d in dims]
    columns += [Column("Coder", width=10), Column("Memo", "long", 20)]
    people_columns = len(columns)
    columns += [Column("Created", width=20, made=True), Column("Source id", "int"),
                Column("Turn", "int"), Column("Time", width=8, made=True), Column("Start", "int"),
                Column("End", "int")]

    def rows() -> Iterator[list[Any]]:
        for r in sql.quote_rows(study.db, f):
            (qid, sid, source, kind, start, end, text, coder, memo, created, people, outcomes,
             personas, turn, start_ms, role, linked, codes) = r
            by_dim: dict[str, list[str]] = {}
            for item in (codes or "").split("\x1e"):
                if item:
                    dim, _, name = item.partition("\x1f")
                    by_dim.setdefault(dim, []).append(name)
            yield ([qid, people, outcomes, personas, source,
                    location(kind, turn, start_ms, role, linked is not None),
                    Marked(text, "no-one") if people is None else text]
                   + ["; ".join(sorted(by_dim.get(d.value, []))) for d in dims]
                   + [coder, memo, created, sid, None if turn is None else turn + 1,
                      clock(start_ms), start, end])

    return Table("Quotes", columns, rows(), note, freeze=2, legend=[NO_ONE, LOCATION],
                 print_columns=people_columns)


def participants_table(study: Study, f: Filters, note: str = "",
                       include_personal: bool = False) -> Table:
    """The population (the participants in the denominators) with their attributes (in the
    order surveys gave them), then, unless the filters choose people, the interviewers (in no
    group). Attributes marked personal at import (e-mail, IP, names…) only with
    ``include_personal``. Survey answers that are numbers or dates are written as numbers or
    dates (``core/values.py``)."""
    from interviewcoder.core.sorting import natural_key
    from interviewcoder.services import roster
    from interviewcoder.services.personal import personal_attributes

    people = sorted(evidence.population(study, f), key=lambda p: natural_key(p.name))
    personal = {} if include_personal else personal_attributes(study)
    keys = [k for k in roster.attribute_keys(people) if k not in personal]
    typed = [typed_column([p.attributes.get(k) for p in people]) for k in keys]
    columns = [Column("Id", "int"), Column("Participant", width=18), Column("Role", width=11),
               Column("Outcome", width=10), Column("Persona", width=16)] + [
        Column(k, width=_width(col)) for k, col in zip(keys, typed, strict=True)]
    rows = [[p.id, p.name, "participant", p.outcome, p.persona] + [col[i] for col in typed]
            for i, p in enumerate(people)]
    if not (f.persona or f.outcome or f.attributes):
        rows += [[None, r.name, r.role, None, None] + [None] * len(keys)
                 for r in roster.people(study) if r.participant is None]
    return Table("Participants", columns, rows, note, freeze=2)


def _width(values: list[Any]) -> float:
    """Room for a column's values: a date and time needs 17, text up to 30."""
    longest = max((17 if isinstance(v, datetime) else 11 if isinstance(v, date) else len(str(v))
                   for v in values if v is not None), default=0)
    return min(30, max(10, longest + 2))


def paths_tables(study: Study, f: Filters, note: str = "") -> tuple[Table, Table]:
    """Each participant's path, and the moves between steps (a sheet of their own)."""
    result = evidence.paths(study, f)
    columns = [Column("Participant", width=18), Column("Outcome", width=10),
               Column("Persona", width=18), Column("Steps", "int"), Column("Path", "long", 80),
               Column("Loops (steps revisited)", "long", 30)]
    rows = [[p.name, p.outcome, p.persona, len(path.steps), result.text(path),
             "; ".join(result.steps[s].name for s in path.loops)] for p, path in result.paths]
    t_columns = [Column("From step", width=24), Column("To step", width=24),
                 Column("Participants", "count", 13)]
    t_columns += [Column(f"{o} participants", "count") for o in result.outcomes]
    t_columns.append(Column("Times", "int"))
    t_rows = [[result.steps[t.source].name, result.steps[t.target].name, t.total]
              + [t.participants.get(o, 0) for o in result.outcomes] + [t.times]
              for t in result.transitions]
    paths = Table("Paths", columns, rows, note, freeze=1, legend=[SIMULTANEOUS])
    return paths, Table("Transitions", t_columns, t_rows, note, freeze=2)
