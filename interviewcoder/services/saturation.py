"""The saturation use case: new codes (and step × anxiety pairs) per added participant, in
interview order, for the whole population and per outcome.

Interview order is the order of each participant's first participant turn: source import
date, then source, then position (a survey's respondents in answer order). A researcher can set
another order with a participant attribute (``order_by="interviewed"`` sorts by that
attribute's values: numbers numerically, dates and text as text; participants without it come
last, in import order). Participants with no participant turn were not interviewed and are
left out (and listed).
"""

from __future__ import annotations

import json

from interviewcoder.core.errors import InvalidInput
from interviewcoder.core.evidence import Filters, order_groups
from interviewcoder.core.journey import pair_participants
from interviewcoder.core.saturation import Interviewee, Saturation, curve, sort_key
from interviewcoder.core.types import Dimension
from interviewcoder.store import Study
from interviewcoder.store import evidence as sql
from interviewcoder.store.map_queries import code_participants, interview_order

IMPORT_ORDER = "import"


def order_keys(study: Study, filters: Filters | None = None) -> list[str]:
    """The participant attributes an order can come from."""
    keys: set[str] = set()
    for row in sql.participant_rows(study.db, filters or Filters()):  # no turns read
        keys.update(json.loads(row[4] or "{}"))
    return sorted(keys, key=str.casefold)


def compute(study: Study, filters: Filters | None = None, *, order_by: str | None = None
            ) -> Saturation:
    f = filters or Filters()
    rows = interview_order(study.db, f)
    key = order_by or IMPORT_ORDER
    if key != IMPORT_ORDER and key not in order_keys(study, f):
        raise InvalidInput(f"no participant attribute {key!r} to order by "
                           f"(attributes: {', '.join(order_keys(study, f)) or 'none'})")
    interviewed = [r for r in rows if r["first"] is not None]
    interviewed.sort(key=lambda r: (r["first"], r["id"]))
    if key != IMPORT_ORDER:
        def by_attribute(r: dict) -> tuple:
            value = json.loads(r["attributes"] or "{}").get(key)
            return (value is None, sort_key(value))

        interviewed.sort(key=by_attribute)  # stable: import order among equals
    order = [Interviewee(r["id"], r["name"], r["outcome"]) for r in interviewed]
    codes_of: dict[int, set[int]] = {}
    for code, pid in code_participants(study.db, f):
        codes_of.setdefault(pid, set()).add(code)
    steps = {c.id for c in study.codes.in_dimension(Dimension.STEP)}
    anxieties = {c.id for c in study.codes.in_dimension(Dimension.ANXIETY)}
    admitted = {r["id"] for r in rows}
    pairs = pair_participants(sql.hits(study.db, f, sorted(steps | anxieties)), steps, anxieties,
                              admitted, "turn")
    pairs_of: dict[int, set[tuple[int, int]]] = {}
    for pair, pids in pairs.items():
        for pid in pids:
            pairs_of.setdefault(pid, set()).add(pair)
    by_outcome = {o: curve([p for p in order if p.outcome == o], codes_of, pairs_of)
                  for o in order_groups({p.outcome for p in order}, study.outcomes.names())}
    names = {c.id: c.path for c in study.codes.list()}
    left_out = sorted((r["name"] for r in rows if r["first"] is None), key=str.casefold)
    return Saturation(key, curve(order, codes_of, pairs_of), by_outcome, names, left_out)
