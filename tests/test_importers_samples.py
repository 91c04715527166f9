"""Every shared sample file (except .qdc/.qdpx) read by its importer.

The expected numbers were counted from the raw files with other tools, not from this code:
- VTT cues: ``grep -c -- '-->' FILE``; turns and speakers: an awk pass over the line after each
  timing line (``Name: `` prefix, no prefix = same speaker, count speaker changes).
- DOCX turns: python-docx paragraphs matching ``.+  \\d\\d:\\d\\d`` (Otter's speaker line).
- TXT turns: ``grep -c '^\\[id'``; SRT cues: ``grep -c -- '-->'``.
- CSV respondents/open columns: ``csv.reader`` rows after the header rows; open columns are the
  ``*_TEXT`` columns whose answers are long lorem-ipsum text, answers counted without ``-99``.
"""

from __future__ import annotations

import csv

from importer_helpers import needs_samples, read, sample, turn_texts

from interviewcoder.core.types import ParsedSurvey, ParsedTranscript

pytestmark = needs_samples


def _by_start(parsed: ParsedTranscript, start_ms: int):
    return next(t for t in parsed.turns if t.start_ms == start_ms)


def test_zoom_vtt_research_meeting():
    parsed = read(sample("vtt_zoom_cip_test_transcript.vtt"))
    assert isinstance(parsed, ParsedTranscript)
    assert parsed.meta["cues"] == 284
    assert len(parsed.turns) == 80
    assert sorted(parsed.speakers) == ["Ashlee Kupor (SL)", "Dora Demszky"]
    first, second = parsed.turns[:2]
    assert (first.speaker, first.start_ms) == ("Ashlee Kupor (SL)", 510)
    assert parsed.text[first.start : first.end] == "Let's do that"
    # cue 3 has no speaker: it continues Dora's turn, and cues 2-6 are one turn
    assert second.speaker == "Dora Demszky" and second.start_ms == 1790
    assert parsed.text[second.start : second.end] == (
        "by, too. We? And then No, it's gonna. I think it's transcribing. Yeah, I think it is. "
        "It's transcribing stuff. So yeah, i'll send you what I have after this."
    )
    assert "Every like 15\u00a0min or so" in parsed.text  # NBSP kept
    last = parsed.turns[-1]
    assert parsed.text[last.start : last.end].endswith("awesome. All right, Talk to you soon.")


def test_zoom_vtt_class_session_crlf_and_unicode_names():
    parsed = read(sample("vtt_zoom_preasync_class_transcript.vtt"))
    assert parsed.meta["cues"] == 928
    assert len(parsed.turns) == 186
    assert len(parsed.speakers) == 20
    assert {"Dominik Böhler", "OSARODION OHENZUWA", "Naina", "Saurabh Swaroop’s iPad"} <= set(
        parsed.speakers)
    assert "\r" not in parsed.text
    ipad = _by_start(parsed, (41 * 60 + 28) * 1000 + 830)
    assert ipad.speaker == "Saurabh Swaroop’s iPad"
    assert parsed.text[ipad.start : ipad.end] == "yeah."
    osa = _by_start(parsed, (3600 + 32 * 60 + 17) * 1000 + 190)
    assert osa.speaker == "OSARODION OHENZUWA"
    assert parsed.text[osa.start : osa.end].startswith("We we are, we are ready.")


def test_otter_docx_export():
    parsed = read(sample("docx_otter_IvyNet_20260505_Paper_Directions_9_otter_ai_transcript.docx"))
    assert parsed.format == "docx"
    assert parsed.title == "20260505_Paper_Directions_9"
    assert len(parsed.turns) == 32
    assert sorted(parsed.speakers) == ["Alex Gates", "Charles Levine", "Speaker 1"]
    texts = turn_texts(parsed)
    assert texts[0] == "Okay, first part, you want me to do…"
    assert (parsed.turns[0].speaker, parsed.turns[0].start_ms) == ("Charles Levine", 3000)
    assert texts[-1] == "all right. Power through. I."
    assert parsed.turns[-1].start_ms == (3 * 60 + 5) * 1000
    # the header block is metadata, never a turn; the footer is not read
    assert "SUMMARY KEYWORDS" not in parsed.text and "SPEAKERS" not in parsed.text
    assert "Transcribed by" not in parsed.text
    assert parsed.meta["speakers"] == "Alex Gates, Charles Levine, Speaker 1"


