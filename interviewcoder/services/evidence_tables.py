"""The evidence workbook's tables, built from the evidence use cases as plain ``Table`` values.

Sheets: Summary, Map (``services.map_sheet``), Evidence, Step x Anxiety, Step x Influence,
Paths, Quotes, Participants, Codebook, Sources. Rows of the big tables (Quotes) are generators over
a streaming query.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from interviewcoder.core.evidence import Filters
from interviewcoder.core.sorting import natural_key
from interviewcoder.core.types import DIMENSION_LABELS, Dimension
from interviewcoder.exporters.tables import Column, Table
from interviewcoder.services import evidence, roster
from interviewcoder.services.evidence import EvidenceTable, Matrix
from interviewcoder.store import Study
from interviewcoder.store import evidence as sql

MEASURES = (("quote", "both on one quote"), ("turn", "both in one answer (turn)"))


def evidence_table(table: EvidenceTable, note: str = "") -> Table:
    outcomes = table.outcomes
    columns = [Column("Dimension", width=11), Column("Code", width=28),
               Column("Participants", "count"), Column("Mentions", "int")]
    for o in outcomes:
        n = table.outcome_sizes[o]
        columns += [Column(f"{o} participants (of {n})", "count"), Column(f"{o} share", "share"),
                    Column(f"{o} low 95%", "share"), Column(f"{o} high 95%", "share"),
                    Column(f"{o} mentions", "int")]
    columns.append(Column("Thin evidence", "flag", width=10))
    contrasts = sorted({g for r in table.rows for g in r.differential}, key=("lost", "churned").index)
    columns += [Column(f"{g} − won", "delta", width=12) for g in contrasts]

    def rows() -> Iterator[list[Any]]:
        for r in table.rows:
            row: list[Any] = [r.dimension, r.code, r.participants, r.mentions]
            for o in outcomes:
                s = r.by_outcome[o]
                row += [s.participants, s.share, s.low, s.high, s.mentions]
            row.append("thin" if r.thin else "")
            row += [r.differential.get(g) for g in contrasts]
            yield row

    return Table("Evidence", columns, rows(), note)


def matrix_table(name: str, m: Matrix, note: str = "") -> Table:
    columns = [Column("Measure", width=24), Column("Outcome", width=10), Column("Step", width=28)]
    columns += [Column(c.name, "count", width=max(10, min(len(c.name) + 2, 22))) for c in m.cols]

    def rows() -> Iterator[list[Any]]:
        for measure, label in MEASURES:
            for outcome in [None, *m.outcomes]:
                for r in m.rows:
                    yield [label, outcome or "all", r.name] + [
                        m.count(r.id, c.id, outcome, measure) for c in m.cols]

    return Table(name, columns, rows(), note)


def summary_table(study: Study, table: EvidenceTable, anxiety: Matrix, influence: Matrix,
                  f: Filters, note: str = "") -> Table:
    outcomes = table.outcomes
    columns = [Column("Step", width=28), Column("Participants", "count")]
    for o in outcomes:
        columns += [Column(f"{o} n", "count"), Column(f"{o} %", "share")]
    columns += [Column("Top anxieties (participants)", "long", 40),
                Column("Top influences (participants)", "long", 40),
                Column("Representative quote", "long", 60), Column("Quoted participant", width=16)]

    def top(m: Matrix, step_id: int) -> str:
        counts = [(m.count(step_id, c.id, measure="turn"), c.name) for c in m.cols]
        best = sorted((x for x in counts if x[0]), key=lambda x: (-x[0], x[1]))[:3]
        return "; ".join(f"{name} ({n})" for n, name in best)

    steps = [r for r in table.rows if r.dimension == Dimension.STEP.value]
    firsts = sql.first_quotes(study.db, f, [r.code_id for r in steps])

    def rows() -> Iterator[list[Any]]:
        for r in steps:
            row: list[Any] = [r.code, r.participants]
            for o in outcomes:
                row += [r.by_outcome[o].participants, r.by_outcome[o].share]
            quote = firsts.get(r.code_id, {})
            row += [top(anxiety, r.code_id), top(influence, r.code_id), quote.get("text", ""),
                    quote.get("participants", "")]
            yield row

    return Table("Summary", columns, rows(), note)


def paths_table(study: Study, f: Filters, note: str = "") -> Table:
    result = evidence.paths(study, f)
    columns = [Column("Participant", width=18), Column("Outcome", width=10),
               Column("Persona", width=14), Column("Steps", "int"), Column("Path", "long", 80),
               Column("Loops (steps revisited)", "long", 30)]
    rows = [[p.name, p.outcome, p.persona, len(path.steps), " → ".join(result.names(path)),
             "; ".join(result.steps[s].name for s in path.loops)] for p, path in result.paths]
    t_columns = [Column("From step", width=18), Column("To step", width=10),
                 Column("Participants", "count", 14)]
    t_columns += [Column(f"{o} participants", "count") for o in result.outcomes]
    t_columns.append(Column("Times", "int"))
    t_rows = [[result.steps[t.source].name, result.steps[t.target].name, t.total]
              + [t.participants.get(o, 0) for o in result.outcomes] + [t.times]
              for t in result.transitions]
    return Table("Paths", columns, rows, note,
                 extra=[Table("Transitions between steps", t_columns, t_rows)])


def _clock(ms: int | None) -> str | None:
    if ms is None:
        return None
    s = ms // 1000
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def quotes_table(study: Study, f: Filters, note: str = "") -> Table:
    dims = [d for d in Dimension if d.value in {c.dimension.value for c in study.codes.list()}]
    columns = [Column("Quote id", "int"), Column("Participant", width=18), Column("Outcome", width=10),
               Column("Persona", width=14), Column("Source", width=24), Column("Source id", "int"),
               Column("Turn", "int"), Column("Time", width=9), Column("Start", "int"),
               Column("End", "int"), Column("Text", "long", 70)]
    columns += [Column(DIMENSION_LABELS[d], width=24) for d in dims]
    columns += [Column("Coder", width=12), Column("Memo", "long", 30), Column("Created", width=20)]

    def rows() -> Iterator[list[Any]]:
        for r in sql.quote_rows(study.db, f):
            (qid, sid, source, start, end, text, coder, memo, created, people, outcomes, personas,
             turn, start_ms, codes) = r
            by_dim: dict[str, list[str]] = {}
            for item in (codes or "").split("\x1e"):
                if item:
                    dim, _, name = item.partition("\x1f")
                    by_dim.setdefault(dim, []).append(name)
            yield ([qid, people, outcomes, personas, source, sid,
                    None if turn is None else turn + 1, _clock(start_ms), start, end, text]
                   + ["; ".join(sorted(by_dim.get(d.value, []))) for d in dims]
                   + [coder, memo, created])

    return Table("Quotes", columns, rows(), note)


def participants_table(study: Study, f: Filters, note: str = "",
                       include_personal: bool = False) -> Table:
    """Participants with their attributes (in the order surveys gave them), then, unless the
    filters choose people, the interviewers (in no group). Attributes marked personal at import
    (e-mail, IP, names…) only with ``include_personal``."""
    from interviewcoder.services.personal import personal_attributes

    people = sorted(evidence.population(study, f), key=lambda p: natural_key(p.name))
    personal = {} if include_personal else personal_attributes(study)
    keys = [k for k in roster.attribute_keys(people) if k not in personal]
    columns = [Column("Id", "int"), Column("Participant", width=18), Column("Role", width=11),
               Column("Outcome", width=10), Column("Persona", width=14)] + [
        Column(k, width=14) for k in keys]
    rows = [[p.id, p.name, "participant", p.outcome, p.persona]
            + [p.attributes.get(k) for k in keys] for p in people]
    if not (f.persona or f.outcome or f.attributes):
        rows += [[None, r.name, r.role, None, None] + [None] * len(keys)
                 for r in roster.people(study) if r.participant is None]
    return Table("Participants", columns, rows, note)


def codebook_table(study: Study, note: str = "") -> Table:
    usage = study.codes.usage()
    codes = study.codes.list()
    names = {c.id: c.name for c in codes}
    columns = [Column("Dimension", width=11), Column("Code", width=28),
               Column("Description", "long", 50), Column("Memo", "long", 40), Column("Colour", width=9),
               Column("Parent", width=18), Column("Quotes", "int"), Column("Participants", "count")]
    rows = [[c.dimension.value, c.name, c.description, c.memo, c.colour, names.get(c.parent_id or 0),
             *usage.get(c.id, (0, 0))] for c in codes]
    return Table("Codebook", columns, rows, note)


def sources_table(study: Study, note: str = "") -> Table:
    """Every source with its participants, size, quotes and memo."""
    memos = {s.id: s.memo for s in study.sources.list()}
    columns = [Column("Id", "int"), Column("Source", width=34), Column("Kind", width=10),
               Column("Participants", width=28), Column("Outcomes", width=14), Column("Turns", "int"),
               Column("Words", "int"), Column("Quotes", "int"), Column("Imported", width=12),
               Column("Memo", "long", 40)]
    rows = [[r["id"], r["name"], r["kind"], r["participants"], r["outcomes"], r["turns"], r["words"],
             r["quotes"], (r["imported_at"] or "")[:10], memos.get(r["id"], "")]
            for r in study.sources.summaries()]
    return Table("Sources", columns, rows, note)


def workbook(study: Study, f: Filters, note: str, include_personal: bool = False) -> list[Table]:
    """Every sheet of the evidence workbook, in order."""
    table = evidence.compute(study, f)
    anxiety = evidence.matrix(study, Dimension.ANXIETY, f)
    influence = evidence.matrix(study, Dimension.INFLUENCE, f)
    from interviewcoder.services.map_sheet import map_table

    return [
        summary_table(study, table, anxiety, influence, f, note),
        map_table(study, f, note),
        evidence_table(table, note),
        matrix_table("Step x Anxiety", anxiety, note),
        matrix_table("Step x Influence", influence, note),
        paths_table(study, f, note),
        quotes_table(study, f, note),
        participants_table(study, f, note, include_personal),
        codebook_table(study, note),
        sources_table(study, note),
    ]
