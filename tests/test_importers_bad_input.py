"""Bad files get one ImportFailed naming the file and the reason, never another exception."""

from __future__ import annotations

import io
import zipfile

import pytest
from importer_helpers import read

from interviewcoder.core.errors import ImportFailed
from interviewcoder.importers.base import ReadLimits

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _bytes(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def assert_fails(path, reason: str, **kwargs) -> ImportFailed:
    with pytest.raises(ImportFailed) as caught:
        read(path, **kwargs)
    assert caught.value.file == path.name
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{path.name}: ")
    assert "\n" not in str(caught.value)
    return caught.value


@pytest.mark.parametrize("name", ["a.txt", "a.md", "a.vtt", "a.srt", "a.csv", "a.docx", "a.xlsx"])
def test_empty_file(tmp_path, name):
    assert_fails(_bytes(tmp_path, name, b""), "empty")


@pytest.mark.parametrize("name", ["a.txt", "a.vtt", "a.csv"])
def test_whitespace_only_is_empty(tmp_path, name):
    assert_fails(_bytes(tmp_path, name, b"  \r\n\n\t "), "empty")


@pytest.mark.parametrize("name", ["a.txt", "a.srt", "a.csv", "a.md"])
def test_binary_data(tmp_path, name):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    assert_fails(_bytes(tmp_path, name, png), "binary data")


@pytest.mark.parametrize(("name", "what"), [("a.docx", "Word"), ("a.xlsx", "Excel")])
def test_corrupt_zip_container(tmp_path, name, what):
    error = assert_fails(_bytes(tmp_path, name, b"PK\x03\x04" + b"\x13garbage" * 50), "corrupt")
    assert what in error.reason


@pytest.mark.parametrize(("name", "what"), [("a.docx", "Word"), ("a.xlsx", "Excel")])
def test_encrypted_office_file(tmp_path, name, what):
    error = assert_fails(_bytes(tmp_path, name, OLE2), "encrypted")
    assert what in error.reason


def test_docx_with_broken_xml(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("word/document.xml", "<w:document><unclosed>")
    assert_fails(_bytes(tmp_path, "a.docx", buffer.getvalue()), "corrupt Word document")


def test_zip_that_is_not_a_word_document(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert_fails(_bytes(tmp_path, "a.docx", buffer.getvalue()), "not a Word document")


@pytest.mark.parametrize("name", ["a.docx", "a.xlsx"])
def test_zip_bomb(tmp_path, name):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (8 * 1024 * 1024))
    path = _bytes(tmp_path, name, buffer.getvalue())
    assert path.stat().st_size < 64 * 1024
    assert_fails(path, "zip bomb", limits=ReadLimits(max_unzipped_bytes=4 * 1024 * 1024))


@pytest.mark.parametrize("name", ["a.txt", "a.docx", "a.csv"])
def test_file_over_the_size_bound(tmp_path, name):
    path = _bytes(tmp_path, name, b"Interviewer: hello\n" * 100)
    assert_fails(path, "over the", limits=ReadLimits(max_bytes=1000))


def test_unknown_format(tmp_path):
    assert_fails(_bytes(tmp_path, "notes.pages", b"some text here"), "unknown format")


def test_unknown_format_name(tmp_path):
    with pytest.raises(ImportFailed, match="unknown format"):
        read(_bytes(tmp_path, "a.txt", b"hi"), fmt="pdf")


def test_missing_file(tmp_path):
    assert_fails(tmp_path / "gone.txt", "cannot read")


def test_vtt_without_cues(tmp_path):
    assert_fails(_bytes(tmp_path, "a.vtt", b"WEBVTT\n\nNOTE nothing here\n"), "no timed cues")


def test_survey_with_header_only(tmp_path):
    assert_fails(_bytes(tmp_path, "a.csv", b"ResponseId,Comment\n"), "no responses")


def test_invalid_utf16_after_bom(tmp_path):
    assert_fails(_bytes(tmp_path, "a.txt", b"\xff\xfeA\x00\x00\xd8"), "invalid utf-16")


def test_zip_that_lies_about_its_sizes(tmp_path):
    import struct

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (3 * 1024 * 1024))
    data = bytearray(buffer.getvalue())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # uncompressed size
        at = data.find(signature) + offset
        data[at : at + 4] = struct.pack("<I", 1000)
    path = _bytes(tmp_path, "a.docx", bytes(data))
    error = assert_fails(path, "", limits=ReadLimits(max_unzipped_bytes=1024 * 1024))
    assert "zip bomb" in error.reason or "corrupt" in error.reason


def test_zip_needing_a_newer_zip_version(tmp_path):
    """Found by the property tests: zipfile raises NotImplementedError for version > 6.3."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    data = bytearray(buffer.getvalue())
    at = data.find(b"PK\x01\x02") + 6  # "version needed to extract" in the central directory
    data[at] = 64
    assert_fails(_bytes(tmp_path, "a.xlsx", bytes(data)), "corrupt")
