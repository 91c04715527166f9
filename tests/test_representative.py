"""The representative-quote rules on plain values (core/representative.py)."""

from __future__ import annotations

from interviewcoder.core.representative import Candidate, Piece, friction_group, represent, trim

TEXT = "Q: why?\n\nAna: it was the price.\n\nQ: and?\n\nAna: and the contract lock-in too."


def _span(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def test_friction_group_is_the_contrast_with_the_biggest_gap() -> None:
    assert friction_group({"won": 0.2, "lost": 0.5, "churned": 0.6}) == "churned"
    assert friction_group({"won": 0.2, "lost": 0.5, "churned": 0.5}) == "lost"
    assert friction_group({"won": 0.7, "lost": 0.5}) is None
    assert friction_group({"lost": 0.5}) is None


def test_trim_keeps_one_participants_words_joined() -> None:
    first, second = _span("it was the price."), _span("and the contract lock-in too.")
    pieces = (Piece(*first, 1, "lost"), Piece(*second, 1, "lost"), Piece(0, 7, 2, "won"))
    assert trim(TEXT, 0, pieces, 1) == "it was the price. … and the contract lock-in too."
    assert trim(TEXT[5:], 5, pieces, 2) == "y?"  # pieces are clipped to the quote


def test_mostly_participant_speech_and_the_friction_group_win() -> None:
    whole = (0, len(TEXT))
    answer = _span("and the contract lock-in too.")
    ana = Piece(*_span("it was the price."), 1, "won")
    mostly_question = Candidate(1, 0, 20, ("a", 1, 0, 1), (Piece(13, 20, 1, "won"),))
    long_won = Candidate(2, *whole, ("a", 1, 0, 2), (ana, Piece(*answer, 1, "won")))
    lost = Candidate(3, *answer, ("b", 2, 0, 3), (Piece(*answer, 3, "lost"),))
    chosen, who = represent([mostly_question, long_won, lost], {"won": 0.1, "lost": 0.9})
    assert (chosen.quote_id, who) == (3, 3)
    chosen, who = represent([mostly_question, long_won], {"won": 0.9, "lost": 0.1})
    assert (chosen.quote_id, who) == (2, 1)
    assert represent([Candidate(4, 0, 5, ("a",), ())], {}) is None
