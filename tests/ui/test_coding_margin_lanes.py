"""Stripe lanes from the heap of free lanes are the lanes of a scan over every lane."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from interviewcoder.ui.reader.coding_margin import MAX_LANES, Stripe, assign_lanes, relayout


def _scan(spans: list[tuple[int, int, int, int]]) -> list[Stripe]:
    """The first free lane by looking at every lane (the way it was first written)."""
    ends: list[int] = []
    out = []
    for start, end, qid, cid in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]), s[2], s[3])):
        lane = next((i for i, e in enumerate(ends) if e <= start), len(ends))
        if lane == len(ends):
            ends.append(end)
        else:
            ends[lane] = end
        out.append(Stripe(start, end, qid, cid, min(lane, MAX_LANES - 1)))
    return out


quote = st.tuples(st.integers(0, 200), st.integers(1, 60), st.lists(st.integers(0, 6), min_size=1,
                                                                       max_size=3, unique=True))


@given(st.lists(quote, max_size=60))
def test_the_heap_gives_the_lanes_of_a_full_scan(quotes) -> None:
    spans = [(a, a + n, qid, cid) for qid, (a, n, codes) in enumerate(quotes) for cid in codes]
    assert assign_lanes(spans) == _scan(spans)


@given(st.lists(quote, max_size=60), st.lists(st.tuples(st.integers(0, 80), st.one_of(st.none(), quote)),
                                              max_size=6))
def test_relaying_the_touched_groups_gives_the_lanes_of_a_full_layout(quotes, edits) -> None:
    """A few quotes added, moved, recoded or removed: relaying only the groups of stripes they
    touch gives exactly the lanes of laying out every stripe again."""
    before = dict(enumerate(quotes))
    after = dict(before)
    for qid, new in edits:  # None removes the quote (or nothing, when there is none)
        if new is None:
            after.pop(qid, None)
        else:
            after[qid] = new

    def spans(qs: dict, ids=None) -> list[tuple[int, int, int, int]]:  # noqa: ANN001
        return [(a, a + n, qid, cid) for qid, (a, n, codes) in qs.items()
                if ids is None or qid in ids for cid in codes]

    changed = {qid for qid in before.keys() | after.keys() if before.get(qid) != after.get(qid)}
    touched = [(q[0], q[0] + q[1]) for qid in changed for q in (before.get(qid), after.get(qid)) if q]
    longest = max((n for _a, n, _c in before.values()), default=0)  # of the stripes before
    got = relayout(assign_lanes(spans(before)), spans(after, changed), changed, touched, longest)
    assert got == assign_lanes(spans(after))
