"""REFI-QDA sources: their text (inline, in the project, or on disk), their selections mapped
onto the text as stored, and the turns of an interviewcoder export restored."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field, replace
from pathlib import Path

from interviewcoder.core.errors import ImportFailed
from interviewcoder.core.refi import RefiCase, RefiCoding, RefiSelection, RefiSource, RefiTurn
from interviewcoder.core.refi_layout import label, parse_turn_description, strip_labels

from .base import ReadLimits
from .refi_archive import RefiArchive
from .refi_offsets import OffsetMap, choose_counting
from .refi_xml import (
    Element,
    attr,
    guid,
    kid,
    kids,
    local,
    ref_guids,
    text,
    timestamp,
    variable_values,
)
from .textio import detect_encoding

_KINDS = {"textsource": "text", "pdfsource": "PDF", "picturesource": "picture",
          "audiosource": "audio", "videosource": "video"}


@dataclass
class SourceContext:
    """What reading the sources needs from the rest of the file."""

    file: str
    origin: str
    archive: RefiArchive | None
    folder: Path
    base_path: str
    limits: ReadLimits
    code_guids: set[str]
    names: dict[str, str]  # variable guid -> name
    cases: tuple[RefiCase, ...]
    problems: list[str] = field(default_factory=list)
    read_from_disk: list[str] = field(default_factory=list)
    uncoded: int = 0  # selections with no coding (not turns): nothing to make a quote of


def sources(root: Element, ctx: SourceContext) -> tuple[RefiSource, ...]:
    out = []
    container = kid(root, "Sources")
    for el in container if container is not None else ():
        kind = _KINDS.get(local(el))
        if kind is None:
            continue
        g = guid(el)
        name = (attr(el, "name") or "").strip()
        path = attr(el, "plainTextPath") or attr(el, "path") or ""
        name = name or Path(path.split("://")[-1]).stem or f"Source {g[:8]}"
        base = RefiSource(g, name, None, kind=kind, created_at=timestamp(
            attr(el, "creationDateTime")), note_guids=ref_guids(el, "NoteRef"),
            variables=variable_values(el, ctx.names, ctx.problems))
        if kind != "text":
            article = "an" if kind[0] in "aeiou" else "a"
            out.append(replace(base, skipped=f"{article} {kind} source (only text sources are "
                               "imported)"))
            continue
        raw, had_bom, why = _source_text(el, ctx)
        if raw is None:
            out.append(replace(base, skipped=why))
            continue
        out.append(_text_source(el, base, raw, had_bom, ctx))
    return tuple(out)


def _source_text(el: Element, ctx: SourceContext) -> tuple[str | None, bool, str]:
    """(raw text without BOM, whether it had one, why there is none)."""
    inline = kid(el, "PlainTextContent")
    if inline is not None:
        raw = text(inline)
        return (raw, False, "") if raw.strip() else (None, False, "its text is empty")
    path = (attr(el, "plainTextPath") or "").strip()
    if not path:
        return None, False, "it has no plain text (no plainTextPath or PlainTextContent)"
    data = _bytes_of(path, ctx)
    if data is None:
        return None, False, f"its text file {path} is not in the project"
    return _decode(data, path)


def _bytes_of(path: str, ctx: SourceContext) -> bytes | None:
    scheme, sep, rest = path.partition("://")
    if not sep:
        scheme, rest = "internal", path
    scheme = scheme.casefold()
    if scheme == "internal":
        member = ctx.archive.find(rest) if ctx.archive else None
        if member is None and ctx.archive is None:
            return _disk(ctx.folder / "sources" / rest, ctx) or _disk(ctx.folder / rest, ctx)
        return ctx.archive.read(member) if member else None
    if scheme == "relative":
        tries = [Path(ctx.base_path) / rest] if ctx.base_path else []
        tries += [ctx.folder / rest]
    elif scheme in ("absolute", "file"):
        tries = [Path(rest)]
    else:
        return None
    for candidate in tries:
        data = _disk(candidate, ctx)
        if data is not None:
            return data
    return None


def _disk(candidate: Path, ctx: SourceContext) -> bytes | None:
    """A source file outside the project (relative:// or absolute://), within the limits."""
    try:
        if not candidate.is_file():
            return None
        if candidate.stat().st_size > ctx.limits.max_bytes:
            raise ImportFailed(ctx.file, f"refused: source file {candidate} is over the size limit")
        data = candidate.read_bytes()
    except OSError:
        return None
    ctx.read_from_disk.append(str(candidate))
    return data


def _decode(data: bytes, path: str) -> tuple[str | None, bool, str]:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                raw = data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                return None, True, f"its text file {path} is not valid {encoding} text"
            return _checked(raw, True, path)
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError:
        encoding = detect_encoding(data)
        if encoding is None:
            return None, False, f"its text file {path} is binary data, not text"
        try:
            raw = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            return None, False, f"its text file {path} is binary data, not text"
    return _checked(raw, False, path)


def _checked(raw: str, had_bom: bool, path: str) -> tuple[str | None, bool, str]:
    if "\x00" in raw[:65536]:
        return None, had_bom, f"its text file {path} is binary data, not text"
    if not raw.strip():
        return None, had_bom, "its text is empty"
    return raw, had_bom, ""


def _int(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


def _text_source(el: Element, base: RefiSource, raw: str, had_bom: bool,
                 ctx: SourceContext) -> RefiSource:
    norm = raw.replace("\r\n", "\n").replace("\r", "\n")
    elements = list(kids(el, "PlainTextSelection"))
    spans = [(s, e) for s, e in ((_int(attr(x, "startPosition")), _int(attr(x, "endPosition")))
                                 for x in elements) if s is not None and e is not None]
    mapping = choose_counting(raw, norm, had_bom, ctx.origin, spans)
    selections: list[RefiSelection] = []
    for x in elements:
        selection = _selection(x, base.name, mapping, ctx)
        if selection is not None:
            selections.append(selection)
    for coding in _codings(el, base.name, ctx):  # codings of the whole source
        selections.append(RefiSelection(coding.guid, 0, len(norm), codings=(coding,),
                                        user_guid=coding.user_guid, created_at=coding.created_at))
    ours = ctx.origin.startswith("interviewcoder")  # its uncoded selections are quotes too
    stored, kept, turns = restore_turns(norm, selections, ctx.cases, base.name, ctx.problems,
                                        keep_uncoded=ours)
    if not ours:
        ctx.uncoded += sum(1 for s in selections if not s.codings) - len(turns)
    return replace(base, text=stored, selections=tuple(kept), turns=turns,
                   counting=mapping.counting.describe())


def _selection(x: Element, source: str, mapping: OffsetMap,
               ctx: SourceContext) -> RefiSelection | None:
    g = guid(x)
    what = f"selection {attr(x, 'name') or g} in {source}"
    start, end = _int(attr(x, "startPosition")), _int(attr(x, "endPosition"))
    if start is None or end is None:
        ctx.problems.append(f"{what}: its positions are not numbers; left out")
        return None
    a, b = mapping.to_text(start), mapping.to_text(end, end=True)
    if a is None or b is None:
        ctx.problems.append(f"{what}: offsets {start}-{end} are outside its text "
                            f"({mapping.file_length} characters); left out")
        return None
    if b <= a:
        ctx.problems.append(f"{what}: offsets {start}-{end} select no text; left out")
        return None
    return RefiSelection(
        guid=g, start=a, end=b, name=attr(x, "name"), description=text(kid(x, "Description")),
        codings=tuple(_codings(x, source, ctx)),
        user_guid=guid(x, "creatingUser") if attr(x, "creatingUser") else None,
        created_at=timestamp(attr(x, "creationDateTime")),
        modified_at=timestamp(attr(x, "modifiedDateTime")), note_guids=ref_guids(x, "NoteRef"))


def _codings(el: Element, source: str, ctx: SourceContext) -> list[RefiCoding]:
    out = []
    for c in kids(el, "Coding"):
        ref = kid(c, "CodeRef")
        target = guid(ref, "targetGUID") if ref is not None else ""
        if target not in ctx.code_guids:
            ctx.problems.append(f"a coding in {source} refers to no code of the codebook "
                                f"({(ref is not None and attr(ref, 'targetGUID')) or 'none'}); left out")
            continue
        out.append(RefiCoding(guid(c), target, guid(c, "creatingUser") if attr(c, "creatingUser")
                              else None, timestamp(attr(c, "creationDateTime"))))
    return out


def restore_turns(
    norm: str, selections: list[RefiSelection], cases: tuple[RefiCase, ...], source: str,
    problems: list[str], keep_uncoded: bool = False,
) -> tuple[str, list[RefiSelection], tuple[RefiTurn, ...]]:
    """Turn selections of an interviewcoder export (uncoded, described "Ana (participant) ·
    turn 3") become turns; their speaker labels leave the text and every offset follows.
    Other uncoded selections are dropped unless ``keep_uncoded``."""
    found = []
    for s in selections:
        parsed = parse_turn_description(s.description) if not s.codings else None
        if parsed is not None:
            found.append((s, parsed))
    turn_guids = {s.guid for s, _ in found}
    wanted = [s for s in selections if s.guid not in turn_guids and (s.codings or keep_uncoded)]
    if not found:
        return norm, wanted, ()
    owner = {g: case.guid for case in cases for g in case.selection_guids}
    spans = []
    for s, _ in found:
        tag = label(s.name)
        if tag and norm[s.start : s.start + len(tag)] == tag:
            spans.append((s.start, s.start + len(tag)))
    try:
        stored_text, stored = strip_labels(norm, spans)
    except ValueError:
        problems.append(f"{source}: its speaker labels overlap; the text is kept as it is")
        stored_text, stored = norm, (lambda pos: pos)
    turns = []
    for s, (role, _ord, start_ms) in sorted(found, key=lambda f: f[1][1]):
        turns.append(RefiTurn(stored(s.start), stored(s.end), s.name or None, role,
                              owner.get(s.guid), start_ms))
    kept = []
    for s in wanted:
        a, b = stored(s.start), stored(s.end)
        if b <= a:
            problems.append(f"selection {s.name or s.guid} in {source} covers only a speaker "
                            "label; left out")
            continue
        kept.append(replace(s, start=a, end=b))
    return stored_text, kept, tuple(turns)
