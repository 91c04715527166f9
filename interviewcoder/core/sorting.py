"""Orders people read: numbers inside names compare as numbers (``#2`` before ``#10``)."""

from __future__ import annotations

import re

_PARTS = re.compile(r"(\d+)")


def natural_key(text: str | None) -> tuple[tuple[int, int | str], ...]:
    """A sort key: case-insensitive text, with each run of digits compared by its value."""
    folded = (text or "").casefold()
    if not any(ch.isdigit() for ch in folded):
        return ((1, folded),) if folded else ()
    out: list[tuple[int, int | str]] = []
    for i, part in enumerate(_PARTS.split(folded)):
        if i % 2:
            out.append((0, int(part)))
        elif part:
            out.append((1, part))
    return tuple(out)
