"""The pieces the journey map is drawn with: clickable areas, arrows, share bars, marks."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsSimpleTextItem,
)

from interviewcoder.core.journey_map import MapTarget
from interviewcoder.ui.map.map_style import FRICTION, HOVER, INK, font

SELECTED = QColor("#1565c0")
TARGET_KEY = 0  # QGraphicsItem.data key holding the MapTarget
QUOTE_KEY = 1  # ... and the quote id a quote's area jumps to


def tooltip_html(lines: list[str]) -> str:
    """Plain lines as a rich-text tooltip (so Qt wraps it), first line bold."""
    body = "<br>".join(html.escape(x) for x in lines[1:] if x)
    head = f"<b>{html.escape(lines[0])}</b>" if lines else ""
    return f"<qt>{head}{'<br>' if body else ''}{body}</qt>"


class Hotspot(QGraphicsRectItem):
    """A transparent area over something drawn: hover tints it, a click lists its quotes."""

    def __init__(self, rect: QRectF, target: MapTarget, tooltip: str, quote_id: int | None = None,
                 parent: QGraphicsItem | None = None) -> None:
        super().__init__(rect, parent)
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        self.setData(TARGET_KEY, target)
        self.setData(QUOTE_KEY, quote_id)
        self.setToolTip(tooltip)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(-1)

    def mark(self, on: bool) -> None:
        """Outline the area: it is what the quotes listed below belong to."""
        self.setPen(QPen(SELECTED, 1.6) if on else QPen(Qt.PenStyle.NoPen))

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        colour = QColor(HOVER)
        colour.setAlpha(200)
        self.setBrush(colour)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        self.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        super().hoverLeaveEvent(event)


class ArrowItem(QGraphicsPathItem):
    """A transition: a curve with an arrowhead; its clickable shape is wider than its stroke."""

    def __init__(self, path: QPainterPath, pen: QPen, target: MapTarget, tooltip: str) -> None:
        super().__init__(path)
        self.setPen(pen)
        self._pen = QPen(pen)
        self.setData(TARGET_KEY, target)
        self.setToolTip(tooltip)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(max(10.0, self.pen().widthF() + 6))
        return stroker.createStroke(self.path())

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        pen = QPen(self._pen)
        pen.setColor(QColor("#1565c0"))
        self.setPen(pen)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        self.setPen(self._pen)
        super().hoverLeaveEvent(event)


def text(scene: QGraphicsScene, value: str, x: float, y: float, *, size: float = 9,
         bold: bool = False, italic: bool = False, colour: QColor = INK) -> QGraphicsSimpleTextItem:
    item = scene.addSimpleText(value, font(size, bold=bold, italic=italic))
    item.setBrush(colour)
    item.setPos(x, y)
    return item


def arrowhead(tip: QPointF, towards: QPointF, size: float = 7.0) -> QPolygonF:
    """A triangle with its point at ``tip``, pointing away from ``towards``."""
    d = tip - towards
    length = max(1e-6, (d.x() ** 2 + d.y() ** 2) ** 0.5)
    ux, uy = d.x() / length, d.y() / length
    base = QPointF(tip.x() - ux * size, tip.y() - uy * size)
    px, py = -uy * size * 0.55, ux * size * 0.55
    return QPolygonF([tip, QPointF(base.x() + px, base.y() + py), QPointF(base.x() - px, base.y() - py)])


def friction_mark(scene: QGraphicsScene, x: float, y: float, size: float = 8.0,
                  colour: QColor = FRICTION) -> Any:
    """A small filled triangle pointing up, its top-left corner at (x, y)."""
    poly = QPolygonF([QPointF(x + size / 2, y), QPointF(x + size, y + size), QPointF(x, y + size)])
    return scene.addPolygon(poly, QPen(Qt.PenStyle.NoPen), QBrush(colour))
