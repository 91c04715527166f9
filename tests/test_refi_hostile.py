"""Hostile and broken REFI-QDA files: refused with one line, or the bad part reported and left
out; the study is never left half-changed."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from interviewcoder.importers.base import ReadLimits
from interviewcoder.services.importing import ImportOptions, import_file
from interviewcoder.store import Study
from tests.builders import run_cli

NS = 'xmlns="urn:QDA-XML:project:1.0"'
CODE = "11111111-1111-4111-8111-111111111111"
SOURCE = "22222222-2222-4222-8222-222222222222"
SELECTION = "33333333-3333-4333-8333-333333333333"
CODING = "44444444-4444-4444-8444-444444444444"


def project(selection: str = "", head: str = "", source_file: str = "s.txt") -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?>{head}<Project {NS} name="p" origin="Tool">'
            f'<CodeBook><Codes><Code guid="{CODE}" name="Pricing" isCodable="true"/></Codes>'
            f'</CodeBook><Sources><TextSource guid="{SOURCE}" name="Interview" '
            f'plainTextPath="internal://{source_file}">{selection}</TextSource></Sources>'
            '</Project>')


def selection(start: int, end: int, code: str = CODE) -> str:
    return (f'<PlainTextSelection guid="{SELECTION}" name="q" startPosition="{start}" '
            f'endPosition="{end}"><Coding guid="{CODING}"><CodeRef targetGUID="{code}"/>'
            '</Coding></PlainTextSelection>')


def qdpx(path: Path, xml: str, text: str = "We compared prices for weeks.") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", xml)
        archive.writestr("sources/s.txt", text)
    return path


def dump(study: Study) -> list[str]:
    return list(study.db.conn.iterdump())


def _refused(study: Study, path: Path, words: str, limits: ReadLimits | None = None) -> str:
    before = dump(study)
    options = ImportOptions(limits=limits) if limits else ImportOptions()
    result = import_file(study, path, options)
    assert result.status == "error"
    assert "\n" not in result.error and path.name in result.error
    assert words in result.error
    assert dump(study) == before
    return result.error


BILLION_LAUGHS = ('<!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa">'
                  + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                            for i in range(8)) + "]>")


def test_entity_expansion_is_refused(study: Study, tmp_path: Path) -> None:
    xml = project(head=BILLION_LAUGHS).replace('name="Interview"', 'name="&i;"')
    _refused(study, qdpx(tmp_path / "laughs.qdpx", xml), "declares a DTD")


def test_an_external_entity_is_never_read(study: Study, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xml = project(head=f'<!DOCTYPE Project [<!ENTITY x SYSTEM "file://{secret}">]>').replace(
        'name="Interview"', 'name="&x;"')
    error = _refused(study, qdpx(tmp_path / "xxe.qdpx", xml), "declares a DTD")
    assert "TOP SECRET" not in error


def _declare_size(path: Path, member: str, size: int) -> None:
    """Patch the zip so ``member`` claims ``size`` bytes uncompressed (a crafted bomb)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, field in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        while at != -1:
            offset = 30 if signature == b"PK\x03\x04" else 46
            length = struct.unpack_from("<H", data, at + (26 if offset == 30 else 28))[0]
            if bytes(data[at + offset : at + offset + length]) == name:
                struct.pack_into("<I", data, at + field, size)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


def test_a_member_declaring_one_gigabyte_is_refused(study: Study, tmp_path: Path) -> None:
    path = qdpx(tmp_path / "big.qdpx", project())
    _declare_size(path, "sources/s.txt", 1_000_000_000)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("sources/s.txt").file_size == 1_000_000_000
    _refused(study, path, "would expand to 953.7 MB")


def test_a_member_inflating_past_its_limit_is_refused(study: Study, tmp_path: Path) -> None:
    path = qdpx(tmp_path / "bomb.qdpx", project(), text="a" * 3_000_000)
    _refused(study, path, "limit", ReadLimits(max_bytes=1_000_000))


def test_a_member_lying_about_its_size_is_refused(study: Study, tmp_path: Path) -> None:
    path = qdpx(tmp_path / "liar.qdpx", project(), text="a" * 3_000_000)
    _declare_size(path, "sources/s.txt", 10)
    _refused(study, path, "corrupt member")


def test_an_oversized_file_is_refused(study: Study, tmp_path: Path) -> None:
    path = qdpx(tmp_path / "large.qdpx", project(), text="a" * 10_000)
    _refused(study, path, "over the", ReadLimits(max_bytes=500))


@pytest.mark.parametrize("xml, words", [
    ("<Project", "not well-formed"),
    (f'<Nothing {NS}/>', "not a REFI-QDA file"),
])
def test_broken_xml_is_refused(study: Study, tmp_path: Path, xml: str, words: str) -> None:
    _refused(study, qdpx(tmp_path / "broken.qdpx", xml), words)


def test_a_zip_without_a_project_file_is_refused(study: Study, tmp_path: Path) -> None:
    path = tmp_path / "empty.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("sources/s.txt", "hello")
    _refused(study, path, "no project.qde")


def test_offsets_beyond_the_text_are_reported_and_nothing_is_moved(study: Study,
                                                                  tmp_path: Path) -> None:
    path = qdpx(tmp_path / "far.qdpx", project(selection(12, 400)))
    result = import_file(study, path)
    assert result.status == "imported"
    problems = result.refi["problems"]
    assert problems == ["selection q in Interview: offsets 12-400 are outside its text "
                        "(29 characters); left out"]
    assert "1 part left out" in result.message
    assert study.quotes.count() == 0
    assert study.sources.text(result.sources[0]["id"]) == "We compared prices for weeks."


def test_a_coding_of_no_code_is_reported_and_makes_no_quote(study: Study, tmp_path: Path) -> None:
    ghost = "55555555-5555-4555-8555-555555555555"
    path = qdpx(tmp_path / "ghost.qdpx", project(selection(3, 11, code=ghost)))
    result = import_file(study, path)
    assert result.refi["problems"] == [
        f"a coding in Interview refers to no code of the codebook ({ghost}); left out"]
    assert study.quotes.count() == 0


def test_a_good_selection_lands_on_its_words(study: Study, tmp_path: Path) -> None:
    path = qdpx(tmp_path / "good.qdpx", project(selection(3, 18)))
    result = import_file(study, path)
    assert result.refi["problems"] == []
    (quote,) = study.quotes.all()
    assert quote.text == "compared prices"
    assert study.codes.get(quote.code_ids[0]).name == "Pricing"


def test_missing_and_non_text_sources_are_skipped_not_fatal(study: Study, tmp_path: Path) -> None:
    xml = project(source_file="gone.txt").replace(
        "</Sources>", f'<PDFSource guid="{CODING}" name="Slides" path="internal://a.pdf"/>'
        "</Sources>")
    result = import_file(study, qdpx(tmp_path / "gaps.qdpx", xml))
    assert result.status == "imported"
    assert result.refi["sources"]["skipped"] == [
        {"name": "Interview", "reason": "its text file internal://gone.txt is not in the project"},
        {"name": "Slides", "reason": "a PDF source (only text sources are imported)"}]
    assert study.sources.count() == 0


def test_the_cli_prints_one_line_and_exits_2(study: Study, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    path = qdpx(tmp_path / "laughs.qdpx", project(head=BILLION_LAUGHS))
    study.close()
    code, out, err = run_cli(capsys, "import", str(tmp_path / "test.icstudy"), str(path))
    assert code == 2
    assert out.count("\n") == 1 and "declares a DTD" in out
