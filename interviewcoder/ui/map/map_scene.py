"""The journey map as a QGraphicsScene: one column per step in journey order, transitions
between them. The same scene is shown in the Map tab and written to PNG, SVG and PDF.

A column: the step's name and reach (participants), one bar per outcome (share and 95%
interval; hatched and labelled when thin), a friction mark, the top anxieties and influences
with n and the count per outcome, and the step's representative quote. Everything a click can
list quotes for carries a ``MapTarget`` (``map_items.TARGET_KEY``) and a tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSimpleTextItem

from interviewcoder.core.journey_map import JourneyMap, MapItem, MapStep, MapTarget, Reach
from interviewcoder.ui.map.map_arrows import draw_transitions, forward_band
from interviewcoder.ui.map.map_items import Hotspot, friction_mark, text, tooltip_html
from interviewcoder.ui.map.map_legend import legend, title_block
from interviewcoder.ui.map.map_painted import CountDots, ReachRow
from interviewcoder.ui.map.map_style import (
    BACKWARD,
    COLUMN,
    FAINT,
    FRICTION,
    GAP,
    MARGIN,
    MUTED,
    PAD,
    PANEL,
    PANEL_EDGE,
    TextFn,
    font,
    line_height,
    outcome_colour,
    percent,
    text_width,
    wrap,
)

INNER = COLUMN - 2 * PAD
ROW = 17.0


def people(n: int) -> str:
    return f"{n} participant{'' if n == 1 else 's'}"


def reach_line(r: Reach) -> str:
    thin = ", thin evidence" if r.thin else ""
    return (f"{r.outcome}: {r.participants} of {r.size} ({percent(r.share)}; 95% interval "
            f"{percent(r.low)}–{percent(r.high)}){thin}")


def _pp(step_or_item: MapStep | MapItem, outcome: str) -> str:
    won = next((r for r in step_or_item.reach if r.outcome == "won"), None)
    other = next((r for r in step_or_item.reach if r.outcome == outcome), None)
    if won is None or other is None:
        return ""
    return f"{(other.share - won.share) * 100:+.0f} pp"


class MapScene(QGraphicsScene):
    """The picture of ``journey``; ``text`` is applied to every string drawn (redaction)."""

    def __init__(self, journey: JourneyMap, text_fn: TextFn | None = None, *, min_move: int = 1,
                 parent: object | None = None) -> None:
        super().__init__(parent)
        self.journey = journey
        self.t: TextFn = text_fn or (lambda s: s)
        self.min_move = min_move
        self.headers: dict[int, QRectF] = {}  # step id -> its header's rect
        self.header_height = 0.0
        self.setBackgroundBrush(QColor("#ffffff"))
        self._build()

    def addSimpleText(self, value: str, font: QFont | None = None) -> QGraphicsSimpleTextItem:  # noqa: N802
        """Every word drawn passes through ``t``: a redacted map draws only redacted text,
        whatever piece of the picture wrote it (titles, counts, legends, names, quotes)."""
        return super().addSimpleText(self.t(value), font if font is not None else QFont())

    # --- layout --------------------------------------------------------------------------------

    def column_x(self, index: int) -> float:
        return MARGIN + index * (COLUMN + GAP)

    def _build(self) -> None:
        j = self.journey
        width = max(900.0, len(j.steps) * (COLUMN + GAP) - GAP)
        y = title_block(self, j, self.t, MARGIN, MARGIN)
        y = legend(self, j, MARGIN, y + 6, width, self.min_move)
        if not j.steps:
            text(self, "This study's codebook has no step codes: add steps (Codebook dock) to "
                 "see the journey.", MARGIN, y + 20, size=10, colour=MUTED)
            self._fit()
            return
        top = y + forward_band(j, self.min_move)
        self.header_height = self._header_height()
        bottom = max(self._column(i, s, self.column_x(i), top) for i, s in enumerate(j.steps))
        for i in range(len(j.steps)):
            panel = self.addRect(QRectF(self.column_x(i), top, COLUMN, bottom - top + PAD),
                                 QPen(PANEL_EDGE, 1.0), QBrush(PANEL))
            panel.setZValue(-10)
        draw_transitions(self, j, self.headers, top, bottom + PAD, self.min_move, self.t)
        self._fit()

    def _fit(self) -> None:
        self.setSceneRect(self.itemsBoundingRect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN))

    def _header_height(self) -> float:
        """One height for every column's header (so the arrows between them line up): the
        longest name's lines, the counts, and a line for loops when any step has them."""
        f = font(10.5, bold=True)
        lines = max((len(wrap(self.t(s.name), f, INNER, 2)) for s in self.journey.steps), default=1)
        loops = any(s.loops for s in self.journey.steps)
        return 11 + line_height(f) * lines + 3 + 14 + (14 if loops else 0) + 8

    # --- one column ----------------------------------------------------------------------------

    def _column(self, index: int, step: MapStep, x: float, top: float) -> float:
        y = self._header(step, x, top)
        y = self._reach(step, x, y)
        y = self._items("Anxieties", step, step.anxieties, x, y + 6)
        y = self._items("Influences", step, step.influences, x, y + 4)
        return self._quote(step, x, y + 4)

    def _header(self, step: MapStep, x: float, y: float) -> float:
        strip = QColor(step.colour).darker(125)
        self.addRect(QRectF(x, y, COLUMN, 5), QPen(Qt.PenStyle.NoPen), QBrush(strip))
        name_font = font(10.5, bold=True)
        lines = wrap(self.t(step.name), name_font, INNER, 2)
        text(self, "\n".join(lines), x + PAD, y + 11, size=10.5, bold=True)
        ny = y + 11 + line_height(name_font) * len(lines) + 3
        meta = f"{people(step.participants)} · {step.mentions} quote{'' if step.mentions == 1 else 's'}"
        if step.thin:
            meta += " · thin"
        text(self, meta, x + PAD, ny, size=8, colour=MUTED)
        if step.loops:
            text(self, f"↺ {step.loops} came back to this step", x + PAD, ny + 14, size=8,
                 colour=BACKWARD)
        rect = QRectF(x, y, COLUMN, self.header_height)
        self.headers[step.code_id] = rect
        lines_tip = [self.t(step.name),
                     f"{step.participants} of {self.journey.participants} participants reached this "
                     f"step ({step.mentions} quotes)"]
        lines_tip += [reach_line(r) for r in step.reach]
        if step.loops:
            lines_tip.append(f"{people(step.loops)} came back to this step after another one")
        lines_tip.append("Click to list the quotes behind it.")
        self.addItem(Hotspot(rect, MapTarget("step", step.code_id), tooltip_html(lines_tip)))
        return y + self.header_height

    def _reach(self, step: MapStep, x: float, y: float) -> float:
        label_font = font(8, bold=True)
        label_w = max([text_width(r.outcome, label_font) for r in step.reach] + [30]) + 6
        label_w = min(label_w, 62)
        for r in step.reach:
            row = ReachRow(r, outcome_colour(r.outcome, self.journey.outcomes), INNER, label_w)
            row.setPos(x + PAD, y)
            self.addItem(row)
            rect = QRectF(x + 2, y, COLUMN - 4, ROW)
            tip = [f"{self.t(step.name)} — {r.outcome}", reach_line(r), "Click to list the quotes."]
            self.addItem(Hotspot(rect, MapTarget("step", step.code_id, outcome=r.outcome),
                                 tooltip_html(tip)))
            y += ROW
        for o in step.friction:
            friction_mark(self, x + PAD, y + 3, 9)
            line = wrap(f"friction: {o} {_pp(step, o)} vs won", font(8, bold=True), INNER - 13, 1)[0]
            text(self, line, x + PAD + 13, y + 1, size=8, bold=True, colour=FRICTION)
            y += ROW
        return y

    def _items(self, title: str, step: MapStep, items: tuple[MapItem, ...], x: float, y: float) -> float:
        self.addLine(x + PAD, y, x + COLUMN - PAD, y, QPen(QColor("#e3e8ee"), 1.0))
        text(self, title.upper(), x + PAD, y + 4, size=7, bold=True, colour=MUTED)
        y += 19
        if not items:
            text(self, "none coded at this step", x + PAD, y, size=8, italic=True, colour=FAINT)
            return y + 16
        name_font = font(8.5)
        for item in items:
            indent = 13 if item.friction else 0
            lines = wrap(self.t(item.name), name_font, INNER - 34 - indent, 2)
            if item.friction:
                friction_mark(self, x + PAD, y + 3, 9)
            text(self, "\n".join(lines), x + PAD + indent, y, size=8.5)
            n = str(item.participants)
            nf = font(9, bold=True)
            text(self, n, x + COLUMN - PAD - text_width(n, nf), y - 1, size=9, bold=True,
                 colour=MUTED if item.thin else QColor("#1d2733"))
            dy = y + line_height(name_font) * len(lines) + 1
            dots = CountDots([(r.participants, outcome_colour(r.outcome, self.journey.outcomes))
                              for r in item.reach])
            dots.setPos(x + PAD + indent, dy)
            self.addItem(dots)
            height = dy + 13 - y
            tip = [f"{self.t(item.name)} at {self.t(step.name)}",
                   f"{people(item.participants)} said both in one answer"
                   + (" (thin evidence)" if item.thin else "")]
            tip += [reach_line(r) for r in item.reach]
            tip += [f"Friction: {o} {_pp(item, o)} against won" for o in item.friction]
            if item.quote is not None:
                tip += ["", f"“{self.t(item.quote.text)}”",
                        f"— {self.t(item.quote.participant)} ({item.quote.outcome})"]
            tip.append("Click to list the quotes.")
            self.addItem(Hotspot(QRectF(x + 2, y - 2, COLUMN - 4, height + 2),
                                 MapTarget("item", step.code_id, item.code_id),
                                 tooltip_html(tip), item.quote.quote_id if item.quote else None))
            y += height + 3
        return y

    def _quote(self, step: MapStep, x: float, y: float) -> float:
        self.addLine(x + PAD, y, x + COLUMN - PAD, y, QPen(QColor("#e3e8ee"), 1.0))
        y += 6
        q = step.quote
        if q is None:
            text(self, "no participant quote", x + PAD, y, size=8, italic=True, colour=FAINT)
            return y + 16
        qf = font(8, italic=True)
        lines = wrap(f"“{self.t(q.text)}”", qf, INNER, 4)
        text(self, "\n".join(lines), x + PAD, y, size=8, italic=True, colour=QColor("#33404f"))
        y2 = y + line_height(qf) * len(lines) + 2
        who = f"— {self.t(q.participant)} ({q.outcome})"
        text(self, wrap(who, font(7.5), INNER, 1)[0], x + PAD, y2, size=7.5, colour=MUTED)
        end = y2 + 14
        tip = [self.t(step.name), f"“{self.t(q.text)}”", f"— {self.t(q.participant)} ({q.outcome})",
               "Click to open it in the reader."]
        self.addItem(Hotspot(QRectF(x + 2, y - 3, COLUMN - 4, end - y + 3),
                             MapTarget("step", step.code_id), tooltip_html(tip), q.quote_id))
        return end
