"""Highlight segments: runs of constant quote cover, innermost quote first (plain Python)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from interviewcoder.ui.reader.highlights import QuoteSpan, SegmentIndex, darker, segments


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 30)), max_size=25))
def test_segments_cover_exactly_the_quotes(raw: list[tuple[int, int]]) -> None:
    quotes = [QuoteSpan(i + 1, s, s + n, (1,)) for i, (s, n) in enumerate(raw)]
    segs = segments(quotes)
    index = SegmentIndex(segs)
    for pos in range(0, 95):
        covering = {q.id for q in quotes if q.start <= pos < q.end}
        seg = index.at(pos)
        assert (set(seg.quotes) if seg else set()) == covering
        if seg and len(seg.quotes) > 1:
            lengths = [next(q.end - q.start for q in quotes if q.id == i) for i in seg.quotes]
            assert lengths == sorted(lengths)  # innermost first
    assert all(a.end <= b.start for a, b in zip(segs, segs[1:], strict=False))


def test_overlapping_lookup_and_darker() -> None:
    segs = segments([QuoteSpan(1, 0, 10, (1,)), QuoteSpan(2, 5, 8, (2,))])
    assert [(s.start, s.end, s.quotes) for s in segs] == [(0, 5, (1,)), (5, 8, (2, 1)), (8, 10, (1,))]
    assert [s.start for s in SegmentIndex(segs).overlapping(6, 9)] == [5, 8]
    assert darker("#ffffff", 0.5) == "#7f7f7f"
