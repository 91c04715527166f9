"""Colours, fonts, sizes and text fitting for the journey map picture (one look for the tab,
the PNG/SVG/PDF export and the legend)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF

TextFn = Callable[[str], str]
"""Every string drawn passes through one (the redactor for ``--redact``, else identity)."""

OUTCOME_COLOURS = {"won": "#2e7d32", "lost": "#c62828", "churned": "#e65100", "unknown": "#757575"}
_OTHER_COLOURS = ["#6a1b9a", "#00838f", "#5d4037", "#283593", "#9e9d24", "#ad1457"]

INK = QColor("#1d2733")
MUTED = QColor("#5f6b7a")
FAINT = QColor("#98a3b0")
PANEL = QColor("#f5f7fa")
PANEL_EDGE = QColor("#dde3ea")
TRACK = QColor("#e6ebf1")
FORWARD = QColor("#4a5f78")
BACKWARD = QColor("#b35c00")
HOVER = QColor("#dbe8f7")
FRICTION = QColor("#c62828")

MARGIN = 28
COLUMN = 212
GAP = 50
PAD = 10
_ELIDE_RIGHT = Qt.TextElideMode.ElideRight


def outcome_colour(outcome: str, outcomes: Sequence[str] = ()) -> QColor:
    if outcome in OUTCOME_COLOURS:
        return QColor(OUTCOME_COLOURS[outcome])
    others = [o for o in outcomes if o not in OUTCOME_COLOURS]
    i = others.index(outcome) if outcome in others else abs(hash(outcome))
    return QColor(_OTHER_COLOURS[i % len(_OTHER_COLOURS)])


@lru_cache(maxsize=64)
def font(size: float = 9, *, bold: bool = False, italic: bool = False) -> QFont:
    """The map's font (one object per style: callers copy it, never change it)."""
    f = QFont("DejaVu Sans")
    f.setPointSizeF(size)
    f.setBold(bold)
    f.setItalic(italic)
    return f


@lru_cache(maxsize=64)
def _metrics(f: QFont) -> QFontMetricsF:
    return QFontMetricsF(f)


def wrap(text: str, f: QFont, width: float, max_lines: int = 3) -> list[str]:
    """``text`` broken into lines no wider than ``width``; the last line ends in … when cut."""
    metrics = _metrics(f)
    words = " ".join(text.split()).split(" ")
    lines: list[str] = []
    line = ""
    for word in words:
        trial = f"{line} {word}" if line else word
        if metrics.horizontalAdvance(trial) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = metrics.elidedText(lines[-1] + " …", _ELIDE_RIGHT, width)
        if not lines[-1].endswith("…"):
            lines[-1] = lines[-1].rstrip(" .,;") + "…"
    return [metrics.elidedText(x, _ELIDE_RIGHT, width) for x in lines] or [""]


def line_height(f: QFont) -> float:
    return _metrics(f).lineSpacing()


def text_width(text: str, f: QFont) -> float:
    return _metrics(f).horizontalAdvance(text)


def percent(share: float) -> str:
    return f"{share * 100:.0f}%"

