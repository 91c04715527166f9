"""The Map tab: the journey map of the study (or one persona, outcome, coder), computed off
the UI thread whenever the study changes, with the quotes behind whatever is clicked.

Click a step, a reach bar, an anxiety or influence, or an arrow: the quotes behind it are
listed below; double-click one of them (or the thing on the map) to open it in the reader
(``quote_activated(quote_id, source_id)``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.core.evidence import Filters
from interviewcoder.core.journey_map import JourneyMap, MapTarget
from interviewcoder.services import journey_map
from interviewcoder.ui.common.compact import CompactSplitter
from interviewcoder.ui.common.flow_layout import FlowLayout
from interviewcoder.ui.evidence.evidence_compute import Recompute
from interviewcoder.ui.evidence.evidence_model import QUOTE_ID_ROLE, SOURCE_ID_ROLE, QuotesBehindModel
from interviewcoder.ui.map.map_canvas import MapCanvas
from interviewcoder.ui.map.map_items import QUOTE_KEY, TARGET_KEY, Hotspot

ALL = "All"
START_ZOOM = 0.85
MOVES = (("all moves", 1), ("moves of 2+ people", 2), ("moves of 3+ people", 3))


def describe(journey: JourneyMap, target: MapTarget) -> str:
    step = journey.step(target.step).name
    if target.kind == "step":
        return f"{step}" + (f" — {target.outcome}" if target.outcome else "")
    other = journey.step(target.code).name if target.kind == "transition" else next(
        (i.name for s in journey.steps if s.code_id == target.step
         for i in (*s.anxieties, *s.influences) if i.code_id == target.code), "?")
    return f"{step} → {other}" if target.kind == "transition" else f"{other} at {step}"


class MapView(QWidget):
    quote_activated = Signal(int, int)  # quote id, source id
    refreshed = Signal()

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.persona, self.outcome, self.coder, self.moves = (QComboBox(self) for _ in range(4))
        for label, value in MOVES:
            self.moves.addItem(label, value)
        bar = FlowLayout()
        for label, widget in (("Persona", self.persona), ("Outcome", self.outcome),
                              ("Coder", self.coder), ("Show", self.moves)):
            bar.addWidget(_pair(self, label, widget))
        self.zoom_out_button = _tool(self, "−", "Zoom out (Ctrl+−, Ctrl+wheel)")
        self.zoom_in_button = _tool(self, "+", "Zoom in (Ctrl++, Ctrl+wheel)")
        self.fit_button = _tool(self, "Fit", "Fit the map's height in the window (Ctrl+0)")
        self.export_button = _tool(self, "Export…", "Write the map as PNG, SVG or PDF")
        for b in (self.zoom_out_button, self.zoom_in_button, self.fit_button, self.export_button):
            bar.addWidget(b)
        top = QWidget(self)
        top.setLayout(bar)
        self.canvas = MapCanvas(self)
        self.caption = QLabel("Click anything on the map to list the quotes behind it.", self)
        self.quotes_model = QuotesBehindModel(self)
        self.quotes = QTableView(self)
        self.quotes.setModel(self.quotes_model)
        self.quotes.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.quotes.verticalHeader().hide()
        self.quotes.horizontalHeader().setStretchLastSection(True)
        lower = QWidget(self)
        lower_box = QVBoxLayout(lower)
        lower_box.setContentsMargins(0, 0, 0, 0)
        lower_box.addWidget(self.caption)
        lower_box.addWidget(self.quotes, 1)
        split = CompactSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.canvas)
        split.addWidget(lower)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        self.status = QLabel(self)
        for label in (self.status, self.caption):
            label.setWordWrap(True)  # never wider than the tab
            label.setMinimumWidth(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(top)
        box.addWidget(split, 1)
        box.addWidget(self.status)

        self.journey: JourneyMap | None = None
        self.scene: Any = None  # the MapScene shown
        self.target: MapTarget | None = None
        self._filters = Filters()
        self.compute = Recompute(session, self._compute, parent=self)
        self.compute.ready.connect(self._show)
        self.compute.failed.connect(self.status.setText)
        for combo in (self.persona, self.outcome, self.coder):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.moves.currentIndexChanged.connect(self._redraw)
        self.zoom_in_button.clicked.connect(self.canvas.zoom_in)
        self.zoom_out_button.clicked.connect(self.canvas.zoom_out)
        self.fit_button.clicked.connect(self.canvas.fit)
        for keys, slot in ((QKeySequence.StandardKey.ZoomIn, self.canvas.zoom_in),
                           (QKeySequence.StandardKey.ZoomOut, self.canvas.zoom_out),
                           (QKeySequence("Ctrl+0"), self.canvas.fit)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.canvas.picked.connect(self.pick)
        self.canvas.opened.connect(self._open)
        self.quotes.activated.connect(self._quote_activated)
        self.refresh_choices()

    # --- filters and computing -----------------------------------------------------------------

    def refresh_choices(self) -> None:
        study = self.session.study
        for combo, values in ((self.persona, study.participants.personas()),
                              (self.outcome, study.participants.outcomes()),
                              (self.coder, study.quotes.coders())):
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems([ALL, *values])
            combo.setCurrentIndex(max(0, combo.findText(current)))
            combo.blockSignals(False)

    def filters(self) -> Filters:
        def pick(combo: QComboBox) -> str | None:
            return None if combo.currentText() in (ALL, "") else combo.currentText()

        return Filters(persona=pick(self.persona), outcome=pick(self.outcome), coder=pick(self.coder))

    def _compute(self, study: Any) -> JourneyMap:  # runs in a worker thread
        return journey_map.build(study, self._filters)

    def refresh(self) -> None:
        self.compute.run_now()

    def _filters_changed(self) -> None:
        self._filters = self.filters()
        self.status.setText(f"Drawing the map for filters: {self._filters.describe()} …")
        self.compute.run_now()

    def _show(self, journey: JourneyMap) -> None:
        self.refresh_choices()
        self.journey = journey
        self._redraw()
        self.status.setText(f"{journey.participants} participants · {len(journey.steps)} steps · "
                            f"filters: {journey.filters.describe()} · counts are distinct "
                            "participants · drag to pan, Ctrl+wheel to zoom")
        if self.target is not None and _still_there(journey, self.target):
            self.pick(self.target, None)
        self.refreshed.emit()

    @property
    def min_move(self) -> int:
        return int(self.moves.currentData() or 1)

    def _redraw(self) -> None:
        if self.journey is None:
            return
        from interviewcoder.ui.map.map_scene import MapScene  # drawn on first show, not at start-up

        centre = self.canvas.mapToScene(self.canvas.viewport().rect().center())
        first = self.scene is None
        self.scene = MapScene(self.journey, min_move=self.min_move, parent=self)
        old = self.canvas.scene()
        self.canvas.setScene(self.scene)
        if old is not None:
            old.deleteLater()
        if self.target is not None:
            self._mark(self.target, None)
        if first:
            self.show_columns()
        else:
            self.canvas.centerOn(centre)

    def show_columns(self) -> None:
        """Zoom to read the columns and scroll to the first step's header (the title, legend and
        arcs are above it)."""
        if self.scene is None:
            return
        self.canvas.set_zoom(START_ZOOM)
        self.canvas.horizontalScrollBar().setValue(self.canvas.horizontalScrollBar().minimum())
        first = min(self.scene.headers.values(), key=lambda r: r.left(), default=None)
        if first is not None:
            y = self.canvas.mapFromScene(first.topLeft()).y() + self.canvas.verticalScrollBar().value()
            self.canvas.verticalScrollBar().setValue(int(y - 60 * START_ZOOM))

    # --- clicking --------------------------------------------------------------------------------

    def pick(self, target: MapTarget, quote_id: int | None = None) -> None:
        """List the quotes behind ``target`` (selecting ``quote_id`` when given)."""
        if self.journey is None:
            return
        self.target = target
        self._mark(target, quote_id)
        try:
            rows = journey_map.quotes_behind(self.session.study, target, self.journey.filters)
        except InterviewcoderError as exc:
            self.status.setText(str(exc))
            return
        self.quotes_model.set_rows(rows)
        self.caption.setText(f"{len(rows)} quote{'' if len(rows) == 1 else 's'} behind "
                             f"{describe(self.journey, target)} — double-click one to open it "
                             "in the reader")
        if quote_id is not None:
            row = next((i for i, r in enumerate(rows) if r["quote_id"] == quote_id), None)
            if row is not None:
                self.quotes.selectRow(row)

    def _mark(self, target: MapTarget, quote_id: int | None) -> None:
        if self.scene is None:
            return
        for item in self.scene.items():
            if isinstance(item, Hotspot):
                item.mark(item.data(TARGET_KEY) == target
                          and (quote_id is None or item.data(QUOTE_KEY) in (None, quote_id)))

    def _open(self, target: MapTarget, quote_id: int | None) -> None:
        self.pick(target, quote_id)
        rows = self.quotes_model.rows
        chosen = next((r for r in rows if r["quote_id"] == quote_id), rows[0] if rows else None)
        if chosen is not None:
            self.quote_activated.emit(int(chosen["quote_id"]), int(chosen["source_id"]))

    def _quote_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.quote_activated.emit(int(index.data(QUOTE_ID_ROLE)), int(index.data(SOURCE_ID_ROLE)))

    # --- life --------------------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if self.journey is None or self.compute.stale:
            self.compute.run_now()

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        self.compute.wait()
        super().closeEvent(event)


def _still_there(journey: JourneyMap, target: MapTarget) -> bool:
    ids = {s.code_id for s in journey.steps}
    return target.step in ids and (target.kind != "transition" or target.code in ids)


def _pair(parent: QWidget, label: str, widget: QWidget) -> QWidget:
    from PySide6.QtWidgets import QHBoxLayout

    holder = QWidget(parent)
    box = QHBoxLayout(holder)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(QLabel(label, holder))
    box.addWidget(widget)
    return holder


def _tool(parent: QWidget, text: str, tip: str) -> QToolButton:
    b = QToolButton(parent)
    b.setText(text)
    b.setToolTip(tip)
    return b
