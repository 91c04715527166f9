"""Journey map benchmarks.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.bench_map [--quotes 100000]

On the benchmark study of 100,000 quotes (5,000 participants, 200 interview sources, built once
with ``benchmarks.generate`` into ``benchmarks/out/``, the study ``bench_evidence`` exports):
the map model (``services.journey_map.build``: evidence table, both matrices, paths,
quotes), drawing its scene, painting it into a 2× image, and writing PNG, SVG and PDF; then the
saturation curve. Best and worst of three runs.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


_CPU: list[float] = []  # the CPU seconds of the last _timed runs (the machine is shared)


def _timed(fn, runs: int = 3) -> tuple[list[float], object]:  # noqa: ANN001
    """Wall-clock seconds of ``runs`` calls (and their CPU seconds in ``_CPU``: on a loaded
    machine the wall clock counts the time other processes had the cores)."""
    times, result = [], None
    _CPU.clear()
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - t0)
        _CPU.append(time.process_time() - c0)
    return times, result


def _fmt(times: list[float]) -> str:
    return (f"{min(times) * 1000:.0f}–{max(times) * 1000:.0f} ms "
            f"(CPU {min(_CPU) * 1000:.0f}–{max(_CPU) * 1000:.0f} ms)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quotes", type=int, default=100_000)
    args = ap.parse_args(argv)
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter

    from benchmarks.bench_evidence import _study
    from interviewcoder.services import journey_map, saturation
    from interviewcoder.store import Study
    from interviewcoder.ui.map import map_export
    from interviewcoder.ui.map.map_scene import MapScene

    n = args.quotes
    path = _study(n, min(5000, max(100, n // 20)), sources=max(10, n // 500), words=8000)
    map_export.ensure_application()
    with Study.open(path) as study:
        print(f"study: {study.participants.count():,} participants, {study.sources.count():,} sources, "
              f"{study.quotes.count():,} quotes")
        study.db.execute("SELECT count(*) FROM quotes").fetchone()  # warm the page cache
        times, journey = _timed(lambda: journey_map.build(study))
        print(f"map model ({len(journey.steps)} steps, {len(journey.transitions)} moves)  {_fmt(times)}")
        times, _ = _timed(lambda: saturation.compute(study), runs=1)
        print(f"saturation curve                          {_fmt(times)}")
    times, scene = _timed(lambda: MapScene(journey))
    rect = scene.sceneRect()
    print(f"scene ({len(scene.items()):,} items, {rect.width():.0f}×{rect.height():.0f})      {_fmt(times)}")

    def paint() -> QImage:
        s = MapScene(journey)
        size = map_export.png_size(s)
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        s.render(painter, QRectF(0, 0, size.width(), size.height()), s.sceneRect())
        painter.end()
        return image

    def paint_1x(j: object) -> None:
        s = MapScene(j)  # type: ignore[arg-type]
        size = map_export.png_size(s, 1.0)
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        s.render(painter, QRectF(0, 0, size.width(), size.height()), s.sceneRect())
        painter.end()

    times, image = _timed(paint)
    print(f"render: scene + paint at 2× ({image.width()}×{image.height()})   {_fmt(times)}")
    times, _ = _timed(lambda: paint_1x(journey))
    print(f"render: scene + paint at 1× (what the tab draws, all of it)   {_fmt(times)}")
    with tempfile.TemporaryDirectory() as tmp:
        from interviewcoder.services.demo import build_demo

        with Study.open(build_demo(Path(tmp) / "demo.icstudy")) as demo:
            times, small = _timed(lambda: journey_map.build(demo))
        print(f"demo study (42 participants, 90 quotes): map model {_fmt(times)}")
        times, _ = _timed(lambda: paint_1x(small))
        print(f"demo study: scene + paint at 1×            {_fmt(times)}")
        for suffix in (".png", ".svg", ".pdf"):
            out = Path(tmp) / f"map{suffix}"
            times, _ = _timed(lambda o=out: map_export.write(journey, o))
            print(f"write {suffix} ({out.stat().st_size / 1e6:.1f} MB)                   {_fmt(times)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
