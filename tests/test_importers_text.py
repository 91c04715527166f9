"""Plain text / Markdown transcripts: speaker layouts, encodings, line endings."""

from __future__ import annotations

import codecs

from importer_helpers import read, turn_texts

from interviewcoder.importers.layout import TURN_SEPARATOR


def _write(tmp_path, text: str, name: str = "t.txt", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_name_colon_turns_and_continuation_lines(tmp_path):
    path = _write(tmp_path, "Interviewer: How did you find us?\nMaria: A colleague told me.\n"
                            "She had used it before.\n\nInterviewer: And then?\n")
    parsed = read(path)
    assert [t.speaker for t in parsed.turns] == ["Interviewer", "Maria", "Interviewer"]
    assert turn_texts(parsed) == ["How did you find us?",
                                  "A colleague told me.\nShe had used it before.",
                                  "And then?"]
    assert parsed.text == TURN_SEPARATOR.join(turn_texts(parsed))


def test_french_space_before_colon(tmp_path):
    parsed = read(_write(tmp_path, "Enquêteur : Qu'est-ce qui a compté ?\n"
                                   "Chloé : Le prix, surtout.\nEnquêteur : Merci.\n"))
    assert parsed.speakers == ["Enquêteur", "Chloé"]
    assert turn_texts(parsed)[1] == "Le prix, surtout."


def test_markdown_bold_labels_and_times(tmp_path):
    path = _write(tmp_path, "**Q:** Why did you leave?\n\n**Sam (00:01:05):** Price.\n\n"
                            "**Q:** Anything else?\n", name="t.md")
    parsed = read(path)
    assert parsed.format == "markdown"
    assert [t.speaker for t in parsed.turns] == ["Q", "Sam", "Q"]
    assert parsed.turns[1].start_ms == 65_000
    assert turn_texts(parsed)[1] == "Price."


def test_otter_txt_layout_with_header_block(tmp_path):
    text = ("Customer call 12\nSUMMARY KEYWORDS\npricing, onboarding\nSPEAKERS\nAna, Ben\n\n"
            "Ana  0:03\nHi Ben, thanks for joining.\n\nBen  1:02:07\nSure.\nHappy to help.\n\n"
            "Transcribed by https://otter.ai\n")
    parsed = read(_write(tmp_path, text))
    assert parsed.title == "Customer call 12"
    assert [(t.speaker, t.start_ms) for t in parsed.turns] == [("Ana", 3000), ("Ben", 3_727_000)]
    assert turn_texts(parsed) == ["Hi Ben, thanks for joining.", "Sure.\nHappy to help."]
    assert "pricing" not in parsed.text and "otter.ai" not in parsed.text


def test_text_without_speakers_is_one_turn(tmp_path):
    text = "I bought it because of a review.\nNote that shipping was slow.\n"
    parsed = read(_write(tmp_path, text))
    assert len(parsed.turns) == 1 and parsed.turns[0].speaker is None
    assert turn_texts(parsed) == [text.strip()]


def test_prose_with_many_different_colon_words_is_not_split(tmp_path):
    lines = [f"Point{n}: some remark number {n}." for n in range(40)]
    parsed = read(_write(tmp_path, "\n".join(lines)))
    assert len(parsed.turns) == 1


def test_utf16_with_bom(tmp_path):
    text = "Interviewer: Und?\r\nJürgen: Größe zählt – wirklich.\r\n"
    path = tmp_path / "t.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    parsed = read(path)
    assert turn_texts(parsed) == ["Und?", "Größe zählt – wirklich."]


def test_utf8_with_bom_and_cr_only_line_ends(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes(codecs.BOM_UTF8 + "Host: Hi\rAmy: Hello\u00a0there\r".encode())
    parsed = read(path)
    assert parsed.speakers == ["Host", "Amy"]
    assert turn_texts(parsed)[1] == "Hello\u00a0there"  # NBSP kept as is
    assert not parsed.text.startswith("\ufeff")


def test_cp1252_detected(tmp_path):
    text = ("Interviewer: Qu’avez-vous pensé du café ?\r\n"
            "Zoé: C’était très bien – vraiment, déjà naïve “hello”.\r\n") * 3
    parsed = read(_write(tmp_path, text, encoding="cp1252"))
    assert "C’était très bien – vraiment, déjà naïve “hello”." in turn_texts(parsed)
    assert "\r" not in parsed.text


def test_offsets_index_the_stored_text(tmp_path):
    parsed = read(_write(tmp_path, "A: one 😀 two\nB: trois é\nA: ünf\n"))
    assert turn_texts(parsed) == ["one 😀 two", "trois é", "ünf"]
    for before, after in zip(parsed.turns, parsed.turns[1:], strict=False):
        assert parsed.text[before.end : after.start] == TURN_SEPARATOR


def test_rev_style_label_with_time_and_text_below(tmp_path):
    text = ("Speaker 1 (00:00):\nHello and welcome.\n\nJane Doe (01:02:03):\n"
            "Thanks for having me.\nIt is great.\n\nSpeaker 1 (00:10):\nSure.\n")
    parsed = read(_write(tmp_path, text))
    assert [(t.speaker, t.start_ms) for t in parsed.turns] == [
        ("Speaker 1", 0), ("Jane Doe", 3_723_000), ("Speaker 1", 10_000)]
    assert turn_texts(parsed)[1] == "Thanks for having me.\nIt is great."


def test_tab_separated_utf8_text_stays_a_transcript(tmp_path):
    text = "00:01\tInterviewer\tHello\n00:05\tAna\tHi\n00:09\tInterviewer\tBye\n"
    parsed = read(_write(tmp_path, text))
    assert parsed.format == "txt" and len(parsed.turns) == 1
