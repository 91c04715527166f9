"""Codebook files: templates, and import/export as JSON or CSV.

JSON: ``{"name": ..., "codes": [{"dimension", "name", "description", "colour", "parent",
"guid"}]}`` — list order is code order. CSV: the same fields as columns, one code a row.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from interviewcoder.core.errors import InvalidInput, NotFound
from interviewcoder.core.types import Code
from interviewcoder.exporters.atomic import replacing
from interviewcoder.exporters.cells import csv_text, csv_value
from interviewcoder.paths import resource_path
from interviewcoder.services.codebook import AddCode, UpdateCode, parse_dimension
from interviewcoder.services.operations import Changes, Result
from interviewcoder.store import Study

FIELDS = ("dimension", "name", "description", "colour", "parent", "guid")
TEMPLATES = ("journey", "blank")


def template_entries(name: str) -> list[dict[str, Any]]:
    if name not in TEMPLATES:
        raise InvalidInput(f"unknown template {name!r} (use one of: {', '.join(TEMPLATES)})")
    path = resource_path("templates", f"{name}.json")
    if not path.exists():
        raise NotFound(f"template file {path} is missing from this installation")
    return _entries_from_json(path.read_text(encoding="utf-8"), str(path))


def export_entries(study: Study) -> list[dict[str, Any]]:
    codes = study.codes.list()
    by_id = {c.id: c for c in codes}
    return [_entry(c, by_id) for c in codes]


def _entry(code: Code, by_id: dict[int, Code]) -> dict[str, Any]:
    parent = by_id.get(code.parent_id) if code.parent_id else None
    return {
        "dimension": code.dimension.value,
        "name": code.name,
        "description": code.description,
        "colour": code.colour,
        "parent": parent.name if parent else "",
        "guid": code.guid,
    }


def export_file(study: Study, path: str | Path) -> int:
    """Write the codebook as JSON or CSV; all or nothing (a unique temporary file beside the
    target, created exclusively, then moved into place). CSV cells are formula-safe."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise InvalidInput(f"{path}: export the codebook as .json or .csv")
    if study.is_own_file(path):
        raise InvalidInput(f"{path}: that is the study itself; choose another file name")
    entries = export_entries(study)
    with replacing(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        if suffix == ".csv":
            writer = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows({k: csv_text(str(v)) for k, v in e.items()} for e in entries)
        else:
            json.dump({"name": study.name, "codes": entries}, fh, indent=2, ensure_ascii=False)
    return len(entries)


MAX_CODEBOOK_BYTES = 16 * 1024 * 1024


def read_file(path: str | Path) -> list[dict[str, Any]]:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_CODEBOOK_BYTES:
            raise InvalidInput(f"{path}: over {MAX_CODEBOOK_BYTES >> 20} MB, too big for a codebook")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise NotFound(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path}: is a folder, not a codebook file") from None
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if path.suffix.lower() == ".csv":
        try:
            rows = list(csv.DictReader(io.StringIO(text, newline="")))
        except csv.Error as exc:
            raise InvalidInput(f"{path}: not a readable CSV file ({exc})") from None
        if rows and not {"dimension", "name"} <= set(rows[0]):
            raise InvalidInput(f"{path}: a codebook CSV needs 'dimension' and 'name' columns")
        return [{k: csv_value((v or "").strip()) for k, v in r.items() if isinstance(k, str) and k}
                for r in rows]
    return _entries_from_json(text, str(path))


def _entries_from_json(text: str, where: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{where}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    codes = data.get("codes") if isinstance(data, dict) else data
    if not isinstance(codes, list) or not all(isinstance(c, dict) for c in codes):
        raise InvalidInput(f"{where}: expected a list of codes under \"codes\"")
    return codes


def apply_entries(study: Study, entries: list[dict[str, Any]], coder: str) -> Result:
    """Add new codes and update existing ones (matched by dimension and name), in one transaction."""
    changed: set[int] = set()
    with study.atomic():
        pending_parents: list[tuple[int, Any, str]] = []
        for i, e in enumerate(entries, 1):
            if not str(e.get("name", "")).strip():
                raise InvalidInput(f"code {i} has no name")
            dim = parse_dimension(str(e.get("dimension", "")))
            name = str(e["name"]).strip()
            existing = study.codes.find_nocase(dim, name)
            description = str(e.get("description") or "")
            colour = str(e.get("colour") or e.get("color") or "")
            guid = str(e.get("guid") or "")
            if guid and study.codes.by_guid(guid) is not None:
                guid = ""  # that GUID is taken in this study: give the code a new one
            if existing is None:
                op: Any = AddCode(dim, name, description, colour, guid=guid)
            else:
                op = UpdateCode(existing.id, description=description or None, colour=colour or None)
            applied = op.run(study, coder)
            cid = applied.result if existing is None else existing.id
            changed.add(cid)
            if e.get("parent"):
                pending_parents.append((cid, dim, str(e["parent"])))
        for cid, dim, parent_name in pending_parents:
            parent = study.codes.find_nocase(dim, parent_name)
            if parent is None:
                raise InvalidInput(f"parent code {parent_name!r} of a {dim.value} code is not defined")
            UpdateCode(cid, parent_id=parent.id).run(study, coder)
        study.log(coder, "import_codebook", "codebook", {"codes": len(entries)})
    return Result(Changes(codes=frozenset(changed), codebook=True), f"{len(changed)} codes")


def import_file(study: Study, path: str | Path, coder: str) -> Result:
    if study.is_own_file(path):  # reading it with plain file I/O would drop the study's locks
        raise InvalidInput(f"{path}: that is the study itself, not a codebook file")
    return apply_entries(study, read_file(path), coder)
