"""Survey exports as CSV (or tab-separated text), read as a stream of rows.

The file is read again each time its rows are wanted (``CsvRows``): while the layout is
inferred and once more when the survey is stored, so that memory does not grow with the
number of respondents. UTF-8 (with or without a byte-order mark) and text with any other
byte-order mark are decoded as they are read; a file in a legacy encoding (Windows-1252,
mixed lines, a charset-normalizer guess) is decoded whole first, as before, and its rows are
still read one at a time. A file changed after it was first read is refused.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path

from interviewcoder.core.errors import ImportFailed
from interviewcoder.core.types import ParsedSurvey

from .base import Importer, Progress, ReadLimits, SurveyOptions
from .survey_table import survey_from_rows
from .textio import _BOMS, _DROP_CONTROLS, check_file, decode, note, read_bytes

_SEP_HINT = re.compile(r"^sep=([,;\t|])[ \t]*\n")
_CHUNK = 1 << 20


def read_csv_survey(
    path: Path, progress: Progress, limits: ReadLimits, survey: SurveyOptions
) -> ParsedSurvey:
    progress(0, 1, f"Reading {path.name}")
    csv.field_size_limit(max(limits.max_bytes, 1 << 20))
    rows = CsvRows.open(path, limits)
    return survey_from_rows(rows, path.stem, path.name, survey, progress)


@dataclass
class CsvRows:
    """The rows of a CSV file, read again on each call. The first reading notes what it
    noticed (a quote out of place) and refuses a malformed file; the file's size and time
    stamp, taken then, must not change."""

    path: Path
    encoding: str | None  # None: a legacy encoding, decoded whole into ``text``
    text: str | None = dc_field(default=None, repr=False)
    stamp: tuple[int, int] = (0, 0)
    readings: int = 0

    @classmethod
    def open(cls, path: Path, limits: ReadLimits) -> CsvRows:
        check_file(path, limits)
        encoding = _stream_encoding(path)
        if encoding is None:
            return cls(path, None, decode(read_bytes(path, limits), path.name), _stamp(path))
        _check_text(_head_text(path, encoding), path.name)
        return cls(path, encoding, None, _stamp(path))

    def __call__(self) -> Iterator[list[str]]:
        first = self.readings == 0
        self.readings += 1
        if not first and _stamp(self.path) != self.stamp:
            raise ImportFailed(self.path.name, "the file changed while it was being imported; "
                                               "import it again")
        lines = _Lines(self._text_lines(first))
        head = next(lines, "")
        hint = _SEP_HINT.match(head)
        first_line = 1
        if hint:  # Excel's "sep=;" first line names the delimiter
            delimiter = hint[1]
            head = head[hint.end():]
            first_line = 2
        else:
            delimiter = _delimiter(head)
        lines.push(head)
        return read_rows(lines, delimiter, self.path.name, first_line, checks=first)

    def _text_lines(self, first: bool) -> Iterator[str]:
        if self.text is not None:
            yield from io.StringIO(self.text, newline="")
            return
        yield from _decoded_lines(self.path, self.encoding or "utf-8", first)


class _Lines:
    """Lines of text, with one pushed back; keeps the lines of the record being read."""

    def __init__(self, lines: Iterator[str]) -> None:
        self.lines = lines
        self.pushed: list[str] = []
        self.record: list[str] = []

    def push(self, line: str) -> None:
        if line:
            self.pushed.append(line)

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.pushed.pop() if self.pushed else next(self.lines)
        self.record.append(line)
        return line


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError as exc:
        raise ImportFailed(path.name, f"cannot read the file ({exc.strerror or exc})") from None
    return st.st_size, st.st_mtime_ns


def _stream_encoding(path: Path) -> str | None:
    """The codec to decode the file with as it is read: the one its byte-order mark names,
    else UTF-8 when every byte of it is UTF-8 (and none is NUL); None otherwise."""
    try:
        with path.open("rb") as handle:  # an import's file, never the study
            head = handle.read(4)
            for bom, encoding in _BOMS:
                if head.startswith(bom):
                    return encoding
            handle.seek(0)
            decoder = codecs.getincrementaldecoder("utf-8")()
            while chunk := handle.read(_CHUNK):
                if b"\x00" in chunk:
                    return None
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    except OSError as exc:
        raise ImportFailed(path.name, f"cannot read the file ({exc.strerror or exc})") from None
    return "utf-8"


def _decoded_lines(path: Path, encoding: str, checks: bool) -> Iterator[str]:
    """The file's lines decoded as read, each ending in ``\n`` (CRLF and lone CR become LF,
    as ``textio.decode`` makes them); the first reading refuses binary data and an empty
    file as ``decode`` does."""
    name = path.name
    try:
        handle = open(path, encoding=encoding, errors="strict", newline="")  # noqa: SIM115
    except OSError as exc:
        raise ImportFailed(name, f"cannot read the file ({exc.strerror or exc})") from None
    with handle:
        content = not checks
        try:
            for number, raw in enumerate(handle):
                line = raw[1:] if number == 0 and raw.startswith("\ufeff") else raw
                if line.endswith("\r"):
                    line = line[:-1] + "\n"
                elif line.endswith("\r\n"):
                    line = line[:-2] + "\n"
                content = content or not line.isspace()
                yield line
        except UnicodeDecodeError:
            if encoding == "utf-8":
                raise ImportFailed(name, "the file changed while it was being imported; "
                                         "import it again") from None
            raise ImportFailed(name, f"invalid {encoding} text after its byte-order "
                                     "mark") from None
        except OSError as exc:
            raise ImportFailed(name, f"cannot read the file ({exc.strerror or exc})") from None
        if not content:
            raise ImportFailed(name, "the file is empty")


def _head_text(path: Path, encoding: str, size: int = 65536) -> str:
    """The first ``size`` characters of the file's text, as ``_decoded_lines`` gives it."""
    lines = _decoded_lines(path, encoding, checks=False)
    head: list[str] = []
    taken = 0
    for line in lines:
        head.append(line)
        taken += len(line)
        if taken >= size:
            break
    lines.close()
    return "".join(head)[:size]