def test_otter_derived_research_interview_docx():
    parsed = read(sample("docx_mannheimer_DC03_transcript_deidentified.docx"))
    assert len(parsed.turns) == 71
    assert sorted(parsed.speakers) == ["DC03", "Sara Mannheimer"]
    texts = turn_texts(parsed)
    assert texts[0].startswith("Okay, so to start us out, can you tell me about the types of")
    # a redaction in brackets stays text of its turn, not a bracketed speaker
    assert texts[2] == "[Redacted -- brief discussion of the details of DC03's workplace]"
    assert parsed.turns[2].speaker == "Sara Mannheimer"
    assert texts[-1] == "Thank you. Bye."
    assert parsed.turns[-1].start_ms == (42 * 60 + 56) * 1000
    assert "otter.ai" not in parsed.text


def test_plain_docx_without_speakers_is_one_turn():
    parsed = read(sample("docx_qualcoder_Examples_ID1.docx"))
    assert len(parsed.turns) == 1 and parsed.speakers == []
    assert parsed.text.startswith("I really like learning new things.")
    assert "€" in parsed.text
    assert parsed.turns[0].start == 0 and parsed.turns[0].end == len(parsed.text)


def test_bracketed_ids_txt():
    parsed = read(sample("txt_bracket-ids_qualcoder_Examples_transcript.txt"))
    assert len(parsed.turns) == 7
    assert parsed.speakers == ["id1", "id2", "id3"]
    texts = turn_texts(parsed)
    assert texts[0].startswith("hello, I like the course.")
    assert texts[-1] == "Hmm, I will ask the tutor for more help as I am really struggling."
    assert [t.speaker for t in parsed.turns] == ["id1", "id2", "id3", "id1", "id3", "id1", "id2"]
    assert "[id" not in parsed.text


def test_srt_without_speakers_keeps_each_cue_and_time():
    parsed = read(sample("srt_webvtt-py_sample.srt"))
    assert parsed.format == "srt"
    assert turn_texts(parsed) == [f"Caption text #{n}" for n in range(1, 6)]
    assert [t.start_ms for t in parsed.turns] == [500, 7000, 11890, 16320, 21580]
    assert parsed.speakers == []


def _csv_rows(name: str) -> list[list[str]]:
    with sample(name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_qualtrics_legacy_export():
    name = "csv_qualtrics_legacy-export_qualtRics_sample_legacy.csv"
    parsed = read(sample(name))
    assert isinstance(parsed, ParsedSurvey) and parsed.format == "qualtrics"
    assert len(_csv_rows(name)) - 2 == len(parsed.respondents) == 1
    respondent = parsed.respondents[0]
    assert respondent.id == "R_2YPOQ602ER1jkf1"
    assert respondent.attributes["ResponseSet"] == "Standard-Antwortsatz"
    assert respondent.attributes["Q1"] == "2"
    assert "" not in respondent.attributes  # the trailing comma's empty column is dropped
    assert [(q.column, q.text) for q in parsed.questions] == [
        ("Q2", "This is a free text question.")]
    assert parsed.questions[0].answers == (("R_2YPOQ602ER1jkf1", "Hello World!"),)


def test_qualtrics_text_entry_export_with_dict_import_ids():
    name = "csv_qualtrics_QualtricsTools_Questions_with_Text_Entry_Components.csv"
    parsed = read(sample(name))
    rows = _csv_rows(name)
    assert parsed.format == "qualtrics"
    assert len(parsed.respondents) == len(rows) - 3 == 15
    columns = rows[0]
    open_columns = [c for c in columns if c.endswith("_TEXT")]
    assert [q.column for q in parsed.questions] == open_columns
    for question in parsed.questions:
        i = columns.index(question.column)
        expected = [(r[0], r[i]) for r in rows[3:] if r[i] not in ("", "-99")]
        assert list(question.answers) == expected
    first = parsed.questions[0]
    assert first.text == rows[1][columns.index(first.column)]
    assert len(first.answers) == 3  # the other 12 cells are -99 or empty
    assert "MCSA_single_text" in parsed.respondents[0].attributes


def test_google_forms_dutch_day_first_no_open_text():
    name = "csv_googleforms_Top10_Eurovision_2025_Responses.csv"
    parsed = read(sample(name))
    assert parsed.format == "googleforms"
    assert len(parsed.respondents) == 3
    assert parsed.questions == ()  # short answers only
    first = parsed.respondents[0].attributes
    assert first["Timestamp"] == "16/05/2025 14:11:48"
    assert first["Naam?"] == "Thomas" and first["10de plaats?"] == "Ukraine"
    assert parsed.respondents[2].attributes["10de plaats?"] == "Netherlands"  # no final newline
