"""Re-anchoring quotes onto a corrected text: every quote whose words survive lands on them; every
other quote is listed for review — none lost, none misplaced.

The property test edits a generated transcript as a person correcting it would (typo fixes,
sentences inserted and deleted, white space changed, a paragraph moved) while tracking where
every original character went, so the expected place of each quote is known independently of
the code under test.
"""

from __future__ import annotations

import random
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from interviewcoder.core.reanchor import MOVED, REVIEW, SAME, Span, align, place

SYLLABLES = ["ka", "lo", "mi", "tu", "re", "sa", "ve", "no", "pi", "da", "gu", "fe", "zo",
             "ri", "ba", "ne", "to", "wi", "xe", "hu", "ly", "qo", "ce", "ja"]

Char = tuple[str, int | None]  # a character and its position in the original text (None: new)


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def sentence(rng: random.Random) -> str:
    words = [word(rng) for _ in range(rng.randint(5, 14))]
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice([".", ".", "?", "!"])


def transcript(rng: random.Random, paragraphs: int) -> str:
    return "\n\n".join(" ".join(sentence(rng) for _ in range(rng.randint(1, 5)))
                       for _ in range(paragraphs))


def quotes_in(rng: random.Random, text: str, n: int) -> list[Span]:
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    spans: list[Span] = []
    for key in range(n):
        i = rng.randrange(len(words) - 4)
        j = min(len(words) - 1, i + rng.randint(3, 12))
        start, end = words[i][0], words[j][1]
        if "\n\n" in text[start:end]:  # keep quotes inside one turn, as coders make them
            end = start + text[start:end].index("\n\n")
            if len(text[start:end].split()) < 4:
                continue
        spans.append(Span(key, start, end, text[start:end]))
    return spans


def edit(rng: random.Random, chars: list[Char]) -> list[Char]:
    """One realistic correction, applied to the tracked character list."""
    text = "".join(c for c, _ in chars)
    kind = rng.choice(["typo", "typo", "insert", "delete", "space", "move"])
    words = [(m.start(), m.end()) for m in re.finditer(r"[a-z]+", text)]
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[A-Z][^.?!]*[.?!] ?", text)]
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    if kind == "typo" and words:
        a, b = rng.choice(words)
        return chars[:a] + [(c, None) for c in word(rng)] + chars[b:]
    if kind == "insert" and sentences:
        a, _ = rng.choice(sentences)
        return chars[:a] + [(c, None) for c in sentence(rng) + " "] + chars[a:]
    if kind == "delete" and len(sentences) > 3:
        a, b = rng.choice(sentences)
        return chars[:a] + chars[b:]
    if kind == "space":
        spaces = [i for i, (c, _) in enumerate(chars) if c == " "]
        if spaces:
            i = rng.choice(spaces)
            blank = [(rng.choice(" \n"), None)] * rng.randint(1, 2)
            return chars[:i] + blank + chars[i + 1:]
    if kind == "move" and len(paragraphs) > 2:
        a, b = rng.choice(paragraphs)
        moved = chars[a:b]
        rest = chars[:a] + chars[b:]
        rest_text = "".join(c for c, _ in rest)
        breaks = [m.end() for m in re.finditer(r"\n\n", rest_text)] + [0]
        at = rng.choice(breaks)
        return rest[:at] + moved + [("\n", None), ("\n", None)] + rest[at:]
    return chars


