"""``interviewcoder export STUDY OUT.qdpx|OUT.qdc``: what the project holds, validated against
the REFI-QDA schema; what is refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from refi_schema import assert_valid, codebook_schema, project_schema

from interviewcoder.services import coding, refi_export
from interviewcoder.services.demo import build_demo
from interviewcoder.store import Study
from tests.builders import run_cli

Q = "{urn:QDA-XML:project:1.0}"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:  # noqa: ANN001
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.icstudy")


def test_cli_export_of_the_demo_study_is_a_valid_project(demo: Path, tmp_path: Path,
                                                        capsys) -> None:  # noqa: ANN001
    with Study.open(demo) as study:
        before = list(study.db.conn.iterdump())
    out = tmp_path / "demo.qdpx"
    code, stdout, _ = run_cli(capsys, "export", str(demo), str(out))
    assert code == 0 and f"wrote {out}" in stdout
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("project.qde")
        members = set(archive.namelist())
        assert_valid(project_schema(), xml)
        root = etree.fromstring(xml)
        with Study.open(demo) as study:
            assert list(study.db.conn.iterdump()) == before  # exporting changes nothing
            coders = study.quotes.coders()
            quotes = study.quotes.all()
            sources = study.sources.list()
            participants = study.participants.list()
            turns = sum(len(study.sources.turns(s.id)) for s in sources)
            texts = {s.id: study.sources.text(s.id) for s in sources}
        assert sorted(u.get("name") for u in root.iter(f"{Q}User")) == coders
        dims = root.findall(f"{Q}CodeBook/{Q}Codes/{Q}Code")
        assert {d.get("isCodable") for d in dims} == {"false"}
        assert {d.get("name") for d in dims} >= {"Steps", "Anxieties", "Influences"}
        assert len(root.findall(f"{Q}Cases/{Q}Case")) == len(participants)
        assert {v.get("name") for v in root.iter(f"{Q}Variable")} >= {"Outcome", "Persona"}
        text_sources = root.findall(f"{Q}Sources/{Q}TextSource")
        assert len(text_sources) == len(sources)
        assert len(root.findall(f".//{Q}PlainTextSelection")) == turns + len(quotes)
        assert len(root.findall(f".//{Q}Coding")) == sum(len(q.code_ids) for q in quotes)
        for source in text_sources:
            member = f"sources/{source.get('plainTextPath').removeprefix('internal://')}"
            assert member in members
            data = archive.read(member)
            assert not data.startswith(b"\xef\xbb\xbf")
            data.decode("utf-8")
    assert len(texts) == len(text_sources)


def test_a_quote_memo_travels_as_a_note(study: Study, tmp_path: Path) -> None:
    from tests.builders import add_source

    sid, spans = add_source(study, "I", [("Ana", "participant", "Ana", "Budget was tight.")])
    code = study.codes.list()[0]
    coding.add_quote(study, sid, *spans[0], [code.id], "cp", memo="Ask about Q3")
    out = refi_export.export(study, tmp_path / "memo.qdpx")
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("project.qde")
    assert_valid(project_schema(), xml)
    root = etree.fromstring(xml)
    (note,) = root.findall(f"{Q}Notes/{Q}Note")
    assert note.findtext(f"{Q}PlainTextContent") == "Ask about Q3"
    refs = [r.get("targetGUID") for r in root.iter(f"{Q}NoteRef")]
    assert refs == [note.get("guid")]


def test_codebook_export_is_a_valid_qdc(study: Study, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    out = tmp_path / "codes.qdc"
    study.close()
    code, _, _ = run_cli(capsys, "export", str(tmp_path / "test.icstudy"), str(out))
    assert code == 0
    data = out.read_bytes()
    assert_valid(codebook_schema(), data)
    root = etree.fromstring(data)
    assert root.get("origin").startswith("interviewcoder ")
    assert len(root.findall(".//{*}Code")) > 20


@pytest.mark.parametrize("args, words", [
    (["--persona", "Ops"], "filters do not apply"),
    (["--quotes"], "--quotes goes with a .csv"),
])
def test_refused_options_give_one_line(study: Study, tmp_path: Path, capsys, args, words) -> None:  # noqa: ANN001
    study.close()
    out = tmp_path / "x.qdpx"
    code, _, err = run_cli(capsys, "export", str(tmp_path / "test.icstudy"), str(out), *args)
    assert code == 2 and words in err and err.count("\n") == 1
    assert not out.exists()


def test_an_empty_codebook_is_not_exported(blank_study: Study, tmp_path: Path) -> None:
    from interviewcoder.core.errors import InvalidInput

    with pytest.raises(InvalidInput, match="codebook is empty"):
        refi_export.export(blank_study, tmp_path / "none.qdc")
    assert not (tmp_path / "none.qdc").exists()


@pytest.mark.parametrize("values, kind", [
    (["true", "false"], "Boolean"), (["1", "-20", "+3"], "Integer"), (["1.5", "2"], "Float"),
    (["2024-02-29"], "Date"), (["2024-02-30"], "Text"), (["2024-01-01T10:00:00Z"], "DateTime"),
    (["yes", "no"], "Text"), (["1", "x"], "Text"), ([], "Text"),
])
def test_variable_types_are_the_narrowest_that_holds_every_value(values, kind) -> None:  # noqa: ANN001
    assert refi_export.variable_type(values) == kind
