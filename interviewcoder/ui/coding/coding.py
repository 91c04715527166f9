"""Coding actions: tag the reader's selection (or the selected quote) with codes, edit quotes.

Every path (double-click on a code, a drop onto a code, the quick picker, the number keys)
ends in ``CodingController.tag``. Tagging a span that is already exactly a quote adds the code
to that quote, so a step, an anxiety and an influence in a row make one quote.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QWidget

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.services.coding import AddQuote, RemoveQuote, Retag
from interviewcoder.services.operations import Applied, Changes, Operation
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
        applied = self._apply(AddQuote(source_id, start, end, (code_id,)))
        if applied is None:
            return None
        qid = int(applied.result)
        self._used(code_id)
        if source_id == self.reader.source_id:
            self.reader.select_quote(qid, scroll=False)  # the quotes dock follows
        self.message.emit(f"New quote {qid}: {self._name(code_id)}")
        return qid

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
