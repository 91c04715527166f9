"""Coding stripes: a margin beside the reader's text with one vertical stripe per code of each
quote, labelled with the code's name, as NVivo, MAXQDA and ATLAS.ti show them.

A span with several codes shows only its first code's colour in the text; the stripes show
every code. Stripes that overlap take separate lanes (assigned once per change of the
source's quotes, so they do not jump while scrolling). Clicking a stripe or its label selects
its quote. Lane assignment is plain Python (``assign_lanes``); painting reads positions from
the reader.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

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


class Stripe(NamedTuple):
    start: int  # source offsets of the quote
    end: int
    quote_id: int
    code_id: int
    lane: int


def assign_lanes(spans: list[tuple[int, int, int, int]], max_lanes: int = MAX_LANES) -> list[Stripe]:
    """(start, end, quote id, code id) → stripes, each in the first lane free at its start
    (longer stripes first at the same start); past ``max_lanes`` they share the last lane.

    Lanes whose stripe has ended go back to a heap of free lanes, so the first free one is
    found in log time (a scan of every lane at every stripe cost ~50 ms per coding action on
    a source with 5,000 quotes); stripes are named tuples (a frozen dataclass per stripe cost
    more than the lanes themselves)."""
    busy: list[tuple[int, int]] = []  # (end, lane) of lanes in use
    free: list[int] = []  # lanes whose stripe ended, lowest first
    lanes = 0
    last = max_lanes - 1
    push, pop, make = heapq.heappush, heapq.heappop, Stripe._make
    out = []
    # Plain tuples sort in C; (start, -length, quote, code) is the order wanted.
    for start, _neg, qid, cid, end in sorted([(s, s - e, q, c, e) for s, e, q, c in spans]):
        while busy and busy[0][0] <= start:
            push(free, pop(busy)[1])
        if free:
            lane = pop(free)
        else:
            lane, lanes = lanes, lanes + 1
        push(busy, (end, lane))
        out.append(make((start, end, qid, cid, lane if lane < last else last)))
    return out


def _order(st: Stripe) -> tuple[int, int, int, int]:
    return (st.start, st.start - st.end, st.quote_id, st.code_id)


def _start(st: Stripe) -> int:
    return st.start


def relayout(stripes: list[Stripe], spans: list[tuple[int, int, int, int]], gone: set[int],
             touched: list[tuple[int, int]], longest: int, max_lanes: int = MAX_LANES
             ) -> list[Stripe]:
    """The stripes of ``assign_lanes`` after a few quotes changed, relaying only the groups of
    overlapping stripes that the change touched.

    ``stripes`` were laid out by ``assign_lanes``; the quotes in ``gone`` lose their stripes
    and ``spans`` are added; ``touched`` holds the (start, end) of every changed quote, before
    and after; ``longest`` is at least the length of the longest stripe. A group of stripes
    that overlap one another begins with every lane free, so its lanes do not depend on any
    other group: the result equals ``assign_lanes`` over the new spans (a property test holds
    it to that). Only stripes near the change are looked at: no stripe reaches further than
    ``longest`` past its start, so a group's edges are found by bisection and a short walk."""
    merged = [st for st in stripes if st.quote_id not in gone]
    for st in assign_lanes(spans, max_lanes):  # a few; their lanes are redone with their group
        bisect.insort(merged, st, key=_order)
    longest = max([longest, *(e - s for s, e, _q, _c in spans)])
    done: set[int] = set()  # first indexes of the groups relaid
    for a, b in sorted(touched):
        i = _group_start(merged, bisect.bisect_left(merged, a - longest, key=_start), longest)
        while i < len(merged) and merged[i].start <= b:  # the groups from there to b
            j, hi = i + 1, merged[i].end
            while j < len(merged) and merged[j].start < hi:
                hi = max(hi, merged[j].end)
                j += 1
            if hi >= a and i not in done:
                done.add(i)
                merged[i:j] = assign_lanes([st[:4] for st in merged[i:j]], max_lanes)
            i = j
    return merged


def _group_start(merged: list[Stripe], i: int, longest: int) -> int:
    """The first stripe of the group that stripe ``i`` is in: step left while a stripe before
    it still runs past its start (only those starting within ``longest`` of it can)."""
    while 0 < i < len(merged):
        start = merged[i].start
        lo = bisect.bisect_left(merged, start - longest, 0, i, key=_start)
        earlier = next((k for k in range(lo, i) if merged[k].end > start), None)
        if earlier is None:
            return i  # every lane has ended before stripe i: a group begins there
        i = earlier
    return min(i, len(merged))


