"""A REFI-QDA project (``.qdpx``) or codebook (``.qdc``) for sharing: every string it carries
through the export's one redactor, with the selections moved onto the redacted texts.

What leaves is redacted: the project's name (the study's), code names and descriptions, case
names (participants) and their variable values, variable names (attribute names), source names
and texts (with the speakers written into them), selection names and descriptions (speakers),
notes (memos). A selection whose start or end falls inside a replaced name keeps the whole
placeholder. Participant attributes marked personal at import are left out, as in a redacted
workbook. User names (the coders) are kept: they are the research team.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from interviewcoder.core.redaction import Redactor, moved_offset
from interviewcoder.core.redaction import replace as replaced_text
from interviewcoder.core.refi import RefiCase, RefiCode, RefiProject, RefiSource, RefiVariable
from interviewcoder.services.refi_export import variable_type
from interviewcoder.services.refi_import import ATTRIBUTE_PREFIX


def redact_codes(codes: tuple[RefiCode, ...], r: Redactor) -> tuple[RefiCode, ...]:
    return tuple(replace(c, name=r(c.name), description=r(c.description),
                         children=redact_codes(c.children, r)) for c in codes)


def redact_project(project: RefiProject, r: Redactor,
                   personal: Collection[str] = ()) -> RefiProject:
    """``project`` with every string redacted by ``r`` and the ``personal`` attributes left
    out (the variables named after them, and their values)."""
    left_out = {name for name in (v.name for v in project.variables)
                if name in personal or name.removeprefix(ATTRIBUTE_PREFIX) in personal}
    names = _variable_names([v.name for v in project.variables if v.name not in left_out], r)
    cases = tuple(_case(c, r, names, left_out) for c in project.cases)
    sources = tuple(_source(s, r, names) for s in project.sources)
    values: dict[str, list[str]] = {}
    for holder in (*cases, *sources):
        for name, value in (holder.values if isinstance(holder, RefiCase) else holder.variables):
            values.setdefault(name, []).append(value)
    # a value's type may change with redaction (an id that was a number is now a pseudonym)
    variables = tuple(RefiVariable(v.guid, names[v.name],
                                   variable_type(values[names[v.name]])
                                   if v.type != "Text" and names[v.name] in values else v.type)
                      for v in project.variables if v.name not in left_out)
    return replace(
        project, name=r(project.name), codes=redact_codes(project.codes, r), variables=variables,
        cases=cases, sources=sources,
        notes=tuple(replace(n, name=r(n.name), text=r(n.text)) for n in project.notes))


def _variable_names(names: list[str], r: Redactor) -> dict[str, str]:
    """Each variable's redacted name, kept distinct (two names may redact to one)."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        new, n = r(name), 1
        while new in taken:
            n += 1
            new = f"{r(name)} ({n})"
        taken.add(new)
        out[name] = new
    return out


def _values(values: tuple[tuple[str, str], ...], r: Redactor, names: dict[str, str],
            left_out: set[str]) -> tuple[tuple[str, str], ...]:
    return tuple((names.get(k, r(k)), r(v)) for k, v in values if k not in left_out)


def _case(case: RefiCase, r: Redactor, names: dict[str, str], left_out: set[str]) -> RefiCase:
    return replace(case, name=r(case.name), description=r(case.description),
                   values=_values(case.values, r, names, left_out))


def _source(source: RefiSource, r: Redactor, names: dict[str, str]) -> RefiSource:
    text = source.text or ""
    found = r.spans(text)
    r.tally(found)
    selections = tuple(
        replace(s, start=moved_offset(s.start, found), end=moved_offset(s.end, found, end=True),
                name=r(s.name) if s.name else s.name, description=r(s.description))
        for s in source.selections)
    return replace(source, name=r(source.name),
                   text=replaced_text(text, found) if source.text is not None else None,
                   selections=selections, variables=_values(source.variables, r, names, set()))
