"""The redactor's quick paths find what its plain reading finds.

A redacted export reads most text through cheap tests (a digit, a camelCase step, a domain's
dot, a word that starts a name), made one text at a time or over a column at once, and through
address patterns searched for only where their street word or postcode shape is. Each test
here holds a quick path equal to the reading that skips it, on text built from every kind's
fragments, so a test that wrongly says "nothing here" fails.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from test_redaction_kinds import ADDRESSES, NOT_ADDRESSES

from interviewcoder.core.redaction import MANY, Redaction, Redactor, participant_pseudonyms
from interviewcoder.core.redaction_gates import FEW_HEADS, Facts, Gates
from interviewcoder.core.redaction_patterns import addresses

NAMES = ["Jane Doe", "Li Wei", "Carlos Mendes", "Ana", "P0012", "Will Smith", "Chloé Müller"]
PIECES = [
    *NAMES, "jane_doe", "JaneDoe", "jane.doe", "acmeWonJaneDoe", "Doe's", "LI", "li", "does",
    "Janet", "Acme Corp", "AcmeCorp", "acme", "jane@doe.dev", "ana.silva@example.com",
    "+33 6 12 34 56 78", "(555) 010-0199", "ext. 22", "janedoe.dev", "e.g.", "i.e. the",
    "https://acme.com/x", "www.acme.com", "and/or", "24/7", "192.168.0.1", "fe80::1",
    "[Participant 2]", "[email]", "[", "@", "Theme 069;", "2024.", "3.5%", "Q3", "iPhone",
    "LinkedIn", "HubSpot", "straße 5", "Ring 3", "Weg", "NY 10118", "94107-1234", "1AA", "M1",
    "\x1fjane", "jane\x00", "naïve", "’", "—", "\n", "\t", "  ", ",", ".", "", "we", "chose",
    "the", "price", "was", "fine", "p", "P",
    *ADDRESSES, *NOT_ADDRESSES,
]
texts = st.lists(st.sampled_from(PIECES), max_size=12).map(" ".join) | st.lists(
    st.sampled_from(PIECES), max_size=6).map("".join) | st.text(max_size=40)


MANY_NAMES = [f"{first} {last}" for first in ("Olivia", "Liam", "Emma", "Noah", "Ava", "Mia")
              for last in ("Smith", "Garcia", "Dubois", "Tanaka", "Okafor")]


def _redactor(more: bool = False) -> Redactor:
    names = participant_pseudonyms(NAMES + (MANY_NAMES if more else []))
    names["Speaker 3 (acme_call)"] = "[Speaker 1]"
    return Redactor(names, extra_terms=["Acme Corp"], exact_terms=["R_3kXq9"], region="US")


def _unhinted(redactor: Redactor, text: str) -> list[Redaction]:
    """``find`` with no quick test: digits by a pattern, every other kind read whenever its
    gate could let it through (names with the plain pattern unless a camel step needs the
    other, domains searched for)."""
    digits = re.search(r"\d", text) is not None
    return redactor._find(text, digits, None, None, True, None)


@settings(max_examples=400, deadline=None)
@given(text=texts)
def test_find_with_its_quick_tests_finds_what_reading_everything_finds(text: str) -> None:
    redactor = _redactor()
    assert redactor.find(text) == _unhinted(redactor, text)


@settings(max_examples=150, deadline=None)
@given(column=st.lists(texts | st.sampled_from(MANY_NAMES), min_size=MANY, max_size=3 * MANY),
       more=st.booleans())
def test_a_column_redacted_at_once_is_the_column_redacted_text_by_text(column: list[str],
                                                                       more: bool) -> None:
    one, many = _redactor(more), _redactor(more)
    values = [*column, None, 7, True, 1.0, "", *column[:3]]  # (repeats: read once, counted each)
    expected = [one.redact(v) if isinstance(v, str) else v for v in values]
    got = many.redact_many(values)
    assert got == expected and [type(v) for v in got] == [type(v) for v in expected]
    assert many.counts == one.counts


def test_values_that_cannot_be_keys_are_redacted_one_by_one() -> None:
    redactor = _redactor()
    assert redactor.redact_many(["Jane Doe said", ["x"], None]) == ["[Participant 1] said", ["x"], None]


@settings(max_examples=200, deadline=None)
@given(column=st.lists(texts | st.sampled_from(MANY_NAMES), min_size=1, max_size=40),
       more=st.booleans())
def test_the_facts_of_texts_tested_together_are_the_facts_of_each(column: list[str],
                                                                   more: bool) -> None:
    """Tested together, each text's facts are what testing it alone gives: findings are
    given to the right text, none crosses from one text into the next (with few names'
    heads, each is searched for; with many, the texts' words are split)."""
    ascii_texts = [t for t in column if t.isascii()]
    prefilter = (_redactor(True) if more else Redactor(participant_pseudonyms(NAMES[:2])))._may_hold
    assert (len(prefilter.ascii_heads) > FEW_HEADS) is more
    gates = Gates(prefilter)
    together = gates.many(ascii_texts)
    alone = [gates.many([t])[0] for t in ascii_texts]
    assert together == alone


def test_facts_say_what_is_in_each_text_at_the_edges_of_the_lot() -> None:
    gates = Gates(_redactor()._may_hold)
    facts = gates.many(["jane", "x9", "nothing here", "acmeWon", "see janedoe.dev", "li",
                        "and/or", "p"])
    assert facts[0] == Facts(False, False, False, True, False)
    assert facts[1].digits and not facts[1].names and not facts[1].quiet
    assert facts[2] == Facts(False, False, False, False, True)
    assert facts[3].camel and not facts[3].quiet
    assert facts[4].dot_letter and facts[4].names
    assert facts[5].names and facts[7].names  # a head as the last word of the lot
    assert facts[6] == Facts(False, False, False, False, False)  # "/" may start a URL


@settings(max_examples=400, deadline=None)
@given(text=texts)
def test_address_patterns_searched_only_where_they_can_match_find_every_address(text: str) -> None:
    assert addresses(text) == addresses(text, gated=False)


def test_every_known_address_is_found_with_the_gates_as_without() -> None:
    for text in ADDRESSES + NOT_ADDRESSES:
        for framed in (text, f"We met at {text}, then left.", f"({text})"):
            assert addresses(framed) == addresses(framed, gated=False), framed
    assert addresses("Hauptstraße 5, 10117 Berlin")  # (the gates let real ones through)
