"""What the views share about the open study: codes, participants, code usage.

Fetched through the store once and refreshed from the session's ``changed`` signal, so every
view reads the same values without running queries of its own. Views connect to ``updated``
(emitted after the cache has caught up with a change), never straight to the session.

Code usage: after a change the quote counts of the touched codes are updated at once (an
index count); the distinct-participant counts (an overlap join) are recounted 150 ms after the
last change of a burst, in a ``StudyWorker`` on its own connection, and ``usage_updated`` says
when they are in. Until then ``usage`` answers the last counts. (``_count_people`` is the one
place that counts: a maintained tally can answer it directly.)
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from interviewcoder.core.types import DIMENSION_SINGULAR, Code, Participant
from interviewcoder.services.operations import Changes
from interviewcoder.store import workspace
from interviewcoder.ui.common.session import StudySession
from interviewcoder.ui.common.study_worker import StudyWorker

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
        self._recount: set[int] | None = set()  # codes to recount; None: every code
        self._touched: set[int] = set()  # codes changed since the running recount started
        self._counting = False
        self._counting_codes: frozenset[int] | None = frozenset()  # in the worker now (None: all)
        # One serial worker for the window's reads off the UI thread (recounts, big tables).
        self.worker = StudyWorker(session.study.path, self)
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
        if self._usage is not None:
            self._recount_later(None)
        self.updated.emit(Changes(codebook=True, participants=frozenset(self.participants)))

    def close(self) -> None:
        """The study is about to close: answer from what is cached from now on."""
        self.closed = True
        self._recount_timer.stop()
        self.worker.shutdown()
        self.session.changed.disconnect(self._on_changed)

    @property
    def busy(self) -> bool:
        """A recount is waiting or running (``usage_updated`` will follow)."""
        return self._recount_timer.isActive() or self._counting

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
            if changes.codes:
                # Quote counts now (an index count); participants a moment later, in the worker.
                counts = workspace.code_quote_counts(self.study.db, changes.codes)
                for cid, n in counts.items():
                    self._usage[cid] = (n, self._usage.get(cid, (0, 0))[1])
            everything = changes.codebook or changes.participants or (changes.sources and not changes.quotes)
            self._recount_later(None if everything else changes.codes)
        self.updated.emit(changes)

    def _recount_later(self, codes: frozenset[int] | None) -> None:
        """Recount these codes' participants (None: every code) after the burst settles."""
        if codes is None:
            self._recount = None
        elif not codes:
            return
        elif self._recount is not None:
            self._recount |= codes
        self._touched |= set(self.codes) if codes is None else codes
        self._recount_timer.start()

    def recount_people(self) -> None:
        """Send the codes changed since the last recount to the worker (one recount at a time)."""
        if self._counting or self.closed or self._usage is None:
            return  # a running recount starts the next one when it ends
        codes, self._recount = self._recount, set()
        if codes is not None and not codes:
            return
        wanted = None if codes is None else frozenset(codes)
        self._counting = True
        self._counting_codes = wanted
        self._touched = set()
        self.worker.submit(lambda study: self._count_people(study, wanted),
                            lambda result: self._counted(wanted, result))

    @staticmethod
    def _count_people(study, codes: frozenset[int] | None) -> dict[int, tuple[int, int]]:  # noqa: ANN001
        """(quotes, distinct participants) per code; runs in the worker, on its connection."""
        return workspace.code_usage(study.db, codes)

    def _counted(self, codes: frozenset[int] | None, result: dict[int, tuple[int, int]]) -> None:
        self._counting = False
        self._counting_codes = frozenset()
        if self.closed or self._usage is None:
            return
        if codes is None:  # every code: codes with no quotes are absent from the result
            result = {cid: result.get(cid, (0, 0)) for cid in set(self._usage) | set(result)}
        # Codes changed while this ran keep their newer quote counts; their recount is queued.
        fresh = {cid: v for cid, v in result.items() if cid not in self._touched}
        self._usage.update(fresh)
        if self._recount is None or self._recount:
            self._recount_timer.start()
        self.usage_updated.emit(frozenset(fresh))

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
        if self._recount is None or code_id in self._recount:
            return True  # waiting for the burst to settle
        return self._counting and (self._counting_codes is None or code_id in self._counting_codes)

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
