"""The QGraphicsView the Map tab shows its scene in: drag to pan, Ctrl+wheel or +/− to zoom,
click to pick something (``picked``), double-click to open its quote (``opened``)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QWidget

from interviewcoder.core.journey_map import MapTarget
from interviewcoder.ui.map.map_items import QUOTE_KEY, TARGET_KEY

ZOOMS = (0.25, 0.35, 0.5, 0.65, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)


def target_at(item: QGraphicsItem | None) -> tuple[MapTarget | None, int | None]:
    while item is not None:
        target = item.data(TARGET_KEY)
        if isinstance(target, MapTarget):
            return target, item.data(QUOTE_KEY)
        item = item.parentItem()
    return None, None


class MapCanvas(QGraphicsView):
    picked = Signal(object, object)  # MapTarget, quote id or None
    opened = Signal(object, object)  # double-click: MapTarget, quote id or None
    zoomed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
        self._press: QPoint | None = None
        self.zoom = 1.0

    def set_zoom(self, zoom: float) -> None:
        self.zoom = max(ZOOMS[0], min(ZOOMS[-1], zoom))
        self.resetTransform()
        self.scale(self.zoom, self.zoom)
        self.zoomed.emit(self.zoom)

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOMS if z > self.zoom + 1e-6), ZOOMS[-1]))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOMS) if z < self.zoom - 1e-6), ZOOMS[0]))

    def fit(self) -> None:
        """Zoom so the whole map's height fits (the width scrolls)."""
        if self.scene() is None:
            return
        rect = self.scene().sceneRect()
        avail = self.viewport().height() - 4
        if rect.height() > 0 and avail > 0:
            self.set_zoom(min(1.0, avail / rect.height()))

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            (self.zoom_in if event.angleDelta().y() > 0 else self.zoom_out)()
            event.accept()
            return
        super().wheelEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
        pos = event.position().toPoint()
        if self._press is not None and (pos - self._press).manhattanLength() < 5 \
                and event.button() == Qt.MouseButton.LeftButton:
            target, quote = self.target_at_view(pos)
            if target is not None:
                self.picked.emit(target, quote)
        self._press = None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        target, quote = self.target_at_view(event.position().toPoint())
        if target is not None:
            self.opened.emit(target, quote)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def target_at_view(self, pos: QPoint) -> tuple[MapTarget | None, int | None]:
        for item in self.items(pos):
            target, quote = target_at(item)
            if target is not None:
                return target, quote
        return None, None

    def view_point(self, scene_point: QPointF) -> QPoint:
        return self.mapFromScene(scene_point)
