"""Evidence use cases: the evidence table, matrices, paths and the quotes behind a number.

Counts come from SQL (``store/evidence.py``); shares, intervals, flags and differentials from
the plain maths in ``core/evidence.py`` and ``core/journey.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from interviewcoder.core.errors import InvalidInput
from interviewcoder.core.evidence import THIN_BELOW, CodeEvidence, Filters, assemble, order_groups
from interviewcoder.core.journey import (
    Path,
    StepQuote,
    Transition,
    build_paths,
    order_steps,
    pair_total,
    transitions,
)
from interviewcoder.core.representative import Candidate, Piece, represent, trim
from interviewcoder.core.types import Code, Dimension, Participant
from interviewcoder.store import Study, tallies
from interviewcoder.store import evidence as sql


@dataclass(frozen=True)
class EvidenceTable:
    rows: list[CodeEvidence]
    outcomes: list[str]
    outcome_sizes: dict[str, int]
    filters: Filters = field(default_factory=Filters)
    personas: list[str] = field(default_factory=list)
    persona_sizes: dict[str, int] = field(default_factory=dict)

    @property
    def participants(self) -> int:
        return sum(self.outcome_sizes.values())

    def to_json(self) -> list[dict[str, Any]]:
        return [r.to_dict(personas=bool(self.persona_sizes)) for r in self.rows]


def parse_filters(*, persona: str | None = None, outcome: str | None = None,
                  kind: str | None = None, coder: str | None = None,
                  attributes: dict[str, str] | None = None, imported_from: str | None = None,
                  imported_to: str | None = None) -> Filters:
    """Filters from user input, checked (one-line errors)."""
    if kind is not None and kind not in ("interview", "survey"):
        raise InvalidInput(f"source kind {kind!r} is not 'interview' or 'survey'")
    for date in (imported_from, imported_to):
        if date is not None and not _is_date(date):
            raise InvalidInput(f"{date!r} is not a date (YYYY-MM-DD)")
    return Filters(persona=persona or None, outcome=outcome.strip().lower() if outcome else None,
                   kind=kind, coder=coder or None,
                   attributes=tuple(sorted((attributes or {}).items())),
                   imported_from=imported_from, imported_to=imported_to)


def _is_date(text: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def compute(study: Study, filters: Filters | None = None, *, by_persona: bool = False,
            thin_below: int = THIN_BELOW, min_participants: int = 0,
            dimensions: tuple[str, ...] | None = None) -> EvidenceTable:
    """The evidence table: one row per code (in codebook order) over the filtered population."""
    f = filters or Filters()
    outcome_sizes = sql.group_sizes(study.db, f, "outcome")
    persona_sizes: dict[str, int] = {}
    by_persona_tally = None
    if by_persona:
        persona_sizes = sql.group_sizes(study.db, f, "persona")
    # The maintained tallies (store/tallies.py): whole study, or participants chosen by
    # persona, outcome or attributes; filters that choose quotes join the kept quotes to the
    # quote -> participant table instead.
    counted = (tallies.filtered_tallies(study.db, f, personas=by_persona) if f.selects_quotes
               else tallies.tallies(study.db, f))
    by_outcome, totals = counted[0], counted[1]
    if by_persona:
        by_persona_tally = counted[2]
    outcomes = order_groups(outcome_sizes, study.outcomes.names())
    personas = sorted(persona_sizes)
    codes = [c for c in study.codes.list() if dimensions is None or c.dimension.value in dimensions]
    rows = assemble(codes, {g: outcome_sizes[g] for g in outcomes}, by_outcome, totals,
                    persona_sizes={g: persona_sizes[g] for g in personas} or None,
                    by_persona=by_persona_tally, thin_below=thin_below)
    if min_participants:
        rows = [r for r in rows if r.participants >= min_participants]
    return EvidenceTable(rows, outcomes, outcome_sizes, f, personas, persona_sizes)


@dataclass(frozen=True)
class Matrix:
    """Step x another dimension, in distinct participants per outcome, by two measures."""

    rows: list[Code]
    cols: list[Code]
    outcomes: list[str]
    same_quote: dict[tuple[int, int], dict[str, int]]
    same_turn: dict[tuple[int, int], dict[str, int]]
    sizes: dict[str, int] = field(default_factory=dict)  # the outcome groups (denominators)

    def count(self, row: int, col: int, outcome: str | None = None, measure: str = "quote") -> int:
        cells = self.same_quote if measure == "quote" else self.same_turn
        cell = cells.get((row, col), {})
        return pair_total(cell) if outcome is None else cell.get(outcome, 0)

    @property
    def peak(self) -> int:
        return max((pair_total(c) for c in self.same_turn.values()), default=0)


def matrix(study: Study, dimension: Dimension | str, filters: Filters | None = None,
           rows_dimension: Dimension | str = Dimension.STEP) -> Matrix:
    f = filters or Filters()
    rows = study.codes.in_dimension(Dimension(rows_dimension))
    cols = study.codes.in_dimension(Dimension(dimension))
    row_ids, col_ids = [c.id for c in rows], [c.id for c in cols]
    both = sql.pair_tallies_both(study.db, f, row_ids, col_ids)
    sizes = sql.group_sizes(study.db, f)
    return Matrix(rows, cols, order_groups(sizes, study.outcomes.names()), both["quote"],
                  both["turn"], sizes)


@dataclass(frozen=True)
class Paths:
    paths: list[tuple[Participant, Path]]
    transitions: list[Transition]
    steps: dict[int, Code]
    outcomes: list[str]

    def names(self, path: Path) -> list[str]:
        return [self.steps[s].name for s in path.steps]

    def text(self, path: Path, loop_mark: str = "") -> str:
        """Stages joined by arrows, steps of one stage by `` + ``; a step seen before gets
        ``loop_mark`` in front."""
        seen: set[int] = set()
        stages = []
        for stage in path.stages:
            stages.append(" + ".join((loop_mark if s in seen else "") + self.steps[s].name
                                     for s in stage))
            seen.update(stage)
        return " → ".join(stages)


def paths(study: Study, filters: Filters | None = None) -> Paths:
    """Every participant's path through the step codes, and the moves between steps."""
    f = filters or Filters()
    steps = {c.id: c for c in study.codes.in_dimension(Dimension.STEP)}
    rank = {cid: i for i, cid in enumerate(steps)}
    people = {r[0]: Participant(r[0], r[1], r[2], r[3], json.loads(r[4]))
              for r in sql.participant_rows(study.db, f)}
    rows = (StepQuote(pid, qid, step, (imported, sid), start, end)
            for pid, qid, step, imported, sid, start, end in sql.step_quotes(study.db, f, list(steps)))
    built = build_paths(order_steps(rows, rank))
    group_of = {pid: p.outcome for pid, p in people.items()}
    listed = sorted(((people[p.participant_id], p) for p in built if p.participant_id in people),
                    key=lambda pair: (pair[0].name.casefold(), pair[0].id))
    return Paths(listed, transitions(built, group_of), steps,
                 order_groups(set(group_of.values()), study.outcomes.names()))


