"""Creating and opening studies."""

from __future__ import annotations

from pathlib import Path

from interviewcoder.core.errors import InvalidInput
from interviewcoder.services.codebook_io import apply_entries, template_entries
from interviewcoder.store import EXTENSION, Study

SYSTEM_CODER = "interviewcoder"


def create(path: str | Path, *, template: str = "journey", language: str = "en",
           coder: str = SYSTEM_CODER) -> Study:
    """Create a new study file with the codebook of ``template`` (journey or blank)."""
    path = Path(path)
    if path.suffix != EXTENSION:
        raise InvalidInput(f"{path}: a study file's name ends in {EXTENSION}")
    entries = template_entries(template)  # fail before creating anything
    study = Study.create(path, language=language)
    try:
        apply_entries(study, entries, coder)
        with study.atomic():
            study.set_meta("template", template)
            study.log(coder, "create_study", str(path.name), {"template": template})
    except BaseException:
        study.close()
        path.unlink(missing_ok=True)
        raise
    return study


def open_study(path: str | Path) -> Study:
    return Study.open(path)
