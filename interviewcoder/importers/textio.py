"""Reading files safely: size bound, encoding detection, line endings, zip sanity."""

from __future__ import annotations

import codecs
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from interviewcoder.core.errors import ImportFailed

from .base import ReadLimits

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_PREFERRED = ("cp1252",)
_CHAOS_MARGIN = 0.1
_NO_LANGUAGE = 0.1
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# Deletes the other control characters: one str.translate pass counts them (50x faster than a
# Python test per character, which was a fifth of a transcript's import time).
_DROP_CONTROLS = {i: None for i in range(32) if chr(i) not in _ALLOWED_CONTROLS}
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_MEMBERS = 10_000
_NON_ASCII_LINE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*")
_UNASSIGNED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_notes: ContextVar[list[str] | None] = ContextVar("import_notes", default=None)
_RATIO_FLOOR = 1024 * 1024  # small members may compress very well (a page of spaces)


def check_file(path: Path, limits: ReadLimits) -> int:
    """The file's size, refusing missing, empty and over-large files."""
    try:
        st = path.stat()
    except OSError as exc:
        raise ImportFailed(path.name, f"cannot read the file ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise ImportFailed(path.name, "is a folder, not a file")
    size = st.st_size
    if size == 0:
        raise ImportFailed(path.name, "the file is empty")
    if size > limits.max_bytes:
        raise ImportFailed(
            path.name, f"the file is {_mb(size)}, over the {_mb(limits.max_bytes)} limit"
        )
    return size


def read_bytes(path: Path, limits: ReadLimits) -> bytes:
    """The file's bytes, refusing missing, over-large and empty files."""
    check_file(path, limits)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(path.name, f"cannot read the file ({exc.strerror or exc})") from None
    if not data.strip():
        raise ImportFailed(path.name, "the file is empty")
    return data


def decode(data: bytes, name: str) -> str:
    """Bytes to text: BOM first, then strict UTF-8, then charset-normalizer's best guess.

    Line endings become ``\\n``; binary data is refused.
    """
    text = _decode(data, name)
    if text.startswith("\ufeff"):
        text = text[1:]
    text = normalise_newlines(text)
    if not text.strip():
        raise ImportFailed(name, "the file is empty")
    sample = text[:65536]
    controls = len(sample) - len(sample.translate(_DROP_CONTROLS))
    if "\x00" in sample or controls > max(2, len(sample) // 100):
        raise ImportFailed(name, "binary data, not a text file")
    return text


def _decode(data: bytes, name: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                reason = f"invalid {encoding} text after its byte-order mark"
                raise ImportFailed(name, reason) from None
    if b"\x00" not in data:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        mixed = _mixed_utf8(data)
        if mixed is not None:
            return mixed
    encoding = detect_encoding(data)
    if encoding is None:
        raise ImportFailed(name, "binary data, not a text file")
    try:
        return data.decode(encoding)
    except LookupError:
        raise ImportFailed(name, "binary data, not a text file") from None
    except UnicodeDecodeError as exc:
        if encoding != "cp1252":  # the guess fitted the sample, not the whole file
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                pass
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportFailed(name, f"not readable as {encoding} text (line {line}); save it as "
                                 "UTF-8") from None


def _mixed_utf8(data: bytes) -> str | None:
    """A file mostly in UTF-8 with some lines in Windows-1252 (text pasted together from two
    sources): each line in its own encoding, and a note naming the cp1252 lines. None when
    (next to) no line with non-ASCII characters is UTF-8: then the file is in one legacy
    encoding."""
    out: list[str] = []
    legacy_lines: list[int] = []
    utf8 = last = newlines = 0
    for match in _NON_ASCII_LINE.finditer(data):
        start, end = match.span()
        out.append(data[last:start].decode("ascii"))
        try:
            out.append(match.group().decode("utf-8"))
            utf8 += 1
        except UnicodeDecodeError:
            out.append(_cp1252(match.group()))
            newlines += data.count(b"\n", last, start)
            legacy_lines.append(newlines + 1)
            newlines += data.count(b"\n", start, end)
            last = end
            continue
        newlines += data.count(b"\n", last, end)
        last = end
    if utf8 == 0 or utf8 * 20 < len(legacy_lines):
        return None  # (a stray valid UTF-8 sequence in a cp1252 file is not "mixed")
    out.append(data[last:].decode("ascii"))
    shown = ", ".join(str(n) for n in legacy_lines[:3])
    more = f" and {len(legacy_lines) - 3} more" if len(legacy_lines) > 3 else ""
    note(f"mixed encodings: line{'s' if len(legacy_lines) > 1 else ''} {shown}{more} "
         "not UTF-8, read as Windows-1252 (the rest is UTF-8)")
    return "".join(out)


def _cp1252(line: bytes) -> str:
    """Windows-1252, with its five unassigned bytes read as Latin-1."""
    if not any(b in _UNASSIGNED for b in line):
        return line.decode("cp1252")
    return "".join(chr(b) if b in _UNASSIGNED else bytes([b]).decode("cp1252") for b in line)


def detect_encoding(data: bytes) -> str | None:
    """charset-normalizer's best guess; cp1252 (the usual Windows export) wins when it reads
    about as cleanly and at least as coherently as the best guess. A big file is judged by
    its lines that are not plain ASCII (a file whose first megabyte is ASCII is no less
    cp1252 for it)."""
    from charset_normalizer import from_bytes

    sample = _sample(data)
    wide = b"\x00" in sample  # UTF-16/32 text of any script has NUL bytes; without them, no
    matches = [m for m in from_bytes(sample) if wide or not m.encoding.startswith(("utf_16",
                                                                                 "utf_32"))]
    western = _decodes(sample, "cp1252")
    if not matches:
        return "cp1252" if western and not wide else None
    best = matches[0]
    for match in matches:
        close = match.chaos <= best.chaos + _CHAOS_MARGIN and match.coherence >= best.coherence
        if close and match.encoding in _PREFERRED:
            return match.encoding
    if western and best.coherence < _NO_LANGUAGE and best.chaos <= _CHAOS_MARGIN:
        return "cp1252"  # too little text to tell a language: the usual Windows export
    return best.encoding


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _sample(data: bytes, size: int = 1024 * 1024) -> bytes:
    if len(data) <= size:
        return data
    lines = [m.group() for m in _NON_ASCII_LINE.finditer(data, 0, len(data))]
    sample = data[: size // 8] + b"\n" + b"\n".join(lines)
    return sample[:size]


@contextmanager
def collecting_notes() -> Iterator[list[str]]:
    """Collect what readers note about a file while it is read (mixed encodings, ...)."""
    notes: list[str] = []
    token = _notes.set(notes)
    try:
        yield notes
    finally:
        _notes.reset(token)


def note(text: str) -> None:
    """Tell the import something about the file (shown as a warning with its result)."""
    notes = _notes.get()
    if notes is not None:
        notes.append(text)


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, once."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def open_zip(path: Path, limits: ReadLimits, what: str) -> zipfile.ZipFile:
    """Open an Office Open XML container after checking it is a sane zip."""
    name = path.name
    check_file(path, limits)
    head = _head(path)
    if head.startswith(_OLE2_MAGIC):
        reason = f"the {what} is encrypted (password protected) or in an old format"
        raise ImportFailed(name, reason)
    if not head.startswith(b"PK"):
        raise ImportFailed(name, f"not a valid {what} (corrupt file)")
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError):
        raise ImportFailed(name, f"not a valid {what} (corrupt file)") from None
    try:
        _check_declared_sizes(infos, limits, name)
        _check_real_size(archive, infos, limits, name, what)
    except BaseException:
        archive.close()
        raise
    return archive


def _check_declared_sizes(infos: list[zipfile.ZipInfo], limits: ReadLimits, name: str) -> None:
    """What the zip's directory says: the total, and each member on its own (so that
    incompressible padding in one member cannot hide a bomb in another)."""
    if len(infos) > _MAX_MEMBERS:
        raise ImportFailed(name, f"refused: it holds {len(infos)} files (over {_MAX_MEMBERS})")
    unzipped = sum(info.file_size for info in infos)
    zipped = max(1, sum(info.compress_size for info in infos))
    too_big = unzipped > limits.max_unzipped_bytes
    if too_big or (unzipped > 64 * 1024 * 1024 and unzipped / zipped > limits.max_zip_ratio):
        raise ImportFailed(name, f"refused: it would expand to {_mb(unzipped)} (possible zip bomb)")
    for info in infos:
        _check_member(info.filename, info.file_size, info.compress_size, limits, name)


def _check_member(member: str, size: int, packed: int, limits: ReadLimits, name: str) -> None:
    if size > limits.max_member_bytes:
        raise ImportFailed(name, f"refused: its part {_safe(member)} expands to {_mb(size)} "
                                 f"(over {_mb(limits.max_member_bytes)}; possible zip bomb)")
    if size > _RATIO_FLOOR and size > limits.max_member_ratio * max(1, packed):
        raise ImportFailed(name, f"refused: its part {_safe(member)} expands {size // max(1, packed)} "
                                 f"times (over {limits.max_member_ratio}; possible zip bomb)")


def _check_real_size(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: ReadLimits, name: str,
    what: str,
) -> None:
    """Inflate every member (without keeping it) to catch sizes the zip's directory lies about."""
    total = 0
    limit = limits.max_unzipped_bytes
    try:
        for info in infos:
            size = 0
            with archive.open(info) as member:
                while chunk := member.read(1 << 20):
                    size += len(chunk)
                    total += len(chunk)
                    if total > limit:
                        raise ImportFailed(
                            name, f"refused: it expands past {_mb(limit)} (possible zip bomb)")
                    if size > limits.max_member_bytes or (
                            size > _RATIO_FLOOR and size > limits.max_member_ratio
                            * max(1, info.compress_size)):
                        _check_member(info.filename, size, info.compress_size, limits, name)
    except ImportFailed:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError, zlib.error):
        raise ImportFailed(name, f"not a valid {what} (corrupt file)") from None


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(8)
    except OSError as exc:
        raise ImportFailed(path.name, f"cannot read the file ({exc.strerror or exc})") from None


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _safe(member: str) -> str:
    """A member's name for a one-line message."""
    return repr(member[:80])