def quotes_behind(study: Study, code_id: int, group: str | None = None, *,
                  filters: Filters | None = None, by: str = "outcome",
                  limit: int | None = None) -> list[dict[str, Any]]:
    """The quotes behind one evidence number (a code, optionally in one group)."""
    return sql.quotes_behind(study.db, filters or Filters(), code_id, group, by, limit)


def representative_quotes(study: Study, table: EvidenceTable,
                          code_ids: list[int]) -> dict[int, dict[str, Any]]:
    """For each code, the quote that represents it (``core/representative.py``): mostly
    participant speech, from the group that shows the friction, trimmed to one participant's
    words. Values: quote_id, text, participant, outcome, fraction (of the quote in participant
    speech)."""
    candidates: dict[int, dict[int, list[Any]]] = {}
    for (code_id, qid, start, end, imported, sid, t_start, t_end, pid,
         group) in sql.speech_pieces(study.db, table.filters, code_ids):
        entry = candidates.setdefault(code_id, {}).setdefault(
            qid, [start, end, (imported, sid, start, qid), []])
        entry[3].append(Piece(t_start, t_end, pid, group))
    rows = {r.code_id: r for r in table.rows}
    out: dict[int, dict[str, Any]] = {}
    names: dict[int, Participant] = {}
    for code_id, quotes in candidates.items():
        shares = ({g: s.share for g, s in rows[code_id].by_outcome.items()}
                  if code_id in rows else {})
        found = represent((Candidate(qid, a, b, order, tuple(pieces))
                           for qid, (a, b, order, pieces) in quotes.items()), shares)
        if found is None:
            continue
        chosen, pid = found
        quote = study.quotes.get(chosen.quote_id)
        person = names.get(pid) or study.participants.get(pid)
        if quote is None or person is None:
            continue
        names[pid] = person
        out[code_id] = {"quote_id": quote.id, "source_id": quote.source_id,
                        "text": trim(quote.text, quote.start, chosen.pieces, pid),
                        "participant": person.name, "outcome": person.outcome,
                        "fraction": chosen.fraction}
    return out


def population(study: Study, filters: Filters | None = None) -> list[Participant]:
    return [Participant(r[0], r[1], r[2], r[3], json.loads(r[4]))
            for r in sql.participant_rows(study.db, filters or Filters())]