def _check_text(sample: str, name: str) -> None:
    controls = len(sample) - len(sample.translate(_DROP_CONTROLS))
    if "\x00" in sample or controls > max(2, len(sample) // 100):
        raise ImportFailed(name, "binary data, not a text file")


def read_rows(lines: _Lines, delimiter: str, name: str, first_line: int = 1,
              checks: bool = True) -> Iterator[list[str]]:
    """The CSV's rows, one at a time. A quote never closed is refused naming the line it
    opens on; a quoted field that swallows lines looking like rows of their own (a stray
    quote closed much later) is read as written, with a warning naming its lines (``checks``:
    on the first reading of a file only)."""
    reader = csv.reader(lines, delimiter=delimiter)
    width = last_start = 0
    last: list[str] = []
    try:
        while True:
            start = reader.line_num + 1  # the line (of the text) this record begins on
            lines.record = []
            try:
                row = next(reader)
            except StopIteration:
                break
            width = width or len(row)
            if checks and reader.line_num > start and width > 1:
                _check_swallowed(row, delimiter, width, start + first_line - 1,
                                 reader.line_num + first_line - 1)
            last, last_start = lines.record, start
            yield row
    except csv.Error as exc:
        raise ImportFailed(name, f"line {reader.line_num + first_line - 1}: malformed CSV "
                                 f"({exc})") from None
    if last_start and _ends_inside_quotes("".join(last), delimiter):
        raise ImportFailed(name, f"line {last_start + first_line - 1}: a quote (\") opened here "
                                 "is never closed; the rest of the file would be one answer")


def _ends_inside_quotes(record: str, delimiter: str) -> bool:
    """Does the last record (its lines, to the end of the file) run into the end of the file
    inside quotes? (The lenient reader takes that quietly; a strict one reading only that
    record says so.)"""
    try:
        list(csv.reader(io.StringIO(record, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _check_swallowed(row: list[str], delimiter: str, width: int, start: int, end: int) -> None:
    for field in row:
        if "\n" not in field:
            continue
        like_rows = sum(1 for line in field.split("\n") if line.count(delimiter) >= width - 1)
        if like_rows >= 2:
            note(f"lines {start}-{end}: one quoted field holds {end - start + 1} lines, "
                 f"{like_rows} of them shaped like rows of their own; is a quote (\") out of "
                 "place?")
            return


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def looks_tabular(head: bytes) -> bool:
    """Excel's "Unicode text" export: UTF-16 with a BOM, tab-separated rows, saved as .txt.

    (Tab-separated UTF-8 text stays a transcript unless ``--format csv`` says otherwise.)
    """
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            text = head[2 : len(head) - len(head) % 2].decode(encoding, errors="replace")
            lines = [ln for ln in text.replace("\r", "").split("\n")[:-1] if ln.strip()][:5]
            tabs = {line.count("\t") for line in lines}
            return len(lines) >= 2 and len(tabs) == 1 and min(tabs) >= 2
    return False


def _sniff(head: bytes) -> bool:
    first = head.split(b"\n", 1)[0]
    return b"\x00" not in head[:512] and (first.count(b",") >= 2 or first.count(b"\t") >= 2)


IMPORTER = Importer(
    name="csv",
    label="Survey export (CSV)",
    kind="survey",
    extensions=(".csv", ".tsv"),
    sniff=_sniff,
    read=read_csv_survey,
)