def expected_place(span: Span, chars: list[Char]) -> tuple[int, int] | None:
    """Where the quote's words are in the edited text, if they survived (white space aside)."""
    where = {orig: i for i, (_, orig) in enumerate(chars) if orig is not None}
    kept = [where.get(p) for p in range(span.start, span.end) if not span.text[p - span.start].isspace()]
    if any(p is None for p in kept):
        return None
    positions = [p for p in kept if p is not None]
    if positions != sorted(positions):
        return None
    start, end = positions[0], positions[-1] + 1
    between = chars[start:end]
    if any(orig is None and not c.isspace() for c, orig in between):
        return None  # new words inside the quote
    if any(orig is not None and not c.isspace() and not (span.start <= orig < span.end)
           for c, orig in between):
        return None  # other text moved into it
    return start, end


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), paragraphs=st.integers(3, 25), edits=st.integers(1, 12))
@example(seed=234160, paragraphs=10, edits=8)  # a chance shared word inside a moved paragraph
@example(seed=305, paragraphs=3, edits=4)  # a quote's last word corrected into a longer word
@example(seed=1, paragraphs=12, edits=11)  # found by other engineers' runs
@example(seed=152607, paragraphs=10, edits=6)
def test_surviving_quotes_land_on_their_words_and_the_rest_are_reviewed(seed, paragraphs, edits):
    rng = random.Random(seed)
    old = transcript(rng, paragraphs)
    spans = quotes_in(rng, old, rng.randint(3, 30))
    chars: list[Char] = [(c, i) for i, c in enumerate(old)]
    for _ in range(edits):
        chars = edit(rng, chars)
    new = "".join(c for c, _ in chars)

    placements = {p.key: p for p in place(align(old, new), spans)}

    assert set(placements) == {s.key for s in spans}  # none lost
    for span in spans:
        got = placements[span.key]
        want = expected_place(span, chars)
        if want is None:
            assert got.status == REVIEW, (span, got, new[got.start or 0:got.end or 0])
        else:
            assert got.status in (SAME, MOVED), (span, got)
            assert (got.start, got.end) == want, (span.text, new[got.start:got.end])


def test_an_unchanged_text_keeps_every_quote_where_it_was():
    rng = random.Random(7)
    text = transcript(rng, 10)
    spans = quotes_in(rng, text, 20)
    for p in place(align(text, text), spans):
        span = next(s for s in spans if s.key == p.key)
        assert (p.status, p.start, p.end) == (SAME, span.start, span.end)


def test_a_typo_fixed_inside_a_quote_is_reviewed_with_the_corrected_span_as_candidate():
    old = "We looked at three vendors. Teh price was too high for us. Then we left."
    new = old.replace("Teh", "The")
    start = old.index("Teh")
    end = old.index(" Then")
    [p] = place(align(old, new), [Span(1, start, end, old[start:end])])
    assert p.status == REVIEW
    assert new[p.start:p.end] == "The price was too high for us."


def test_a_quote_whose_text_was_deleted_is_reviewed_with_no_candidate():
    old = "First part stays here.\n\nThis whole sentence will be removed by the editor.\n\nLast."
    new = "First part stays here.\n\nLast."
    start = old.index("This")
    end = old.index(" by the")
    [p] = place(align(old, new), [Span(1, start, end, old[start:end])])
    assert (p.status, p.start, p.end) == (REVIEW, None, None)
    assert "no longer" in p.reason


def test_a_moved_paragraph_takes_its_quote_along():
    a = "Alpha speaks about the onboarding and the pricing page."
    b = "Beta worries about hidden costs in the renewal."
    c = "Gamma asked a colleague in the Slack community."
    old = "\n\n".join([a, b, c])
    new = "\n\n".join([b, c, a])
    start = old.index("the pricing page")
    end = start + len("the pricing page")
    [p] = place(align(old, new), [Span(1, start, end, old[start:end])])
    assert p.status in (SAME, MOVED)
    assert new[p.start:p.end] == "the pricing page"
    assert p.start == new.index("the pricing page")


def test_text_that_appears_twice_in_new_text_is_not_guessed():
    old = "Keep this.\n\nWe asked peers.\n\nEnd."
    new = "We asked peers.\n\nKeep this.\n\nWe asked peers.\n\nEnd."
    start = old.index("We asked peers.")
    spans = [Span(1, start, start + len("We asked peers."), "We asked peers.")]
    [p] = place(align(old, new), spans)
    # The diff keeps the second copy as the original (same place after "Keep this.")
    assert p.status == SAME and p.start == new.rindex("We asked peers.")


def test_whitespace_changes_inside_a_quote_keep_it():
    old = "The renewal  quote was\nconfusing to read."
    new = "The renewal quote was confusing to read."
    [p] = place(align(old, new), [Span(1, 0, len(old), old)])
    assert (p.status, p.start, p.end) == (SAME, 0, len(new))
