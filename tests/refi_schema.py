"""The REFI-QDA schemas the tests validate exports against (lxml XMLSchema).

``project_schema()`` is ``tests/data/refi/Project.xsd`` as published. ``codebook_schema()`` is
its codebook part for ``.qdc`` files: the same Code types in the namespace
``urn:QDA-XML:codebook:1.0`` under a ``CodeBook`` root with ``Codes``, optional ``Sets`` and an
``origin`` attribute (the REFI codebook exchange's shape).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

XSD = Path(__file__).parent / "data" / "refi" / "Project.xsd"
_XS = "{http://www.w3.org/2001/XMLSchema}"


@cache
def project_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


@cache
def codebook_schema() -> etree.XMLSchema:
    text = XSD.read_text(encoding="utf-8").replace(
        '"urn:QDA-XML:project:1.0"', '"urn:QDA-XML:codebook:1.0"')
    root = etree.fromstring(text.encode("utf-8"))
    for el in root.findall(f"{_XS}element"):
        if el.get("name") == "Project":
            root.remove(el)
    extra = etree.fromstring(
        f'<xsd:schema xmlns:xsd="{_XS[1:-1]}">'
        '<xsd:element name="CodeBook" type="CodeBookFileType"/>'
        '<xsd:complexType name="CodeBookFileType"><xsd:sequence>'
        '<xsd:element name="Codes" type="CodesType"/>'
        '<xsd:element name="Sets" type="SetsType" minOccurs="0"/>'
        '</xsd:sequence><xsd:attribute name="origin" type="xsd:string"/></xsd:complexType>'
        '</xsd:schema>')
    for child in list(extra):
        root.insert(0, child)
    return etree.XMLSchema(root)


def assert_valid(schema: etree.XMLSchema, xml: bytes) -> None:
    """Fail with every schema error when ``xml`` does not validate."""
    doc = etree.fromstring(xml)
    if not schema.validate(doc):
        errors = "\n".join(f"line {e.line}: {e.message}" for e in schema.error_log)
        raise AssertionError(f"not valid against the REFI-QDA schema:\n{errors}")
