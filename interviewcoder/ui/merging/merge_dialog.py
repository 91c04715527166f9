"""File → Merge study…: merge a coder's study into the open one.

The other study is read (read-only) and the merge planned off the UI thread; the dialog shows
what would be matched, added and in conflict, and lets the researcher confirm participants who
only share a name. Merge writes a backup copy first, then runs the merge as one undo step.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.services import merging
from interviewcoder.services.merge_plan import MergePlan
from interviewcoder.store import EXTENSION
from interviewcoder.ui.evidence.evidence_compute import Recompute
from interviewcoder.ui.extensions import register


def describe(p: MergePlan) -> str:
    """The plan in words, for the dialog."""
    s = p.summary()
    lines = [
        f"Sources: {s['sources_matched']} already here (matched by their text), "
        f"{s['sources_added']} to add, {s['source_conflicts']} in conflict.",
        f"Codes: {s['codes_matched']} matched, {s['codes_added']} to add.",
        f"Participants: {s['participants_matched']} matched, {s['participants_added']} to add.",
        f"Quotes: {s['quotes_added']} to add, {s['quotes_updated']} edited there to update here, "
        f"{s['quote_conflicts']} edited in both (both versions kept), {s['quotes_skipped']} "
        f"skipped, {s['quotes_unchanged']} unchanged.",
        f"Change log: {s['changelog_entries']} entries to carry over; new coders: "
        f"{', '.join(p.coders_added) or 'none'}.",
    ]
    for _sid, name, why in p.source_conflicts:
        lines.append(f"Conflict — source “{name}”: {why}; its quotes are not merged.")
    for mine, theirs in p.quote_conflicts:
        lines.append(f"Conflict — quote edited in both: “{' '.join(mine.text.split())[:60]}” here, "
                     f"“{' '.join(theirs.text.split())[:60]}” there.")
    lines += [f"Note — {n}" for n in p.code_notes + p.participant_notes]
    return "\n".join(lines)


class MergeDialog(QDialog):
    def __init__(self, plan: MergePlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(f"Merge {plan.other_name}")
        box = QVBoxLayout(self)
        head = QLabel(f"Merge <b>{plan.other_name}</b> ({plan.other_path}) into this study? "
                      "A backup copy of this study is written first; Edit → Undo takes the "
                      "whole merge back.", self)
        head.setWordWrap(True)
        box.addWidget(head)
        self.details = QPlainTextEdit(describe(plan), self)
        self.details.setReadOnly(True)
        self.details.setMinimumSize(620, 220)
        box.addWidget(self.details, 1)
        self.same: dict[str, QCheckBox] = {}
        if plan.possible_matches:
            box.addWidget(QLabel("These participants have the name of someone here. Tick the "
                                 "ones who are the same person; the others are added apart:", self))
        for name in plan.possible_matches:
            check = QCheckBox(f"{name} there is {name} here", self)
            box.addWidget(check)
            self.same[name] = check
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.merge_button = buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

    def same_person(self) -> tuple[str, ...]:
        return tuple(n for n, check in self.same.items() if check.isChecked())


def _weakly(window: Any, fn: Callable[..., Any]) -> Callable[..., None]:
    """A slot calling ``fn(window, ...)`` that does not keep the window alive (no cycle
    through a child's connection)."""
    ref = weakref.ref(window)

    def slot(*args: Any) -> None:
        w = ref()
        if w is not None:
            fn(w, *args)

    return slot


def _failed(window: Any, message: str) -> None:
    window.statusBar().clearMessage()
    QMessageBox.warning(window, "Merge study", message)


def start_merge(window: Any, path: str | Path) -> Recompute:
    """Plan the merge of ``path`` in a worker; the dialog (``show_plan``) follows."""
    job = Recompute(window.session, lambda study: merging.read_plan(study, path), parent=window,
                    follow=False)
    job.ready.connect(_weakly(window, show_plan))
    job.failed.connect(_weakly(window, _failed))
    window.statusBar().showMessage(f"Reading {Path(path).name}…")
    job.run_now()
    window.merge_job = job
    return job


def show_plan(window: Any, plan: MergePlan, dialog: MergeDialog | None = None) -> bool:
    """Ask, then merge. Returns whether the study changed."""
    window.statusBar().clearMessage()
    if plan.empty:
        QMessageBox.information(window, "Merge study",
                                f"Nothing to merge: everything in {plan.other_name} is here already.")
        return False
    dialog = dialog or MergeDialog(plan, window)
    window.merge_dialog = dialog
    if not dialog.exec():
        return False
    return apply(window, plan, dialog.same_person())


def apply(window: Any, plan: MergePlan, same_person: tuple[str, ...] = ()) -> bool:
    session = window.session
    try:
        backup = session.study.save_copy(merging.backup_path(session.study))
        window.setCursor(Qt.CursorShape.WaitCursor)
        try:
            op = merging.MergeStudy(plan.other_path, same_person,
                                    prepared=None if same_person else plan)
            session.apply(op)
        finally:
            window.unsetCursor()
    except InterviewcoderError as exc:
        QMessageBox.warning(window, "Merge study", str(exc))
        return False
    window.statusBar().showMessage(f"Merged {plan.other_name} (backup: {backup.name})", 10_000)
    return True


def merge_dialog(window: Any) -> None:
    folder = str(Path(window.session.study.path).parent)
    path, _ = QFileDialog.getOpenFileName(window, "Merge a study into this one", folder,
                                          f"interviewcoder studies (*{EXTENSION})")
    if path:
        start_merge(window, path)


@register
def install(window: Any) -> None:
    menu = window.menu_named("&File")
    action = menu.addAction("&Merge study…")
    action.setStatusTip("Merge another coder's study into this one (sources by text, codes and "
                        "quotes by GUID; one undo step)")
    anchor = getattr(window, "export_menu", None)
    if anchor is not None:
        menu.removeAction(action)
        menu.insertAction(anchor.menuAction(), action)
    action.triggered.connect(_weakly(window, lambda w, *_: merge_dialog(w)))
    window.merge_action = action