class CodingMargin(QWidget):
    quote_clicked = Signal(int)

    def __init__(self, reader: ReaderView) -> None:
        super().__init__(reader)
        self.reader = reader
        self.setObjectName("coding_margin")
        self.setMouseTracking(True)
        self.stripes: list[Stripe] = []
        self._dirty = True
        self._pending: set[int] | None = None  # quotes said to have changed (None: any may have)
        # What the stripes were laid out from: quote id -> (start, end, code ids), and the
        # codebook order then (a new order lays every stripe out again).
        self._built: dict[int, tuple[int, int, tuple[int, ...]]] = {}
        self._built_order: object = None
        self._lanes = 0
        self._longest = 0  # at least the longest stripe's length (bounds every search)
        self._hits: list[tuple[QRect, Stripe]] = []  # what was painted where, for clicks

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(WIDTH, 100)

    def invalidate(self, quote_ids: Iterable[int] | None = None) -> None:
        """The reader's quotes changed (these, or any when None): reassign lanes at the next
        paint."""
        if quote_ids is None:
            self._pending = None
        elif self._dirty and self._pending is None:
            pass  # already comparing every quote
        else:
            self._pending = (self._pending or set()) | set(quote_ids)
        self._dirty = True
        self.update()

    def _refresh(self) -> None:
        """Lay the stripes out again where quotes changed since the last paint: a coding
        action relays its group of overlapping stripes, not the source's thousands."""
        if not self._dirty:
            return
        self._dirty = False
        cache = self.reader.cache
        pending, self._pending = self._pending, None
        quotes = self.reader.quotes
        built = self._built
        if pending is None:  # compare every quote with what the stripes were built from
            now = {q.id: (q.start, q.end, q.code_ids) for q in quotes.values()}
            changed = [qid for qid, v in now.items() if built.get(qid) != v]
            changed += [qid for qid in built if qid not in now]
            old = {qid: built.get(qid) for qid in changed}
            self._built = now
        else:  # only the quotes the reader named (a coding action: one or two)
            now = built
            old = {qid: built.get(qid) for qid in pending}
            for qid in pending:
                q = quotes.get(qid)
                if q is None:
                    now.pop(qid, None)
                else:
                    now[qid] = (q.start, q.end, q.code_ids)
            changed = [qid for qid in pending if old[qid] != now.get(qid)]
        full = self._built_order is not cache.code_order or len(changed) > 64
        self._built_order = cache.code_order
        if not changed and not full:
            return
        orders: dict[tuple[int, ...], list[int]] = {}  # codes in codebook order, per code set

        def spans_of(qids: Iterable[int]) -> list[tuple[int, int, int, int]]:
            spans = []
            for qid in qids:
                start, end, code_ids = now[qid]
                ids = orders.get(code_ids)
                if ids is None:
                    ids = orders[code_ids] = [c.id for c in cache.ordered(code_ids)]
                spans.extend((start, end, qid, cid) for cid in ids)
            return spans

        if full:
            self.stripes = assign_lanes(spans_of(now))
        else:
            touched = [(v[0], v[1]) for qid in changed for v in (old[qid], now.get(qid)) if v]
            added = spans_of(q for q in changed if q in now)
            self.stripes = relayout(self.stripes, added, set(changed), touched, self._longest)
            # an upper bound is enough (it only widens searches), until the next full layout
            self._longest = max([self._longest, *(e - s for s, e, _q, _c in added)])
        self._lanes = 1 + max((st.lane for st in self.stripes), default=-1)
        if full:
            self._longest = max((st.end - st.start for st in self.stripes), default=0)

    def lanes(self) -> int:
        self._refresh()
        return self._lanes

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
        # Sorted by start: only stripes starting within the longest stripe's length of the
        # top can reach the screen, and none starting below it.
        first = bisect.bisect_left(self.stripes, lo - 1 - self._longest, key=_start)
        last = bisect.bisect_right(self.stripes, hi + 1, key=_start)
        for s in self.stripes[first:last]:
            if s.end < lo - 1:
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
