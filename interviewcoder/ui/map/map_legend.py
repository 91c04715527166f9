"""The map's title block and legend: every colour and mark the picture uses, explained on it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsScene

from interviewcoder.core.evidence import THIN_BELOW, group_share
from interviewcoder.core.journey_map import JourneyMap, Reach
from interviewcoder.ui.map.map_arrows import drawn
from interviewcoder.ui.map.map_items import arrowhead, friction_mark, text
from interviewcoder.ui.map.map_painted import ReachRow
from interviewcoder.ui.map.map_style import (
    BACKWARD,
    FORWARD,
    MUTED,
    TextFn,
    font,
    outcome_colour,
    text_width,
)

Swatch = Callable[[QGraphicsScene, float, float], float]
"""Draws a legend mark at (x, y) and returns its width."""


def title_block(scene: QGraphicsScene, journey: JourneyMap, t: TextFn, x: float, y: float) -> float:
    """Title and what the picture counts; returns the y below it."""
    name = t(journey.title) if journey.title else "Journey map"
    text(scene, f"Journey map — {name}" if journey.title else name, x, y, size=15, bold=True)
    sizes = " · ".join(f"{o} {journey.outcome_sizes.get(o, 0)}" for o in journey.outcomes)
    line = (f"{journey.participants} participants ({sizes}) · filters: {t(journey.filters.describe())}"
            " · every number counts distinct participants")
    text(scene, line, x, y + 26, size=8.5, colour=MUTED)
    return y + 46


def _outcome(o: str, outcomes: list[str]) -> Swatch:
    def draw(scene: QGraphicsScene, x: float, y: float) -> float:
        scene.addRect(QRectF(x, y + 2, 10, 10), QPen(Qt.PenStyle.NoPen), QBrush(outcome_colour(o, outcomes)))
        return 12
    return draw


def _bar(thin: bool) -> Swatch:
    def draw(scene: QGraphicsScene, x: float, y: float) -> float:
        k, n = (1, 4) if thin else (5, 8)
        s = group_share(k, 0, n)
        reach = Reach("won", k, n, s.share, s.low, s.high)
        row = ReachRow(reach, outcome_colour("won"), 46, 0, bar_width=44, bare=True)
        row.setPos(x, y - 1)
        scene.addItem(row)
        return 46
    return draw


def _friction(scene: QGraphicsScene, x: float, y: float) -> float:
    friction_mark(scene, x, y + 3, 9)
    return 11


def _arrow(back: bool) -> Swatch:
    def draw(scene: QGraphicsScene, x: float, y: float) -> float:
        path = QPainterPath()
        if back:
            path.moveTo(x + 30, y + 4)
            path.cubicTo(x + 26, y + 15, x + 4, y + 15, x + 2, y + 5)
            tip, towards = QPointF(x + 2, y + 4), QPointF(x + 3, y + 12)
            pen = QPen(BACKWARD, 1.6, Qt.PenStyle.DashLine)
        else:
            path.moveTo(x, y + 8)
            path.lineTo(x + 26, y + 8)
            tip, towards = QPointF(x + 32, y + 8), QPointF(x, y + 8)
            pen = QPen(FORWARD, 2.0)
        scene.addPath(path, pen)
        scene.addPolygon(arrowhead(tip, towards), QPen(Qt.PenStyle.NoPen), QBrush(pen.color()))
        return 34
    return draw


def legend(scene: QGraphicsScene, journey: JourneyMap, x: float, y: float, width: float,
           min_move: int = 1) -> float:
    """The legend, wrapped to ``width``; returns the y below it."""
    entries: list[tuple[Swatch, str]] = [(_outcome(o, journey.outcomes), o) for o in journey.outcomes]
    entries += [
        (_bar(False), "share of the outcome group who reached the step, with its 95% interval"),
        (_bar(True), f"hatched: thin evidence (fewer than {THIN_BELOW} participants)"),
        (_friction, "friction: the lost or churned share is above won's by more than the "
                    "95% interval of the difference"),
        (_arrow(False), "a move to a later step (width and number: participants)"),
        (_arrow(True), "a loop back to an earlier step"),
    ]
    f = font(8)
    cx, cy, row = x, y, 20.0
    for swatch, label in entries:
        need = 50 + text_width(label, f) + 18
        if cx > x and cx + need > x + width:
            cx, cy = x, cy + row
        cx += swatch(scene, cx, cy) + 5
        text(scene, label, cx, cy, size=8, colour=MUTED)
        cx += text_width(label, f) + 18
    note = ("Under each step: the anxieties and influences most often said in the same answer as "
            "the step; n = distinct participants, with the count per outcome beside it.")
    shown, total = len(drawn(journey, min_move)), len(journey.transitions)
    if shown < total:
        least = min((t.total for t in drawn(journey, min_move)), default=0)
        note += (f" Arrows: the {shown} most travelled of {total} moves (each made by {least} or "
                 "more participants); every move is in the Paths tab and sheet.")
    text(scene, note, x, cy + row, size=8, colour=MUTED)
    return cy + 2 * row + 4
