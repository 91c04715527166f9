"""Codebook templates and JSON/CSV import/export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interviewcoder.core.errors import InvalidInput
from interviewcoder.core.types import Dimension
from interviewcoder.services import codebook_io
from interviewcoder.services.studies import create
from interviewcoder.store import Study


def test_journey_template_has_the_dimensions_in_order(study: Study) -> None:
    codes = study.codes.list()
    dims = [c.dimension for c in codes]
    assert dims == sorted(dims, key=list(Dimension).index)
    assert sum(d == Dimension.STEP for d in dims) >= 10
    assert sum(d == Dimension.ANXIETY for d in dims) == 12
    assert sum(d == Dimension.INFLUENCE for d in dims) == 12
    steps = study.codes.in_dimension(Dimension.STEP)
    assert [c.ord for c in steps] == list(range(len(steps)))
    assert all(c.description for c in codes)


def test_blank_template_has_no_codes(blank_study: Study) -> None:
    assert blank_study.codes.list() == []
    assert blank_study.meta("template") == "blank"


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_export_then_import_into_blank_round_trips(study: Study, blank_study: Study,
                                                  tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"codebook{suffix}"
    n = codebook_io.export_file(study, target)
    assert n == len(study.codes.list())
    codebook_io.import_file(blank_study, target, "ana")

    def key(s: Study) -> list[tuple]:
        return [(c.dimension, c.name, c.description, c.colour, c.ord, c.guid) for c in s.codes.list()]

    assert key(blank_study) == key(study)


def test_import_updates_existing_and_sets_parents(study: Study, tmp_path: Path) -> None:
    f = tmp_path / "extra.json"
    f.write_text(json.dumps({"codes": [
        {"dimension": "theme", "name": "Pricing"},
        {"dimension": "theme", "name": "Per-seat pricing", "parent": "Pricing", "colour": "#112233"},
        {"dimension": "anxiety", "name": "Hidden costs", "description": "Changed text"},
    ]}), encoding="utf-8")
    codebook_io.import_file(study, f, "ana")
    parent = study.codes.find(Dimension.THEME, "Pricing")
    child = study.codes.find(Dimension.THEME, "Per-seat pricing")
    assert child.parent_id == parent.id and child.colour == "#112233"
    assert study.codes.find(Dimension.ANXIETY, "Hidden costs").description == "Changed text"


@pytest.mark.parametrize("content, message", [
    ("{not json", "not valid JSON"),
    ('{"codes": [{"dimension": "mood", "name": "x"}]}', "unknown dimension"),
    ('{"codes": [{"dimension": "step", "name": ""}]}', "has no name"),
    ('{"codes": [{"dimension": "step", "name": "a/b"}]}', "may not contain"),
    ('{"codes": [{"dimension": "step", "name": "x", "colour": "red"}]}', "#RRGGBB"),
])
def test_bad_codebook_files_change_nothing(study: Study, tmp_path: Path, content: str,
                                            message: str) -> None:
    f = tmp_path / "bad.json"
    f.write_text(content, encoding="utf-8")
    before = [(c.id, c.name) for c in study.codes.list()]
    with pytest.raises(InvalidInput, match=message):
        codebook_io.import_file(study, f, "ana")
    assert [(c.id, c.name) for c in study.codes.list()] == before


def test_study_name_must_end_in_icstudy(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=".icstudy"):
        create(tmp_path / "x.sqlite")
    assert not (tmp_path / "x.sqlite").exists()
