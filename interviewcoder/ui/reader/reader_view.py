"""The Reader: one source's turns, with coded spans highlighted in their codes' colours."""

from __future__ import annotations

import gc
import json
import zlib
from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QContextMenuEvent,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from interviewcoder.core.spans import snap_to_words
from interviewcoder.core.types import Role
from interviewcoder.services.operations import Changes
from interviewcoder.store import workspace
from interviewcoder.ui.common.study_cache import StudyCache
from interviewcoder.ui.reader.coding_margin import CodingMargin
from interviewcoder.ui.reader.highlights import QuoteSpan, Segment, SegmentIndex, darker, segments
from interviewcoder.ui.reader.reader_layout import ReaderLayout, build_layout

SPAN_MIME = "application/x-interviewcoder-span"
QUIET = QColor("#5f6368")
QUIET_DARK = QColor("#9aa0a6")
HEADER = QColor("#1f3a5f")
HIGHLIGHT_TEXT = QColor("#1a1a1a")  # text on a code's (light) colour, in light and dark themes
DEFAULT_POINTS = 10.5
MIN_POINTS, MAX_POINTS = 7.0, 32.0
SELECTED_OUTLINE = QColor("#202124")
SUGGESTION_MARK = QColor("#7b3294")  # purple dotted underline: suggested, not yet a quote


