"""Word .docx transcripts (python-docx), paragraph by paragraph, tables row by row."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from interviewcoder.core.errors import ImportFailed
from interviewcoder.core.types import ParsedTranscript

from .base import Importer, Progress, ReadLimits, SurveyOptions, short_reason
from .speakerlines import speaker_transcript, split_speakers
from .textio import normalise_newlines, open_zip

_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_BODY_XML = 128 * 1024 * 1024
_BLOCK_TAGS = (b"<w:p>", b"<w:p ", b"<w:tr>", b"<w:tr ")


def read_docx_transcript(
    path: Path, progress: Progress, limits: ReadLimits, survey: SurveyOptions
) -> ParsedTranscript:
    progress(0, 2, f"Reading {path.name}")
    lines = _docx_lines(path, limits)
    progress(1, 2, f"Read {len(lines)} paragraphs from {path.name}")
    if not any(line.strip() for line in lines):
        raise ImportFailed(path.name, "the document has no text")
    parsed = speaker_transcript(split_speakers(lines), path.stem, "docx")
    progress(2, 2, f"Read {path.name}")
    return parsed


def _docx_lines(path: Path, limits: ReadLimits) -> list[str]:
    archive = open_zip(path, limits, "Word document")
    with archive:
        if "word/document.xml" not in archive.namelist():
            raise ImportFailed(path.name, "not a Word document (no word/document.xml)")
        _check_body(archive, path.name, limits)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
        lines: list[str] = []
        for line in _body_lines(document):
            lines.append(normalise_newlines(line))
            if len(lines) > limits.max_paragraphs:
                raise ImportFailed(path.name, _too_many(limits))
        return lines
    except ImportFailed:
        raise
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFailed(path.name, f"corrupt Word document ({short_reason(exc)})") from None
    except Exception as exc:  # lxml and python-docx raise many kinds on broken XML
        raise ImportFailed(path.name, f"corrupt Word document ({short_reason(exc)})") from None


def _check_body(archive: zipfile.ZipFile, name: str, limits: ReadLimits) -> None:
    """Before python-docx builds the document in memory: the body's size, and its paragraphs
    and table rows counted in the raw XML."""
    info = archive.getinfo("word/document.xml")
    if info.file_size > _MAX_BODY_XML:
        raise ImportFailed(name, f"refused: its text part expands to {info.file_size >> 20} MB "
                                 f"(over {_MAX_BODY_XML >> 20} MB)")
    count, tail = 0, b""
    try:
        with archive.open(info) as body:
            while chunk := body.read(1 << 20):
                text = tail + chunk
                count += sum(text.count(tag) for tag in _BLOCK_TAGS)
                tail = text[-8:]
                count -= sum(tail.count(tag) for tag in _BLOCK_TAGS)
                if count > limits.max_paragraphs:
                    raise ImportFailed(name, _too_many(limits))
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
        raise ImportFailed(name, "not a valid Word document (corrupt file)") from None


def _too_many(limits: ReadLimits) -> str:
    return f"refused: over {limits.max_paragraphs:,} paragraphs and table rows"


def _body_lines(document) -> Iterator[str]:  # noqa: ANN001 - python-docx Document
    """Body paragraphs and table rows in document order; headers and footers are skipped."""
    yield from _block_lines(document.element.body, document)


def _block_lines(parent, document) -> Iterator[str]:  # noqa: ANN001 - lxml element, Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in parent.iterchildren():
        if child.tag == f"{_WORD_NS}p":
            yield Paragraph(child, document).text
        elif child.tag == f"{_WORD_NS}tbl":
            for row in Table(child, document).rows:
                yield _row_line([cell.text.strip() for cell in row.cells])
        elif child.tag == f"{_WORD_NS}sdt":  # content controls wrap paragraphs in templates
            content = child.find(f"{_WORD_NS}sdtContent")
            if content is not None:
                yield from _block_lines(content, document)


def _row_line(cells: list[str]) -> str:
    """A table row as one line: ``Speaker: text`` when the first cell looks like a name."""
    unique = [c for i, c in enumerate(cells) if c and (i == 0 or c != cells[i - 1])]
    if len(unique) >= 2 and len(unique[0]) <= 40 and "\n" not in unique[0]:
        return f"{unique[0]}: {' '.join(unique[1:])}"
    return " ".join(unique)


IMPORTER = Importer(
    name="docx",
    label="Word transcript",
    kind="transcript",
    extensions=(".docx",),
    sniff=lambda head: head.startswith(b"PK\x03\x04") and b"word/" in head,
    read=read_docx_transcript,
)
