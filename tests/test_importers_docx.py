"""Word documents built with python-docx: paragraphs, tables, content controls, headers."""

from __future__ import annotations

import copy

import docx
from docx.oxml.ns import qn
from importer_helpers import read, turn_texts


def _save(document, tmp_path, name="t.docx"):
    path = tmp_path / name
    document.save(path)
    return path


def test_paragraph_turns_and_header_footer_skipped(tmp_path):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "ACME research – confidential"
    document.sections[0].footer.paragraphs[0].text = "Interviewer: page 1"
    for line in ("Interviewer: What made you look?", "Lina: Our CFO asked for it.",
                 "Transcribed by https://otter.ai", "Interviewer: Thanks."):
        document.add_paragraph(line)
    parsed = read(_save(document, tmp_path))
    assert [t.speaker for t in parsed.turns] == ["Interviewer", "Lina", "Interviewer"]
    assert turn_texts(parsed) == ["What made you look?", "Our CFO asked for it.", "Thanks."]
    assert "confidential" not in parsed.text and "page 1" not in parsed.text


def test_table_rows_as_speaker_and_text(tmp_path):
    document = docx.Document()
    document.add_paragraph("Interview 4")
    table = document.add_table(rows=0, cols=2)
    for speaker, text in (("Interviewer", "Who decided?"), ("Tom", "The board, in the end."),
                          ("Interviewer", "When?"), ("Tom", "Last quarter.")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = speaker, text
    parsed = read(_save(document, tmp_path))
    assert [t.speaker for t in parsed.turns] == [None, "Interviewer", "Tom", "Interviewer", "Tom"]
    assert turn_texts(parsed)[0] == "Interview 4"
    assert turn_texts(parsed)[2] == "The board, in the end."


def test_paragraphs_inside_content_controls(tmp_path):
    document = docx.Document()
    document.add_paragraph("Q: Why?")
    inner = document.add_paragraph("Ravi: Because of the price.")
    sdt = document.element.body.makeelement(qn("w:sdt"), {})
    content = sdt.makeelement(qn("w:sdtContent"), {})
    content.append(copy.deepcopy(inner._p))
    sdt.append(content)
    inner._p.addprevious(sdt)
    inner._p.getparent().remove(inner._p)
    document.add_paragraph("Q: Thanks.")
    parsed = read(_save(document, tmp_path))
    assert [t.speaker for t in parsed.turns] == ["Q", "Ravi", "Q"]
    assert turn_texts(parsed)[1] == "Because of the price."


def test_empty_document_is_refused(tmp_path):
    import pytest

    from interviewcoder.core.errors import ImportFailed

    with pytest.raises(ImportFailed, match="no text"):
        read(_save(docx.Document(), tmp_path))
