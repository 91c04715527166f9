"""Opening a REFI-QDA file safely: the zip (bounded), its project member, its source files,
and XML parsed with entities, DTDs and network access off.

A ``.qdpx`` is a zip holding ``project.qde`` (or any single ``*.qde``) and the source files in
``sources/`` (or ``Sources/``); a ``.qdc`` or a bare ``.qde`` is the XML itself.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from interviewcoder.core.errors import ImportFailed

from .base import ReadLimits
from .textio import check_file

ZIP_MAGIC = b"PK\x03\x04"


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


class RefiArchive:
    """The members of a ``.qdpx``, read within the limits (declared sizes are not trusted)."""

    def __init__(self, path: Path, limits: ReadLimits) -> None:
        self.name = path.name
        self.limits = limits
        try:
            self.zip = zipfile.ZipFile(path)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
                NotImplementedError):
            raise ImportFailed(path.name, "not a valid REFI-QDA project (corrupt zip)") from None
        self.infos = {i.filename: i for i in infos if not i.is_dir()}
        total = sum(i.file_size for i in infos)
        packed = max(1, sum(i.compress_size for i in infos))
        biggest = max(infos, key=lambda i: i.file_size, default=None)
        if biggest is not None and biggest.file_size > limits.max_bytes:
            self.close()
            raise ImportFailed(path.name, f"refused: member {biggest.filename} would expand to "
                               f"{_mb(biggest.file_size)}, over the {_mb(limits.max_bytes)} limit")
        if total > limits.max_unzipped_bytes or (
                total > 64 * 1024 * 1024 and total / packed > limits.max_zip_ratio):
            self.close()
            raise ImportFailed(path.name, f"refused: it would expand to {_mb(total)} "
                               "(possible zip bomb)")
        self._read_total = 0

    def close(self) -> None:
        self.zip.close()

    def project_member(self) -> str:
        """``project.qde`` (any case), else the one ``*.qde`` member."""
        qde = [n for n in self.infos if n.casefold().endswith(".qde")]
        top = [n for n in qde if n.casefold() == "project.qde"]
        if top:
            return top[0]
        if len(qde) == 1:
            return qde[0]
        if not qde:
            raise ImportFailed(self.name, "not a REFI-QDA project (no project.qde inside)")
        raise ImportFailed(self.name, f"several project files inside ({', '.join(sorted(qde))})")

    def find(self, reference: str) -> str | None:
        """The member a source's path names: ``sources/NAME`` in any case, else NAME itself,
        else the one member of that file name anywhere (``\\`` or ``/``, %-escaped or not)."""
        folded = {n.replace("\\", "/").casefold(): n for n in self.infos}
        for ref in dict.fromkeys((reference, unquote(reference))):
            ref = ref.replace("\\", "/").lstrip("/")
            for candidate in (f"sources/{ref}", ref):
                if candidate.casefold() in folded:
                    return folded[candidate.casefold()]
            base = PurePosixPath(ref).name.casefold()
            matches = [n for key, n in folded.items() if PurePosixPath(key).name == base]
            if len(matches) == 1:
                return matches[0]
        return None

    def read(self, member: str) -> bytes:
        """A member's bytes, refusing one that inflates past the limits whatever it declares."""
        limit = self.limits.max_bytes
        chunks: list[bytes] = []
        size = 0
        try:
            with self.zip.open(self.infos[member]) as handle:
                while chunk := handle.read(1 << 20):
                    size += len(chunk)
                    self._read_total += len(chunk)
                    if size > limit or self._read_total > self.limits.max_unzipped_bytes:
                        raise ImportFailed(self.name, f"refused: {member} expands past "
                                           f"{_mb(limit)} (possible zip bomb)")
                    chunks.append(chunk)
        except ImportFailed:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError,
                RuntimeError, zlib.error) as exc:
            raise ImportFailed(self.name, f"corrupt member {member} ({exc})") from None
        return b"".join(chunks)


def read_limited(path: Path, limits: ReadLimits) -> bytes:
    """A bare ``.qdc``/``.qde`` file's bytes, within the size limit."""
    check_file(path, limits)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportFailed(path.name, f"cannot read the file ({exc.strerror or exc})") from None


def parse_xml(data: bytes, name: str):  # noqa: ANN201 - an lxml element
    """The root element of REFI XML. No entity is expanded, no DTD or network file is loaded,
    and a document that declares a DTD (the way entity bombs and external entities come) is
    refused."""
    from lxml import etree

    prolog = data[:65536].upper()
    if b"<!DOCTYPE" in prolog or "<!DOCTYPE".encode("utf-16-le") in prolog:
        raise ImportFailed(name, "refused: the project XML declares a DTD (entities are not "
                           "allowed in REFI-QDA)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, dtd_validation=False, remove_comments=True,
                             remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = str(exc).splitlines()[0] if str(exc) else "malformed XML"
        raise ImportFailed(name, f"the project XML is not well-formed ({line[:100]})") from None
    if root.getroottree().docinfo.doctype:
        raise ImportFailed(name, "refused: the project XML declares a DTD (entities are not "
                           "allowed in REFI-QDA)")
    return root
