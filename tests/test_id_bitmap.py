"""IdBitmap answers membership as a set of the same ids does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from interviewcoder.core.id_bitmap import IdBitmap

_IDS = st.one_of(st.integers(0, 5000), st.integers(-(2**40), 2**40))


@given(st.lists(_IDS, max_size=200), st.lists(_IDS, max_size=200))
def test_membership_is_a_sets(added: list[int], asked: list[int]) -> None:
    bits = IdBitmap(added[:50])
    for i in added[50:]:
        bits.add(i)
    for i in asked + added + [i + 1 for i in added] + [i - 1 for i in added]:
        assert (i in bits) == (i in set(added)), i


def test_rising_ids_grow_it_a_bit_each() -> None:
    bits = IdBitmap(range(1, 100_001))
    assert 100_000 in bits and 100_001 not in bits and 0 not in bits
    assert len(bits._bits) < 2 * 100_001 // 8 + 8  # about 12.5 KB, not a set's megabytes
    assert "1" not in bits and None not in bits
