"""The shipped content files: the journey codebook template and the sample study."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

try:
    from interviewcoder.paths import resource_path
except ImportError:  # the paths module is not there yet: use the checkout
    _RESOURCES = Path(__file__).resolve().parents[1] / "resources"

    def resource_path(*parts: str) -> Path:
        return _RESOURCES.joinpath(*parts)


DIMENSIONS = ["step", "anxiety", "influence", "trigger", "job", "value", "theme"]
HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
OTTER_HEADER = re.compile(r"^(?P<speaker>\S.*?)  (?P<stamp>\d{1,2}(?::\d{2}){1,2})$")
LABELLED = re.compile(r"^(?P<speaker>[A-Z][\w .'-]{0,40}?): (?P<text>.+)$")


def _load(name: str) -> dict:
    return json.loads(resource_path("templates", name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def journey() -> dict:
    return _load("journey.json")


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads(resource_path("sample", "manifest.json").read_text(encoding="utf-8"))


def _by_dimension(template: dict) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for code in template["codes"]:
        groups.setdefault(code["dimension"], []).append(code)
    return groups


def _contrast_with_black(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return (luminance + 0.05) / 0.05


def test_journey_template_has_the_documented_shape(journey: dict) -> None:
    assert journey["name"] == "Customer journey"
    assert journey["version"] == 1
    assert journey["dimensions"] == DIMENSIONS
    for code in journey["codes"]:
        assert set(code) == {"dimension", "name", "description", "colour"}
        assert code["dimension"] in DIMENSIONS


def test_journey_template_counts(journey: dict) -> None:
    groups = _by_dimension(journey)
    assert len(groups["step"]) >= 10
    assert len(groups["anxiety"]) == 12
    assert len(groups["influence"]) == 12
    for optional in ("trigger", "job", "value"):
        assert 3 <= len(groups[optional]) <= 5, optional
    assert "theme" not in groups  # themes are the user's own free codes


def test_journey_steps_run_from_trigger_to_renewal_or_churn(journey: dict) -> None:
    steps = [c["name"] for c in _by_dimension(journey)["step"]]
    assert steps[0] == "Noticed a problem"
    assert steps.index("Compared vendors") < steps.index("Trialled the product")
    assert steps.index("Trialled the product") < steps.index("Compared vendors again")
    assert steps.index("Signed or purchased") < steps.index("Onboarded")
    assert {"Renewed", "Churned"} <= set(steps[-3:])


def test_journey_names_unique_descriptions_and_colours(journey: dict) -> None:
    for dimension, codes in _by_dimension(journey).items():
        names = [c["name"] for c in codes]
        assert len(names) == len(set(names)), dimension
        colours = [c["colour"].upper() for c in codes]
        assert len(colours) == len(set(colours)), dimension
    for code in journey["codes"]:
        assert code["name"].strip() == code["name"] and code["name"]
        assert "/" not in code["name"], code["name"]
        assert code["description"].strip(), code["name"]
        assert HEX.match(code["colour"]), code["colour"]
        # a highlight background behind black text must stay readable (WCAG AAA)
        assert _contrast_with_black(code["colour"]) >= 7, code["name"]


def test_blank_template_has_no_codes() -> None:
    blank = _load("blank.json")
    assert blank["dimensions"] == DIMENSIONS
    assert blank["codes"] == []
    assert isinstance(blank["version"], int)


def _turns(path: Path) -> list[tuple[str, str]]:
    """(speaker, text) of every line of speech, whatever the transcript layout."""
    lines = path.read_text(encoding="utf-8").splitlines()
    turns: list[tuple[str, str]] = []
    speaker = ""
    for line in lines:
        header = OTTER_HEADER.match(line)
        labelled = LABELLED.match(line)
        if header:
            speaker = header["speaker"]
        elif labelled:
            speaker = labelled["speaker"]
            turns.append((speaker, labelled["text"]))
        elif line.strip() and "-->" not in line and not line.strip().isdigit() and line != "WEBVTT":
            turns.append((speaker, line))  # continuation paragraph or Otter body
    return turns


def test_manifest_interviews_exist_and_are_varied(manifest: dict) -> None:
    interviews = manifest["interviews"]
    assert len(interviews) == 12
    suffixes = Counter(Path(i["file"]).suffix for i in interviews)
    assert suffixes[".vtt"] == 2 and suffixes[".srt"] == 1
    assert Counter(i["outcome"] for i in interviews).keys() == {"won", "lost", "churned"}
    assert len({i["persona"] for i in interviews}) >= 2
    assert len({i["product"] for i in interviews}) == 2
    otter = 0
    for item in interviews:
        path = resource_path("sample", item["file"])
        assert path.is_file(), item["file"]
        text = path.read_text(encoding="utf-8")
        assert 400 <= len(text.split()) <= 1400, item["file"]
        speakers = {speaker for speaker, _ in _turns(path)}
        assert speakers == {item["participant"], item["interviewer"]}, item["file"]
        otter += bool(OTTER_HEADER.match(text.splitlines()[0]))
    assert otter == 1


def test_manifest_survey_matches_the_csv(manifest: dict) -> None:
    survey = manifest["survey"]
    with resource_path("sample", survey["file"]).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert 25 <= len(rows) <= 40
    columns = set(rows[0])
    needed = {survey["id_column"], survey["outcome_column"], survey["persona_column"]}
    assert needed | set(survey["text_columns"]) <= columns
    ids = [r[survey["id_column"]] for r in rows]
    assert len(ids) == len(set(ids))
    assert {r[survey["outcome_column"]] for r in rows} == set(survey["outcome_map"])
    answers = [r[column] for column in survey["text_columns"] for r in rows]
    assert any(not a for a in answers)  # skipped questions are part of a real export
    for column in survey["text_columns"]:
        assert sum(bool(r[column]) for r in rows) >= 20, column


def test_precoded_quotes_are_participant_words_with_known_codes(manifest: dict, journey: dict) -> None:
    known = {f"{c['dimension']}/{c['name']}" for c in journey["codes"]}
    participants = {i["file"]: i["participant"] for i in manifest["interviews"]}
    precoded = manifest["precoded"]
    assert len(precoded) >= 8
    survey = manifest["survey"]
    for entry in precoded:
        assert entry["codes"] and set(entry["codes"]) <= known, entry["codes"]
        path = resource_path("sample", entry["file"])
        assert path.read_text(encoding="utf-8").count(entry["quote"]) == 1, entry["quote"]
        if entry["file"] == survey["file"]:  # a survey quote lies inside one open answer
            assert len(_survey_answers_holding(survey, entry["quote"])) == 1, entry["quote"]
            continue
        speakers = {s for s, text in _turns(path) if entry["quote"] in text}
        assert speakers == {participants[entry["file"]]}, entry["quote"]


def _survey_answers_holding(survey: dict, quote: str) -> list[tuple[str, str]]:
    """(respondent id, column) of every open-question answer in the survey CSV holding quote."""
    with resource_path("sample", survey["file"]).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [(r[survey["id_column"]], column) for r in rows
            for column in survey["text_columns"] if quote in r[column]]


def test_sample_files_import_with_the_project_importers(manifest: dict) -> None:
    registry = pytest.importorskip("interviewcoder.importers.registry")
    participants = {i["file"]: i for i in manifest["interviews"]}
    formats = Counter()
    for item in manifest["interviews"]:
        importer, parsed = registry.read(resource_path("sample", item["file"]))
        formats[importer.name] += 1
        assert {t.speaker for t in parsed.turns} == {item["participant"], item["interviewer"]}
        assert len(parsed.turns) >= 10, item["file"]
    assert formats["vtt"] == 2 and formats["srt"] == 1
    survey = manifest["survey"]
    for entry in manifest["precoded"]:
        if entry["file"] == survey["file"]:
            continue  # survey quotes: checked against the parsed survey below
        _, parsed = registry.read(resource_path("sample", entry["file"]))
        start = parsed.text.index(entry["quote"])
        end = start + len(entry["quote"])
        holders = [t.speaker for t in parsed.turns if t.start <= start and end <= t.end]
        assert holders == [participants[entry["file"]]["participant"]], entry["quote"]
    _, parsed = registry.read(resource_path("sample", survey["file"]))
    assert len(parsed.respondents) == 30
    assert [q.column for q in parsed.questions] == survey["text_columns"]
    for entry in manifest["precoded"]:
        if entry["file"] == survey["file"]:
            holders = [(rid, q.column) for q in parsed.questions
                       for rid, answer in q.answers if entry["quote"] in answer]
            assert holders == _survey_answers_holding(survey, entry["quote"]), entry["quote"]
