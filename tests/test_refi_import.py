"""What a REFI-QDA project from another tool becomes: dimensions, cases and variables, notes,
source paths, line-break counting, the registry's choice."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

from interviewcoder.core.types import Dimension, Role
from interviewcoder.importers import registry
from interviewcoder.services.importing import ImportOptions, import_file
from interviewcoder.store import Study

U1 = "aaaaaaaa-0000-4000-8000-000000000001"
TEXT = "Ana: We looked at three tools.\r\nThe price page was confusing.\r\nBo: Agreed."


def _guid(n: int) -> str:
    return f"bbbbbbbb-0000-4000-8000-{n:012d}"


def _atlas_project(base: Path) -> str:
    """An ATLAS.ti-style project: no XML declaration, CRLF counted as one character, cases
    with typed variables, notes on a code, a source and a selection, three ways to give text."""
    plain = TEXT.replace("\r\n", "\n")
    start = plain.index("The price page")
    return f"""<Project xmlns="urn:QDA-XML:project:1.0" name="Deals" origin="ATLAS.ti 23.2"
    basePath="{base}">
  <Users><User guid="{U1}" name="Mia"/></Users>
  <CodeBook><Codes>
    <Code guid="{_guid(1)}" name="Steps" isCodable="false">
      <Code guid="{_guid(2)}" name="Checked pricing" isCodable="true" color="#0F0">
        <Description>Looked at a price page</Description>
        <NoteRef targetGUID="{_guid(90)}"/>
      </Code>
    </Code>
    <Code guid="{_guid(3)}" name="ANXIETY" isCodable="true"/>
    <Code guid="{_guid(4)}" name="Value Moments" isCodable="false">
      <Code guid="{_guid(5)}" name="Saw the report" isCodable="true"/>
    </Code>
    <Code guid="{_guid(6)}" name="Emotions" isCodable="true">
      <Code guid="{_guid(7)}" name="Relief/joy" isCodable="true"/>
    </Code>
  </Codes></CodeBook>
  <Variables>
    <Variable guid="{_guid(20)}" name="OUTCOME" typeOfVariable="Text"/>
    <Variable guid="{_guid(21)}" name="persona" typeOfVariable="Text"/>
    <Variable guid="{_guid(22)}" name="Seats" typeOfVariable="Integer"/>
  </Variables>
  <Cases>
    <Case guid="{_guid(30)}" name="Ana">
      <VariableValue><VariableRef targetGUID="{_guid(20)}"/><TextValue>Won</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="{_guid(21)}"/>
        <TextValue>Finance lead</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="{_guid(22)}"/><IntegerValue>40</IntegerValue></VariableValue>
      <SourceRef targetGUID="{_guid(40)}"/>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="{_guid(40)}" name="Interview Ana" plainTextPath="internal://ana.txt">
      <PlainTextSelection guid="{_guid(50)}" startPosition="{start}"
          endPosition="{start + len('The price page was confusing')}" creatingUser="{U1}"
          creationDateTime="2023-08-16T15:49:36Z">
        <Description>First memo</Description>
        <Coding guid="{_guid(60)}" creatingUser="{U1}"><CodeRef targetGUID="{_guid(2)}"/></Coding>
        <Coding guid="{_guid(61)}" creatingUser="{U1}"><CodeRef targetGUID="{_guid(3)}"/></Coding>
        <NoteRef targetGUID="{_guid(91)}"/>
      </PlainTextSelection>
      <NoteRef targetGUID="{_guid(92)}"/>
    </TextSource>
    <TextSource guid="{_guid(41)}" name="Inline"><PlainTextContent>Short inline text.</PlainTextContent>
      <PlainTextSelection guid="{_guid(51)}" startPosition="0" endPosition="5">
        <Coding guid="{_guid(62)}"><CodeRef targetGUID="{_guid(7)}"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <TextSource guid="{_guid(42)}" name="On disk" plainTextPath="relative://disk.txt"/>
    <AudioSource guid="{_guid(43)}" name="Call recording" path="internal://call.mp3"/>
  </Sources>
  <Notes>
    <Note guid="{_guid(90)}" name="n1"><PlainTextContent>Code note</PlainTextContent></Note>
    <Note guid="{_guid(91)}" name="n2"><PlainTextContent>Second memo</PlainTextContent></Note>
    <Note guid="{_guid(92)}" name="n3"><PlainTextContent>Source note</PlainTextContent></Note>
    <Note guid="{_guid(93)}" name="Loose"><PlainTextContent>Nobody's</PlainTextContent></Note>
  </Notes>
