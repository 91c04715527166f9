"""Study → .qdpx → new study keeps everything a study holds that REFI-QDA is asked to carry
(a property test over generated studies), and a second import of the file adds nothing."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from refi_schema import assert_valid, project_schema

from interviewcoder.core.types import Code, Dimension, Quote, Role, SourceKind
from interviewcoder.services import refi_export
from interviewcoder.services.importing import ImportOptions, import_file
from interviewcoder.services.studies import create
from interviewcoder.store import Study

_SAFE = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
_TEXT = st.text(_SAFE | st.sampled_from("\n\t😀é€ "), min_size=1, max_size=40)
_NAME = st.text(_SAFE, min_size=1, max_size=12).map(str.strip).filter(bool)
_STAMP = st.builds(lambda d, ms: f"2024-0{d % 9 + 1}-1{d % 10}T0{d % 10}:1{d % 10}:2{d % 10}."
                   f"{ms:03d}+00:00", st.integers(0, 100), st.integers(0, 999))


@st.composite
def studies(draw: st.DrawFn) -> dict[str, Any]:
    coders = draw(st.lists(_NAME.filter(lambda n: "\n" not in n), min_size=1, max_size=3,
                           unique=True))
    people = draw(st.lists(_NAME, min_size=1, max_size=4, unique_by=str.casefold))
    keys = draw(st.lists(st.sampled_from(["age", "plan", "Outcome", "seats", "since", "beta",
                                          "region"]), max_size=3, unique=True))
    values = {"age": st.integers(18, 90).map(str), "seats": st.sampled_from(["1", "2.5", "x"]),
              "since": st.sampled_from(["2024-01-31", "2023-12-01"]),
              "beta": st.sampled_from(["true", "false"])}
    participants = [{
        "name": name, "outcome": draw(st.sampled_from(["won", "lost", "churned", "unknown",
                                                       "paused"])),
        "persona": draw(st.none() | _NAME),
        "attributes": {k: draw(values.get(k, _NAME)) for k in keys if draw(st.booleans())},
    } for name in people]
    codes = []
    for n in range(draw(st.integers(1, 7))):
        dim = draw(st.sampled_from(list(Dimension)))
        same = [i for i, c in enumerate(codes) if c["dimension"] == dim]
        codes.append({"dimension": dim, "name": f"{draw(_NAME).replace('/', '-')} {n}",
                      "colour": draw(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True)),
                      "description": draw(st.none() | _TEXT) or "",
                      "parent": draw(st.sampled_from([None, *same])) if same else None})
    sources = []
    for _ in range(draw(st.integers(1, 3))):
        turns = [{"speaker": draw(st.none() | _NAME.filter(lambda n: "\n" not in n)),
                  "role": draw(st.sampled_from(list(Role))),
                  "who": draw(st.none() | st.sampled_from(people)),
                  "text": draw(_TEXT.filter(str.strip)),
                  "start_ms": draw(st.none() | st.integers(0, 10**8))}
                 for _ in range(draw(st.integers(0, 4)))]
        sources.append({"name": draw(_NAME), "kind": draw(st.sampled_from(list(SourceKind))),
                        "turns": turns, "quotes": draw(st.lists(st.tuples(
                            st.integers(0, 10**6), st.integers(1, 30),
                            st.lists(st.integers(0, 100), min_size=1, max_size=3),
                            st.sampled_from(coders), st.none() | _TEXT, _STAMP),
                            max_size=5)),
                        "body": draw(_TEXT.filter(str.strip))})
    return {"coders": coders, "participants": participants, "codes": codes, "sources": sources}


def build(path: Path, spec: dict[str, Any]) -> Study:
    study = create(path, template="blank")
    with study.atomic():
        for name in spec["coders"]:
            study.quotes.coder_id(name)
        pids = {p["name"]: study.participants.add(
            p["name"], outcome=p["outcome"], persona=p["persona"], attributes=p["attributes"],
            created_at="2024-01-01T00:00:00.000+00:00") for p in spec["participants"]}
        ids: list[int] = []
        for n, c in enumerate(spec["codes"]):
            parent = ids[c["parent"]] if c["parent"] is not None else None
            ids.append(study.codes.insert(Code(0, f"00000000-0000-4000-8000-{n:012d}",
                                               c["dimension"], c["name"], c["description"],
                                               c["colour"], parent, n)))
        for s in spec["sources"]:
            text, rows = s["body"], []
            for n, t in enumerate(s["turns"]):
                text += "\n\n"
                rows.append({"ord": n, "start": len(text), "end": len(text) + len(t["text"]),
                             "speaker": t["speaker"], "role": t["role"],
                             "participant_id": pids[t["who"]] if t["who"] else None,
                             "start_ms": t["start_ms"]})
                text += t["text"]
            sid = study.sources.add(name=s["name"], kind=s["kind"], text=text,
                                    sha256=hashlib.sha256(text.encode()).hexdigest(),
                                    imported_at="2024-02-02T10:00:00.000+00:00", format="test")
            study.sources.add_turns(sid, rows)
            for at, length, picks, coder, memo, stamp in s["quotes"]:
                start = at % len(text)
                end = min(len(text), start + length)
                if end <= start:
                    continue
                code_ids = tuple(sorted({ids[i % len(ids)] for i in picks}))
                guid = f"10000000-0000-4000-8000-{study.quotes.max_id() + 1:012d}"
                study.quotes.insert(Quote(0, guid, sid, start, end, text[start:end], coder,
                                          stamp, stamp, memo or "", code_ids))
    return study


def content(study: Study) -> dict[str, Any]:
    """Everything the round trip must keep, keyed by what identifies it across studies."""
    codes = {c.id: c for c in study.codes.list()}
    people = {p.id: p.name for p in study.participants.list()}
    return {
        "codes": sorted((c.guid, c.dimension.value, c.name, c.colour, c.description,
                         codes[c.parent_id].guid if c.parent_id else None)
                        for c in codes.values()),
        "sources": sorted((s.name, s.kind.value, study.sources.text(s.id), tuple(
            (t.start, t.end, t.speaker, t.role.value, people.get(t.participant_id), t.start_ms)
            for t in study.sources.turns(s.id))) for s in study.sources.list()),
        "quotes": sorted((q.guid, q.start, q.end, q.text, q.coder, q.created_at, q.modified_at,
                          q.memo, tuple(sorted(codes[c].guid for c in q.code_ids)))
                         for q in study.quotes.all()),
        "participants": sorted((p.name, p.outcome, p.persona, sorted(p.attributes.items()))
                               for p in study.participants.list()),
        "coders": sorted(study.quotes.coders()),
    }


def counts(study: Study) -> dict[str, int]:
    tables = ("codes", "sources", "turns", "quotes", "quote_codes", "participants", "coders")
    return {t: study.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(spec=studies())
def test_round_trip_keeps_the_study_and_a_second_import_adds_nothing(tmp_path_factory,
                                                                     spec) -> None:  # noqa: ANN001
    folder = tmp_path_factory.mktemp("rt")
    original = build(folder / "a.icstudy", spec)
    out = refi_export.export(original, folder / "a.qdpx")
    with zipfile.ZipFile(out) as archive:
        assert_valid(project_schema(), archive.read("project.qde"))
    copy = create(folder / "b.icstudy", template="blank")
    try:
        first = import_file(copy, out, ImportOptions(coder="importer"))
        assert first.status == "imported", first.error
        assert first.refi["problems"] == []
        assert content(copy) == content(original)
        before = counts(copy)
        second = import_file(copy, out, ImportOptions(coder="importer", force=True))
        assert second.status == "skipped", second.message
        assert counts(copy) == before
        assert content(copy) == content(original)
    finally:
        original.close()
        copy.close()


def test_speakers_are_written_into_the_exported_text(study: Study, tmp_path: Path) -> None:
    from tests.builders import add_source

    sid, spans = add_source(study, "Interview", [("Iva", "interviewer", None, "How did it go?"),
                                                 ("Ana", "participant", "Ana", "We chose you.")])
    with study.atomic():
        code = study.codes.list()[0]
        study.quotes.insert(Quote(0, "20000000-0000-4000-8000-000000000001", sid, *spans[1],
                                  "We chose you.", "cp", "2024-01-01T00:00:00.000+00:00",
                                  "2024-01-01T00:00:00.000+00:00", "", (code.id,)))
    out = refi_export.export(study, tmp_path / "x.qdpx")
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        text = archive.read(next(n for n in names if n.startswith("sources/"))).decode("utf-8")
        xml = archive.read("project.qde")
    assert names[0] == "project.qde"
    assert_valid(project_schema(), xml)
    assert text == "Iva: How did it go?\n\nAna: We chose you."
    assert not text.startswith("\ufeff")
    assert b'startPosition="26" endPosition="39"' in xml  # the quote, after Ana's label
    assert b"Iva (interviewer) \xc2\xb7 turn 1" in xml


@pytest.mark.parametrize("name", ["P", "Speaker 1", "Ana"])
def test_a_case_keeps_its_name_whatever_it_looks_like(tmp_path: Path, name: str) -> None:
    """A case with a generic-looking name ("P", "Speaker 1") is a person of the project: into
    a study with nobody of that name it comes back under its own name (the identity rules
    only act on a name the study already has; hypothesis found "P" renamed "P (a.qdpx)")."""
    spec = {"coders": ["c"], "participants": [{"name": name, "outcome": "won", "persona": None,
                                               "attributes": {}}],
            "codes": [{"dimension": Dimension.STEP, "name": "Step 0", "colour": "#000000",
                       "description": "", "parent": None}],
            "sources": [{"name": "S", "kind": SourceKind.INTERVIEW, "turns": [], "quotes": [],
                         "body": "Some text."}]}
    original = build(tmp_path / "a.icstudy", spec)
    copy = create(tmp_path / "b.icstudy", template="blank")
    try:
        result = import_file(copy, refi_export.export(original, tmp_path / "a.qdpx"),
                             ImportOptions(coder="importer"))
        assert result.status == "imported", result.error
        assert content(copy)["participants"] == content(original)["participants"]
        assert result.refi["participants"]["possible_matches"] == []
    finally:
        original.close()
        copy.close()
