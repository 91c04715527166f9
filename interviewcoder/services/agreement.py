"""Inter-coder agreement: per code and overall, by turn, sentence, character or participant.

Only sources that every compared coder has coded (at least one quote each) are compared; the
others are listed with the reason. A unit that no compared coder gave any code is left out
(it would count as agreement and inflate κ, QualCoder issue #667) unless ``include_uncoded``.
Maths in ``core.agreement``; units in ``core.agreement_units``; per-code α from the
``krippendorff`` package where units are listed one by one (turns, sentences, participants),
and from the same coincidence-matrix formula over weighted runs for characters and for the
pooled overall figure (millions of units; the package lists each one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from interviewcoder.core.agreement import (
    MIN_UNITS,
    Table,
    Unit,
    alpha_nominal,
    cohen_kappa,
    disagreeing,
    percent_agreement,
    pooled,
    tables,
)
from interviewcoder.core.agreement_units import (
    UNIT_KINDS,
    CodedSpan,
    Span,
    character_units,
    participant_units,
    span_units,
)
from interviewcoder.core.errors import InvalidInput, NotFound
from interviewcoder.core.types import Code
from interviewcoder.store import Study
from interviewcoder.store import coder_queries as sql

PACKAGE_ROWS = 2_000_000
"""Above this many unit rows, α per code comes from the closed form (the package lists rows)."""


@dataclass(frozen=True)
class Figures:
    """Agreement on one code (or overall): n units, who gave it, and the three figures."""

    n_units: int
    present: int  # units at least one coder gave the code
    given: tuple[int, ...]  # units each coder gave the code (coder order)
    percent: float | None
    kappa: float | None
    alpha: float | None
    unstable: bool
    pair: tuple[int, int, int, int] | None = None  # two coders: both, only first, only second, neither

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "units": self.n_units, "units_with_code": self.present, "given": list(self.given),
            "percent_agreement": _round(self.percent), "kappa": _round(self.kappa),
            "alpha": _round(self.alpha), "unstable": self.unstable}
        if self.pair is not None:
            out["table"] = dict(zip(("both", "only_first", "only_second", "neither"), self.pair,
                                    strict=True))
        return out


@dataclass(frozen=True)
class CodeAgreement:
    code_id: int
    dimension: str
    code: str
    figures: Figures

    def to_dict(self) -> dict[str, Any]:
        return {"code_id": self.code_id, "dimension": self.dimension, "code": self.code,
                **self.figures.to_dict()}


@dataclass(frozen=True)
class Disagreement:
    """One unit on which the coders differ about one code."""

    code_id: int
    unit: str
    source_id: int | None
    source: str
    start: int
    end: int
    text: str
    participant: str | None
    has: dict[str, bool]  # coder → gave this unit this code
    codes: dict[str, list[str]]  # coder → every code they gave the unit (dimension/Name)
    spans: tuple[tuple[int, int, int], ...]  # (source id, start, end) the unit covers

    def to_dict(self) -> dict[str, Any]:
        return {"code_id": self.code_id, "unit": self.unit, "source_id": self.source_id,
                "source": self.source, "start": self.start, "end": self.end, "text": self.text,
                "participant": self.participant, "has_code": self.has, "codes": self.codes}


@dataclass(frozen=True)
class AgreementReport:
    coders: list[str]
    unit: str
    include_uncoded: bool
    sources: list[tuple[int, str]]
    left_out: list[tuple[int, str, str]]  # (source id, name, why)
    uncoded_units: int  # units no coder coded (left out unless include_uncoded)
    n_units: int  # units compared (characters for the character unit)
    codes: list[CodeAgreement]
    overall: Figures
    disagreements: dict[int, list[Disagreement]] = field(default_factory=dict)

    @property
    def how(self) -> str:
        what = {"turn": "participant and answer turns (a coder gives a turn a code when one of "
                        "their quotes with it overlaps the turn; interviewer turns are not units)",
                "sentence": "sentences (spaCy sentencizer; a coder gives a sentence a code when "
                            "one of their quotes with it overlaps the sentence)",
                "character": "characters (a coder gives a character a code when it lies inside one "
                             "of their quotes with it)",
                "participant": "participants (a coder gives a participant a code when one of "
                               "their quotes with it overlaps one of the participant's turns)"}
        if self.include_uncoded:
            rule = (f"Units no coder coded are counted ({self.uncoded_units} of them), as agreement "
                    "that the code is absent")
        else:
            rule = (f"Units no coder coded are left out ({self.uncoded_units} of them), not counted "
                    "as agreement")
        return (f"Units: {what[self.unit]}. Only sources every compared coder has coded. {rule}. "
                "Overall: every unit × code judgement pooled, over the codes a compared coder "
                f"used. Unstable: fewer than {MIN_UNITS} units carry the code.")

    def to_dict(self, disagreements: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "coders": self.coders, "unit": self.unit, "include_uncoded": self.include_uncoded,
            "how": self.how,
            "sources": [{"id": i, "name": n} for i, n in self.sources],
            "left_out": [{"id": i, "name": n, "reason": r} for i, n, r in self.left_out],
            "uncoded_units": self.uncoded_units, "units": self.n_units,
            "overall": self.overall.to_dict(),
            "codes": [c.to_dict() for c in self.codes],
        }
        if disagreements:
            out["disagreements"] = [
                {"code_id": c.code_id, "dimension": c.dimension, "code": c.code,
                 "units": [d.to_dict() for d in self.disagreements.get(c.code_id, [])]}
                for c in self.codes if self.disagreements.get(c.code_id)]
        return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def coded_coders(study: Study) -> list[str]:
    """Every coder with at least one quote, by name."""
    return sql.coders_with_quotes(study.db)


def choose_coders(study: Study, coders: Sequence[str] | None) -> list[str]:
    """The coders to compare: those named (each must have quotes), else every coder with
    quotes. Fewer than two is a one-line error."""
    have = sql.coded_sources(study.db)
    if coders:
        chosen = list(dict.fromkeys(c.strip() for c in coders if c.strip()))
        for c in chosen:
            if c not in have:
                raise NotFound(f"no quotes by coder {c!r} in this study "
                               f"(coders with quotes: {', '.join(sorted(have)) or 'none'})")
    else:
        chosen = sorted(have)
    if len(chosen) < 2:
        raise InvalidInput("agreement compares two or more coders; "
                           f"coders with quotes here: {', '.join(sorted(have)) or 'none'}")
    return chosen


def compute(study: Study, coders: Sequence[str] | None = None, *, unit: str = "turn",
            source_ids: Sequence[int] | None = None, include_uncoded: bool = False,
            with_disagreements: bool = False) -> AgreementReport:
    """Agreement of ``coders`` (default: all with quotes) over the sources all of them coded."""
    if unit not in UNIT_KINDS:
        raise InvalidInput(f"unit {unit!r} is not one of {', '.join(UNIT_KINDS)}")
    chosen = choose_coders(study, coders)
    names = sql.source_names(study.db)
    if source_ids:
        missing = [s for s in source_ids if s not in names]
        if missing:
            raise NotFound(f"no source with id {missing[0]}")
    candidates = list(dict.fromkeys(source_ids)) if source_ids else sorted(names)
    coded = sql.coded_sources(study.db)
    included, left_out = [], []
    for sid in candidates:
        lacking = [c for c in chosen if sid not in coded.get(c, {})]
        if lacking:
            why = ("no compared coder coded it" if len(lacking) == len(chosen)
                   else f"not coded by {', '.join(lacking)}")
            left_out.append((sid, names[sid], why))
        else:
            included.append(sid)
    index = {c: i for i, c in enumerate(chosen)}
    spans = [CodedSpan(r[0], r[1], r[2], index[r[3]], r[4])
             for r in sql.coded_spans(study.db, included, chosen)]
    units = _units(study, unit, included, spans, len(chosen))
    coded_units = [u for u in units if u.coded]
    uncoded = sum(u.weight for u in units) - sum(u.weight for u in coded_units)
    kept = units if include_uncoded else coded_units
    codes = study.codes.list()
    per_code = tables(kept, [c.id for c in codes], len(chosen))
    rows = [CodeAgreement(c.id, c.dimension.value, c.name,
                          _figures(per_code[c.id], unit != "character"))
            for c in codes]
    overall = _figures(pooled([t for t in per_code.values() if t.present], len(chosen)), False)
    disagreements = _disagreements(study, kept, codes, chosen, unit, included, spans) \
        if with_disagreements else {}
    return AgreementReport(chosen, unit, include_uncoded, [(s, names[s]) for s in included],
                           left_out, uncoded, sum(u.weight for u in kept), rows, overall,
                           disagreements)


def _units(study: Study, unit: str, sources: list[int], spans: list[CodedSpan],
           coders: int) -> list[Unit]:
    if unit == "character":
        return character_units(sql.text_lengths(study.db, sources), spans, coders)
    if unit == "sentence":
        from interviewcoder.nlp.sentences import sentence_spans_many

        texts = [(study.sources.text(s), 0) for s in sources]
        sentences = [Span(sid, a, b) for sid, found in
                     zip(sources, sentence_spans_many(texts, study.language), strict=True)
                     for a, b in found]
        return span_units("sentence", sentences, spans, coders)
    turns = [Span(r[1], r[2], r[3], r[0], r[4]) for r in sql.counting_turns(study.db, sources)]
    if unit == "participant":
        return participant_units(turns, spans, coders)
    return span_units("turn", turns, spans, coders)


def _figures(t: Table, package: bool) -> Figures:
    given = tuple(sum(w for p, w in t.counts.items() if p[i]) for i in range(t.coders))
    alpha = _package_alpha(t) if package and t.n <= PACKAGE_ROWS else alpha_nominal(t)
    return Figures(t.n, t.present, given, percent_agreement(t), cohen_kappa(t), alpha,
                   t.present < MIN_UNITS, t.pair() if t.coders == 2 else None)


def _package_alpha(t: Table) -> float | None:
    """α from the ``krippendorff`` package: one row per unit of value counts (absent, given)."""
    import krippendorff
    import numpy as np

    votes = t.by_votes()
    if len(votes) < 1 or t.n == 0:
        return None
    m = t.coders
    rows = np.repeat(np.array([[m - v, v] for v in votes], dtype=np.int64),
                     list(votes.values()), axis=0)
    if (rows[:, 0].sum() == 0) or (rows[:, 1].sum() == 0):
        return None  # every judgement the same value: α undefined
    value = float(krippendorff.alpha(value_counts=rows, level_of_measurement="nominal"))
    return None if value != value else value  # NaN: undefined


def _disagreements(study: Study, units: list[Unit], codes: list[Code], coders: list[str],
                   unit: str, sources: list[int], quotes: list[CodedSpan]
                   ) -> dict[int, list[Disagreement]]:
    names = sql.source_names(study.db)
    people = sql.participant_names(study.db)
    paths = {c.id: c.path for c in codes}
    turns_of: dict[int, list[tuple[int, int, int]]] = {}
    with_code: dict[int, list[CodedSpan]] = {}
    for q in quotes if unit == "participant" else ():
        for c in q.code_ids:
            with_code.setdefault(c, []).append(q)
    if unit == "participant":
        for _tid, sid, start, end, pid in sql.counting_turns(study.db, sources):
            if pid is not None:
                turns_of.setdefault(pid, []).append((sid, start, end))
    texts: dict[int, str] = {}

    def text(source_id: int, start: int, end: int) -> str:
        if source_id not in texts:
            texts[source_id] = study.sources.text(source_id)
        return texts[source_id][start:end]

    out: dict[int, list[Disagreement]] = {}
    for code in codes:
        found = disagreeing(units, code.id)
        if not found:
            continue
        rows = []
        for u in found:
            has = {c: code.id in u.codes[i] for i, c in enumerate(coders)}
            given = {c: sorted(paths[k] for k in u.codes[i] if k in paths)
                     for i, c in enumerate(coders)}
            if unit == "participant":
                spans = tuple(turns_of.get(u.participant_id or 0, ()))
                sid, start, end = _first_quote(with_code.get(code.id, []), spans, code.id,
                                               {i for i, c in enumerate(coders) if has[c]})
                rows.append(Disagreement(code.id, unit, sid, names.get(sid or 0, ""), start, end,
                                         text(sid, start, end) if sid else "",
                                         people.get(u.participant_id or 0), has, given, spans))
                continue
            rows.append(Disagreement(code.id, unit, u.source_id, names.get(u.source_id or 0, ""),
                                     u.start, u.end, text(u.source_id or 0, u.start, u.end),
                                     people.get(u.participant_id) if u.participant_id else None,
                                     has, given, ((u.source_id or 0, u.start, u.end),)))
        out[code.id] = rows
    return out


def _first_quote(quotes: list[CodedSpan], turns: tuple[tuple[int, int, int], ...], code_id: int,
                 coders: set[int]) -> tuple[int | None, int, int]:
    """The earliest quote with the code, by one of ``coders``, over one of the turns: where the
    reader jumps for a participant's disagreement."""
    best: tuple[int, int, int] | None = None
    for q in quotes:
        if q.coder in coders and code_id in q.code_ids and any(
                sid == q.source_id and start < q.end and end > q.start for sid, start, end in turns):
            if best is None or (q.source_id, q.start) < best[:2]:
                best = (q.source_id, q.start, q.end)
    return best if best is not None else (None, 0, 0)
