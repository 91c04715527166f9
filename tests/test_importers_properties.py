"""Property tests: random bytes and almost-valid files never raise anything but ImportFailed."""

from __future__ import annotations

import functools
import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewcoder.core.errors import ImportFailed
from interviewcoder.core.types import ParsedSurvey, ParsedTranscript
from interviewcoder.importers import registry
from interviewcoder.importers.base import ReadLimits, SurveyOptions, no_progress

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
EXTENSIONS = [".txt", ".md", ".vtt", ".srt", ".csv", ".docx", ".xlsx"]

VALID_TEXT = {
    ".txt": "Interviewer: Why?\nAna : Because.\n[id1] hi\nBen  0:03\ntext\n",
    ".vtt": "WEBVTT\n\nx/1-0\n0:0:0.570 --> 0:0:1.000\n<v Ana>Hi</v>\n\n2\n00:01.000 --> 00:02.000\n"
            "Bo: yes\n",
    ".srt": "1\n00:00:00,500 --> 00:00:07,000\nA: Caption text #1\n\n2\n00:00:07,000 --> "
            "00:00:11,890\nCaption text #2",
    ".csv": 'ResponseId,Q1,Q2\nR_1,"multi\nline answer, with comma",-99\nR_2,x,"y ""z"""\n',
}


def assert_reads_or_fails_cleanly(data: bytes, ext: str, fmt: str = "auto") -> None:
    with tempfile.TemporaryDirectory() as folder:  # a survey reads its rows from the file
        path = Path(folder) / f"f{ext}"
        path.write_bytes(data)
        try:
            importer, parsed = registry.read(path, fmt, no_progress, ReadLimits(), SurveyOptions())
        except ImportFailed as exc:
            assert exc.file == path.name and exc.reason and "\n" not in str(exc)
            return
        if isinstance(parsed, ParsedTranscript):
            for turn in parsed.turns:
                assert 0 <= turn.start < turn.end <= len(parsed.text)
                assert parsed.text[turn.start : turn.end].strip() == \
                    parsed.text[turn.start : turn.end]
            assert "\r" not in parsed.text
        else:
            assert isinstance(parsed, ParsedSurvey)
            ids = {r.id for r in parsed.respondents}
            assert ids == set(parsed.ids) and len(parsed.ids) == parsed.count
            for question in parsed.questions:
                assert all(rid in ids and answer.strip() not in ("", "-99")
                           for rid, answer in question.answers)


@pytest.mark.parametrize("ext", EXTENSIONS)
@SETTINGS
@given(data=st.binary(max_size=2048))
def test_random_bytes(ext, data):
    assert_reads_or_fails_cleanly(data, ext)


@pytest.mark.parametrize("fmt", registry.format_names())
@SETTINGS
@given(data=st.binary(max_size=1024))
def test_random_bytes_forced_format(fmt, data):
    assert_reads_or_fails_cleanly(data, ".bin", fmt)


def _mutations(text: str) -> st.SearchStrategy[str]:
    """The valid text with a slice cut out, or random text or line breaks put in."""
    pieces = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12) | \
        st.sampled_from(["\n", "\r\n", "\r", ":", " --> ", "<v ", "</v>", "WEBVTT", "-99", '"',
                         ",", "\x00", "\ufeff", "00:00:0", "[", "]", "  0:0", "\u00a0"])

    @st.composite
    def mutate(draw):
        out = text
        for _ in range(draw(st.integers(1, 4))):
            i = draw(st.integers(0, len(out)))
            j = draw(st.integers(i, min(len(out), i + 8)))
            out = out[:i] + draw(pieces) + out[j:]
        return out

    return mutate()


@pytest.mark.parametrize("ext", sorted(VALID_TEXT))
@SETTINGS
@given(data=st.data())
def test_almost_valid_text_files(ext, data):
    text = data.draw(_mutations(VALID_TEXT[ext]))
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    assert_reads_or_fails_cleanly(text.encode(encoding, errors="replace"), ext)


@functools.cache  # built once: a saved file carries a timestamp, examples need one seed
def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    for line in ("Interviewer: How?", "Ana: Like this.", "Interviewer: Thanks."):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@functools.cache
def _xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["ResponseId", "Why?"])
    book.active.append(["R_1", "Because the price was right for us"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("ext", "make"), [(".docx", _docx_bytes), (".xlsx", _xlsx_bytes)])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_office_files(ext, make, data):
    original = bytearray(make())
    for _ in range(data.draw(st.integers(1, 6))):
        i = data.draw(st.integers(0, len(original) - 1))
        original[i] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        original = original[: data.draw(st.integers(0, len(original)))]
    assert_reads_or_fails_cleanly(bytes(original), ext)


def test_valid_office_files_read():
    """The unmutated seeds of the test above import (so the mutations start from valid files)."""
    with tempfile.TemporaryDirectory() as folder:
        docx_path = Path(folder) / "a.docx"
        docx_path.write_bytes(_docx_bytes())
        parsed = registry.read(docx_path)[1]
        assert [t.speaker for t in parsed.turns] == ["Interviewer", "Ana", "Interviewer"]
        xlsx_path = Path(folder) / "a.xlsx"
        xlsx_path.write_bytes(_xlsx_bytes())
        survey = registry.read(xlsx_path)[1]
        assert survey.questions[0].answers == (("R_1", "Because the price was right for us"),)


def test_zip_member_garbage_is_handled():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<nope")
    assert_reads_or_fails_cleanly(buffer.getvalue(), ".xlsx")
