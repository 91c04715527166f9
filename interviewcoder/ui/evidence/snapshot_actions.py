"""Adds the Changes tab and an Evidence menu (Take snapshot…, Compare with a snapshot, the
monthly snapshot setting) to every main window, and takes the monthly snapshot when due."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.services import snapshots
from interviewcoder.ui.evidence.changes_view import ChangesView
from interviewcoder.ui.extensions import register


@register
def install(window: Any) -> ChangesView:
    view = ChangesView(window.session)
    window.changes_view = view
    tab = window.add_tab(view, "Changes")
    window.show_changes = lambda: window.tabs.setCurrentIndex(tab)
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
    view.snapshot_taken.connect(
        lambda snap: window.statusBar().showMessage(f"Snapshot “{snap.name}” taken", 6000))
    if window.settings.monthly_snapshot:
        take_monthly(window, view)
    return view


def _show(window: Any, view: ChangesView) -> None:
    window.show_changes()
    view.old_combo.setFocus()
    view.old_combo.showPopup()


def take_monthly(window: Any, view: ChangesView) -> Any:
    try:
        snap = snapshots.take_monthly_if_due(window.session.study, window.session.coder)
    except InterviewcoderError as exc:
        window.statusBar().showMessage(f"Monthly snapshot not taken: {exc}", 8000)
        return None
    if snap is not None:
        view._fill()
        window.statusBar().showMessage(f"Monthly snapshot “{snap.name}” taken", 8000)
    return snap
