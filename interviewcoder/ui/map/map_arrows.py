"""Transitions on the map: moves to the next step as short arrows between the columns, longer
forward moves as arcs above the columns, loops back to an earlier step as dashed arcs below.
Stroke width and the number on each arrow are the participants who made the move."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsScene

from interviewcoder.core.journey_map import JourneyMap, MapTarget, MapTransition
from interviewcoder.ui.map.map_items import ArrowItem, arrowhead, text, tooltip_html
from interviewcoder.ui.map.map_style import BACKWARD, FORWARD, TextFn, font, text_width

LIFT = 16.0  # an arc's height per step it spans
BASE = 26.0


MAX_FORWARD = 48
MAX_BACKWARD = 16
"""Arrows drawn at most (the most travelled); more is a tangle no one can read. The rest are
in the Paths tab and the workbook's Map and Paths sheets, and the picture says how many."""


def drawn(journey: JourneyMap, min_move: int) -> list[MapTransition]:
    """The moves drawn: made by at least ``min_move`` participants, the most travelled first,
    at most ``MAX_FORWARD`` forward and ``MAX_BACKWARD`` back."""
    moves = sorted((t for t in journey.transitions if t.total >= max(1, min_move)),
                   key=lambda t: (-t.total, -t.times, t.source, t.target))
    forward = [t for t in moves if not t.backward][:MAX_FORWARD]
    back = [t for t in moves if t.backward][:MAX_BACKWARD]
    return forward + back


def _span(journey: JourneyMap, t: MapTransition) -> int:
    return abs(journey.index(t.target) - journey.index(t.source))


def _height(span: int) -> float:
    return BASE + LIFT * min(span - 2, 6) if span > 1 else 0.0


def forward_band(journey: JourneyMap, min_move: int) -> float:
    """Room above the columns for the forward arcs (and their labels)."""
    spans = [_span(journey, t) for t in drawn(journey, min_move) if not t.backward]
    return max((_height(s) for s in spans if s > 1), default=0.0) + 24.0


def _pen(t: MapTransition, colour: QColor, dashed: bool = False) -> QPen:
    pen = QPen(colour, min(8.0, 1.3 + 1.4 * (t.total - 1)))
    if t.total == 1:
        faded = QColor(colour)
        faded.setAlpha(120)
        pen.setColor(faded)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


def _anchors(rect: QRectF, n: int, left: bool) -> list[float]:
    """``n`` x positions along one half of a column's top (or bottom) edge."""
    lo, hi = (rect.left() + 14, rect.center().x() - 6) if left else (rect.center().x() + 6,
                                                                        rect.right() - 14)
    if n == 1:
        return [(lo + hi) / 2]
    return [lo + (hi - lo) * i / (n - 1) for i in range(n)]


def _label(scene: QGraphicsScene, t: MapTransition, at: QPointF, colour: QColor) -> None:
    value = f"↺ {t.total}" if t.backward else str(t.total)
    size = 8 if t.total > 1 else 7
    w = text_width(value, font(size, bold=t.total > 1)) + 8
    box = QRectF(at.x() - w / 2, at.y() - 7, w, 14)
    scene.addRect(box, QPen(Qt.PenStyle.NoPen), QBrush(QColor(255, 255, 255, 230)))
    text(scene, value, box.left() + 4, box.top(), size=size, bold=t.total > 1, colour=colour)


def _tooltip(journey: JourneyMap, t: MapTransition, tf: TextFn) -> str:
    a, b = tf(journey.step(t.source).name), tf(journey.step(t.target).name)
    per = ", ".join(f"{o} {t.participants.get(o, 0)}" for o in journey.outcomes)
    who = f"{t.total} participant{'' if t.total == 1 else 's'}"
    lines = [f"{a} → {b}", f"{who} made this move ({per}); {t.times} times in all"]
    if t.backward:
        lines.append("A loop: back to an earlier step of the journey.")
    lines.append("Click to list the quotes of the participants who made it.")
    return tooltip_html(lines)


