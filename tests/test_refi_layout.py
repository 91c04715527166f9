"""The pure parts of the REFI exchange: speaker labels written in and taken out, offsets
counted the way other tools count them, GUIDs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from interviewcoder.core.refi import derived_guid, is_guid, normalise_guid
from interviewcoder.core.refi_layout import (
    label,
    parse_turn_description,
    strip_labels,
    turn_description,
    write_labels,
)
from interviewcoder.importers.refi_offsets import Counting, OffsetMap, choose_counting

_CHARS = st.sampled_from(list("ab \n\r😀é") + ["\r\n"])


@st.composite
def labelled_texts(draw: st.DrawFn):
    text = draw(st.text(st.sampled_from("ab \n😀"), max_size=30))
    starts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=5)))
    speakers = draw(st.lists(st.none() | st.sampled_from(["Ana", "Bo Li", "😀 x"]),
                             min_size=len(starts), max_size=len(starts)))
    return text, list(zip(starts, speakers, strict=True))


@given(labelled_texts(), st.data())
def test_labels_written_in_come_out_again_with_every_offset(case, data) -> None:  # noqa: ANN001
    text, turns = case
    labelled = write_labels(text, turns)
    for (_, speaker), at in zip(turns, labelled.label_starts, strict=True):
        assert labelled.text[at : at + len(label(speaker))] == label(speaker)
    spans = [(at, at + len(label(s))) for (_, s), at in zip(turns, labelled.label_starts,
                                                            strict=True) if s]
    stored_text, stored = strip_labels(labelled.text, spans)
    assert stored_text == text
    for pos in range(len(text) + 1):
        assert stored(labelled.exported(pos)) == pos
        assert stored(labelled.exported(pos, end=True)) == pos
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    ea, eb = labelled.exported(a), labelled.exported(b, end=True)
    inside = [(s - ea, e - ea) for s, e in spans if s >= ea and e <= eb]
    assert strip_labels(labelled.text[ea:eb], inside)[0] == text[a:b]  # a quote: only labels added


def test_a_quote_at_a_turn_start_excludes_the_label() -> None:
    labelled = write_labels("Hello\n\nBye", [(0, "Ana"), (7, "Bo")])
    assert labelled.text == "Ana: Hello\n\nBo: Bye"
    assert labelled.text[labelled.exported(7) : labelled.exported(10, end=True)] == "Bye"
    assert labelled.text[labelled.exported(0) : labelled.exported(5, end=True)] == "Hello"
    assert labelled.text[labelled.exported(0) : labelled.exported(10, end=True)] == (
        "Hello\n\nBo: Bye")


@given(st.none() | st.text(min_size=1, max_size=20).filter(lambda s: "\n" not in s),
       st.sampled_from(["interviewer", "participant", "answer"]), st.integers(0, 10**4),
       st.none() | st.integers(0, 10**9))
def test_turn_descriptions_read_back(speaker, role, ord_, start_ms) -> None:  # noqa: ANN001
    text = turn_description(speaker, role, ord_, start_ms)
    assert parse_turn_description(text) == (role, ord_, start_ms)


def test_a_description_that_is_no_turn_is_not_read_as_one() -> None:
    assert parse_turn_description("A good quote about pricing") is None
    assert parse_turn_description("") is None


def _brute(raw: str, counting: Counting) -> dict[int, int]:
    """file offset at each character boundary -> normalised offset, character by character."""
    out, f, n, i = {0: 0}, 0, 0, 0
    while i < len(raw):
        if raw.startswith("\r\n", i):
            f, n, i = f + counting.crlf, n + 1, i + 2
        else:
            f += 2 if counting.utf16 and ord(raw[i]) > 0xFFFF else 1
            n, i = n + 1, i + 1
        out[f] = n
    return out


@given(st.lists(_CHARS, max_size=30).map("".join), st.booleans(), st.sampled_from([1, 2]))
def test_offset_map_matches_a_character_by_character_count(raw, utf16, crlf) -> None:  # noqa: ANN001
    counting = Counting(utf16=utf16, crlf=crlf)
    mapping = OffsetMap(raw, counting)
    expected = _brute(raw, counting)
    for f, n in expected.items():
        assert mapping.to_text(f) == n
        assert mapping.to_text(f, end=True) == n
    assert mapping.file_length == max(expected)
    assert mapping.to_text(max(expected) + 1) is None
    assert mapping.to_text(-1) is None


def test_a_counted_bom_shifts_every_offset_by_one() -> None:
    mapping = OffsetMap("abc", Counting(bom=True))
    assert [mapping.to_text(i) for i in range(1, 5)] == [0, 1, 2, 3]


def test_the_counting_under_which_selections_land_on_words_wins() -> None:
    raw = "😀😀 first words\r\nsecond line here"
    norm = raw.replace("\r\n", "\n")
    # "second line" counted in UTF-16 units with CRLF as one character (ATLAS.ti's way)
    start = len("😀😀 first words".encode("utf-16-le")) // 2 + 1
    spans = [(start, start + len("second line")), (5, 10)]
    mapping = choose_counting(raw, norm, False, "Some tool 1.0", spans)
    assert mapping.counting == Counting(utf16=True, crlf=1)
    a, b = mapping.to_text(start), mapping.to_text(start + 11, end=True)
    assert norm[a:b] == "second line"


def test_guids_normalised_and_derived() -> None:
    assert normalise_guid("{A182CD3A-D83C-4D8C-BC80-26D9103EC6D6}") == (
        "a182cd3a-d83c-4d8c-bc80-26d9103ec6d6")
    derived = normalise_guid("c001")
    assert is_guid(derived) and derived == normalise_guid(" c001 ") != normalise_guid("c002")
    assert derived_guid("a", 1) == derived_guid("a", 1) != derived_guid("a", 2)
