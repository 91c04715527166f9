"""The journey map use cases: the map of a study (or one persona, outcome, coder) and the
quotes behind anything drawn on it.

Every number comes from the evidence engine (``services.evidence`` and its SQL in
``store.evidence``): reach from the evidence table, top anxieties and influences from the
step × anxiety / step × influence matrix cells (both codes in one answer, as the Summary
sheet), transitions and loops from the paths. The step's
quote is the engine's representative quote (``evidence.representative_quotes``, as the Summary
sheet); an item's quote is chosen by ``core.map_quotes``; both are cut to the participant's words.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from interviewcoder.core.evidence import Filters, Hit
from interviewcoder.core.journey_map import TOP, JourneyMap, MapQuote, MapTarget, assemble, loops_by_step
from interviewcoder.core.map_quotes import as_map_quote, choose, pieces_by_quote
from interviewcoder.core.types import Dimension
from interviewcoder.services import evidence
from interviewcoder.store import Study
from interviewcoder.store import evidence as sql
from interviewcoder.store.map_queries import quote_pieces

CANDIDATES = 12
"""Quotes considered per item when choosing the one to show (the earliest ones)."""

Windows = dict[tuple[int, int], dict[int, set[int]]]
"""(turn id, participant id) -> code id -> quote ids: what one participant said in one answer."""


def build(study: Study, filters: Filters | None = None, *, top: int = TOP) -> JourneyMap:
    """The journey map over the participants and quotes ``filters`` keep."""
    f = filters or Filters()
    table = evidence.compute(study, f, dimensions=(Dimension.STEP.value,))
    anxieties = study.codes.in_dimension(Dimension.ANXIETY)
    influences = study.codes.in_dimension(Dimension.INFLUENCE)
    # The matrices' same-answer cells, both dimensions in one pass (``evidence.matrix`` runs
    # the same query per dimension, with the one-quote measure too).
    cells = sql.pair_tallies_both(study.db, f, [r.code_id for r in table.rows],
                                  [c.id for c in (*anxieties, *influences)], ("turn",))["turn"]
    paths = evidence.paths(study, f)
    sizes = {o: table.outcome_sizes[o] for o in table.outcomes}
    codes = {c.id: c for c in study.codes.list()}

    def make(step_quotes: dict[int, MapQuote], pair_quotes: dict[tuple[int, int], MapQuote]
             ) -> JourneyMap:
        return assemble(table.rows, codes, table.outcomes, sizes,
                        (anxieties, cells), (influences, cells),
                        paths.transitions, loops_by_step(p for _, p in paths.paths), step_quotes,
                        pair_quotes, f, study.name, top)

    draft = make({}, {})
    return make(*_quotes(study, f, draft, table))


def _windows(hits: list[Hit]) -> Windows:
    out: Windows = defaultdict(lambda: defaultdict(set))
    for h in hits:
        out[h.turn_id, h.participant_id][h.code_id].add(h.quote_id)
    return out


def _quotes(study: Study, f: Filters, draft: JourneyMap, table: evidence.EvidenceTable
            ) -> tuple[dict[int, MapQuote], dict[tuple[int, int], MapQuote]]:
    step_ids = [s.code_id for s in draft.steps]
    pairs = [(s.code_id, i.code_id) for s in draft.steps for i in (*s.anxieties, *s.influences)]
    if not step_ids:
        return {}, {}
    firsts = {code: row["quote_id"]
              for code, row in evidence.representative_quotes(study, table, step_ids).items()}
    hits = sql.hits(study.db, f, sorted(set(step_ids) | {c for _, c in pairs}))
    turns_of: dict[int, set[int]] = defaultdict(set)
    for h in hits:
        turns_of[h.quote_id].add(h.turn_id)
    windows = _windows(hits)
    candidates: dict[tuple[int, int], list[tuple[int, bool]]] = defaultdict(list)
    wanted = set(pairs)
    for codes in windows.values():
        for step in codes.keys() & set(step_ids):
            for code in codes.keys():
                if (step, code) in wanted:
                    both = codes[step] & codes[code]
                    candidates[step, code] += [(q, q in both) for q in codes[code]]
    for key, found in candidates.items():
        candidates[key] = sorted(set(found), key=lambda c: (not c[1], c[0]))[:CANDIDATES]
    needed = set(firsts.values()) | {q for found in candidates.values() for q, _ in found}
    pieces = pieces_by_quote(quote_pieces(study.db, ((q, t) for q in needed for t in turns_of[q])))
    step_quotes = {code: quote for code, qid in firsts.items()
                   if (quote := as_map_quote(pieces.get(qid, ()))) is not None}
    pair_quotes = {key: quote for key, found in candidates.items()
                   if (quote := choose(found, pieces)) is not None}
    return step_quotes, pair_quotes


def quotes_behind(study: Study, target: MapTarget, filters: Filters | None = None
                  ) -> list[dict[str, Any]]:
    """The quotes behind something on the map, in reading order (``evidence.quotes_behind`` rows).

    A step: the step's quotes (in one outcome for a reach bar). An item: the quotes of the step
    and of the item's code in the answers where a participant has both. A transition: the quotes
    of both steps from the participants who made that move.
    """
    f = filters or Filters()
    if target.kind == "step":
        return evidence.quotes_behind(study, target.step, target.outcome, filters=f)
    if target.code is None:
        raise ValueError(f"a {target.kind} target needs a second code")
    codes = [target.step, target.code]
    outcome_of = {p.id: p.outcome for p in evidence.population(study, f)}
    people = {pid for pid, o in outcome_of.items() if target.outcome in (None, o)}
    hits = [h for h in sql.hits(study.db, f, codes) if h.participant_id in people]
    if target.kind == "item":
        keep = {q for found in _windows(hits).values() if len(found) == 2
                for qs in found.values() for q in qs}
    elif target.kind == "transition":
        movers = {p.participant_id for _, p in evidence.paths(study, f).paths
                  if (target.step, target.code) in p.moves()}
        keep = {h.quote_id for h in hits if h.participant_id in movers}
    else:
        raise ValueError(f"unknown map target {target.kind!r}")
    rows: dict[int, dict[str, Any]] = {}
    for code in codes:
        for row in evidence.quotes_behind(study, code, target.outcome, filters=f):
            if row["quote_id"] in keep:
                rows.setdefault(row["quote_id"], row)
    return sorted(rows.values(), key=lambda r: (r["source_id"], r["start"], r["quote_id"]))
