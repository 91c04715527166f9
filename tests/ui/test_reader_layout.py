"""The map between reader positions (UTF-16, with headers) and source offsets (code points)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewcoder.core.types import Role, Turn
from interviewcoder.ui.reader.reader_layout import Utf16Index, build_layout


def _turns(text: str, spans: list[tuple[int, int, str | None, Role]]) -> list[Turn]:
    return [Turn(i + 1, 1, i, s, e, spk, role, None, 1000 * i) for i, (s, e, spk, role)
            in enumerate(spans)]


def _utf16(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def test_utf16_index_counts_emoji_as_two_units() -> None:
    text = "a😀b🎉c"
    idx = Utf16Index(text)
    assert [idx.to16(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7]
    assert [idx.from16(j) for j in range(8)] == [0, 1, 1, 2, 3, 3, 4, 5]


def test_layout_shows_each_turn_verbatim_after_its_header() -> None:
    text = "How did you start?\n\nWe asked peers 😀 on Slack.\n\nWhy?"
    spans = [(0, 18, "Interviewer", Role.INTERVIEWER), (20, 46, "Ana", Role.PARTICIPANT),
             (48, 52, "Interviewer", Role.INTERVIEWER)]
    lay = build_layout(text, _turns(text, spans), {})
    assert [h.text.split("  ·  ")[0] for h in lay.headers] == ["Interviewer", "Ana", "Interviewer"]
    for b in lay.blocks:
        doc_piece = lay.text.encode("utf-16-le")[2 * b.doc_start: 2 * lay.block_doc_end(b)]
        assert doc_piece.decode("utf-16-le") == text[b.src_start:b.src_end]
    start = text.index("peers")
    end = text.index("Slack") + len("Slack")
    (a, b), = lay.doc_ranges(start, end)
    assert lay.text.encode("utf-16-le")[2 * a: 2 * b].decode("utf-16-le") == text[start:end]
    assert lay.src_span(a, b) == (start, end)


def test_a_selection_over_a_header_maps_to_the_turn_texts_only() -> None:
    text = "First turn.\n\nSecond turn."
    lay = build_layout(text, _turns(text, [(0, 11, "A", Role.PARTICIPANT),
                                           (13, 25, "B", Role.PARTICIPANT)]), {})
    # from inside the first header to inside the second header
    s, e = lay.src_span(1, lay.headers[1].doc_start + 2)
    assert (s, e) == (0, 11)
    # a quote over both turns paints two ranges, never the header between them
    assert len(lay.doc_ranges(5, 20)) == 2


def test_source_without_turns_is_shown_whole() -> None:
    text = "Just text 🎉 with no turns"
    lay = build_layout(text, [], {})
    assert lay.text == text and lay.headers == []
    assert lay.doc_pos(len(text)) == _utf16(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab c😀é\n🎉")), min_size=1, max_size=12),
                min_size=1, max_size=6),
       st.data())
def test_round_trip_for_every_offset(pieces: list[str], data: st.DataObject) -> None:
    text, spans, pos = "", [], 0
    for i, piece in enumerate(pieces):
        if text:
            text += "\n\n"
            pos += 2
        text += piece
        spans.append((pos, pos + len(piece), f"S{i % 2}",
                      Role.INTERVIEWER if i % 2 else Role.PARTICIPANT))
        pos += len(piece)
    lay = build_layout(text, _turns(text, spans), {})
    units = lay.text.encode("utf-16-le")
    assert len(units) // 2 == lay.doc_length
    for b in lay.blocks:
        for src in range(b.src_start, b.src_end + 1):
            doc = lay.doc_pos(src)
            assert lay.src_pos(doc) == src
            prefix = units[2 * b.doc_start: 2 * doc].decode("utf-16-le")
            assert prefix == text[b.src_start:src]
    s = data.draw(st.integers(0, len(text)))
    e = data.draw(st.integers(s, len(text)))
    shown = "".join(units[2 * a: 2 * z].decode("utf-16-le") for a, z in lay.doc_ranges(s, e))
    covered = "".join(text[max(s, b.src_start):min(e, b.src_end)] for b in lay.blocks)
    assert shown == covered


@pytest.mark.parametrize("bad", ["\r", "\u2028", "\u2029", "\x0c", "\x0b"])
def test_characters_qt_would_reinterpret_keep_their_length(qapp, bad: str) -> None:
    from PySide6.QtWidgets import QPlainTextEdit

    text = f"one{bad}two 😀 three"
    lay = build_layout(text, [], {})
    edit = QPlainTextEdit()
    edit.setPlainText(lay.text)
    assert edit.document().characterCount() - 1 == lay.doc_length
