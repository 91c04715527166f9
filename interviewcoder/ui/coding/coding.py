"""Coding actions: tag the reader's selection (or the selected quote) with codes, edit quotes.

Every path (double-click on a code, a drop onto a code, the quick picker, the number keys)
ends in ``CodingController.tag``. Tagging a span that is already exactly a quote adds the code
to that quote, so a step, an anxiety and an influence in a row make one quote.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QWidget

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.core.types import Role
from interviewcoder.services.coding import (
    AddQuote,
    RemoveQuote,
    Retag,
    crosses_speakers,
    split_at_turns,
    turn_pieces,
)
from interviewcoder.services.operations import Applied, Changes, Composite, Operation
from interviewcoder.ui.coding.crossing_bar import CrossingBar
from interviewcoder.ui.common.session import StudySession
from interviewcoder.ui.common.settings import Settings
from interviewcoder.ui.common.study_cache import StudyCache
from interviewcoder.ui.reader.reader_view import ReaderView


class CodingController(QObject):
    message = Signal(str)  # one line for the status bar
    recent_changed = Signal()

    def __init__(self, session: StudySession, cache: StudyCache, reader: ReaderView,
                 settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.cache = cache
        self.reader = reader
        self.settings = settings
        by_guid = {c.guid: c.id for c in cache.codes.values()}
        self.recent: list[int] = [by_guid[g] for g in settings.recent_codes if g in by_guid]
        cache.updated.connect(self._on_updated)
        reader.menu_hook = self.fill_menu
        self.crossing_bar = CrossingBar()  # the window places it above the reader
        self.crossing_bar.split_requested.connect(self.split_quote)
        # A span split at the turns, so the next code for the same selection goes to its pieces:
        # (source id, start, end) -> the pieces' quote ids.
        self._split: tuple[tuple[int, int, int], tuple[int, ...]] | None = None

    # --- tagging -------------------------------------------------------------------------------

    def target_text(self) -> str:
        span = self.reader.selected_span()
        if span is not None:
            words = len(self.reader.source_text[span[0]:span[1]].split())
            return f"the selection ({words} word{'s' if words != 1 else ''})"
        if self.reader.selected_quote is not None:
            return f"quote {self.reader.selected_quote}"
        return "nothing: select text first"

    def target_codes(self) -> frozenset[int]:
        """Codes already on the quote a tag would go to: the quote that is exactly the
        selection, else the selected quote (when nothing is selected)."""
        span = self.reader.selected_span()
        if span is not None:
            same = next((q for q in self.reader.quotes.values() if (q.start, q.end) == span), None)
            return frozenset(same.code_ids) if same else frozenset()
        q = self.reader.quotes.get(self.reader.selected_quote) if self.reader.selected_quote else None
        return frozenset(q.code_ids) if q else frozenset()

    def tag(self, code_id: int) -> int | None:
        """Tag the selection (or the selected quote) with a code. Returns the quote id."""
        span = self.reader.selected_span()
        if span is not None and self.reader.source_id is not None:
            return self.tag_span(code_id, self.reader.source_id, *span)
        if self.reader.selected_quote is not None:
            return self._add_to(self.reader.selected_quote, code_id)
        self.message.emit("Select some text in the reader first, then apply a code.")
        return None

    def tag_span(self, code_id: int, source_id: int, start: int, end: int) -> int | None:
        same = None
        if source_id == self.reader.source_id:
            same = next((q.id for q in self.reader.quotes.values()
                         if q.start == start and q.end == end), None)
        if same is not None:
            return self._add_to(same, code_id)
        if self._split is not None and self._split[0] == (source_id, start, end):
            done = self._add_to_pieces(self._split[1], code_id)
            if self._split is not None:  # else the pieces are gone (undone): a new quote
                return done
        applied = self._apply(AddQuote(source_id, start, end, (code_id,)))
        if applied is None:
            return None
        qid = int(applied.result)
        self._used(code_id)
        if source_id == self.reader.source_id:
            self.reader.select_quote(qid, scroll=False)  # the quotes dock follows
        self.message.emit(f"New quote {qid}: {self._name(code_id)}")
        self._warn_if_crossing(qid, source_id, start, end)
        return qid

    # --- quotes across a speaker change ------------------------------------------------------

    def _warn_if_crossing(self, quote_id: int, source_id: int, start: int, end: int) -> None:
        pieces = turn_pieces(self.session.study, source_id, start, end)
        if not crosses_speakers(pieces):
            self.crossing_bar.dismiss()
            return
        people = self.cache.participants
        speakers = [p.speaker or "?" for p in pieces]
        speakers = [s for i, s in enumerate(speakers) if i == 0 or speakers[i - 1] != s]
        counts_for = list(dict.fromkeys(
            people[p.participant_id].name for p in pieces
            if p.role != Role.INTERVIEWER and p.participant_id in people))
        can_split = any(p.role != Role.INTERVIEWER for p in pieces)
        self.crossing_bar.show_for(quote_id, speakers, counts_for, can_split)

    def split_quote(self, quote_id: int) -> list[int]:
        """Split a quote across a speaker change at the turn boundaries (one undo step)."""
        q = self.session.study.quotes.get(quote_id)
        op = split_at_turns(self.session.study, quote_id) if q is not None else None
        if q is None or op is None:
            self.message.emit(f"Quote {quote_id} does not cross a speaker change")
            return []
        applied = self._apply(op)
        if applied is None:
            return []
        pieces = tuple(int(i) for i in applied.result[1:])
        self._split = ((q.source_id, q.start, q.end), pieces)
        if pieces and q.source_id == self.reader.source_id:
            self.reader.select_span(q.start, q.end)  # the picker's next code goes to every piece
        self.message.emit(f"Split quote {quote_id} into {len(pieces)} at the turns: "
                          + ", ".join(str(p) for p in pieces))
        return list(pieces)

    def _add_to_pieces(self, pieces: tuple[int, ...], code_id: int) -> int | None:
        existing = [q for q in (self.session.study.quotes.get(p) for p in pieces) if q is not None]
        ops = tuple(Retag(q.id, add=(code_id,)) for q in existing if code_id not in q.code_ids)
        if not existing:
            self._split = None
            return None
        if ops and self._apply(Composite(ops, "Add code to the split quotes")) is None:
            return None
        self._used(code_id)
        self.message.emit(f"Quotes {', '.join(str(q.id) for q in existing)}: added "
                          f"{self._name(code_id)}")
        return existing[0].id

    def _add_to(self, quote_id: int, code_id: int) -> int | None:
        q = self.reader.quotes.get(quote_id)
        if q is not None and code_id in q.code_ids:
            self.message.emit(f"Quote {quote_id} already has {self._name(code_id)}")
            return quote_id
        if self._apply(Retag(quote_id, add=(code_id,))) is None:
            return None
        self._used(code_id)
        self.reader.select_quote(quote_id, scroll=False)
        self.message.emit(f"Quote {quote_id}: added {self._name(code_id)}")
        return quote_id

    def tag_recent(self, n: int) -> int | None:
        """Apply the n-th (1-based) most recently used code."""
        if not 1 <= n <= len(self.recent):
            self.message.emit(f"No recent code on key {n} yet")
            return None
        return self.tag(self.recent[n - 1])

    def remove_code(self, quote_id: int, code_id: int) -> None:
        q = self.session.study.quotes.get(quote_id)
        if q is None:
            return
        if q.code_ids == (code_id,):
            self._apply(RemoveQuote(quote_id))
        else:
            self._apply(Retag(quote_id, remove=(code_id,)))

    def delete_quote(self, quote_id: int) -> None:
        if self._apply(RemoveQuote(quote_id)) is not None:
            self.message.emit(f"Deleted quote {quote_id} (Ctrl+Z brings it back)")

    def edit_quote(self, quote_id: int, parent: QWidget | None = None) -> None:
        from interviewcoder.ui.coding.quote_editor import QuoteEditor

        editor = QuoteEditor(self.session, self.cache, quote_id, self.reader, parent)
        editor.exec()
        editor.deleteLater()

    # --- plumbing ------------------------------------------------------------------------------

    def _apply(self, op: Operation) -> Applied | None:
        try:
            return self.session.apply(op)
        except InterviewcoderError as exc:
            self.message.emit(str(exc))
            return None

    def _name(self, code_id: int) -> str:
        code = self.cache.codes.get(code_id)
        return self.cache.label(code) if code else f"code {code_id}"

    def _used(self, code_id: int) -> None:
        self.recent = [code_id] + [c for c in self.recent if c != code_id]
        self.recent = self.recent[:9]
        self.settings.recent_codes = [self.cache.codes[c].guid for c in self.recent
                                      if c in self.cache.codes]
        self.recent_changed.emit()

    def _on_updated(self, changes: Changes) -> None:
        if changes.codebook:
            kept = [c for c in self.recent if c in self.cache.codes]
            if kept != self.recent:
                self.recent = kept
                self.recent_changed.emit()

    def fill_menu(self, menu: QMenu, quote_id: int | None) -> None:
        """Add quote actions to a context menu (reader or quotes dock)."""
        if quote_id is None:
            return
        q = self.session.study.quotes.get(quote_id)
        if q is None:
            return
        menu.addSeparator()
        parent = menu.parentWidget()
        menu.addAction("Edit quote…", lambda: self.edit_quote(quote_id, parent))
        remove = menu.addMenu("Remove code")
        for code in self.cache.ordered(q.code_ids):
            remove.addAction(self.cache.label(code),
                             lambda c=code.id: self.remove_code(quote_id, c))
        menu.addAction("Delete quote", lambda: self.delete_quote(quote_id))
