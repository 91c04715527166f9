"""Coding stripes: a margin beside the reader's text with one vertical stripe per code of each
quote, labelled with the code's name, as NVivo, MAXQDA and ATLAS.ti show them.

A span with several codes shows only its first code's colour in the text; the stripes show
every code. Stripes that overlap take separate lanes (assigned once per change of the
source's quotes, so they do not jump while scrolling). Clicking a stripe or its label selects
its quote. Lane assignment is plain Python (``assign_lanes``); painting reads positions from
the reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QTextCursor
from PySide6.QtWidgets import QToolTip, QWidget

from interviewcoder.ui.reader.highlights import darker

if TYPE_CHECKING:
    from interviewcoder.ui.reader.reader_view import ReaderView

LANE = 7  # px from one lane to the next
STRIPE = 4  # px wide
MAX_LANES = 8
WIDTH = 168


@dataclass(frozen=True, slots=True)
class Stripe:
    start: int  # source offsets of the quote
    end: int
    quote_id: int
    code_id: int
    lane: int


def assign_lanes(spans: list[tuple[int, int, int, int]], max_lanes: int = MAX_LANES) -> list[Stripe]:
    """(start, end, quote id, code id) → stripes, each in the first lane free at its start
    (longer stripes first at the same start); past ``max_lanes`` they share the last lane."""
    ends: list[int] = []
    out = []
    for start, end, qid, cid in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]), s[2], s[3])):
        lane = next((i for i, e in enumerate(ends) if e <= start), len(ends))
        if lane == len(ends):
            ends.append(end)
        else:
            ends[lane] = end
        out.append(Stripe(start, end, qid, cid, min(lane, max_lanes - 1)))
    return out


class CodingMargin(QWidget):
    quote_clicked = Signal(int)

    def __init__(self, reader: ReaderView) -> None:
        super().__init__(reader)
        self.reader = reader
        self.setObjectName("coding_margin")
        self.setMouseTracking(True)
        self.stripes: list[Stripe] = []
        self._dirty = True
        self._hits: list[tuple[QRect, Stripe]] = []  # what was painted where, for clicks

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(WIDTH, 100)

    def invalidate(self) -> None:
        """The reader's quotes changed: reassign lanes at the next paint."""
        self._dirty = True
        self.update()

    def _refresh(self) -> None:
        if not self._dirty:
            return
        cache = self.reader.cache
        spans = [(q.start, q.end, q.id, c.id) for q in self.reader.quotes.values()
                 for c in cache.ordered(q.code_ids)]
        self.stripes = assign_lanes(spans)
        self._dirty = False

    def lanes(self) -> int:
        return 1 + max((s.lane for s in self.stripes), default=-1)

    def visible_stripes(self) -> list[tuple[Stripe, int, int]]:
        """Stripes on screen with their top and bottom y (viewport coordinates)."""
        self._refresh()
        lay = self.reader.layout_map
        if lay is None or not self.stripes:
            return []
        port = self.reader.viewport()
        lo = lay.src_pos(self.reader.cursorForPosition(QPoint(0, 0)).position(), forward=False)
        hi = lay.src_pos(self.reader.cursorForPosition(QPoint(port.width(), port.height())).position())
        out = []
        for s in self.stripes:
            if s.start > hi + 1 or s.end < lo - 1:
                continue
            top = self._y(lay.doc_pos(s.start), top=True)
            bottom = self._y(lay.doc_pos(max(s.start, s.end - 1)), top=False)
            if bottom >= 0 and top <= port.height():
                out.append((s, top, max(bottom, top + 4)))
        return out

    def _y(self, doc: int, top: bool) -> int:
        cur = QTextCursor(self.reader.document())
        cur.setPosition(min(doc, self.reader.document().characterCount() - 1))
        rect = self.reader.cursorRect(cur)
        return rect.top() if top else rect.bottom()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.base())
        painter.setPen(pal.mid().color())
        painter.drawLine(0, 0, 0, self.height())
        self._hits = []
        shown = self.visible_stripes()
        cache = self.reader.cache
        lanes = self.lanes()
        x_label = 6 + min(lanes, MAX_LANES) * LANE + 4
        metrics = QFontMetrics(self.font())
        label_room = max(0, self.width() - x_label - 4)
        next_free = -10_000
        dark = pal.base().color().lightness() < 128
        for s, top, bottom in sorted(shown, key=lambda t: (t[1], t[0].lane)):
            code = cache.codes.get(s.code_id)
            if code is None:
                continue
            colour = QColor(code.colour if dark else darker(code.colour, 0.78))
            bar = QRect(6 + s.lane * LANE, top, STRIPE, bottom - top)
            painter.fillRect(bar, colour)
            self._hits.append((bar.adjusted(-2, 0, 2, 0), s))
            y = max(top, next_free)
            if label_room > 20 and y + metrics.height() <= bottom + metrics.height():
                text = metrics.elidedText(code.name, Qt.TextElideMode.ElideRight, label_room)
                box = QRect(x_label, y, label_room, metrics.height())
                painter.setPen(colour if not dark else colour.lighter(130))
                painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
                self._hits.append((box, s))
                next_free = y + metrics.height()
        painter.end()

    def stripe_at(self, pos: QPoint) -> Stripe | None:
        for rect, s in reversed(self._hits):
            if rect.contains(pos):
                return s
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        s = self.stripe_at(event.position().toPoint())
        if s is not None and event.button() == Qt.MouseButton.LeftButton:
            self.quote_clicked.emit(s.quote_id)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        hand = self.stripe_at(event.position().toPoint()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if hand else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent):
            s = self.stripe_at(e.pos())
            if s is not None:
                code = self.reader.cache.codes.get(s.code_id)
                QToolTip.showText(e.globalPos(), f"Quote {s.quote_id}: "
                                  f"{self.reader.cache.label(code) if code else s.code_id}"
                                  " — click to select it", self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)
