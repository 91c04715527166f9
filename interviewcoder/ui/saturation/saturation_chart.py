"""A line chart of saturation: running totals against participants in interview order, one
line for everyone and one per outcome (each over its own participants)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from interviewcoder.core.saturation import Saturation, Step

MEASURES = (
    ("total_codes", "codes heard from at least 1 participant"),
    ("total_codes_enough", "codes heard from 3 or more participants"),
    ("total_pairs", "step × anxiety pairs heard at least once"),
    ("total_pairs_enough", "step × anxiety pairs heard from 3 or more"),
)
COLOURS = {"all": "#1d2733", "won": "#2e7d32", "lost": "#c62828", "churned": "#e65100",
           "unknown": "#757575"}
OTHER = ["#6a1b9a", "#00838f", "#5d4037", "#283593"]


def colour(name: str, names: Sequence[str]) -> QColor:
    if name in COLOURS:
        return QColor(COLOURS[name])
    others = [n for n in names if n not in COLOURS]
    return QColor(OTHER[others.index(name) % len(OTHER)] if name in others else "#999999")


def nice_ceiling(value: float) -> int:
    for step in (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if value <= step:
            return step
    return int(value) + 1


class SaturationChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: Saturation | None = None
        self.measure = MEASURES[0][0]
        self.setMouseTracking(True)
        self.setMinimumHeight(160)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(640, 300)

    def set_data(self, result: Saturation | None, measure: str | None = None) -> None:
        self.result = result
        if measure is not None:
            self.measure = measure
        self.update()

    def lines(self) -> dict[str, list[Step]]:
        if self.result is None:
            return {}
        return {"all": self.result.steps, **self.result.by_outcome}

    def _frame(self) -> QRectF:
        return QRectF(self.rect()).adjusted(56, 34, -150, -40)

    def _scale(self) -> tuple[int, int]:
        lines = self.lines()
        x_max = max((len(s) for s in lines.values()), default=1) or 1
        y_max = max((getattr(s[-1], self.measure) for s in lines.values() if s), default=0)
        return x_max, nice_ceiling(max(1, y_max))

    def _point(self, frame: QRectF, x: float, y: float, x_max: int, y_max: int) -> QPointF:
        px = frame.left() + (frame.width() * (x - 1) / max(1, x_max - 1) if x_max > 1 else 0)
        return QPointF(px, frame.bottom() - frame.height() * y / y_max)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        frame = self._frame()
        lines = self.lines()
        label = dict(MEASURES)[self.measure]
        p.setPen(QColor("#1d2733"))
        p.setFont(QFont(self.font().family(), 10, QFont.Weight.Bold))
        p.drawText(QRectF(frame.left(), 6, frame.width() + 150, 22), int(Qt.AlignmentFlag.AlignLeft),
                   f"Saturation: {label}")
        if not lines or not lines["all"]:
            p.setPen(QColor("#5f6b7a"))
            p.drawText(frame, int(Qt.AlignmentFlag.AlignCenter), "No interviewed participants yet.")
            return
        x_max, y_max = self._scale()
        p.setFont(QFont(self.font().family(), 8))
        grid = QPen(QColor("#e3e8ee"), 1)
        for i in range(6):
            y = y_max * i / 5
            pt = self._point(frame, 1, y, x_max, y_max)
            p.setPen(grid)
            p.drawLine(QPointF(frame.left(), pt.y()), QPointF(frame.right(), pt.y()))
            p.setPen(QColor("#5f6b7a"))
            p.drawText(QRectF(0, pt.y() - 8, frame.left() - 6, 16),
                       int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), f"{y:g}")
        ticks = sorted({1, x_max, *range(5, x_max, 5 if x_max <= 40 else 10 if x_max <= 100 else 50)})
        for x in ticks:
            pt = self._point(frame, x, 0, x_max, y_max)
            p.drawText(QRectF(pt.x() - 20, frame.bottom() + 4, 40, 16), int(Qt.AlignmentFlag.AlignCenter),
                       str(x))
        p.drawText(QRectF(frame.left(), frame.bottom() + 20, frame.width(), 16),
                   int(Qt.AlignmentFlag.AlignCenter), "participants, in interview order (within each line)")
        names = list(lines)
        for name, steps in lines.items():
            c = colour(name, names)
            path = QPainterPath()
            for i, s in enumerate(steps):
                pt = self._point(frame, s.position, getattr(s, self.measure), x_max, y_max)
                path.moveTo(pt) if i == 0 else path.lineTo(pt)
            p.setPen(QPen(c, 2.6 if name == "all" else 1.8))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
            p.setBrush(c)
            for s in steps:
                new = s.new_codes if self.measure.startswith("total_codes") else s.new_pairs
                if new:
                    p.drawEllipse(self._point(frame, s.position, getattr(s, self.measure), x_max,
                                              y_max), 2.6, 2.6)
        y = frame.top()
        for name in names:
            c = colour(name, names)
            p.setPen(QPen(c, 3))
            p.drawLine(QPointF(frame.right() + 16, y + 7), QPointF(frame.right() + 36, y + 7))
            p.setPen(QColor("#1d2733"))
            n = len(lines[name])
            p.drawText(QPointF(frame.right() + 42, y + 11), f"{name} ({n})")
            y += 18
        p.setPen(QColor("#5f6b7a"))
        p.drawText(QRectF(frame.right() + 16, y + 4, 140, 40), int(Qt.TextFlag.TextWordWrap),
                   "dot: this participant added something new")

    def step_near(self, pos: QPointF) -> tuple[str, Step] | None:
        lines = self.lines()
        if not lines:
            return None
        frame = self._frame()
        x_max, y_max = self._scale()
        best = None
        for name, steps in lines.items():
            for s in steps:
                pt = self._point(frame, s.position, getattr(s, self.measure), x_max, y_max)
                d = (pt.x() - pos.x()) ** 2 + (pt.y() - pos.y()) ** 2
                if d < 64 and (best is None or d < best[0]):
                    best = (d, name, s)
        return (best[1], best[2]) if best else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        found = self.step_near(event.position())
        if found is None or self.result is None:
            QToolTip.hideText()
            return
        name, s = found
        names = self.result.code_names
        new = ", ".join(names.get(c, str(c)) for c in s.new_codes[:8])
        more = f" and {len(s.new_codes) - 8} more" if len(s.new_codes) > 8 else ""
        QToolTip.showText(event.globalPosition().toPoint(),
                          f"{name}: #{s.position} {s.name} ({s.outcome})\n"
                          f"{getattr(s, self.measure)} so far · {len(s.new_codes)} new codes"
                          + (f": {new}{more}" if new else "") + f" · {s.new_pairs} new pairs", self)
