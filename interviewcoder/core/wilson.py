"""Shares of a group with their 95% Wilson score interval."""

from __future__ import annotations

import math

Z95 = 1.959963984540054  # the two-sided 95% normal quantile


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of ``k`` successes out of ``n``; ``(0.0, 0.0)`` when ``n`` is 0.

    Unlike the normal approximation it stays inside [0, 1] and is sensible for small groups
    (3 of 4 participants), which is what interview studies have. The bound at 0 of ``n`` is
    exactly 0 and the bound at ``n`` of ``n`` exactly 1 (the formula's floating-point
    rounding would give 5.55e-17 or 0.9999999999999999); every bound is clamped to [0, 1].
    """
    if n <= 0:
        return 0.0, 0.0
    if not 0 <= k <= n:
        raise ValueError(f"{k} of {n} is not a share")
    p = k / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    low = 0.0 if k == 0 else min(max(0.0, centre - half), p)
    high = 1.0 if k == n else max(min(1.0, centre + half), p)
    return low, high


def share(k: int, n: int) -> float:
    """``k / n``, or 0.0 for an empty group."""
    return k / n if n > 0 else 0.0