class ReaderView(QPlainTextEdit):
    """Read-only view of one source. Positions it reports are source offsets."""

    quote_clicked = Signal(int)  # a highlight was clicked: its (innermost) quote
    source_shown = Signal(int)
    text_size_changed = Signal(float)  # points, after zooming

    def __init__(self, cache: StudyCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self.source_id: int | None = None
        self.source_text = ""
        self._sha256: str | None = None  # of the text shown: a replaced text reloads
        self.layout_map: ReaderLayout | None = None
        self.quotes: dict[int, QuoteSpan] = {}
        self.segs: list[Segment] = []
        self._index = SegmentIndex([])
        self._segs_dirty = False
        self.selected_quote: int | None = None
        self.suggested: list[tuple[int, int]] = []  # spans suggested by the NLP panel
        # Set by the sentence-snapping toggle: widens a word-snapped span to whole sentences.
        self.span_snapper: Callable[[str, int, int], tuple[int, int]] | None = None
        self.menu_hook: Callable[[QMenu, int | None], None] | None = None
        self._formats: dict[tuple[str, bool], QTextCharFormat] = {}
        self._colours: dict[tuple[int, ...], str] = {}  # a quote's codes -> its colour
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setMouseTracking(True)
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF(), DEFAULT_POINTS))
        self.setFont(font)
        self.document().setDocumentMargin(12)
        self.setPlaceholderText("Choose a source on the left to read and code it.")
        self._stripes_on = True
        self.margin = CodingMargin(self)
        self.margin.quote_clicked.connect(lambda qid: self.select_quote(qid, scroll=False))
        self.updateRequest.connect(lambda _rect, _dy: self.margin.update())
        self.set_stripes_visible(True)
        cache.updated.connect(self._on_updated)

    @property
    def study(self):  # noqa: ANN201
        return self.cache.study

    # --- text size (zoom) and theme -----------------------------------------------------------

    @property
    def text_size(self) -> float:
        return self.font().pointSizeF()

    def set_text_size(self, points: float) -> None:
        """Show the text at ``points`` (the headers follow); keeps the place being read."""
        points = max(MIN_POINTS, min(MAX_POINTS, points or DEFAULT_POINTS))
        if abs(points - self.text_size) < 0.01:
            return
        font = self.font()
        font.setPointSizeF(points)
        self.setFont(font)
        self.margin.setFont(font)
        self._formats.clear()
        if self.source_id is not None:
            self._reload_keeping_position()
        self.text_size_changed.emit(points)

    def zoom(self, steps: int) -> None:
        """Ctrl+= / Ctrl+-: one point larger or smaller per step (0 resets)."""
        self.set_text_size(DEFAULT_POINTS if steps == 0 else self.text_size + steps)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.source_id is not None:
            self._formats.clear()
            self._reload_keeping_position()  # headers and quiet text in the theme's colours

    # --- coding stripes margin ---------------------------------------------------------------

    def set_stripes_visible(self, on: bool) -> None:
        """Show or hide the coding stripes beside the text (shown only with a source)."""
        self._stripes_on = on
        shown = on and self.source_id is not None
        self.margin.setVisible(shown)
        self.setViewportMargins(0, 0, self._margin_width() if shown else 0, 0)
        self._place_margin()

    def _margin_width(self) -> int:
        """The stripes take at most a quarter of a narrow reader (1.5x scale, a laptop)."""
        return max(48, min(self.margin.sizeHint().width(), self.width() // 4))

    def stripes_visible(self) -> bool:
        return self._stripes_on

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().resizeEvent(event)
        if not self.margin.isHidden() and self.viewportMargins().right() != self._margin_width():
            self.setViewportMargins(0, 0, self._margin_width(), 0)
        self._place_margin()

    def _place_margin(self) -> None:
        port = self.viewport().geometry()
        self.margin.setGeometry(port.right() + 1, port.top(), self.viewportMargins().right(), port.height())

    # --- showing a source ------------------------------------------------------------------

    def show_source(self, source_id: int | None) -> None:
        # Opening a big source makes tens of thousands of small objects, none of them garbage;
        # the collector's full passes over every object of the app cost a third of the time.
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._show_source(source_id)
        finally:
            if enabled:
                gc.enable()

    def _show_source(self, source_id: int | None) -> None:
        self.source_id = source_id
        self.selected_quote = None
        self.suggested = []
        self.setExtraSelections([])
        if source_id is None or self.study.sources.get(source_id) is None:
            self.source_id = None
            self.layout_map = None
            self.quotes, self.segs, self._index = {}, [], SegmentIndex([])
            self.source_text = ""
            self._set_text("")
            self.set_stripes_visible(self._stripes_on)
            return
        text = self.source_text = self.study.sources.text(source_id)
        self._sha256 = self.study.sources.get(source_id).sha256  # type: ignore[union-attr]
        turns = self.study.sources.turns(source_id)
        people = self.cache.participants
        names = {pid: p.name for pid, p in people.items()}
        details = {pid: ", ".join(x for x in (p.outcome, p.persona) if x) for pid, p in people.items()}
        self.layout_map = build_layout(text, turns, names, details)
        self.quotes = {q[0]: QuoteSpan(*q) for q in workspace.quote_spans(self.study.db, source_id)}
        self._set_text(self.layout_map.text)
        if self.margin.isHidden() and self._stripes_on:
            self.set_stripes_visible(True)
        self._paint(full=True)
        self.source_shown.emit(source_id)

    def _set_text(self, text: str) -> None:
        """Replace the document's text, in the document's plain format.

        ``setPlainText`` gives the whole new text the cursor's current char format, which
        after coding is a highlight's (the cursor sat just after a coded character): reset
        the cursor to a fresh one with an empty format first.
        """
        self.setTextCursor(QTextCursor(self.document()))
        self.setCurrentCharFormat(QTextCharFormat())
        self.setPlainText(text)

    def _paint(self, full: bool, dirty: tuple[int, int] | None = None,
               changed: frozenset[int] | None = None) -> None:
        """Paint turn styles (when ``full``) and highlights, all in one edit block.

        After a change only the ``dirty`` source range is cleared and repainted, from the
        quotes that overlap it; the segment index for clicks and tooltips is rebuilt lazily.
        ``changed`` names the quotes that changed, when known (the stripes margin then compares
        only those).
        """
        lay = self.layout_map
        if lay is None:
            return
        self._segs_dirty = True
        if full:
            paint = self.segs = segments(self.quotes.values())
            self._index = SegmentIndex(self.segs)
            self._segs_dirty = False
        else:
            lo, hi = dirty or (0, lay.source_length)
            local = [q for q in self.quotes.values() if q.start < hi and q.end > lo]
            paint = [Segment(max(g.start, lo), min(g.end, hi), g.quotes)
                     for g in segments(local) if g.end > lo and g.start < hi]
        cur = QTextCursor(self.document())
        cur.beginEditBlock()
        try:
            if full:
                self._paint_turns(cur, lay)
            else:
                self._clear(cur, *(dirty or (0, lay.source_length)))
            formats = [self._format(seg) for seg in paint]
            keep, set_position, merge = (QTextCursor.MoveMode.KeepAnchor, cur.setPosition,
                                         cur.mergeCharFormat)
            for i, a, b in lay.doc_ranges_sorted((g.start, g.end) for g in paint):
                set_position(a)
                set_position(b, keep)
                merge(formats[i])
        finally:
            cur.endEditBlock()
        self.margin.invalidate(None if full else changed)
        self.show_selected()

    @property
    def segment_index(self) -> SegmentIndex:
        if self._segs_dirty:
            self.segs = segments(self.quotes.values())
            self._index = SegmentIndex(self.segs)
            self._segs_dirty = False
        return self._index

    def _paint_turns(self, cur: QTextCursor, lay: ReaderLayout) -> None:
        head = QTextCharFormat()
        head.setFontWeight(QFont.Weight.DemiBold)
        head.setForeground(HEADER)
        head.setFontPointSize(self.font().pointSizeF() * 0.9)
        dark = self.palette().base().color().lightness() < 128
        quiet_head = QTextCharFormat(head)
        quiet_head.setForeground(QUIET_DARK if dark else QUIET)
        quiet_head.setFontWeight(QFont.Weight.Normal)
        quiet = QTextCharFormat()
        quiet.setForeground(QUIET_DARK if dark else QUIET)
        quiet.setFontItalic(True)
        # A fresh document has no formats yet, so set (cheaper than merge) in one pass.
        keep, set_position, set_format = (QTextCursor.MoveMode.KeepAnchor, cur.setPosition,
                                          cur.setCharFormat)
        asked = [t.role == Role.INTERVIEWER for t in lay.turns]
        by_speaker: dict[str, QTextCharFormat] = {}
        people = self.cache.participants
        for h in lay.headers:
            if asked[h.turn]:
                fmt = quiet_head
            else:
                turn = lay.turns[h.turn]
                who = people.get(turn.participant_id) if turn.participant_id else None
                key = who.name if who is not None else (turn.speaker or "")
                fmt = by_speaker.get(key)
                if fmt is None:
                    fmt = by_speaker[key] = QTextCharFormat(head)
                    fmt.setForeground(speaker_colour(key, dark))
            set_position(h.doc_start)
            set_position(h.doc_end, keep)
            set_format(fmt)
        for b in lay.blocks:
            if b.turn >= 0 and asked[b.turn]:
                set_position(b.doc_start)
                set_position(lay.block_doc_end(b), keep)
                set_format(quiet)

    def _clear(self, cur: QTextCursor, start: int, end: int) -> None:
        """Take highlights off a range: no background, and the text colour of its turn."""
        lay = self.layout_map
        assert lay is not None
        dark = self.palette().base().color().lightness() < 128
        plain = QTextCharFormat()
        plain.setBackground(QBrush(Qt.BrushStyle.NoBrush))
        plain.setFontUnderline(False)
        plain.setForeground(self.palette().text().color())
        quiet = QTextCharFormat(plain)
        quiet.setForeground(QUIET_DARK if dark else QUIET)
        for a, b in lay.doc_ranges(start, end):
            turn = lay.turn_at(lay.src_pos(a))
            cur.setPosition(a)
            cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            cur.mergeCharFormat(quiet if turn is not None and turn.role == Role.INTERVIEWER else plain)

    def _format(self, seg: Segment) -> QTextCharFormat:
        codes = self.quotes[seg.quotes[0]].code_ids
        colour = self._colours.get(codes)
        if colour is None:
            colour = self._colours[codes] = self.cache.colour(codes)
        overlap = len(seg.quotes) > 1
        key = (colour, overlap)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setForeground(HIGHLIGHT_TEXT)
            if overlap:
                fmt.setBackground(QColor(darker(colour, 0.82)))
                fmt.setFontUnderline(True)
                fmt.setUnderlineColor(QColor("#303030"))
            else:
                fmt.setBackground(QColor(colour))
                fmt.setFontUnderline(False)
            self._formats[key] = fmt
        return fmt

    # --- keeping up with changes -----------------------------------------------------------

    def _on_updated(self, changes: Changes) -> None:
        if self.source_id is None:
            return
        source = self.study.sources.get(self.source_id)
        if source is None:
            self.show_source(None)
            return
        if self.source_id in changes.sources and source.sha256 != self._sha256:
            self._reload_keeping_position()  # a corrected transcript replaced the text
            return
        shown = {t.participant_id for t in self.layout_map.turns} if self.layout_map else set()
        if (changes.participants & shown) or (changes.participants and self.source_id in changes.sources):
            self._reload_keeping_position()
            return
        if changes.codebook or (changes.codes and not changes.quotes):
            self._formats.clear()
            self._colours.clear()
            self.quotes = {q[0]: QuoteSpan(*q)
                           for q in workspace.quote_spans(self.study.db, self.source_id)}
            lay = self.layout_map
            if lay is not None:
                self._paint(full=False, dirty=(0, lay.source_length))
            return
        if changes.quotes:
            self._update_quotes(changes.quotes)

    def _update_quotes(self, ids: frozenset[int]) -> None:
        lo, hi = None, None
        for qid in ids:
            old = self.quotes.pop(qid, None)
            if old is not None:
                lo = old.start if lo is None else min(lo, old.start)
                hi = old.end if hi is None else max(hi, old.end)
        fresh = workspace.quote_spans_by_id(self.study.db, ids)
        for q in fresh:
            if q[1] == self.source_id:
                span = QuoteSpan(q[0], q[2], q[3], q[4])
                self.quotes[span.id] = span
                lo = span.start if lo is None else min(lo, span.start)
                hi = span.end if hi is None else max(hi, span.end)
        if self.selected_quote is not None and self.selected_quote not in self.quotes:
            self.selected_quote = None
        if lo is not None and hi is not None:
            self._paint(full=False, dirty=(lo, hi), changed=ids)

    def _reload_keeping_position(self) -> None:
        value = self.verticalScrollBar().value()
        selected = self.selected_quote
        suggested = self.suggested
        self.show_source(self.source_id)
        self.suggested = suggested
        self.verticalScrollBar().setValue(value)
        if selected in self.quotes:
            self.select_quote(selected, scroll=False)
        else:
            self.show_selected()

    # --- positions, selection ---------------------------------------------------------------

    def selected_span(self) -> tuple[int, int] | None:
        """The selection as a source span snapped to whole words (or sentences, when the
        sentence toggle is on), or None when empty."""
        cur = self.textCursor()
        if self.layout_map is None or not cur.hasSelection():
            return None
        s, e = self.layout_map.src_span(cur.selectionStart(), cur.selectionEnd())
        if e <= s:
            return None
        s, e = snap_to_words(self.source_text, s, e)
        if e > s and self.span_snapper is not None:
            s, e = self.span_snapper(self.source_text, s, e)
        return (s, e) if e > s else None

    def select_span(self, start: int, end: int) -> None:
        """Select source span [start, end) in the reader and scroll to it."""
        if self.layout_map is None:
            return
        cur = self.textCursor()
        cur.setPosition(self.layout_map.doc_pos(start))
        cur.setPosition(self.layout_map.doc_pos(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cur)
        self.ensureCursorVisible()

    def select_quote(self, quote_id: int, scroll: bool = True) -> None:
        q = self.quotes.get(quote_id)
        if q is None:
            return
        self.selected_quote = quote_id
        if scroll and self.layout_map is not None:
            cur = self.textCursor()
            cur.clearSelection()
            cur.setPosition(self.layout_map.doc_pos(q.start))
            self.setTextCursor(cur)
            self.centerCursor()
        self.show_selected()
        self.quote_clicked.emit(quote_id)

    def set_suggestions(self, spans: list[tuple[int, int]]) -> None:
        """Mark suggested spans (not quotes yet) with a dotted purple underline."""
        self.suggested = [(s, e) for s, e in spans if e > s]
        self.show_selected()

    def show_selected(self) -> None:
        """Extra selections: the suggested spans, then the selected quote on top."""
        sels = []
        if self.layout_map is not None:
            for start, end in self.suggested:
                sels += self._extra(start, end, _suggestion_format())
            q = self.quotes.get(self.selected_quote) if self.selected_quote is not None else None
            if q is not None:
                fmt = QTextCharFormat()
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(SELECTED_OUTLINE)
                fmt.setFontUnderline(True)
                fmt.setForeground(QColor("#000000"))
                sels += self._extra(q.start, q.end, fmt)
        self.setExtraSelections(sels)

    def _extra(self, start: int, end: int, fmt: QTextCharFormat) -> list[QTextEdit.ExtraSelection]:
        assert self.layout_map is not None
        out = []
        for a, b in self.layout_map.doc_ranges(start, end):
            sel = QTextEdit.ExtraSelection()
            c = QTextCursor(self.document())
            c.setPosition(a)
            c.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = c
            sel.format = fmt
            out.append(sel)
        return out

    def src_at(self, pos: QPoint) -> int | None:
        """Source offset under a point of the viewport (None over a header or gap)."""
        if self.layout_map is None:
            return None
        doc = self.cursorForPosition(pos).position()
        src = self.layout_map.src_pos(doc, forward=True)
        back = self.layout_map.doc_pos(src)
        return src if back == doc else None

    def quotes_at(self, src: int) -> tuple[int, ...]:
        seg = self.segment_index.at(src)
        return seg.quotes if seg else ()

    def background_at(self, src: int) -> str | None:
        """The highlight colour painted at source offset ``src`` (for checks and tests)."""
        if self.layout_map is None:
            return None
        cur = QTextCursor(self.document())
        cur.setPosition(self.layout_map.doc_pos(src) + 1)
        brush = cur.charFormat().background()
        return None if brush.style() == Qt.BrushStyle.NoBrush else brush.color().name()

    def underlined_at(self, src: int) -> bool:
        if self.layout_map is None:
            return False
        cur = QTextCursor(self.document())
        cur.setPosition(self.layout_map.doc_pos(src) + 1)
        return cur.charFormat().fontUnderline()

    # --- mouse, tooltips, drag --------------------------------------------------------------

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self.textCursor().hasSelection():
            span = self.selected_span()
            if span is not None:
                self.select_span(*span)
            return
        src = self.src_at(event.position().toPoint())
        if src is not None and self.quotes_at(src):
            self.select_quote(self.quotes_at(src)[0], scroll=False)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent):
            src = self.src_at(self.viewport().mapFromGlobal(e.globalPos()))
            tip = self.tooltip_for(src) if src is not None else ""
            if tip:
                QToolTip.showText(e.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)

    def tooltip_for(self, src: int) -> str:
        """Rich text listing the codes of every quote at a source offset."""
        rows = []
        for qid in self.quotes_at(src):
            q = self.quotes[qid]
            names = ", ".join(self.cache.label(c) for c in self.cache.ordered(q.code_ids))
            rows.append(f"<p style='margin:0'><b>Quote {qid}</b>: {_html(names)}</p>")
        return "".join(rows)

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802
        mime = QMimeData()  # the editor's own mime data lists a fixed set of formats
        mime.setText(self.textCursor().selectedText().replace("\u2029", "\n"))
        span = self.selected_span()
        if span is not None and self.source_id is not None:
            payload = {"source_id": self.source_id, "start": span[0], "end": span[1]}
            mime.setData(SPAN_MIME, json.dumps(payload).encode())
        return mime

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        menu = self.createStandardContextMenu(event.pos())
        src = self.src_at(event.pos())
        quote = self.quotes_at(src)[0] if src is not None and self.quotes_at(src) else None
        if quote is not None:
            self.select_quote(quote, scroll=False)
        if self.menu_hook is not None:
            self.menu_hook(menu, quote)
        menu.exec(event.globalPos())
        menu.deleteLater()


# Dark, distinct colours for speakers' headers on a light page (and light ones on a dark page).
SPEAKER_COLOURS = ("#1f3a5f", "#7a3e00", "#24602f", "#6a1b5c", "#005f73", "#8a2c2c", "#44449a",
                   "#5c4b00", "#2f5f5f", "#7a2850")
SPEAKER_COLOURS_DARK = ("#8ab4f8", "#f6ae6b", "#81c995", "#e39ad8", "#6ccfe0", "#f28b82",
                        "#aeaefa", "#e5c76b", "#8fd3d3", "#f48fb1")


def speaker_colour(name: str, dark: bool = False) -> QColor:
    """The colour of a speaker's headers: the same person has the same colour in every source
    and every session (picked from the name, not from the order speakers appear in)."""
    colours = SPEAKER_COLOURS_DARK if dark else SPEAKER_COLOURS
    return QColor(colours[zlib.crc32(name.casefold().encode("utf-8")) % len(colours)])


def _suggestion_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    fmt.setUnderlineColor(SUGGESTION_MARK)  # (setFontUnderline would reset the style to single)
    return fmt


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
