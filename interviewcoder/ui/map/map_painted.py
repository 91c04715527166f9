"""Rows of the map that paint themselves in one item (a reach bar row, an item's per-outcome
counts): a column holds a few dozen of them, so one item each keeps a big map's scene small
and quick to build and draw."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from interviewcoder.core.journey_map import Reach
from interviewcoder.ui.map.map_style import FAINT, INK, MUTED, TRACK, font, percent, text_width


def paint_share_bar(p: QPainter, rect: QRectF, reach: Reach, colour: QColor) -> None:
    """A bar of the share on a track, the 95% interval as a whisker; thin evidence hatched."""
    p.fillRect(rect, TRACK)
    filled = QRectF(rect.left(), rect.top(), rect.width() * reach.share, rect.height())
    if reach.share > 0:
        if reach.thin:
            light = QColor(colour)
            light.setAlpha(150)
            p.fillRect(filled, QBrush(light, Qt.BrushStyle.BDiagPattern))
            p.setPen(QPen(colour, 1.0))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(filled)
        else:
            p.fillRect(filled, colour)
    y = rect.center().y()
    x0 = rect.left() + rect.width() * reach.low
    x1 = rect.left() + rect.width() * reach.high
    p.setPen(QPen(INK, 1.2))
    p.drawLine(QPointF(x0, y), QPointF(x1, y))
    for x in (x0, x1):
        p.drawLine(QPointF(x, y - 3.5), QPointF(x, y + 3.5))


class ReachRow(QGraphicsItem):
    """``won ▇▇──┤ 4/18 22% thin``: one outcome's reach at a step."""

    def __init__(self, reach: Reach, colour: QColor, width: float, label_width: float,
                 bar_width: float = 56, height: float = 17, *, bare: bool = False) -> None:
        super().__init__()
        self.bare = bare  # only the bar (the legend's sample)
        self.reach, self.colour = reach, colour
        self.width, self.height = width, height
        self.label_width, self.bar_width = label_width, bar_width

    def boundingRect(self) -> QRectF:  # noqa: N802
        return QRectF(0, 0, self.width, self.height)

    def paint(self, p: QPainter, _option: QStyleOptionGraphicsItem,  # noqa: D102
              _widget: QWidget | None = None) -> None:
        r = self.reach
        if self.bare:
            paint_share_bar(p, QRectF(0, 4, self.bar_width, 9), r, self.colour)
            return
        p.setFont(font(8, bold=True))
        p.setPen(self.colour)
        p.drawText(QRectF(0, 0, self.label_width - 4, self.height),
                   int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), r.outcome)
        paint_share_bar(p, QRectF(self.label_width, 4, self.bar_width, 9), r, self.colour)
        value = f"{r.participants}/{r.size} {percent(r.share)}"
        vx = self.label_width + self.bar_width + 6
        p.setFont(font(8))
        p.setPen(MUTED if r.thin else self.colour.darker(140))
        p.drawText(QPointF(vx, 12.5), value)
        if r.thin:
            p.setFont(font(7, italic=True))
            p.setPen(FAINT)
            p.drawText(QPointF(vx + text_width(value, font(8)) + 4, 12.5), "thin")


class CountDots(QGraphicsItem):
    """``■2 ■0 ■1``: an item's participants per outcome, in the outcomes' colours."""

    def __init__(self, counts: Sequence[tuple[int, QColor]]) -> None:
        super().__init__()
        self.counts = list(counts)
        f = font(7)
        self.width = sum(8 + text_width(str(n), f) + 8 for n, _ in self.counts)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return QRectF(0, 0, self.width, 12)

    def paint(self, p: QPainter, _option: QStyleOptionGraphicsItem,  # noqa: D102
              _widget: QWidget | None = None) -> None:
        f = font(7)
        p.setFont(f)
        x = 0.0
        for n, colour in self.counts:
            p.fillRect(QRectF(x, 3, 6, 6), colour)
            p.setPen(colour.darker(130))
            count = str(n)
            p.drawText(QPointF(x + 8, 9.5), count)
            x += 8 + text_width(count, f) + 8
