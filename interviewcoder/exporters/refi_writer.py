"""Write a ``RefiProject`` as QDA-XML: a ``.qdpx`` (``project.qde`` and ``sources/*.txt``, UTF-8
without BOM) or a ``.qdc`` codebook. Elements come in the order the schema requires."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from lxml import etree

from interviewcoder.core.refi import RefiCode, RefiProject, RefiSelection, RefiSource, RefiVariable
from interviewcoder.exporters.atomic import replacing

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_VALUE_ELEMENT = {"Text": "TextValue", "Boolean": "BooleanValue", "Integer": "IntegerValue",
                  "Float": "FloatValue", "Date": "DateValue", "DateTime": "DateTimeValue"}

Progress = Callable[[str, int], None]


def xml_safe(text: str) -> str:
    """Text without the characters XML 1.0 cannot hold (most C0 controls)."""
    if text.isascii() and text.isprintable():
        return text
    return _NOT_XML.sub("", text)


@lru_cache(maxsize=4096)
def xsd_time(value: str | None) -> str | None:
    """A stored timestamp as an xsd:dateTime (UTC, milliseconds); None when unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


class _Builder:
    def __init__(self, ns: str) -> None:
        self.ns = ns

    def el(self, parent: etree._Element | None, tag: str, **attrs: str | None) -> etree._Element:
        name = f"{{{self.ns}}}{tag}"
        clean = {k: xml_safe(v) for k, v in attrs.items() if v is not None}
        if parent is None:
            return etree.Element(name, clean, nsmap={None: self.ns})
        return etree.SubElement(parent, name, clean)

    def text(self, parent: etree._Element, tag: str, value: str) -> etree._Element:
        node = self.el(parent, tag)
        node.text = xml_safe(value)
        return node

    def code(self, parent: etree._Element, code: RefiCode) -> None:
        node = self.el(parent, "Code", guid=code.guid, name=code.name,
                       isCodable="true" if code.codable else "false", color=code.colour)
        if code.description:
            self.text(node, "Description", code.description)
        for g in code.note_guids:
            self.el(node, "NoteRef", targetGUID=g)
        for child in code.children:
            self.code(node, child)


def codebook_xml(codes: tuple[RefiCode, ...], origin: str) -> bytes:
    b = _Builder(CODEBOOK_NS)
    root = b.el(None, "CodeBook", origin=origin)
    holder = b.el(root, "Codes")
    for code in codes:
        b.code(holder, code)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def source_member(source: RefiSource) -> str:
    return f"sources/{source.guid}.txt"


def project_xml(project: RefiProject, progress: Progress | None = None) -> bytes:
    b = _Builder(PROJECT_NS)
    root = b.el(None, "Project", name=project.name, origin=project.origin,
                creationDateTime=xsd_time(project.created_at))
    if project.users:
        users = b.el(root, "Users")
        for user in project.users:
            b.el(users, "User", guid=user.guid, name=user.name)
    if project.codes:
        codes = b.el(b.el(root, "CodeBook"), "Codes")
        for code in project.codes:
            b.code(codes, code)
    variables = {v.name: v for v in project.variables}
    if project.variables:
        holder = b.el(root, "Variables")
        for v in project.variables:
            b.el(holder, "Variable", guid=v.guid, name=v.name, typeOfVariable=v.type)
    if project.cases:
        holder = b.el(root, "Cases")
        for case in project.cases:
            node = b.el(holder, "Case", guid=case.guid, name=case.name)
            if case.description:
                b.text(node, "Description", case.description)
            _values(b, node, case.values, variables)
            for g in case.source_guids:
                b.el(node, "SourceRef", targetGUID=g)
            for g in case.selection_guids:
                b.el(node, "SelectionRef", targetGUID=g)
    if project.sources:
        holder = b.el(root, "Sources")
        for n, source in enumerate(project.sources):
            if progress:
                progress("Sources", n)
            _source(b, holder, source, variables)
    if project.notes:
        holder = b.el(root, "Notes")
        for note in project.notes:
            node = b.el(holder, "Note", guid=note.guid, name=note.name,
                        creatingUser=note.user_guid, creationDateTime=xsd_time(note.created_at))
            b.text(node, "PlainTextContent", note.text)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _values(b: _Builder, node: etree._Element, values: tuple[tuple[str, str], ...],
            variables: dict[str, RefiVariable]) -> None:
    for name, value in values:
        variable = variables[name]
        holder = b.el(node, "VariableValue")
        b.el(holder, "VariableRef", targetGUID=variable.guid)
        b.text(holder, _VALUE_ELEMENT[variable.type], value)


def _source(b: _Builder, holder: etree._Element, source: RefiSource,
            variables: dict[str, RefiVariable]) -> None:
    node = b.el(holder, "TextSource", guid=source.guid, name=source.name,
                plainTextPath=f"internal://{source.guid}.txt",
                creationDateTime=xsd_time(source.created_at))
    for sel in source.selections:
        _selection(b, node, sel)
    for g in source.note_guids:
        b.el(node, "NoteRef", targetGUID=g)
    _values(b, node, source.variables, variables)


def _selection(b: _Builder, parent: etree._Element, sel: RefiSelection) -> None:
    node = b.el(parent, "PlainTextSelection", guid=sel.guid, name=sel.name,
                startPosition=str(sel.start), endPosition=str(sel.end), creatingUser=sel.user_guid,
                creationDateTime=xsd_time(sel.created_at), modifyingUser=sel.user_guid,
                modifiedDateTime=xsd_time(sel.modified_at))
    if sel.description:
        b.text(node, "Description", sel.description)
    for coding in sel.codings:
        c = b.el(node, "Coding", guid=coding.guid, creatingUser=coding.user_guid,
                 creationDateTime=xsd_time(coding.created_at))
        b.el(c, "CodeRef", targetGUID=coding.code_guid)
    for g in sel.note_guids:
        b.el(node, "NoteRef", targetGUID=g)


def write_qdpx(path: Path, project: RefiProject, progress: Progress | None = None) -> Path:
    """The project as a ``.qdpx`` zip, written completely or not at all."""
    xml = project_xml(project, progress)
    with replacing(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", xml)
        for n, source in enumerate(project.sources):
            if progress:
                progress("Source files", n)
            archive.writestr(source_member(source), (source.text or "").encode("utf-8"))
    return path


def write_qdc(path: Path, codes: tuple[RefiCode, ...], origin: str) -> Path:
    with replacing(path) as tmp:
        tmp.write_bytes(codebook_xml(codes, origin))
    return path
