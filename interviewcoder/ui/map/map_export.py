"""Write the journey map picture: PNG at 2× (for slides), SVG (QtSvg) or PDF (QPdfWriter).

Used by ``interviewcoder map`` (imported with importlib, so the command line stays free of Qt
until it draws) and by File → Export → Journey map. Works with no screen: without a display
the caller sets ``QT_QPA_PLATFORM=offscreen`` before Qt starts (``ensure_application`` does
when it creates the application itself).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication

from interviewcoder.core.errors import ExportFailed, InvalidInput
from interviewcoder.core.journey_map import JourneyMap
from interviewcoder.exporters.atomic import replacing
from interviewcoder.ui.map.map_scene import MapScene
from interviewcoder.ui.map.map_style import TextFn

FORMATS = (".png", ".svg", ".pdf")
PNG_SCALE = 2.0
PNG_QUALITY = 80  # Qt's PNG "quality" is the inverse of zlib effort: 80 is twice as fast as
# the default for a file a quarter larger (a 2× map is ~20 million pixels) ...
SMALL_PNG = 6_000_000  # ... below this many pixels, the smallest file (quality 0) is quick
POINTS_PER_PIXEL = 0.75  # a scene pixel is 1/96 inch; PDF pages are measured in 1/72 inch


def ensure_application() -> QApplication:
    """The running QApplication, or a new one (offscreen when there is no display)."""
    app = QApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    return app


def check_format(out: str | Path) -> str:
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInput(f"{out}: the journey map is written as .png, .svg or .pdf, "
                           f"not {suffix or 'a file without extension'}")
    return suffix


def write(journey: JourneyMap, out: str | Path, *, text_fn: TextFn | None = None,
          min_move: int = 1, scale: float = PNG_SCALE) -> Path:
    """Draw ``journey`` to ``out`` (its extension picks the format; a PNG at ``scale`` times the
    map's size); all or nothing."""
    out = Path(out)
    suffix = check_format(out)
    ensure_application()
    scene = MapScene(journey, text_fn, min_move=min_move)
    with replacing(out) as tmp:
        if suffix == ".png":
            _png(scene, tmp, scale)
        else:
            {".svg": _svg, ".pdf": _pdf}[suffix](scene, tmp, journey)
    return out


def _paint(scene: MapScene, device: object, target: QRectF) -> None:
    painter = QPainter(device)  # type: ignore[call-overload]
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        scene.render(painter, target, scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
    finally:
        painter.end()


def png_size(scene: MapScene, scale: float = PNG_SCALE) -> QSize:
    rect = scene.sceneRect()
    return QSize(round(rect.width() * scale), round(rect.height() * scale))


def _png(scene: MapScene, path: Path, scale: float) -> None:
    size = png_size(scene, scale)
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():
        raise ExportFailed(f"{path.name}: the map is too large for a PNG ({size.width()}×"
                           f"{size.height()}); write an SVG or PDF instead")
    image.setDevicePixelRatio(1.0)
    image.fill(QColor("#ffffff"))
    _paint(scene, image, QRectF(0, 0, size.width(), size.height()))
    image = image.convertToFormat(QImage.Format.Format_RGB888)  # opaque: a third smaller
    quality = 0 if size.width() * size.height() <= SMALL_PNG else PNG_QUALITY
    if not image.save(str(path), "PNG", quality):
        raise ExportFailed(f"{path}: could not write the PNG")


def _svg(scene: MapScene, path: Path, journey: JourneyMap) -> None:
    rect = scene.sceneRect()
    gen = QSvgGenerator()
    gen.setFileName(str(path))
    gen.setSize(QSize(round(rect.width()), round(rect.height())))
    gen.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
    gen.setTitle("Journey map")
    gen.setDescription(f"{len(journey.steps)} steps; {journey.participants} participants")
    _paint(scene, gen, QRectF(0, 0, rect.width(), rect.height()))


def _pdf(scene: MapScene, path: Path, _journey: JourneyMap) -> None:
    rect = scene.sceneRect()
    writer = QPdfWriter(str(path))
    writer.setTitle("Journey map")
    writer.setCreator("interviewcoder")
    page = QPageSize(QSizeF(rect.width() * POINTS_PER_PIXEL, rect.height() * POINTS_PER_PIXEL),
                     QPageSize.Unit.Point, "Journey map")
    writer.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setResolution(144)
    painter_rect = QRectF(0, 0, writer.width(), writer.height())
    _paint(scene, writer, painter_rect)
