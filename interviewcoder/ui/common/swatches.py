"""Small colour swatch icons for codes, cached by colour."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap


@lru_cache(maxsize=512)
def swatch(colour: str, size: int = 14, memo: bool = False) -> QIcon:
    """A code's colour; with ``memo`` a folded corner says the code has a memo."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(colour).darker(150), 1))
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), 3, 3)
    if memo:
        fold = size * 0.45
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour).darker(190))
        painter.drawPolygon([QPointF(size - fold, 0.5), QPointF(size - 0.5, 0.5),
                             QPointF(size - 0.5, fold)])
    painter.end()
    return QIcon(pix)


@lru_cache(maxsize=16)
def dot(colour: str, size: int = 10) -> QIcon:
    """A filled circle: a badge beside a row."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    painter.end()
    return QIcon(pix)