def draw_transitions(scene: QGraphicsScene, journey: JourneyMap, headers: dict[int, QRectF],
                     top: float, bottom: float, min_move: int, tf: TextFn) -> None:
    moves = drawn(journey, min_move)
    out_top: dict[int, list[MapTransition]] = defaultdict(list)
    in_top: dict[int, list[MapTransition]] = defaultdict(list)
    out_bottom: dict[int, list[MapTransition]] = defaultdict(list)
    in_bottom: dict[int, list[MapTransition]] = defaultdict(list)
    for t in moves:
        span = _span(journey, t)
        if t.backward:
            out_bottom[t.source].append(t)
            in_bottom[t.target].append(t)
        elif span > 1:
            out_top[t.source].append(t)
            in_top[t.target].append(t)
    pos: dict[tuple[int, int, str], float] = {}
    for step, group, left in ((s, g, False) for s, g in out_top.items()):
        group.sort(key=lambda t: journey.index(t.target))
        for t, x in zip(group, _anchors(headers[step], len(group), left), strict=True):
            pos[t.source, t.target, "from"] = x
    for step, group in in_top.items():
        group.sort(key=lambda t: -journey.index(t.source))
        for t, x in zip(group, _anchors(headers[step], len(group), True), strict=True):
            pos[t.source, t.target, "to"] = x
    for step, group in out_bottom.items():
        group.sort(key=lambda t: -journey.index(t.target))
        for t, x in zip(group, _anchors(headers[step], len(group), True), strict=True):
            pos[t.source, t.target, "from"] = x
    for step, group in in_bottom.items():
        group.sort(key=lambda t: journey.index(t.source))
        for t, x in zip(group, _anchors(headers[step], len(group), False), strict=True):
            pos[t.source, t.target, "to"] = x
    # Thin arrows first, so the well-travelled ones are drawn on top.
    for t in sorted(moves, key=lambda t: t.total):
        span = _span(journey, t)
        target = MapTarget("transition", t.source, t.target)
        tip = _tooltip(journey, t, tf)
        a, b = headers[t.source], headers[t.target]
        path = QPainterPath()
        if not t.backward and span == 1:
            y = a.top() + min(40.0, a.height() / 2 + 4)
            start, tip_at = QPointF(a.right() + 3, y), QPointF(b.left() - 3, y)
            path.moveTo(start)
            path.lineTo(tip_at.x() - 6, y)
            towards, colour, label_at = start, FORWARD, QPointF((start.x() + tip_at.x()) / 2, y - 12)
            pen = _pen(t, colour)
        elif not t.backward:
            x0, x1 = pos[t.source, t.target, "from"], pos[t.source, t.target, "to"]
            h = _height(span)
            start, tip_at = QPointF(x0, top - 2), QPointF(x1, top - 2)
            path.moveTo(start)
            path.cubicTo(x0, top - h * 1.33, x1, top - h * 1.33, x1, top - 8)
            towards, colour = QPointF(x1, top - 20), FORWARD
            label_at = QPointF((x0 + x1) / 2, top - h)
            pen = _pen(t, colour)
        else:
            x0, x1 = pos[t.source, t.target, "from"], pos[t.source, t.target, "to"]
            h = BASE + LIFT * min(span - 1, 6)
            start, tip_at = QPointF(x0, bottom + 2), QPointF(x1, bottom + 2)
            path.moveTo(start)
            path.cubicTo(x0, bottom + h * 1.33, x1, bottom + h * 1.33, x1, bottom + 8)
            towards, colour = QPointF(x1, bottom + 20), BACKWARD
            label_at = QPointF((x0 + x1) / 2, bottom + h)
            pen = _pen(t, colour, dashed=True)
        scene.addItem(ArrowItem(path, pen, target, tip))
        head = scene.addPolygon(arrowhead(tip_at, towards, 6 + min(4.0, pen.widthF())),
                                QPen(Qt.PenStyle.NoPen), QBrush(pen.color()))
        head.setToolTip(tip)
        _label(scene, t, label_at, colour)
