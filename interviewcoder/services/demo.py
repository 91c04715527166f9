"""The sample study: a dozen interviews and a survey shipped in resources/sample, pre-coded.

``build_demo(path)`` imports every file named in ``resources/sample/manifest.json`` through
the real importers, sets each participant's outcome, persona and product, and codes the
manifest's pre-coded quotes, so a new user opens a study with evidence in it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from interviewcoder.core.errors import InvalidInput
from interviewcoder.core.types import Role
from interviewcoder.importers.base import Progress, SurveyOptions, no_progress
from interviewcoder.paths import resource_path
from interviewcoder.services import codebook, coding
from interviewcoder.services import participants as people
from interviewcoder.services.importing import ImportOptions, import_file
from interviewcoder.services.studies import create
from interviewcoder.store import Study

DEMO_CODER = "Demo coder"
DEMO_NAME = "interviewcoder-demo.icstudy"


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
        progress(total, total, "Done")
    except BaseException:
        study.close()
        path.unlink(missing_ok=True)
        raise
    study.close()
    return path


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
