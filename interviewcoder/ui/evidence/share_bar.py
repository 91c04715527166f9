"""The Evidence view's outcome cells, compact enough for three outcomes at 1280×800: the count
and share on top, a thin bar of the share with its 95% interval as a whisker below; thin
evidence (fewer than 3 participants in the cell) drawn hatched, its text greyed."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from interviewcoder.core.evidence import THIN_BELOW
from interviewcoder.ui.evidence.evidence_model import CELL_ROLE

BAR = QColor("#5b9bd5")
TRACK = QColor("#e6edf5")
WHISKER = QColor("#1f3a5f")
THIN_TEXT = QColor("#8a94a0")
WIDTH = 84


class ShareBarDelegate(QStyledItemDelegate):
    """Paints an outcome cell (``CELL_ROLE`` holds its ``GroupShare``)."""

    SAMPLE = "99 · 100%"

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        cell = index.data(CELL_ROLE)
        if cell is None:
            super().paint(painter, option, index)
            return
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(option.rect, option.palette.highlight())
        thin = cell.participants < THIN_BELOW
        r = QRectF(option.rect).adjusted(6, 2, -6, -3)
        colour = (option.palette.highlightedText().color() if selected
                  else THIN_TEXT if thin else option.palette.text().color())
        painter.setPen(colour)
        text_rect = QRectF(r.left(), r.top(), r.width(), r.height() - 7)
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                         f"{cell.participants} · {cell.share:.0%}")
        bar = QRectF(r.left(), r.bottom() - 5, r.width(), 5)
        painter.fillRect(bar, TRACK)
        filled = QRectF(bar.left(), bar.top(), bar.width() * cell.share, bar.height())
        if cell.share > 0:
            if thin:
                painter.fillRect(filled, QBrush(BAR, Qt.BrushStyle.BDiagPattern))
                painter.setPen(QPen(BAR, 1))
                painter.drawRect(filled)
            else:
                painter.fillRect(filled, BAR)
        pen = QPen(WHISKER, 1.2)
        painter.setPen(pen)
        y = bar.center().y()
        x0, x1 = bar.left() + bar.width() * cell.low, bar.left() + bar.width() * cell.high
        painter.drawLine(int(x0), int(y), int(x1), int(y))
        for x in (x0, x1):
            painter.drawLine(int(x), int(y - 3), int(x), int(y + 3))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt override
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        if index.data(CELL_ROLE) is None:
            return hint
        return QSize(max(WIDTH, option.fontMetrics.horizontalAdvance(self.SAMPLE) + 14),
                     max(hint.height(), option.fontMetrics.height() + 12))