</Project>"""


def _write(tmp_path: Path) -> Path:
    base = tmp_path / "elsewhere"
    base.mkdir()
    (base / "disk.txt").write_bytes(codecs.BOM_UTF8 + b"Text kept beside the project.")
    path = tmp_path / "deals.qdpx"
    with zipfile.ZipFile(path, "w") as archive:  # the first member is a Word file
        archive.writestr("Sources/ana.docx", b"PK\x03\x04word/document.xml")
        archive.writestr("Trial.qde", _atlas_project(base))
        archive.writestr("Sources/ana.txt", codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    return path


def test_a_project_from_another_tool(blank_study: Study, tmp_path: Path) -> None:
    study = blank_study
    path = _write(tmp_path)
    assert registry.choose(path).name == "qdpx"
    result = import_file(study, path, ImportOptions(coder="tester"))
    assert result.status == "imported", result.error
    refi = result.refi
    assert refi["codes"]["dimensions"] == {"Steps": "step", "ANXIETY": "anxiety",
                                           "Value Moments": "value", "Emotions": "theme"}
    assert {"name": "Relief/joy", "as": "theme/Relief∕joy"} in refi["codes"]["renamed"]
    assert refi["sources"]["skipped"] == [
        {"name": "Call recording", "reason": "an audio source (only text sources are imported)"}]
    assert refi["sources"]["counting"]["Interview Ana"] == "UTF-16 units, CRLF as 1"
    assert refi["problems"] == ["1 note(s) attached to no code, source or selection were not "
                                "kept (first: Loose)"]
    assert refi["read_from_disk"] == [str(tmp_path / "elsewhere" / "disk.txt")]

    pricing = study.codes.find(Dimension.STEP, "Checked pricing")
    assert pricing.colour == "#00ff00" and pricing.parent_id is None
    assert pricing.description == "Looked at a price page\n\nCode note"
    anxiety = study.codes.find(Dimension.ANXIETY, "ANXIETY")  # a dimension node with codings
    assert anxiety is not None and anxiety.guid == _guid(3)
    assert study.codes.find(Dimension.VALUE, "Saw the report") is not None
    emotions = study.codes.find(Dimension.THEME, "Emotions")
    assert study.codes.find(Dimension.THEME, "Relief∕joy").parent_id == emotions.id

    ana = study.participants.by_name("Ana")
    assert (ana.outcome, ana.persona, ana.attributes) == ("won", "Finance lead", {"Seats": "40"})
    sources = {s.name: s for s in study.sources.list()}
    assert set(sources) == {"Interview Ana", "Inline", "On disk"}
    interview = sources["Interview Ana"].id
    assert study.sources.text(interview) == TEXT.replace("\r\n", "\n")
    (turn,) = study.sources.turns(interview)
    assert (turn.start, turn.end, turn.role, turn.participant_id) == (
        0, len(TEXT.replace("\r\n", "\n")), Role.PARTICIPANT, ana.id)
    assert study.sources.meta(interview)["memo"] == "Source note"
    assert study.sources.text(sources["On disk"].id) == "Text kept beside the project."
    (quote,) = study.quotes.for_source(interview)
    assert quote.text == "The price page was confusing"
    assert quote.coder == "Mia" and quote.created_at == "2023-08-16T15:49:36.000+00:00"
    assert quote.memo == "First memo\n\nSecond memo"
    assert set(quote.code_ids) == {pricing.id, anxiety.id}
    inline = study.quotes.for_source(sources["Inline"].id)
    assert [q.text for q in inline] == ["Short"] and inline[0].coder == "tester"
    assert study.participants.by_name("Inline") is not None  # a source no case claims

    again = import_file(study, path, ImportOptions(coder="tester"))
    assert again.status == "skipped" and again.message.startswith("nothing new")


def test_a_code_the_codebook_has_is_matched_by_name(study: Study, tmp_path: Path) -> None:
    template = study.codes.find(Dimension.STEP, "Checked pricing")
    result = import_file(study, _write(tmp_path))
    assert result.refi["codes"]["matched"] == 1
    assert study.codes.find(Dimension.STEP, "Checked pricing") == template
    (quote,) = [q for q in study.quotes.all() if q.text.startswith("The price page")]
    assert template.id in quote.code_ids


def test_two_coders_on_one_selection_make_two_quotes(blank_study: Study, tmp_path: Path) -> None:
    u2 = "aaaaaaaa-0000-4000-8000-000000000002"
    xml = f"""<Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="NVivo 14">
      <Users><User guid="{U1}" name="Mia"/><User guid="{u2}" name="Noa"/></Users>
      <CodeBook><Codes><Code guid="{_guid(1)}" name="A" isCodable="true"/>
      <Code guid="{_guid(2)}" name="B" isCodable="true"/></Codes></CodeBook>
      <Sources><TextSource guid="{_guid(40)}" name="S"><PlainTextContent>one two</PlainTextContent>
        <PlainTextSelection guid="{_guid(50)}" startPosition="0" endPosition="3">
          <Coding guid="{_guid(60)}" creatingUser="{U1}"><CodeRef targetGUID="{_guid(1)}"/></Coding>
          <Coding guid="{_guid(61)}" creatingUser="{u2}"><CodeRef targetGUID="{_guid(2)}"/></Coding>
        </PlainTextSelection></TextSource></Sources></Project>"""
    path = tmp_path / "two.qde"
    path.write_text(xml, encoding="utf-8")
    result = import_file(blank_study, path)
    assert result.status == "imported", result.error
    quotes = sorted(blank_study.quotes.all(), key=lambda q: q.coder)
    assert [(q.coder, q.text, len(q.code_ids)) for q in quotes] == [("Mia", "one", 1),
                                                                    ("Noa", "one", 1)]
    assert quotes[0].guid == _guid(50)
    assert import_file(blank_study, path).status == "skipped"
    assert blank_study.quotes.count() == 2


def test_a_word_document_is_still_a_word_document(tmp_path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Ana: hello")
    doc.save(tmp_path / "t.docx")
    assert registry.choose(tmp_path / "t.docx").name == "docx"
    assert "REFI-QDA projects (*.qdpx *.qdc *.qde)" in registry.dialog_filter()


def test_source_files_are_found_however_the_zip_names_them(tmp_path: Path) -> None:
    from interviewcoder.importers.base import ReadLimits
    from interviewcoder.importers.refi_archive import RefiArchive

    path = tmp_path / "names.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", "<Project/>")
        archive.writestr("Sources\\My file.txt", "a")
        archive.writestr("sources/b.txt", "b")
        archive.writestr("deep/inside/c.txt", "c")
    refi = RefiArchive(path, ReadLimits())
    try:
        assert refi.find("My%20file.txt") == "Sources\\My file.txt"
        assert refi.find("B.TXT") == "sources/b.txt"
        assert refi.find("sources/b.txt") == "sources/b.txt"
        assert refi.find("c.txt") == "deep/inside/c.txt"
        assert refi.find("d.txt") is None
        assert refi.project_member() == "project.qde"
    finally:
        refi.close()


def test_a_case_named_like_a_participant_is_not_joined_unless_you_say_so(study: Study,
                                                                          tmp_path: Path) -> None:
    """Issue 11's identity rules hold for REFI-QDA too: a case (or a source no case claims)
    with the name of a participant already in the study is a possible match, reported, and
    kept apart; with --same-person it is that participant."""
    from tests.builders import add_source

    add_source(study, "Earlier call", [("Ana", "participant", "Ana", "We use spreadsheets.")])
    ours = study.participants.by_name("Ana")
    result = import_file(study, _write(tmp_path), ImportOptions(coder="tester"))
    assert result.status == "imported", result.error
    matches = result.refi["participants"]["possible_matches"]
    assert {"name": "Ana", "as": "Ana (deals.qdpx)", "possibly": "Ana",
            "why": "same name (a first name only)"} in matches
    assert "1 possible match kept apart (first: Ana as Ana (deals.qdpx)" in result.message
    assert study.participants.by_name("Ana") == ours  # untouched: no outcome, persona from the file
    theirs = study.participants.by_name("Ana (deals.qdpx)")
    assert (theirs.outcome, theirs.persona) == ("won", "Finance lead")
    interview = next(s for s in study.sources.list() if s.name == "Interview Ana")
    assert {t.participant_id for t in study.sources.turns(interview.id)} == {theirs.id}

    (tmp_path / "again").mkdir()
    other = Study.create(tmp_path / "joined.icstudy")
    try:
        add_source(other, "Earlier call", [("Ana", "participant", "Ana", "We use spreadsheets.")])
        joined = import_file(other, _write(tmp_path / "again"), ImportOptions(coder="tester",
                                                                               same_person=True))
        assert joined.status == "imported" and joined.refi["participants"]["possible_matches"] == []
        ana = other.participants.by_name("Ana")
        assert (ana.outcome, ana.persona) == ("won", "Finance lead")  # the file's fields joined her
        assert other.participants.by_name("Ana (deals.qdpx)") is None
    finally:
        other.close()
