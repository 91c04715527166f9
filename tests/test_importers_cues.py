"""WebVTT (Zoom, Teams) and SRT: cues → turns with speakers and start times."""

from __future__ import annotations

import pytest
from importer_helpers import read, turn_texts

from interviewcoder.core.errors import ImportFailed

TEAMS = """WEBVTT

b0f3c1de-8a8e-4f2e-9d6c-4c2d1a7e9f10/12-0
0:0:0.570 --> 0:0:3.210
<v Jane Doe>So tell me how you</v>

b0f3c1de-8a8e-4f2e-9d6c-4c2d1a7e9f10/12-1
0:0:3.210 --> 0:0:5.100
<v Jane Doe>first heard about us.</v>

c1d2e3f4-0000-4000-8000-000000000000/3-0
0:0:6.5 --> 0:0:9.0
<v Omar Haddad>A friend &amp; a <i>blog</i> post.</v>

NOTE this is a note, not a cue

c1d2e3f4-0000-4000-8000-000000000000/3-1
0:1:2.250 --> 0:1:4.000
and then a webinar.
"""


def _write(tmp_path, text: str, name: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_teams_voice_tags_guid_ids_unpadded_times(tmp_path):
    parsed = read(_write(tmp_path, TEAMS, "teams.vtt"))
    assert parsed.format == "vtt" and parsed.meta["cues"] == 4
    assert [(t.speaker, t.start_ms) for t in parsed.turns] == [("Jane Doe", 570),
                                                                ("Omar Haddad", 6500)]
    assert turn_texts(parsed) == ["So tell me how you first heard about us.",
                                  "A friend & a blog post. and then a webinar."]


def test_zoom_prefix_crlf_and_merge(tmp_path):
    text = ("WEBVTT\r\n\r\n1\r\n00:00:01.000 --> 00:00:02.000\r\nAna Lima: Hello\r\n\r\n"
            "2\r\n00:00:02.500 --> 00:00:03.000\r\nAna Lima: again\r\n\r\n"
            "3\r\n00:00:04.000 --> 00:00:05.000\r\nBo: Hi Ana\r\n")
    parsed = read(_write(tmp_path, text, "zoom.vtt"))
    assert [(t.speaker, t.start_ms) for t in parsed.turns] == [("Ana Lima", 1000), ("Bo", 4000)]
    assert turn_texts(parsed) == ["Hello again", "Hi Ana"]


def test_vtt_without_speakers_keeps_one_turn_per_cue(tmp_path):
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nfirst line\nsecond line\n\n00:03.000 --> 00:04.000\nnext\n"
    parsed = read(_write(tmp_path, text, "plain.vtt"))
    assert turn_texts(parsed) == ["first line second line", "next"]
    assert [t.start_ms for t in parsed.turns] == [1000, 3000]


def test_vtt_extension_but_no_header_is_refused(tmp_path):
    with pytest.raises(ImportFailed, match="not a WebVTT file"):
        read(_write(tmp_path, "hello there\n", "bad.vtt"), fmt="vtt")


def test_srt_with_speaker_prefixes(tmp_path):
    text = ("1\n00:00:00,000 --> 00:00:02,000\nINTERVIEWER: Why did you switch?\n\n"
            "2\n00:00:02,500 --> 00:00:04,000\nRESPONDENT: The price.\n\n"
            "3\n00:00:04,000 --> 00:00:06,000\nAnd the support.\n\n"
            "4\n00:00:07,000 --> 00:00:08,000\n[INTERVIEWER] Thanks.")
    parsed = read(_write(tmp_path, text, "talk.srt"))
    assert [(t.speaker, t.start_ms) for t in parsed.turns] == [
        ("INTERVIEWER", 0), ("RESPONDENT", 2500), ("INTERVIEWER", 7000)]
    assert turn_texts(parsed)[1] == "The price. And the support."


def test_srt_detected_by_content_whatever_the_extension(tmp_path):
    text = "1\n00:00:01,000 --> 00:00:02,000\nHello\n"
    parsed = read(_write(tmp_path, text, "captions.txt"))
    assert parsed.format == "srt" and turn_texts(parsed) == ["Hello"]


def test_two_voices_in_one_cue(tmp_path):
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ana>Hi there.</v>\n<v Ben>Hello.</v>\n"
    parsed = read(_write(tmp_path, text, "two.vtt"))
    assert [(t.speaker, t.start_ms) for t in parsed.turns] == [("Ana", 1000), ("Ben", 1000)]
    assert turn_texts(parsed) == ["Hi there.", "Hello."]


def test_plain_captions_with_one_colon_are_not_a_speaker(tmp_path):
    text = ("WEBVTT\n\n00:01.000 --> 00:02.000\nChapter One: the start\n\n"
            "00:03.000 --> 00:04.000\nit was a dark night\n\n00:05.000 --> 00:06.000\nand cold\n")
    parsed = read(_write(tmp_path, text, "captions.vtt"))
    assert parsed.speakers == []
    assert turn_texts(parsed) == ["Chapter One: the start", "it was a dark night", "and cold"]
