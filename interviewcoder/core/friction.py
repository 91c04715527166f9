"""Friction: where the lost (or churned) share exceeds the won share by more than its interval.

The interval is Newcombe's hybrid score interval for a difference of two proportions
(Newcombe 1998, method 10), built from the two groups' Wilson intervals: it is what the
Evidence view's whiskers already show, combined. A difference is friction when the whole 95%
interval of ``share(contrast) − share(won)`` lies above zero, so a single lost participant
against no won participants is never friction, while 6 of 13 lost against 0 of 18 won is.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Protocol

from interviewcoder.core.evidence import BASELINE, CONTRASTS
from interviewcoder.core.wilson import share, wilson


class Counted(Protocol):
    participants: int
    size: int


def difference_interval(k1: int, n1: int, k2: int, n2: int) -> tuple[float, float, float]:
    """``(p1 − p2, low, high)`` with Newcombe's 95% interval, for ``k1/n1`` against ``k2/n2``."""
    p1, p2 = share(k1, n1), share(k2, n2)
    l1, u1 = wilson(k1, n1)
    l2, u2 = wilson(k2, n2)
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return d, max(-1.0, low), min(1.0, high)


def friction(groups: Mapping[str, Counted]) -> tuple[str, ...]:
    """The contrast outcomes (lost, churned) whose share is above won's beyond the interval."""
    base = groups.get(BASELINE)
    if base is None or base.size == 0:
        return ()
    out = []
    for g in CONTRASTS:
        other = groups.get(g)
        if other is None or other.size == 0:
            continue
        _, low, _ = difference_interval(other.participants, other.size, base.participants, base.size)
        if low > 0:
            out.append(g)
    return tuple(out)
