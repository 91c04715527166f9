"""A REFI-QDA code tree into the study's codebook, and the codebook back into a tree.

The study's codebook has dimensions, each holding codes with ``parent_id`` chains (any depth).
A top-level REFI code named after a dimension (``Steps``, ``anxiety``, ``Influences``, ``Value
moments`` …, any case, singular or plural) *is* that dimension: its children become the
dimension's top-level codes. Every other top-level code goes to ``theme`` with its whole
subtree. Code names are unique within a dimension (``dimension/Name`` names a code), so a name
repeated under another parent gets its parent's name added, ``programming (tools)``; a ``/``
in a name becomes ``∕``. Matching is by GUID first, then by name under the same parent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from interviewcoder.core.refi import RefiCode, RefiNote, RefiProject, derived_guid, normalise_guid
from interviewcoder.core.types import DIMENSION_LABELS, Code, Dimension
from interviewcoder.services.codebook import AddCode
from interviewcoder.store import Study

UNNAMED = "Unnamed code"
DIMENSION_GUID_KEY = "refi.dimension_guid."  # + dimension: the GUID its node had in a file


def _dimension_names() -> dict[str, Dimension]:
    names: dict[str, Dimension] = {}
    for dim in Dimension:
        label = DIMENSION_LABELS[dim].casefold()
        for name in (dim.value, f"{dim.value}s", label, label.removesuffix("s")):
            names[name] = dim
    names["anxieties"] = Dimension.ANXIETY
    return names


DIMENSION_NAMES = _dimension_names()


def dimension_named(name: str) -> Dimension | None:
    """The dimension a top-level code's name says, if any."""
    return DIMENSION_NAMES.get(" ".join(name.casefold().split()))


@dataclass
class CodebookReport:
    added: int = 0
    matched: int = 0
    dimensions: dict[str, str] = field(default_factory=dict)  # top-level name -> dimension
    renamed: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "matched": self.matched, "dimensions": self.dimensions,
                "renamed": self.renamed}


def import_codes(study: Study, project: RefiProject, coder: str,
                 report: CodebookReport) -> dict[str, int]:
    """Place every code of the file; returns code GUID -> code id (dimension nodes that hold
    no coding of their own have no code and are not in it)."""
    referenced = {c.code_guid for s in project.sources for sel in s.selections
                  for c in sel.codings}
    notes = {n.guid: n for n in project.notes}
    placer = _Placer(study, coder, report, notes)
    for top in project.codes:
        dim = dimension_named(top.name)
        report.dimensions[top.name] = (dim or Dimension.THEME).value
        if dim is None:
            placer.walk(top, Dimension.THEME, None, ())
            continue
        key = DIMENSION_GUID_KEY + dim.value
        if study.meta(key) is None:
            study.set_meta(key, top.guid)
        if top.guid in referenced or not top.children:
            placer.place(top, dim, None, ())
        for child in top.children:
            placer.walk(child, dim, None, ())
    return placer.ids


class _Placer:
    def __init__(self, study: Study, coder: str, report: CodebookReport,
                 notes: dict[str, RefiNote]) -> None:
        self.study, self.coder, self.report, self.notes = study, coder, report, notes
        self.ids: dict[str, int] = {}

    def walk(self, code: RefiCode, dim: Dimension, parent: int | None,
             ancestors: tuple[str, ...]) -> None:
        cid = self.place(code, dim, parent, ancestors)
        for child in code.children:
            self.walk(child, dim, cid, (*ancestors, clean_name(code.name)))

    def place(self, code: RefiCode, dim: Dimension, parent: int | None,
              ancestors: tuple[str, ...]) -> int:
        if code.guid in self.ids:  # the same GUID twice in one file: one code
            return self.ids[code.guid]
        existing = self.study.codes.by_guid(code.guid)
        name = clean_name(code.name)
        if existing is None:
            same = self.study.codes.find_nocase(dim, name)
            if same is not None and same.parent_id == parent and not self._taken(same):
                existing = same
        if existing is not None:
            self.report.matched += 1
            self.ids[code.guid] = existing.id
            return existing.id
        unique = self._unique(dim, name, ancestors)
        if unique != code.name:
            self.report.renamed.append({"name": code.name, "as": f"{dim.value}/{unique}"})
        extra = [self.notes[g].text for g in code.note_guids if g in self.notes]
        description = "\n\n".join(p for p in (code.description, *extra) if p)
        cid = AddCode(dim, unique, description, code.colour or "", parent,
                      guid=code.guid).run(self.study, self.coder).result
        self.report.added += 1
        self.ids[code.guid] = cid
        return cid

    def _taken(self, code: Code) -> bool:
        return code.id in self.ids.values()

    def _unique(self, dim: Dimension, name: str, ancestors: tuple[str, ...]) -> str:
        def free(candidate: str) -> bool:
            return self.study.codes.find_nocase(dim, candidate) is None

        if free(name):
            return name
        for n in range(1, len(ancestors) + 1):
            candidate = f"{name} ({' › '.join(ancestors[-n:])})"
            if free(candidate):
                return candidate
        base = f"{name} ({' › '.join(ancestors)})" if ancestors else name
        n = 2
        while not free(f"{base} {n}"):
            n += 1
        return f"{base} {n}"


def clean_name(name: str) -> str:
    """A REFI code name as a code name of the study (no ``/``, not empty, one line)."""
    name = name.replace("/", "∕").replace("\r", " ").replace("\n", " ").strip()
    return name or UNNAMED


# --- the codebook as a REFI tree (export) ---------------------------------------------------


def code_tree(study: Study, study_uid: str) -> tuple[RefiCode, ...]:
    """Each dimension that has codes as a non-codable code holding its codes' tree."""
    codes = study.codes.list()  # dimension order, then the user's order
    by_id = {c.id: c for c in codes}
    children: dict[int | None, list[Code]] = {}
    for code in codes:
        parent = by_id.get(code.parent_id) if code.parent_id else None
        ok = parent is not None and parent.dimension == code.dimension and \
            not _loops(code, by_id)
        children.setdefault(parent.id if ok and parent else None, []).append(code)

    def node(code: Code) -> RefiCode:
        return RefiCode(export_guid(code.guid), code.name, True, code.colour, code.description,
                        tuple(node(c) for c in children.get(code.id, [])))

    out = []
    for dim in Dimension:
        tops = [c for c in children.get(None, []) if c.dimension == dim]
        if not tops:
            continue
        guid = study.meta(DIMENSION_GUID_KEY + dim.value) or derived_guid(
            study_uid, "dimension", dim.value)
        out.append(RefiCode(guid, DIMENSION_LABELS[dim], False, None,
                            f"interviewcoder dimension: {dim.value}",
                            tuple(node(c) for c in tops)))
    return tuple(out)


def _loops(code: Code, by_id: dict[int, Code]) -> bool:
    seen = {code.id}
    current = by_id.get(code.parent_id) if code.parent_id else None
    while current is not None:
        if current.id in seen:
            return True
        seen.add(current.id)
        current = by_id.get(current.parent_id) if current.parent_id else None
    return False


def export_guid(guid: str) -> str:
    """A GUID valid for the schema: the code's own (lower case, no braces), else one derived
    from it the way the importer derives one from a non-GUID id."""
    return normalise_guid(guid)
