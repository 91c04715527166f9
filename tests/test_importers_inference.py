"""Speaker-layout inference on transcripts written here in each layout's shape, with the
awkward cases: role suffixes, one-off label lines, front matter, headings, no speakers."""

from __future__ import annotations

import re

import pytest
from importer_helpers import read, turn_texts


def _write(tmp_path, text: str, name: str = "t.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_voice_tags_after_a_time_one_turn_per_speaker_change(tmp_path):
    text = ("00:00:00 <v Ana Silva>Welcome to the show.\n\n"
            "00:00:04 <v Ana Silva>Today we talk pricing.\n\n"
            "00:00:09 <v Bo Chen>Thanks, glad to be here, <v Bo Chen>really.\n\n"
            "00:01:02 <v Ana Silva>So, <i>why</i> did you switch?</v>\n\n"
            "01:00:03 <v Bo Chen>Price &amp; support.\n\n"
            "01:00:07 Thank you.\n")
    parsed = read(_write(tmp_path, text))
    assert parsed.inference.layout == "voice"
    assert [(t.speaker, t.start_ms) for t in parsed.turns] == [
        ("Ana Silva", 0), ("Bo Chen", 9000), ("Ana Silva", 62_000), ("Bo Chen", 3_603_000)]
    assert turn_texts(parsed) == [
        "Welcome to the show. Today we talk pricing.", "Thanks, glad to be here, really.",
        "So, why did you switch?", "Price & support. Thank you."]
    assert "<" not in parsed.text and "00:" not in parsed.text
    assert 0.8 < parsed.inference.confidence < 1  # the untagged last line is not explained


def test_markdown_otter_bold_name_and_time_on_its_own_line(tmp_path):
    text = ("# Call with Emma\n\n**Emma** 0:03\nHi, thanks for having me.\n\n"
            "**Sam Rivers** 0:10\nWelcome. How did you find us?\n\n"
            "**Emma** 12:34\nA review site.\n")
    parsed = read(_write(tmp_path, text, "call.md"))
    assert parsed.title == "Call with Emma"
    assert [(t.speaker, t.start_ms) for t in parsed.turns] == [
        ("Emma", 3000), ("Sam Rivers", 10_000), ("Emma", 754_000)]
    assert "*" not in "".join(parsed.speakers) and "#" not in parsed.text


def test_diarised_markdown_time_inside_bold_before_the_label(tmp_path):
    text = ("## Transcript\n\n**[00:12] SPEAKER_00:** Hello everyone.\n"
            "**[00:15] SPEAKER_01:** Hi.\n**[00:20] SPEAKER_01:** How are you?\n"
            "**[1:02:03] SPEAKER_00:** Fine, thanks.\n")
    parsed = read(_write(tmp_path, text, "asr.md"))
    assert parsed.inference.layout == "timed-colon"
    assert [(t.speaker, t.start_ms) for t in parsed.turns] == [
        ("SPEAKER_00", 12_000), ("SPEAKER_01", 15_000), ("SPEAKER_00", 3_723_000)]
    assert turn_texts(parsed)[1] == "Hi. How are you?"
    assert "Transcript" not in parsed.text and "**" not in parsed.text


def test_front_matter_is_metadata_and_headings_are_not_turns(tmp_path):
    text = ("---\ntitle: Episode 12: Pricing, with colons\ndate: 2024-05-01\nguest: Dana Cole\n"
            "youtube_url: https://youtu.be/abc\nkeywords:\n  - pricing\n  - churn\n---\n\n"
            "# Episode 12\n\n## Transcript\n\nMichael: Welcome, Dana.\n\n"
            "Dana Cole: Thanks for having me.\n\nMichael: Let us start.\n")
    parsed = read(_write(tmp_path, text, "ep.md"))
    assert parsed.title == "Episode 12: Pricing, with colons"
    assert parsed.meta["front_matter"]["date"] == "2024-05-01"
    assert parsed.meta["front_matter"]["keywords"] == ["pricing", "churn"]
    assert parsed.speakers == ["Michael", "Dana Cole"]  # declared guest, seen once, counts
    assert turn_texts(parsed) == ["Welcome, Dana.", "Thanks for having me.", "Let us start."]
    for leaked in ("title", "youtube_url", "keywords", "Episode 12", "Transcript", "---"):
        assert leaked not in parsed.text


def test_rev_body_under_front_matter_imports_as_without_it(tmp_path):
    body = ("Speaker 1 (00:00):\nHello and welcome.\n\nJane Doe (00:28):\nThanks.\n\n"
            "Speaker 1 (01:10):\nSure.\n")
    plain = read(_write(tmp_path, body, "a.txt"))
    dressed = read(_write(tmp_path, "---\ntitle: Call 3\n---\n" + body, "b.md"))
    assert [(t.speaker, t.start_ms) for t in dressed.turns] == [
        (t.speaker, t.start_ms) for t in plain.turns] == [
        ("Speaker 1", 0), ("Jane Doe", 28_000), ("Speaker 1", 70_000)]
    assert dressed.text == plain.text and dressed.title == "Call 3"


def test_role_suffixes_become_roles_not_names(tmp_path):
    text = ("Sam Rivers (Interviewer): How did it start?\nLee Park (Guest): With a trial.\n"
            "Sam Rivers: And then?\nLee Park: We bought it.\nModerator: Thanks both.\n"
            "Host: And goodbye.\n")
    parsed = read(_write(tmp_path, text))
    assert parsed.speakers == ["Sam Rivers", "Lee Park", "Moderator", "Host"]
    assert parsed.speaker_roles == {"Sam Rivers": "interviewer", "Lee Park": "participant",
                                    "Moderator": "interviewer", "Host": "interviewer"}
    assert "(Interviewer)" not in parsed.text


def test_one_off_label_lines_are_not_speakers(tmp_path):
    text = ("Interviewer: Tell me about the trial.\nAna: It went well.\n"
            "Question 3: What about pricing?\nAna: Too high for us.\nInterviewer: Thanks.\n\n"
            "Summary: positive, price is the issue.\n\nAction items:\n- send the deck\n\n"
            "Note: audio dropped for a minute.\n")
    parsed = read(_write(tmp_path, text))
    assert parsed.speakers == ["Interviewer", "Ana"]
    notes = [parsed.text[t.start : t.end] for t in parsed.turns if t.speaker is None]
    assert notes == ["Question 3: What about pricing?", "Summary: positive, price is the issue.",
                     "Action items:\n- send the deck", "Note: audio dropped for a minute."]
    assert parsed.inference.confidence == 1.0  # notes are explained, not counted against


def test_markdown_without_speakers_is_one_turn_without_markup(tmp_path):
    text = ("---\ntitle: Market notes\n---\n# Market notes\n\nPricing: it matters most.\n\n"
            "## Competitors\n\nAcme is cheaper.\nBeta is slower.\n\n---\n\nMore later.\n")
    parsed = read(_write(tmp_path, text, "notes.md"))
    assert parsed.inference.layout == "none" and parsed.speakers == []
    assert len(parsed.turns) == 1 and parsed.title == "Market notes"
    assert parsed.text == ("Pricing: it matters most.\n\nCompetitors\n\nAcme is cheaper.\n"
                           "Beta is slower.\n\n\nMore later.")
    assert not re.search(r"^#|^---", parsed.text, re.MULTILINE)


def test_yaml_keys_seen_once_are_not_speakers_without_fences(tmp_path):
    text = ("title: A talk\nyoutube_url: https://x.y/z\nkeywords: a, b\n\n"
            + "\n\n".join(f"Paragraph {n} of a long essay about buying software." for n in range(8)))
    parsed = read(_write(tmp_path, text))
    assert parsed.speakers == [] and len(parsed.turns) == 1


def test_prose_with_a_label_that_repeats_twice_among_many_paragraphs_is_no_transcript(tmp_path):
    paragraphs = [f"Paragraph {n} about onboarding and support, with no speaker." for n in range(12)]
    paragraphs[3] = "Ana: a remark quoted in passing."
    paragraphs[9] = "Ana: another remark quoted in passing."
    parsed = read(_write(tmp_path, "\n\n".join(paragraphs)))
    assert parsed.inference.layout == "none" and len(parsed.turns) == 1
    assert "explain only" in parsed.inference.reason


def test_label_with_bracket_role_and_emphasis(tmp_path):
    text = ("**Interviewer (Sam):** Why?\n\n**Kim [Customer]:** Price.\n\n"
            "**Interviewer (Sam):** Anything else?\n\n**Kim [Customer]:** Support.\n")
    parsed = read(_write(tmp_path, text, "t.md"))
    assert parsed.speakers == ["Sam", "Kim"]
    assert parsed.speaker_roles == {"Sam": "interviewer", "Kim": "participant"}


VARIANTS = {  # shapes seen in public ASR-to-Markdown outputs, written here in that shape
    "label alone, timed lines below": (
        "**SPEAKER_00:**\n[00:19] So we spoke.\n[00:23] Round two.\n\n**SPEAKER_01:**\n"
        "[00:28] Hi everyone.\n[00:29] Nice to meet you.\n\n**SPEAKER_00:**\n[00:37] Fantastic.\n",
        [("SPEAKER_00", 19_000, "So we spoke.\nRound two."),
         ("SPEAKER_01", 28_000, "Hi everyone.\nNice to meet you."),
         ("SPEAKER_00", 37_000, "Fantastic.")]),
    "time range inside the bold": (
        "# Transcript\n\n**[00:00:03–00:00:08] Jane Doe:** Let's start.\n"
        "**[00:00:12–00:00:15] SPEAKER_01:** Sounds good.\n**[00:00:16–00:00:19] Jane Doe:** Go.\n",
        [("Jane Doe", 3000, "Let's start."), ("SPEAKER_01", 12_000, "Sounds good."),
         ("Jane Doe", 16_000, "Go.")]),
    "range, label alone, quoted text": (
        "**[00:00:05 - 00:00:12] SPEAKER_00:**\n> Hello.\n\n**[00:00:13 - 00:00:20] SPEAKER_01:**\n"
        "> Hi.\n\n**[00:00:21 - 00:00:25] SPEAKER_00:**\n> Bye.\n",
        [("SPEAKER_00", 5000, "Hello."), ("SPEAKER_01", 13_000, "Hi."), ("SPEAKER_00", 21_000, "Bye.")]),
    "time in backticks": (
        "`[00:05]` **SPEAKER_00:** It changed.\n\n`[00:12]` **SPEAKER_01:** Digital.\n\n"
        "`[00:19]` **SPEAKER_00:** Yes.\n",
        [("SPEAKER_00", 5000, "It changed."), ("SPEAKER_01", 12_000, "Digital."),
         ("SPEAKER_00", 19_000, "Yes.")]),
    "time, bold name, no colon": (
        "(Intro music)\n\n0:00:12.9 **Adam Harris** Hello and welcome.\n\n0:00:31.6 **Jen Luker** "
        "I'm Jen.\n\n0:00:39.3 **Jen Luker** So this book.\n\n0:01:10.4 It is about women.\n\n"
        "0:01:18.2 **Adam Harris** Yeah.\n",
        [(None, None, "(Intro music)"), ("Adam Harris", 12_900, "Hello and welcome."),
         ("Jen Luker", 31_600, "I'm Jen. So this book. It is about women."),
         ("Adam Harris", 78_200, "Yeah.")]),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_markdown_asr_variants(tmp_path, name):
    text, expected = VARIANTS[name]
    parsed = read(_write(tmp_path, text, "t.md"))
    assert [(t.speaker, t.start_ms, parsed.text[t.start : t.end]) for t in parsed.turns] == expected


def test_escaped_markdown_times_after_the_label_and_break_lines(tmp_path):
    text = ("**Nick Nisi:** Welcome to the show.\n\nSecond paragraph of the welcome.\n\n"
            "**Dylan Hildenbrand:** \\[06:14\\] Yeah, that \\[unintelligible 00:06:20\\] works.\n\n"
            "**Break**: \\[42:10\\]\n\n**Nick Nisi:** \\[43:00\\] And we are back.\n\n"
            "**Dylan Hildenbrand:** Good.\n")
    parsed = read(_write(tmp_path, text, "show.md"))
    assert [(t.speaker, t.start_ms) for t in parsed.turns] == [
        ("Nick Nisi", None), ("Dylan Hildenbrand", 374_000), (None, 2_530_000),
        ("Nick Nisi", 2_580_000), ("Dylan Hildenbrand", None)]
    texts = turn_texts(parsed)
    assert texts[0] == "Welcome to the show.\n\nSecond paragraph of the welcome."
    assert texts[1] == "Yeah, that [unintelligible 00:06:20] works."
    assert texts[2] == "Break:" and "\\" not in parsed.text and "**" not in parsed.text


def test_a_colon_inside_a_turn_stays_in_it_and_group_labels_are_speakers(tmp_path):
    text = ("Interviewer: How did it go?\nAna: Well, mostly.\nMy point is: it was slow.\n"
            "Interviewer: And then?\nAna: We bought it.\n\n"
            "0:00:40.1 **Ana** Right.\n")
    parsed = read(_write(tmp_path, text))
    assert [t.speaker for t in parsed.turns] == ["Interviewer", "Ana", "Interviewer", "Ana"]
    assert turn_texts(parsed)[1] == "Well, mostly.\nMy point is: it was slow."
    group = ("0:00:12.9 **Adam Harris** Hello.\n\n0:00:14.0 **Jen Luker** Hi.\n\n"
             "0:00:15.0 **Jen Luker & Adam Harris** (laughing)\n\n0:00:16.0 **Adam Harris** So.\n")
    parsed = read(_write(tmp_path, group, "g.txt"))
    assert [t.speaker for t in parsed.turns] == [
        "Adam Harris", "Jen Luker", "Jen Luker & Adam Harris", "Adam Harris"]
