"""The sample study: a dozen interviews and a survey shipped in resources/sample, pre-coded.

``build_demo(path)`` imports every file named in ``resources/sample/manifest.json`` through
the real importers, sets each participant's outcome, persona and product, and codes the
manifest's pre-coded quotes, so a new user opens a study with evidence in it.

``prepare_demo`` is what ``interviewcoder demo`` and the app's start page call: the demo lives
in the app's data folder (or a folder of the user's choice), is built once, and a demo the
user has practised on is never thrown away: ``fresh`` rebuilds it and keeps the changed one
as a dated copy beside it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from interviewcoder.core.errors import InterviewcoderError, InvalidInput
from interviewcoder.core.types import Role
from interviewcoder.importers.base import Progress, SurveyOptions, no_progress
from interviewcoder.paths import app_data_dir, resource_path
from interviewcoder.services import codebook, coding
from interviewcoder.services import participants as people
from interviewcoder.services.importing import ImportOptions, import_file
from interviewcoder.services.studies import create
from interviewcoder.store import Study

DEMO_CODER = "Demo coder"
DEMO_NAME = "interviewcoder-demo.icstudy"
_BUILT_MARK = "demo_built_at_change"  # study meta: the change-log id when the build ended


def manifest() -> dict[str, Any]:
    return json.loads(resource_path("sample", "manifest.json").read_text(encoding="utf-8"))


def build_demo(path: str | Path, progress: Progress = no_progress) -> Path:
    """Build the sample study at ``path`` (which must not exist yet) and return its path."""
    path = Path(path)
    spec = manifest()
    study = create(path, template="journey")
    try:
        total = len(spec["interviews"]) + 2
        for n, item in enumerate(spec["interviews"]):
            progress(n, total, f"Importing {item['file']}")
            _interview(study, item)
        progress(total - 2, total, "Importing the survey")
        _survey(study, spec["survey"])
        progress(total - 1, total, "Coding sample quotes")
        _precode(study, spec["precoded"])
        with study.atomic():
            study.set_meta("name", "interviewcoder demo")
            study.set_meta(_BUILT_MARK, str(_last_change(study)))
        progress(total, total, "Done")
    except BaseException:
        study.close()
        path.unlink(missing_ok=True)
        raise
    study.close()
    return path


@dataclass(frozen=True)
class DemoStudy:
    path: Path
    built: bool  # False: an existing demo was kept and is opened as it is
    changed: bool  # the kept (or replaced) demo had changes made after it was built
    kept_copy: Path | None = None  # where a changed demo went when rebuilt with ``fresh``


def default_folder() -> Path:
    return app_data_dir()


def prepare_demo(folder: str | Path | None = None, *, fresh: bool = False,
                 progress: Progress = no_progress) -> DemoStudy:
    """The demo study in ``folder`` (the app data folder when None, created when missing):
    built when absent, else kept as it is. With ``fresh`` it is rebuilt; a demo with changes
    (the user's practice coding) is first renamed to a dated copy, never deleted."""
    folder = Path(folder) if folder is not None else default_folder()
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"{folder}: not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / DEMO_NAME
    if not path.exists():
        return DemoStudy(_build_in_place(path, progress), built=True, changed=False)
    changed = demo_changed(path)
    if not fresh:
        return DemoStudy(path, built=False, changed=changed)
    kept = None
    if changed:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        kept = path.with_name(f"{path.stem} (changed {stamp}){path.suffix}")
        _move_study(path, kept)
    else:
        _remove_study(path)
    return DemoStudy(_build_in_place(path, progress), built=True, changed=changed, kept_copy=kept)


def demo_changed(path: Path) -> bool:
    """True when anything was changed in the demo after it was built (or it cannot be read,
    so it is not ours to throw away)."""
    try:
        with Study.open(path) as study:
            mark = study.meta(_BUILT_MARK)
            if mark is not None:
                return _last_change(study) > int(mark)
            return any(h["coder"] != DEMO_CODER for h in study.history())
    except (InterviewcoderError, ValueError):
        return True


def _last_change(study: Study) -> int:
    last = study.history(limit=1)
    return int(last[0]["id"]) if last else 0


def _build_in_place(path: Path, progress: Progress) -> Path:
    """Build under a temporary name and rename, so a cancelled build leaves no half demo."""
    part = path.with_name(f"{path.stem} (building){path.suffix}")
    _remove_study(part)
    build_demo(part, progress)
    _move_study(part, path)
    return path


def _companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


def _move_study(path: Path, target: Path) -> None:
    # Only closed studies are moved: SQLite removes -wal/-shm when the last connection closes.
    for extra, moved in zip(_companions(path), _companions(target), strict=True):
        if extra.exists():
            extra.replace(moved)
    path.replace(target)


def _remove_study(path: Path) -> None:
    for extra in (path, *_companions(path)):
        extra.unlink(missing_ok=True)


def _check(result: Any) -> None:
    if result.status != "imported":
        raise InvalidInput(f"sample file {result.file} did not import: {result.error or result.message}")


def _interview(study: Study, item: dict[str, Any]) -> None:
    options = ImportOptions(participant=item["participant"], interviewers=(item["interviewer"],),
                            outcome=item["outcome"], persona=item["persona"], coder=DEMO_CODER)
    _check(import_file(study, resource_path("sample", item["file"]), options))
    people.set_participant(study, item["participant"], DEMO_CODER,
                           attributes={"product": item["product"]})


def _survey(study: Study, spec: dict[str, Any]) -> None:
    options = ImportOptions(
        survey=SurveyOptions(id_column=spec["id_column"], text_columns=tuple(spec["text_columns"])),
        outcome_column=spec["outcome_column"], outcome_map=dict(spec["outcome_map"]),
        persona_column=spec["persona_column"], coder=DEMO_CODER)
    _check(import_file(study, resource_path("sample", spec["file"]), options))


def _precode(study: Study, quotes: list[dict[str, Any]]) -> None:
    """Code each manifest quote where it occurs in a non-interviewer turn of its file's sources
    (a survey file has one source per open question)."""
    by_file: dict[str, list[int]] = {}
    for s in study.sources.list():
        by_file.setdefault(s.original_name or "", []).append(s.id)
    for item in quotes:
        found = None
        for sid in by_file.get(item["file"], []):
            text = study.sources.text(sid)
            for t in study.sources.turns(sid):
                at = text.find(item["quote"], t.start, t.end) if t.role != Role.INTERVIEWER else -1
                if at >= 0:
                    found = (sid, at)
                    break
            if found:
                break
        if found is None:
            raise InvalidInput(f"pre-coded quote not found in {item['file']}: {item['quote'][:40]!r}")
        codes = [codebook.resolve(study, ref).id for ref in item["codes"]]
        sid, start = found
        coding.add_quote(study, sid, start, start + len(item["quote"]), codes, DEMO_CODER)
