"""Adds the Changes tab and an Evidence menu (Take snapshot…, Compare with a snapshot, the
monthly snapshot setting) to every main window, and takes the monthly snapshot when due."""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction

from interviewcoder.services import snapshots
from interviewcoder.ui.evidence.changes_view import ChangesView
from interviewcoder.ui.extensions import register


@register
def install(window: Any) -> ChangesView:
    view = ChangesView(window.session)
    window.changes_view = view
    tab = window.add_tab(view, "Changes")
    # No lambda over the window kept on the window: that cycle would keep a closed window's
    # Python wrapper alive after Qt deleted it.
    window.show_changes = functools.partial(window.tabs.setCurrentIndex, tab)
    menu = window.menu_named("&Evidence")
    take = menu.addAction("Take &snapshot…", view.take_snapshot)
    take.setStatusTip("Freeze the evidence as it stands, to compare with next month")
    menu.addAction("&Compare with a snapshot…", lambda: _show(window, view))
    monthly = QAction("Take a snapshot automatically each &month", menu)
    monthly.setCheckable(True)
    monthly.setChecked(window.settings.monthly_snapshot)
    monthly.setStatusTip("On the first open of each month, the evidence is frozen as a snapshot")
    monthly.toggled.connect(lambda on: setattr(window.settings, "monthly_snapshot", on))
    menu.addAction(monthly)
    window.monthly_snapshot_action = monthly
    def taken(snap: snapshots.Snapshot) -> None:
        kind = "Monthly snapshot" if snap.note == snapshots.AUTO_NOTE else "Snapshot"
        window.statusBar().showMessage(f"{kind} “{snap.name}” taken", 8000)

    view.snapshot_taken.connect(taken)
    window.installEventFilter(_ShutdownOnClose(view, window))
    if window.settings.monthly_snapshot:
        view.take_monthly()
    return view


class _ShutdownOnClose(QObject):
    """Waits for the Changes view's workers when its window closes, before the study goes."""

    def __init__(self, view: ChangesView, parent: QObject) -> None:
        super().__init__(parent)
        self._view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Close:
            self._view.shutdown()
        return False


def _show(window: Any, view: ChangesView) -> None:
    window.show_changes()
    view.old_combo.setFocus()
    view.old_combo.showPopup()


