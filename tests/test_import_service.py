"""The import use case on real study files: roles, participants, transactions, surveys."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from importer_helpers import needs_samples, sample

from interviewcoder.core.types import Dimension, Role
from interviewcoder.importers.base import ReadLimits, SurveyOptions
from interviewcoder.services import codebook, coding
from interviewcoder.services import participants as participant_service
from interviewcoder.services.importing import (
    ImportOptions,
    import_file,
    import_files,
    parse_outcome_map,
)

CODER = "tester"


def _text(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _csv(tmp_path: Path, name: str, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def snapshot(study) -> tuple:
    """Everything an import could leave behind."""
    sources = study.sources.summaries()
    texts = [study.sources.text(s["id"]) for s in sources]
    turns = [study.sources.turns(s["id"]) for s in sources]
    return sources, texts, turns, study.participants.list(), study.history()


def _turn_texts(study, source_id: int) -> list[str]:
    text = study.sources.text(source_id)
    return [text[t.start : t.end] for t in study.sources.turns(source_id)]


INTERVIEW = "Interviewer: How did you hear of us?\nMaria: From a peer on Slack.\n" \
            "Interviewer: And then?\nMaria: I compared three vendors.\n"


def test_transcript_default_interviewer_and_participant(blank_study, tmp_path):
    result = import_file(blank_study, _text(tmp_path, "maria.txt", INTERVIEW))
    assert result.status == "imported" and result.error is None and result.format == "txt"
    assert result.speakers == [{"name": "Interviewer", "role": "interviewer"},
                               {"name": "Maria", "role": "participant"}]
    assert result.participants == ["Maria"]
    (source,) = result.sources
    assert source["turns"] == 4 and source["words"] == len(blank_study.sources.text(source["id"]).split())
    turns = blank_study.sources.turns(source["id"])
    maria = blank_study.participants.by_name("Maria")
    assert [(t.role, t.participant_id) for t in turns] == [
        (Role.INTERVIEWER, None), (Role.PARTICIPANT, maria.id)] * 2
    assert _turn_texts(blank_study, source["id"])[1] == "From a peer on Slack."
    assert blank_study.history()[0]["action"] == "import"


def test_named_interviewer_participant_outcome_persona(blank_study, tmp_path):
    path = _text(tmp_path, "call.txt", "Sam: Why did you leave?\nLee: Price.\nSam: Thanks.\n")
    options = ImportOptions(interviewers=("sam",), participant="Acme buyer", outcome="Lost",
                            persona="Ops lead")
    result = import_file(blank_study, path, options)
    assert result.speakers == [{"name": "Sam", "role": "interviewer"},
                               {"name": "Lee", "role": "participant"}]
    person = blank_study.participants.by_name("Acme buyer")
    assert (person.outcome, person.persona) == ("lost", "Ops lead")
    turns = blank_study.sources.turns(result.sources[0]["id"])
    assert [t.participant_id for t in turns] == [None, person.id, None]
    assert blank_study.participants.by_name("Lee") is None


def test_speakers_join_existing_participants_only_when_told_they_are_the_same_person(
        blank_study, tmp_path):
    import_file(blank_study, _text(tmp_path, "a.txt", INTERVIEW))
    second = import_file(blank_study, _text(tmp_path, "b.txt", INTERVIEW + "Maria: More.\n"))
    assert second.participants == ["Maria (b)"]
    assert second.matches == [{"speaker": "Maria", "participant": "Maria (b)",
                               "possible_match": "Maria",
                               "reason": "same name (a first name only)"}]
    third = import_file(blank_study, _text(tmp_path, "c.txt", INTERVIEW + "Maria: Again.\n"),
                        ImportOptions(same_person=True))
    assert third.participants == ["Maria"] and third.matches == []
    assert [p.name for p in blank_study.participants.list()] == ["Maria", "Maria (b)"]


def test_text_without_speakers_belongs_to_one_participant(blank_study, tmp_path):
    result = import_file(blank_study, _text(tmp_path, "note.txt", "Just one answer."),
                         ImportOptions(participant="P7"))
    turn = blank_study.sources.turns(result.sources[0]["id"])[0]
    assert turn.participant_id == blank_study.participants.by_name("P7").id
    assert turn.role == Role.PARTICIPANT


def test_same_file_is_skipped_unless_forced(blank_study, tmp_path):
    path = _text(tmp_path, "maria.txt", INTERVIEW)
    first = import_file(blank_study, path)
    again = import_file(blank_study, path)
    assert again.status == "skipped" and again.error is None
    assert f"source {first.sources[0]['id']}" in again.message
    assert blank_study.sources.count() == 1
    forced = import_file(blank_study, path, ImportOptions(force=True))
    assert forced.status == "imported" and blank_study.sources.count() == 2


def _bad_files(tmp_path: Path) -> list[tuple[Path, str, ImportOptions]]:
    files = [
        (tmp_path / "empty.txt", b"", "empty"),
        (tmp_path / "bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 4, "binary"),
        (tmp_path / "bad.docx", b"PK\x03\x04junkjunkjunk" * 20, "corrupt"),
        (tmp_path / "locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "encrypted"),
        (tmp_path / "what.xyz", b"hello", "unknown format"),
        (tmp_path / "big.txt", b"Interviewer: hi\n" * 200, "over the"),
    ]
    out = []
    for path, data, reason in files:
        path.write_bytes(data)
        out.append((path, reason, ImportOptions(limits=ReadLimits(max_bytes=2000))))
    bomb = tmp_path / "bomb.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (4 * 1024 * 1024))
    bomb.write_bytes(buffer.getvalue())
    out.append((bomb, "zip bomb", ImportOptions(limits=ReadLimits(max_unzipped_bytes=1 << 20))))
    return out


def test_each_bad_input_is_reported_and_leaves_the_study_unchanged(blank_study, tmp_path):
    import_file(blank_study, _text(tmp_path, "ok.txt", INTERVIEW))
    before = snapshot(blank_study)
    for path, reason, options in _bad_files(tmp_path):
        result = import_file(blank_study, path, options)
        assert result.status == "error", path
        assert result.error.startswith(f"{path.name}: ") and reason in result.error
        assert "\n" not in result.error
        assert (result.sources, result.participants) == ([], [])
        assert snapshot(blank_study) == before, path


def test_a_failure_while_writing_rolls_the_whole_file_back(blank_study, tmp_path, monkeypatch):
    before = snapshot(blank_study)

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(blank_study.sources, "add_turns", broken)
    result = import_file(blank_study, _text(tmp_path, "maria.txt", INTERVIEW))
    assert result.status == "error" and "disk on fire" in result.error
    assert snapshot(blank_study) == before  # no source, no participant Maria, no log entry


def test_batch_keeps_the_good_files(blank_study, tmp_path):
    good1 = _text(tmp_path, "one.txt", INTERVIEW)
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip at all")
    good2 = _text(tmp_path, "two.txt", "Q: Why?\nKim: Because.\n")
    seen: list[tuple[int, int, str]] = []
    results = import_files(blank_study, [good1, bad, good2],
                           progress=lambda d, t, m: seen.append((d, t, m)))
    assert [r.status for r in results] == ["imported", "error", "imported"]
    assert blank_study.sources.count() == 2
    assert (0, 3, "Importing one.txt") in seen and seen[-1] == (3, 3, "Done")
    assert results[2].speakers[0] == {"name": "Q", "role": "interviewer"}


def test_cancelled_from_progress_keeps_nothing(blank_study, tmp_path):
    from interviewcoder.core.errors import Cancelled

    def cancel(done, total, message):
        raise Cancelled("import cancelled")

    before = snapshot(blank_study)
    result = import_file(blank_study, _text(tmp_path, "m.txt", INTERVIEW), progress=cancel)
    assert result.status == "skipped" and "cancelled" in result.message
    assert snapshot(blank_study) == before


def test_speaker_mapping_changed_after_import(blank_study, tmp_path):
    result = import_file(blank_study, _text(tmp_path, "m.txt", INTERVIEW))
    source_id = result.sources[0]["id"]
    text = blank_study.sources.text(source_id)
    start = text.index("I compared")
    code_id = codebook.add_code(blank_study, Dimension.STEP, "Compared vendors", CODER).result
    coding.add_quote(blank_study, source_id, start, start + 10, [code_id], CODER)
    other = participant_service.add_participant(blank_study, "Maria Lopez", CODER).result
    participant_service.map_speaker(blank_study, source_id, "Maria", Role.PARTICIPANT, other,
                                    CODER)
    owners = {t.participant_id for t in blank_study.sources.turns(source_id)
              if t.start <= start < t.end}
    assert owners == {other}


@needs_samples
def test_zoom_sample_with_named_interviewer(blank_study):
    path = sample("vtt_zoom_cip_test_transcript.vtt")
    result = import_file(blank_study, path, ImportOptions(interviewers=("Ashlee Kupor (SL)",)))
    assert result.format == "vtt" and result.sources[0]["turns"] == 80
    turns = blank_study.sources.turns(result.sources[0]["id"])
    dora = blank_study.participants.by_name("Dora Demszky")
    assert {t.participant_id for t in turns if t.speaker == "Dora Demszky"} == {dora.id}
    assert {t.role for t in turns if t.speaker == "Ashlee Kupor (SL)"} == {Role.INTERVIEWER}
    assert turns[1].start_ms == 1790
    assert blank_study.participants.by_name("Ashlee Kupor (SL)") is None


@needs_samples
def test_every_sample_imports(blank_study, samples):
    files = sorted(p for p in samples.iterdir() if p.suffix in
                   {".vtt", ".srt", ".txt", ".docx", ".csv"})
    results = import_files(blank_study, files)
    assert [r.status for r in results] == ["imported"] * len(files), [r.error for r in results]


@needs_samples
def test_qualtrics_sample_into_participants_and_sources(blank_study):
    name = "csv_qualtrics_QualtricsTools_Questions_with_Text_Entry_Components.csv"
    with sample(name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    result = import_file(blank_study, sample(name))
    assert result.format == "qualtrics"
    assert result.participants == [r[0] for r in rows[3:]]
    open_columns = [c for c in rows[0] if c.endswith("_TEXT")]
    assert len(result.sources) == len(open_columns) == 12
    for info, column in zip(result.sources, open_columns, strict=True):
        i = rows[0].index(column)
        answers = [(r[0], r[i]) for r in rows[3:] if r[i] not in ("", "-99")]
        turns = blank_study.sources.turns(info["id"])
        assert info["turns"] == len(turns) == len(answers)
        assert _turn_texts(blank_study, info["id"]) == [a for _, a in answers]
        names = {p.id: p.name for p in blank_study.participants.list()}
        assert [names[t.participant_id] for t in turns] == [rid for rid, _ in answers]
        assert {t.role for t in turns} == {Role.ANSWER}
    first = blank_study.participants.by_name(rows[3][0])
    assert first.attributes["MCSA_single_text"] == rows[3][rows[0].index("MCSA_single_text")]


LONG = ["The integration took far longer than the sales rep promised us.",
        "Our peers on Slack recommended it, so we trialed it for a month.",
        "Security review stalled everything; nobody warned us about it at all.",
        "The add-ons made the final quote much higher than the list price."]


def _exit_survey(tmp_path, name, rows):
    return _csv(tmp_path, name, [["ResponseId", "Bought?", "Role", "Why?"], *rows])


def test_survey_outcome_map_and_persona(blank_study, tmp_path):
    path = _exit_survey(tmp_path, "exit.csv", [["R_1", "Yes", "CTO", LONG[0]],
                                              ["R_2", "No", "Ops", LONG[1]],
                                              ["R_3", "Maybe", "Ops", "-99"]])
    options = ImportOptions(outcome_column="Bought?", outcome_map=parse_outcome_map("Yes=won,No=lost"),
                            persona_column="Role")
    result = import_file(blank_study, path, options)
    people = {p.name: p for p in blank_study.participants.list()}
    assert {n: (p.outcome, p.persona) for n, p in people.items()} == {
        "R_1": ("won", "CTO"), "R_2": ("lost", "Ops"), "R_3": ("unknown", "Ops")}
    assert people["R_1"].attributes == {"Bought?": "Yes", "Role": "CTO", "ResponseId": "R_1",
                                        "Survey": "exit", "Survey file": "exit.csv"}
    assert [s["turns"] for s in result.sources] == [2]


def test_survey_unknown_outcome_column_is_an_error_and_changes_nothing(blank_study, tmp_path):
    path = _exit_survey(tmp_path, "exit.csv", [["R_1", "Yes", "CTO", LONG[0]]])
    before = snapshot(blank_study)
    result = import_file(blank_study, path, ImportOptions(outcome_column="Nope"))
    assert result.status == "error" and "no column named 'Nope'" in result.error
    assert snapshot(blank_study) == before


def test_survey_reimport_adds_only_what_is_new(blank_study, tmp_path):
    old = _exit_survey(tmp_path, "export-may.csv", [["R_1", "Yes", "CTO", LONG[0]],
                                                   ["R_2", "No", "Ops", LONG[1]]])
    first = import_file(blank_study, old)
    source_id = first.sources[0]["id"]
    old_text = blank_study.sources.text(source_id)
    old_turns = blank_study.sources.turns(source_id)
    start = old_text.index("Slack")
    code_id = codebook.add_code(blank_study, Dimension.INFLUENCE, "Slack", CODER).result
    quote_id = coding.add_quote(blank_study, source_id, start, start + 5, [code_id], CODER).result
    newer = _exit_survey(tmp_path, "export-june.csv", [["R_1", "Yes", "CTO", "edited answer"],
                                                      ["R_2", "No", "Ops", LONG[1]],
                                                      ["R_3", "No", "CFO", LONG[2]]])
    second = import_file(blank_study, newer)
    assert second.status == "imported"
    assert second.sources == [{"id": source_id, "name": first.sources[0]["name"], "turns": 1,
                               "words": len(LONG[2].split())}]
    text = blank_study.sources.text(source_id)
    assert text.startswith(old_text) and text.endswith(LONG[2])
    turns = blank_study.sources.turns(source_id)
    assert turns[: len(old_turns)] == old_turns
    assert text[turns[-1].start : turns[-1].end] == LONG[2]
    quote = blank_study.quotes.get(quote_id)
    assert (quote.start, quote.end, quote.text) == (start, start + 5, "Slack")
    assert blank_study.sources.count() == 1 and blank_study.participants.count() == 3
    again = import_file(blank_study, tmp_path / "export-june.csv", ImportOptions(force=True))
    assert again.status == "skipped" and "nothing new" in again.message
    assert blank_study.sources.text(source_id) == text


def test_surveys_without_id_column_do_not_share_respondents(blank_study, tmp_path):
    import_file(blank_study, _csv(tmp_path, "a.csv", [["Comment"], [LONG[0]], [LONG[1]]]))
    import_file(blank_study, _csv(tmp_path, "b.csv", [["Feedback"], *[[x] for x in LONG[:3]]]),
                ImportOptions(survey=SurveyOptions(flavour="generic")))
    people = sorted(blank_study.participants.list(), key=lambda p: p.name)
    # rows of a.csv are R-0001, R-0002; b.csv's row 1 cannot be R-0001 again: next free numbers
    assert [(p.name, p.attributes["Survey"], p.attributes["Survey row"]) for p in people] == [
        ("R-0001", "a", "1"), ("R-0002", "a", "2"),
        ("R-0003", "b", "1"), ("R-0004", "b", "2"), ("R-0005", "b", "3")]


def test_parse_outcome_map_rejects_junk():
    assert parse_outcome_map("Yes=Won, No = lost") == {"Yes": "won", "No": "lost"}
    with pytest.raises(Exception, match="not VALUE=OUTCOME"):
        parse_outcome_map("Yes")


def test_surveymonkey_respondent_ids_name_participants(blank_study, tmp_path):
    path = _csv(tmp_path, "monkey.csv", [
        ["Respondent ID", "Collector ID", "What almost stopped you?"],
        ["", "", "Open-Ended Response"],
        ["11401234567", "4242", LONG[0]],
        ["11401234568", "4242", LONG[1]],
    ])
    result = import_file(blank_study, path)
    assert result.format == "surveymonkey"
    assert result.participants == ["11401234567", "11401234568"]
    assert blank_study.participants.by_name("11401234567").attributes == {
        "Collector ID": "4242", "Respondent ID": "11401234567", "Survey": "monkey",
        "Survey file": "monkey.csv"}


def test_generic_speaker_labels_do_not_merge_people_across_interviews(blank_study, tmp_path):
    text = "Interviewer: Why?\nSpeaker 1: Price.\nParticipant: Support.\n"
    import_file(blank_study, _text(tmp_path, "call-a.txt", text))
    result = import_file(blank_study, _text(tmp_path, "call-b.txt", text + "Interviewer: Ok.\n"))
    assert result.participants == ["Speaker 1 (call-b)", "Participant (call-b)"]
    assert result.speakers[1] == {"name": "Speaker 1", "role": "participant"}
    assert blank_study.participants.count() == 4
