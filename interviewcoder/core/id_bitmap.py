"""A set of row ids kept as one bit each.

A survey import remembers, per open question, which participants already answered it; with
100,000 respondents and five questions, Python sets of ints held 30 MB and grew in steps as
they resized. Row ids are small dense integers, so a bit each (12.5 KB per question for
100,000 ids) does the same job. An id that is negative or very large goes to a plain set.
"""

from __future__ import annotations

from collections.abc import Iterable

_BIT_LIMIT = 1 << 27
"""Ids below this are bits (at most 16 MB of them); the rest go to a set."""


class IdBitmap:
    """Membership of integer ids: ``add`` and ``in``, as a ``set`` of them would answer."""

    __slots__ = ("_bits", "_other")

    def __init__(self, ids: Iterable[int] = ()) -> None:
        self._bits = bytearray()
        self._other: set[int] = set()
        for i in ids:
            self.add(i)

    def add(self, i: int) -> None:
        if 0 <= i < _BIT_LIMIT:
            byte = i >> 3
            bits = self._bits
            if byte >= len(bits):  # at least double: adding n rising ids costs O(n)
                bits.extend(bytes(max(byte + 1 - len(bits), len(bits))))
            bits[byte] |= 1 << (i & 7)
        else:
            self._other.add(i)

    def __contains__(self, i: object) -> bool:
        if not isinstance(i, int):
            return False
        if 0 <= i < _BIT_LIMIT:
            byte = i >> 3
            return byte < len(self._bits) and bool(self._bits[byte] >> (i & 7) & 1)
        return i in self._other
