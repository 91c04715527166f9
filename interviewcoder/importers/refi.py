"""REFI-QDA exchange files: ``.qdpx`` projects (a zip with ``project.qde`` and ``sources/``),
``.qdc`` codebooks, and a bare ``.qde`` project file, read into a ``RefiProject``.

Reading is bounded (zip sizes, XML without entities, DTDs or network) and never fatal for one
bad part: a selection outside its text, a coding of no code, a source that is not text or whose
file is missing are left out and listed, and the rest is read.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from pathlib import Path

from interviewcoder.core.errors import ImportFailed
from interviewcoder.core.refi import RefiProject

from . import refi_xml as x
from .base import Importer, Progress, ReadLimits, SurveyOptions
from .refi_archive import ZIP_MAGIC, RefiArchive, parse_xml, read_limited
from .refi_sources import SourceContext, sources
from .textio import check_file


def read_refi(path: Path, progress: Progress, limits: ReadLimits,
              survey: SurveyOptions) -> RefiProject:
    progress(0, 3, f"Reading {path.name}")
    check_file(path, limits)
    archive = RefiArchive(path, limits) if _head(path).startswith(ZIP_MAGIC) else None
    try:
        data = archive.read(archive.project_member()) if archive else read_limited(path, limits)
        root = parse_xml(data, path.name)
        progress(1, 3, f"Read the project XML of {path.name}")
        kind = x.local(root)
        if kind == "codebook":
            project = _codebook(root, path)
        elif kind == "project":
            project = _project(root, path, archive, limits)
        else:
            raise ImportFailed(path.name, f"not a REFI-QDA file (its root element is <{kind}>)")
    finally:
        if archive is not None:
            archive.close()
    progress(3, 3, f"Read {path.name}")
    return project


def _codebook(root: x.Element, path: Path) -> RefiProject:
    return RefiProject(name=path.stem, origin=x.attr(root, "origin") or "", format="qdc",
                       codes=x.codes(x.kid(root, "Codes")))


def _project(root: x.Element, path: Path, archive: RefiArchive | None,
             limits: ReadLimits) -> RefiProject:
    problems: list[str] = []
    codes = x.codes(x.kid(x.kid(root, "CodeBook"), "Codes"))
    project = RefiProject(name="", origin="", format="", codes=codes)
    variables = x.variables(root)
    names = {v.guid: v.name for v in variables}
    cases = x.cases(root, names, problems)
    origin = x.attr(root, "origin") or ""
    ctx = SourceContext(
        file=path.name, origin=origin, archive=archive, folder=path.parent,
        base_path=(x.attr(root, "basePath") or "").strip(), limits=limits,
        code_guids={c.guid for c, _ in project.iter_codes()}, names=names, cases=cases,
        problems=problems)
    found = sources(root, ctx)
    return RefiProject(
        name=(x.attr(root, "name") or "").strip() or path.stem, origin=origin,
        format="qdpx" if archive else "qde", users=x.users(root), codes=codes,
        variables=variables, cases=cases, sources=found, notes=x.notes(root),
        problems=tuple(problems), created_at=x.timestamp(x.attr(root, "creationDateTime")),
        meta={"read_from_disk": ctx.read_from_disk, "uncoded_selections": ctx.uncoded,
              "project_notes": list(x.ref_guids(root, "NoteRef"))})


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(4)
    except OSError as exc:
        raise ImportFailed(path.name, f"cannot read the file ({exc.strerror or exc})") from None


def sniff(head: bytes) -> bool:
    """QDA-XML itself (a ``.qdc`` or ``.qde``): an XML document in a QDA-XML namespace."""
    text = head.removeprefix(codecs.BOM_UTF8).lstrip()
    return text.startswith(b"<") and b"urn:QDA-XML:" in head


def sniff_members(names: Iterable[str]) -> bool:
    """A zip holding a ``*.qde`` project file (whatever its first member is)."""
    return any(n.casefold().endswith(".qde") for n in names)


IMPORTER = Importer(
    name="qdpx",
    label="REFI-QDA project or codebook",
    kind="project",
    extensions=(".qdpx", ".qdc", ".qde"),
    sniff=sniff,
    read=read_refi,
    sniff_members=sniff_members,
)
