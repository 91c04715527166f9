"""The evidence workbook's tables, built from the evidence use cases as plain ``Table`` values.

Sheets: Summary, Map (``services.map_sheet``), Evidence, Step x Anxiety, Step x Influence,
Paths, Transitions, Quotes, Participants, Codebook, Sources, one function each (``workbook``
lists them in order); every table is also a CSV (``csv_table``). The record tables (Quotes,
Participants, Paths) are in ``record_tables``. Rows of the big tables (Quotes) stream from one
query.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from interviewcoder.core.evidence import CodeEvidence, Filters
from interviewcoder.core.types import Code, Dimension
from interviewcoder.exporters.tables import Column, LegendItem, Marked, Scale, Table
from interviewcoder.services import evidence
from interviewcoder.services.evidence import EvidenceTable, Matrix
from interviewcoder.services.record_tables import participants_table, paths_tables, quotes_table
from interviewcoder.store import Study
from interviewcoder.store import evidence as sql

MEASURES = (("quote", "both on one quote"), ("turn", "both in one answer (turn)"))

SHARES = LegendItem("colour: share of the outcome group (on shares, never on raw counts: groups "
                    "differ in size)", (("share:0", "0%"), ("share:0.5", "50%"), ("share:1", "100%")))
THIN = LegendItem("grey italic: thin evidence, fewer than 3 participants in the cell (or on "
                  "either side of a differential)", (("thin", "2"),))
DIFFERENTIAL = LegendItem("differential (lost or churned share − won share): green, commoner "
                          "among won; orange, commoner among lost or churned (where deals die)",
                          (("delta:-0.5", "−50%"), ("delta:0.5", "+50%")))


def evidence_table(table: EvidenceTable, note: str = "") -> Table:
    outcomes = table.outcomes
    columns = [Column("Dimension", width=10), Column("Code", width=26),
               Column("Participants", "count"), Column("Mentions", "int", 9)]
    for o in outcomes:
        n = table.outcome_sizes[o]
        columns += [Column(f"{o} participants (of {n})", "count", 11), Column(f"{o} share", "share"),
                    Column(f"{o} low 95%", "bound"), Column(f"{o} high 95%", "bound"),
                    Column(f"{o} mentions", "int", 9)]
    columns.append(Column("Thin cells", "flag", width=18))
    contrasts = sorted({g for r in table.rows for g in r.differential}, key=("lost", "churned").index)
    columns += [Column(f"{g} − won", "delta", width=9) for g in contrasts]
    columns.append(Column("Thin differentials (vs won)", "flag", width=14))

    def rows() -> Iterator[list[Any]]:
        for r in table.rows:
            row: list[Any] = [r.dimension, r.code, r.participants, r.mentions]
            for o in outcomes:
                s = r.by_outcome[o]
                row += [thin_mark(v, s.thin) for v in (s.participants, s.share, s.low, s.high)]
                row.append(s.mentions)
            row.append(thin_cells(r))
            row += [thin_mark(r.differential.get(g), r.thin_differential.get(g, False))
                    for g in contrasts]
            row.append("; ".join(g for g in contrasts if r.thin_differential.get(g)))
            yield row

    return Table("Evidence", columns, rows(), note, freeze=2,
                 legend=[SHARES, *([DIFFERENTIAL] if contrasts else []), THIN])


def thin_mark(value: Any, thin: bool) -> Any:
    return Marked(value, "thin") if thin and value is not None else value


def thin_cells(r: CodeEvidence) -> str:
    """``all`` when the code itself is thin (then so is every cell), else its thin groups."""
    return "all" if r.thin else "; ".join(r.thin_cells)


def matrix_table(name: str, m: Matrix, note: str = "") -> Table:
    """Distinct participants per step and column code, in blocks per measure and outcome; each
    block coloured as a share of its group (``all``: everyone), so groups of different sizes
    compare."""
    columns = [Column("Measure", width=22), Column("Outcome", width=9), Column("Step", width=24)]
    columns += [Column(c.name, "cell", width=max(9, min(len(c.name) // 2 + 3, 14))) for c in m.cols]
    groups = [None, *m.outcomes]
    block = len(m.rows)
    cols = tuple(range(3, 3 + len(m.cols)))
    total = sum(m.sizes.get(o, 0) for o in m.outcomes)
    scales = [Scale(cols, total if g is None else m.sizes.get(g, 0), (i * block, (i + 1) * block))
              for i, g in enumerate(groups * len(MEASURES))]

    def rows() -> Iterator[list[Any]]:
        for measure, label in MEASURES:
            for outcome in groups:
                for r in m.rows:
                    yield [label, outcome or "all", r.name] + [
                        m.count(r.id, c.id, outcome, measure) for c in m.cols]

    legend = [LegendItem("colour: the count as a share of the block's outcome group (all: "
                         "everyone); counts are distinct participants with both codes; · is 0",
                         (("share:0", "0%"), ("share:0.5", "50%"), ("share:1", "100%")))]
    return Table(name, columns, rows(), note, freeze=3, legend=legend, scales=scales)


def summary_table(study: Study, table: EvidenceTable, anxiety: Matrix, influence: Matrix,
                  f: Filters, note: str = "") -> Table:
    outcomes = table.outcomes
    columns = [Column("Step", width=24), Column("Participants", "count")]
    for o in outcomes:
        columns += [Column(f"{o} n", "count", 7), Column(f"{o} %", "share", 7)]
    columns += [Column("Top anxieties (participants)", "long", 28),
                Column("Top influences (participants)", "long", 28),
                Column("Representative quote", "long", 56), Column("Quoted participant", width=14),
                Column("Quote id", "int")]

    def top(m: Matrix, step_id: int) -> str:
        counts = [(m.count(step_id, c.id, measure="turn"), c.name) for c in m.cols]
        best = sorted((x for x in counts if x[0]), key=lambda x: (-x[0], x[1]))[:3]
        return "; ".join(f"{name} ({n})" for n, name in best)

    steps = [r for r in table.rows if r.dimension == Dimension.STEP.value]
    quotes = evidence.representative_quotes(study, table, [r.code_id for r in steps])

    def rows() -> Iterator[list[Any]]:
        for r in steps:
            row: list[Any] = [r.code, r.participants]
            for o in outcomes:
                cell = r.by_outcome[o]
                row += [thin_mark(cell.participants, cell.thin), thin_mark(cell.share, cell.thin)]
            quote = quotes.get(r.code_id, {})
            row += [top(anxiety, r.code_id), top(influence, r.code_id), quote.get("text", ""),
                    quote.get("participant", ""), quote.get("quote_id")]
            yield row

    legend = [SHARES, THIN, LegendItem(
        "Representative quote: mostly participant speech, from the group that shows the "
        "friction, trimmed to the participant's words")]
    return Table("Summary", columns, rows(), note, freeze=1, legend=legend)


def codebook_table(study: Study, table: EvidenceTable, note: str = "") -> Table:
    """The codebook with each code's evidence under the export's filters: participants and
    the quotes that count (the Evidence sheet's mentions), and apart from them the quotes that
    count for no one (interviewer speech, unlinked speakers)."""
    evidence_of = {r.code_id: r for r in table.rows}
    no_one = sql.no_one_counts(study.db, table.filters)
    codes = study.codes.list()
    names = {c.id: c.name for c in codes}
    columns = [Column("Dimension", width=10), Column("Code", width=26),
               Column("Description", "long", 50), Column("Memo", "long", 40), Column("Colour", width=9),
               Column("Parent", width=18), Column("Participants", "int", 11),
               Column("Quotes", "int"), Column("Quotes for no one", "int", width=10)]

    def row(c: Code) -> list[Any]:
        r = evidence_of.get(c.id)
        counts = [r.participants, r.mentions] if r else [0, 0]
        return [c.dimension.value, c.name, c.description, c.memo, Marked(c.colour, "swatch"),
                names.get(c.parent_id or 0), *counts, no_one.get(c.id, 0)]

    legend = [LegendItem("the code's colour in the app", (("swatch:#5B9BD5", ""),)), LegendItem(
        "Quotes: quotes that count for a participant (the Evidence sheet's mentions); quotes "
        "for no one (interviewer speech, unlinked speakers) are counted apart")]
    return Table("Codebook", columns, [row(c) for c in codes], note, freeze=2, legend=legend)


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
    from interviewcoder.services.map_sheet import map_table

    table = evidence.compute(study, f)
    anxiety = evidence.matrix(study, Dimension.ANXIETY, f)
    influence = evidence.matrix(study, Dimension.INFLUENCE, f)
    paths, moves = paths_tables(study, f, note)
    return [
        summary_table(study, table, anxiety, influence, f, note),
        map_table(study, f, note),
        evidence_table(table, note),
        matrix_table("Step x Anxiety", anxiety, note),
        matrix_table("Step x Influence", influence, note),
        paths,
        moves,
        quotes_table(study, f, note),
        participants_table(study, f, note, include_personal),
        codebook_table(study, table, note),
        sources_table(study, note),
    ]


def csv_table(study: Study, f: Filters, name: str, note: str = "",
              include_personal: bool = False) -> Table:
    """One table of the workbook by its CSV name."""
    if name == "quotes":
        return quotes_table(study, f, note)
    if name == "participants":
        return participants_table(study, f, note, include_personal)
    if name in ("paths", "transitions"):
        return paths_tables(study, f, note)[name == "transitions"]
    if name == "sources":
        return sources_table(study, note)
    if name.startswith("matrix-"):
        dim = {"matrix-anxiety": Dimension.ANXIETY, "matrix-influence": Dimension.INFLUENCE}[name]
        return matrix_table(f"Step x {dim.value.capitalize()}", evidence.matrix(study, dim, f), note)
    table = evidence.compute(study, f)
    if name == "evidence":
        return evidence_table(table, note)
    if name == "codebook":
        return codebook_table(study, table, note)
    if name == "summary":
        return summary_table(study, table, evidence.matrix(study, Dimension.ANXIETY, f),
                             evidence.matrix(study, Dimension.INFLUENCE, f), f, note)
    raise ValueError(f"no table {name!r}")
