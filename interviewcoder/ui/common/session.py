"""One open study in the GUI: the study, the coder, the undo stack and the "changed" signal.

Every view refreshes from ``StudySession.changed``; every change a user makes goes through
``StudySession.apply`` so it is written at once and can be undone.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.services.operations import Applied, Changes, Composite, Operation, execute
from interviewcoder.store import Study


class _OperationCommand(QUndoCommand):
    """A QUndoCommand holding an operation and, once run, the operation that undoes it."""

    def __init__(self, session: StudySession, op: Operation, applied: Applied) -> None:
        super().__init__(op.label)
        self._session = session
        self._redo_op = op
        self._undo_op = applied.inverse
        self._skip_first_redo = True  # the op was already run by StudySession.apply

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        applied = self._run(self._redo_op)
        if applied is not None:
            self._undo_op = applied.inverse

    def undo(self) -> None:
        applied = self._run(self._undo_op)
        if applied is not None:
            self._redo_op = applied.inverse

    def _run(self, op: Operation) -> Applied | None:
        # Qt calls undo()/redo(): an exception must not escape into C++. A step that can no
        # longer be replayed (the study changed under it) is reported and dropped.
        try:
            applied = execute(self._session.study, op, self._session.coder)
        except InterviewcoderError as exc:
            self.setObsolete(True)
            self._session.failed.emit(f"Cannot {self.text().lower()}: {exc}")
            return None
        self._session.changed.emit(applied.changes)
        return applied


class StudySession(QObject):
    """The open study, its coder, its undo history; emits ``changed`` after every change."""

    changed = Signal(object)  # interviewcoder.services.operations.Changes
    failed = Signal(str)  # an undo/redo step that could not be replayed, as one line

    def __init__(self, study: Study, coder: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.coder = coder
        self.undo_stack = QUndoStack(self)
        self.closed = False

    def close(self) -> None:
        """The window is closing: no more undo, the study file closed. Views with work still
        under way see ``closed`` and drop its results."""
        self.closed = True
        self.undo_stack.clear()
        self.study.close()

    def apply(self, op: Operation) -> Applied:
        """Run ``op`` now (one transaction), push it for undo, emit ``changed``.

        An ``InterviewcoderError`` from the operation propagates and nothing is pushed.
        """
        applied = execute(self.study, op, self.coder)
        self.undo_stack.push(_OperationCommand(self, op, applied))
        self.changed.emit(applied.changes)
        return applied

    def push_done(self, label: str, inverse: Operation) -> None:
        """Put a change already written elsewhere (an import's changes to existing
        participants, made in a worker) on the undo stack: undo runs ``inverse``."""
        self.undo_stack.push(_OperationCommand(self, Composite((), label),
                                               Applied(Changes(), inverse)))

    def notify(self, changes: Changes) -> None:
        """Tell the views about a change that is not undoable (an import)."""
        self.changed.emit(changes)
