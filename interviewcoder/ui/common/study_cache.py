"""What the views share about the open study: codes, participants, code usage.

Fetched through the store once and refreshed from the session's ``changed`` signal, so every
view reads the same values without running queries of its own. Views connect to ``updated``
(emitted after the cache has caught up with a change), never straight to the session.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from interviewcoder.core.types import DIMENSION_SINGULAR, Code, Participant
from interviewcoder.services.operations import Changes
from interviewcoder.store import workspace
from interviewcoder.ui.common.session import StudySession

SINGULAR = DIMENSION_SINGULAR


class StudyCache(QObject):
    updated = Signal(object)  # Changes
    usage_updated = Signal(object)  # frozenset of code ids whose participant counts were recounted

    def __init__(self, session: StudySession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.codes: dict[int, Code] = {}
        self.code_order: list[int] = []
        self.participants: dict[int, Participant] = {}
        self._usage: dict[int, tuple[int, int]] | None = None
        self.closed = False
        self._recount: set[int] = set()
        self._recount_timer = QTimer(self)
        self._recount_timer.setSingleShot(True)
        self._recount_timer.setInterval(150)
        self._recount_timer.timeout.connect(self.recount_people)
        self._load_codes()
        self._load_participants()
        session.changed.connect(self._on_changed)

    @property
    def study(self):  # noqa: ANN201 - the store's Study
        return self.session.study

    def _load_codes(self) -> None:
        codes = self.study.codes.list()
        self.codes = {c.id: c for c in codes}
        self.code_order = [c.id for c in codes]
        self._rank = {cid: i for i, cid in enumerate(self.code_order)}

    def _load_participants(self) -> None:
        self.participants = {p.id: p for p in self.study.participants.list()}

    def reload(self) -> None:
        self._load_codes()
        self._load_participants()
        self._usage = None
        self.updated.emit(Changes(codebook=True, participants=frozenset(self.participants)))

    def close(self) -> None:
        """The study is about to close: answer from what is cached from now on."""
        self.closed = True
        self._recount_timer.stop()
        self.session.changed.disconnect(self._on_changed)

    def _on_changed(self, changes: Changes) -> None:
        if changes.codebook or changes.codes - self.codes.keys():
            self._load_codes()
        elif changes.codes:
            for cid in changes.codes:
                code = self.study.codes.get(cid)
                if code is not None:
                    self.codes[cid] = code
        if changes.participants:
            self._load_participants()
        if self._usage is not None:
            if changes.codebook or changes.participants or changes.sources and not changes.quotes:
                self._usage = None
            elif changes.codes:
                # Quote counts now (cheap); distinct participants a moment later, off the path
                # from a coding action to its highlight.
                counts = workspace.code_quote_counts(self.study.db, changes.codes)
                for cid, n in counts.items():
                    self._usage[cid] = (n, self._usage.get(cid, (0, 0))[1])
                self._recount |= set(changes.codes)
                self._recount_timer.start()
        self.updated.emit(changes)

    def recount_people(self) -> None:
        """Recount distinct participants of the codes changed since the last recount."""
        codes, self._recount = frozenset(self._recount), set()
        if not codes or self.closed or self._usage is None:
            return
        self._usage.update(workspace.code_usage(self.study.db, codes))
        self.usage_updated.emit(codes)

    # --- reading ---------------------------------------------------------------------------

    def usage(self, code_id: int) -> tuple[int, int]:
        """(quotes, distinct participants) of a code."""
        if self._usage is None:
            if self.closed:
                return (0, 0)
            self._usage = workspace.code_usage(self.study.db)
        return self._usage.get(code_id, (0, 0))

    def counting(self, code_id: int) -> bool:
        """True while a code's distinct participants are being recounted after a change (its
        participant count from ``usage`` is then out of date and should not be shown)."""
        return code_id in self._recount

    def rank(self, code_id: int) -> int:
        """Position of a code in codebook order (dimension order, then the user's order)."""
        return self._rank.get(code_id, len(self._rank))

    def ordered(self, code_ids: tuple[int, ...] | list[int]) -> list[Code]:
        return [self.codes[c] for c in sorted(code_ids, key=self.rank) if c in self.codes]

    def colour(self, code_ids: tuple[int, ...]) -> str:
        """The colour a quote with these codes is painted in: its first code in codebook order."""
        codes = self.ordered(code_ids)
        return codes[0].colour if codes else "#dddddd"

    @staticmethod
    def label(code: Code) -> str:
        """``Anxiety: Hidden costs``: the one naming of codes in every panel."""
        return code.label
