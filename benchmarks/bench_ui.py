"""Workspace benchmarks on the real main window: open a big source, apply a code, a burst of
codings with the event-loop lag, the Quotes dock over 100,000 rows, 10,000 sources, first window.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.bench_ui [--out DIR] [--quick] [--bare]

The window is built the way the app builds it (``ui.app.open_window``): the main window with
every extension loaded (Suggestions dock, Evidence/Matrix/Paths tabs, import actions, sentence
snapping), and the output says so. ``--bare`` leaves the extensions out, for a paired run.
Builds deterministic synthetic studies with ``benchmarks.generate`` (kept in DIR between runs)
and drives the real widgets. Prints one figure per line; record them in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _study(out: Path, name: str, **kw: int) -> Path:
    from benchmarks.generate import generate

    path = out / f"{name}.icstudy"
    if not path.exists():
        t0 = time.perf_counter()
        generate(path, **kw)
        print(f"  (built {path.name} in {time.perf_counter() - t0:.1f} s)")
    return path


def _scratch(path: Path) -> Path:
    """A throwaway copy of a generated study, so runs that code it stay repeatable."""
    copy = Path(tempfile.mkdtemp()) / path.name
    shutil.copyfile(path, copy)
    return copy


BARE = False  # --bare: the main window without its extensions (paired runs)


def _window(path: Path):  # noqa: ANN202
    """The window as the app opens it: ``open_window`` (every extension), or bare."""
    from PySide6.QtCore import QSettings

    from interviewcoder.ui.app import application, open_window
    from interviewcoder.ui.common.settings import Settings

    app = application()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    settings = Settings()
    settings.coder = "bench"
    if BARE:
        from interviewcoder.services.studies import open_study
        from interviewcoder.ui.common.session import StudySession
        from interviewcoder.ui.main_window import MainWindow

        w = MainWindow(StudySession(open_study(path), "bench"), settings)
    else:
        w = open_window(path, settings)
    w.resize(1280, 800)
    w.show()
    app.processEvents()
    return app, w


def describe_window() -> None:
    """Say which window is measured: the extensions loaded, the docks and tabs it has."""
    path = Path(tempfile.mkdtemp()) / "empty.icstudy"
    from interviewcoder.services.studies import create

    create(path).close()
    app, w = _window(path)
    from PySide6.QtWidgets import QDockWidget

    from interviewcoder.ui import extensions

    docks = [d.windowTitle() for d in w.findChildren(QDockWidget)]
    tabs = [w.tabs.tabText(i) for i in range(w.tabs.count())]
    if BARE:
        print("window: BARE main window (--bare), extensions left out")
    else:
        loaded = sorted({fn.__module__.rsplit(".", 1)[-1] for fn in extensions.load()})
        print(f"window: the real main window with every extension ({', '.join(loaded)})")
    print(f"  docks: {', '.join(docks)}; tabs: {', '.join(tabs)}")
    _close(app, w)


def _close(app, w) -> None:  # noqa: ANN001
    w.close()
    app.processEvents()


def _idle(app, w, limit: float = 30.0) -> float:  # noqa: ANN001
    """Run the event loop until the window's background work is done; seconds it took."""
    from PySide6.QtCore import QThreadPool

    from interviewcoder.ui.common.study_cache import StudyCache

    t0 = time.perf_counter()
    pools = [QThreadPool.globalInstance(), *w.findChildren(QThreadPool)]
    while time.perf_counter() - t0 < limit:
        app.processEvents()
        busy = any(p.activeThreadCount() for p in pools)
        busy = busy or any(getattr(c, "busy", False) for c in w.findChildren(StudyCache))
        panel = getattr(w, "suggestions", None)
        busy = busy or bool(panel is not None and panel.busy)
        busy = busy or any(t.isActive() for t in _timers(w))
        if not busy:
            break
        time.sleep(0.005)
    return time.perf_counter() - t0


def _timers(w):  # noqa: ANN001, ANN202
    from PySide6.QtCore import QTimer

    return [t for t in w.findChildren(QTimer) if t.isSingleShot()]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def bench_big_source(out: Path) -> None:
    path = _study(out, "ui_big_source", sources=1, words=200_000, participants=20, codes=60,
                  quotes=5_000)
    app, w = _window(path)
    from interviewcoder.store import workspace
    from interviewcoder.ui.reader.highlights import QuoteSpan, segments
    from interviewcoder.ui.reader.reader_layout import build_layout

    study = w.session.study
    sid = study.sources.list()[0].id
    words = len(study.sources.text(sid).split())
    runs, docks = [], []
    for _ in range(3):
        w.reader.show_source(None)
        app.processEvents()
        t0 = time.perf_counter()
        w._source_selected(sid)  # what picking it in the Sources dock does
        w.reader.viewport().repaint()
        t1 = time.perf_counter()
        app.processEvents()  # the quotes dock fills in once the reader has painted
        w.quotes.view.viewport().repaint()
        runs.append(t1 - t0)
        docks.append(time.perf_counter() - t1)
    print(f"big source: {words:,} words, {len(w.reader.quotes):,} quotes, "
          f"{len(w.reader.layout_map.turns):,} turns")
    print(f"  open source and paint the reader's first screen, best of 3: {_ms(min(runs))}; "
          f"then the quotes dock ({w.quotes.model.rowCount():,} rows): {_ms(min(docks))}")
    cpu_open, cpu_floor = [], []
    for _ in range(5):  # CPU time, the figure to trust on a shared machine
        w.reader.show_source(None)
        app.processEvents()
        c0 = time.process_time()
        w._source_selected(sid)
        w.reader.viewport().repaint()
        cpu_open.append(time.process_time() - c0)
        cpu_floor.append(_reader_floor(app, w))
    print(f"  the same in CPU time, best of 5: {_ms(min(cpu_open))}; floor (a bare QPlainTextEdit: "
          f"setPlainText + the {len(w.reader.segs):,} highlight merges in one edit block, painted): "
          f"{_ms(min(cpu_floor))} = {min(cpu_open) / min(cpu_floor):.2f}x the floor")
    t0 = time.perf_counter()
    text = study.sources.text(sid)
    turns = study.sources.turns(sid)
    spans = workspace.quote_spans(study.db, sid)
    t1 = time.perf_counter()
    people = w.cache.participants
    lay = build_layout(text, turns, {pid: p.name for pid, p in people.items()},
                       {pid: f"{p.outcome}, {p.persona}" for pid, p in people.items()})
    t2 = time.perf_counter()
    segs = segments(QuoteSpan(*q) for q in spans)
    t3 = time.perf_counter()
    w.reader.layout_map = lay
    w.reader.setPlainText(lay.text)
    t4 = time.perf_counter()
    w.reader._paint(full=True)
    t5 = time.perf_counter()
    print(f"    parts: fetch {_ms(t1 - t0)}, layout {_ms(t2 - t1)}, segments ({len(segs):,}) "
          f"{_ms(t3 - t2)}, setPlainText {_ms(t4 - t3)}, turn styles + highlights "
          f"in one edit block {_ms(t5 - t4)}")
    bar = w.reader.verticalScrollBar()
    t0 = time.perf_counter()
    steps = 40
    for i in range(steps):
        bar.setValue(bar.maximum() * i // steps)
        w.reader.viewport().repaint()
    print(f"  scroll through the source in {steps} jumps with repaint: "
          f"{_ms((time.perf_counter() - t0) / steps)} per jump")
    _close(app, w)


def _spans(w, n: int) -> list[tuple[int, int]]:  # noqa: ANN001
    """``n`` fresh spans of ~6 words in the participant turns of the shown source."""
    text = w.reader.source_text
    turns = [t for t in w.reader.layout_map.turns if t.participant_id is not None]
    out = []
    for t in turns:
        pos = t.start
        while len(out) < n:
            end = text.find(" ", pos + 30)
            if end < 0 or end >= t.end:
                break
            out.append((pos, end))
            pos = end + 1
        if len(out) >= n:
            break
    return out


def _reader_floor(app, w) -> float:  # noqa: ANN001
    from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
    from PySide6.QtWidgets import QPlainTextEdit

    lay = w.reader.layout_map
    ranges = [r for g in w.reader.segs for r in lay.doc_ranges(g.start, g.end)]
    ed = QPlainTextEdit()
    ed.resize(w.reader.size())
    ed.show()
    app.processEvents()
    c0 = time.process_time()
    ed.setPlainText(lay.text)
    fmt = QTextCharFormat()
    fmt.setBackground(QColor("#ffe08a"))
    cur = QTextCursor(ed.document())
    cur.beginEditBlock()
    for a, b in ranges:
        cur.setPosition(a)
        cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        cur.mergeCharFormat(fmt)
    cur.endEditBlock()
    ed.viewport().repaint()
    spent = time.process_time() - c0
    ed.close()
    ed.deleteLater()
    return spent


def bench_apply_code(out: Path) -> None:
    path = _study(out, "ui_100k_quotes", sources=20, words=40_000, participants=400, codes=60,
                  quotes=100_000)
    app, w = _window(_scratch(path))
    study = w.session.study
    sid = study.sources.list()[0].id
    w.sources.select_source(sid)
    app.processEvents()
    _idle(app, w)
    code_ids = list(w.cache.codes)
    print(f"study of {study.quotes.count():,} quotes; source shown with {len(w.reader.quotes):,} quotes")
    add, retag, undo, cpu = [], [], [], []
    for i, (start, end) in enumerate(_spans(w, 20)):
        w.reader.select_span(start, end)
        w.reader.centerCursor()
        app.processEvents()
        t0, c0 = time.perf_counter(), time.thread_time()
        qid = w.coding.tag(code_ids[i % len(code_ids)])
        w.reader.viewport().repaint()
        add.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
        assert w.reader.background_at(start) is not None and qid is not None
        app.processEvents()
        t0 = time.perf_counter()
        w.coding.tag(code_ids[(i + 7) % len(code_ids)])
        w.reader.viewport().repaint()
        retag.append(time.perf_counter() - t0)
        app.processEvents()
    for _ in range(10):
        t0 = time.perf_counter()
        w.session.undo_stack.undo()
        w.reader.viewport().repaint()
        undo.append(time.perf_counter() - t0)
        app.processEvents()
    print(f"  apply code -> highlight shown (new quote, all views updated), median of 20: "
          f"{_ms(statistics.median(add))} (max {_ms(max(add))}); UI-thread CPU "
          f"{_ms(statistics.median(cpu))} median")
    print(f"  add a second code to that quote, median of 20: {_ms(statistics.median(retag))}")
    print(f"  undo, median of 10: {_ms(statistics.median(undo))}")
    print(f"  background work left by those 50 actions: {_ms(_idle(app, w))} until every worker "
          "and pending timer was idle")
    code = max(w.cache.codes, key=lambda c: w.cache.usage(c)[0])
    t0 = time.perf_counter()
    w.quotes.show_code(code)
    t1 = time.perf_counter()
    w.quotes.model.sort(2)
    t2 = time.perf_counter()
    print(f"  quotes dock for the busiest code ({w.quotes.model.rowCount():,} quotes across the study): "
          f"load {_ms(t1 - t0)}, sort by participant {_ms(t2 - t1)}")
    _close(app, w)


def bench_burst(out: Path, n: int = 20, every_ms: int = 60) -> None:
    """A burst of ``n`` codings, one every ``every_ms`` through the event loop (a coder on
    the number keys), with a timer ticking every 5 ms: the worst gap between ticks is the
    longest the UI thread was busy, during the burst and in the 2 s after it."""
    from PySide6.QtCore import QEventLoop, QTimer

    path = _study(out, "ui_100k_quotes", sources=20, words=40_000, participants=400, codes=60,
                  quotes=100_000)
    app, w = _window(_scratch(path))
    sid = w.session.study.sources.list()[1].id
    w.sources.select_source(sid)
    app.processEvents()
    _idle(app, w)
    code_ids = list(w.cache.codes)
    spans = _spans(w, n)
    ticks: list[float] = []
    actions: list[float] = []
    done_at: list[float] = []
    tick = QTimer()
    tick.setInterval(5)
    tick.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()

    def code(i: int) -> None:
        start, end = spans[i]
        t0 = time.perf_counter()
        w.reader.select_span(start, end)
        w.coding.tag(code_ids[(3 * i) % len(code_ids)])
        w.reader.viewport().repaint()
        actions.append(time.perf_counter() - t0)
        if i + 1 < n:
            QTimer.singleShot(every_ms, lambda: code(i + 1))
        else:
            done_at.append(time.perf_counter())
            QTimer.singleShot(2000, loop.quit)

    tick.start()
    begun = time.perf_counter()
    QTimer.singleShot(every_ms, lambda: code(0))
    loop.exec()
    tick.stop()
    gaps = [(b - a, b) for a, b in zip([begun, *ticks], ticks, strict=False)]
    during = [g for g, at in gaps if at <= done_at[0]]
    after = [g for g, at in gaps if at > done_at[0]]
    over = sum(1 for g, _ in gaps if g > 0.05)
    print(f"burst of {n} codings, one every {every_ms} ms, 5 ms timer ticking: "
          f"action median {_ms(statistics.median(actions))} (max {_ms(max(actions))}); "
          f"worst UI-thread gap during the burst {_ms(max(during))}, "
          f"in the 2 s after it {_ms(max(after) if after else 0)}; gaps over 50 ms: {over}")
    print(f"  then idle after {_ms(_idle(app, w))} more")
    _close(app, w)


def bench_quotes_dock(out: Path) -> None:
    """The Quotes dock over every quote of the 100,000-quote study: load, sort, filter, and
    coding while it shows them; beside floors measured in the same run."""
    path = _study(out, "ui_100k_quotes", sources=20, words=40_000, participants=400, codes=60,
                  quotes=100_000)
    app, w = _window(_scratch(path))
    _idle(app, w)
    from PySide6.QtCore import Qt

    from interviewcoder.store import workspace

    dock, model = w.quotes, w.quotes.model
    loads, ready = [], []
    for _ in range(3):
        dock.show_source(None)
        app.processEvents()
        t0 = time.perf_counter()
        dock.show_all()
        dock.view.viewport().repaint()
        loads.append(time.perf_counter() - t0)
        while not model.ready:
            app.processEvents()
            time.sleep(0.002)
        ready.append(time.perf_counter() - t0)
    rows = model.rowCount()
    print(f"quotes dock, all {rows:,} quotes of the study: load and paint, best of 3: "
          f"{_ms(min(loads))}; sort keys prepared in the worker {_ms(min(ready))} after the load")
    db = w.session.study.db
    t0 = time.perf_counter()
    workspace.quote_ids(db)
    floor_ids = time.perf_counter() - t0
    labels = [model.table._key(model.table.material(i), 1)[0] for i in model.table.ids()]
    t0 = time.perf_counter()
    sorted(labels)
    floor_sort = time.perf_counter() - t0
    print(f"  floors: the ids query alone {_ms(floor_ids)}; a Python sort of the {rows:,} code "
          f"labels {_ms(floor_sort)}")
    parts = []
    for col, name in enumerate(("quote", "codes", "participant", "outcome", "persona", "coder",
                                "memo", "source")):
        t0 = time.perf_counter()
        dock.view.sortByColumn(col, Qt.SortOrder.AscendingOrder)
        dock.view.viewport().repaint()
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        dock.view.sortByColumn(col, Qt.SortOrder.DescendingOrder)
        dock.view.viewport().repaint()
        parts.append(f"{name} {_ms(first)}/{_ms(time.perf_counter() - t0)}")
    print(f"  sort by each column (first / reversed): {', '.join(parts)}")
    box = dock.filters["outcome"]
    filt = []
    for value in [box.itemData(i) for i in range(1, box.count())] + [box.itemData(0)]:
        t0 = time.perf_counter()
        box.setCurrentIndex(box.findData(value))
        dock.view.viewport().repaint()
        filt.append((time.perf_counter() - t0, value or "any", model.rowCount()))
    print("  filter by outcome: " + ", ".join(f"{v} ({n:,} rows) {_ms(t)}" for t, v, n in filt))
    dock.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    sid = w.session.study.sources.list()[2].id
    w.sources.select_source(sid)
    app.processEvents()
    dock.show_all()
    while not model.ready:
        app.processEvents()
        time.sleep(0.002)
    code_ids = list(w.cache.codes)
    times = []
    for i, (start, end) in enumerate(_spans(w, 10)):
        w.reader.select_span(start, end)
        app.processEvents()
        t0 = time.perf_counter()
        w.coding.tag(code_ids[(5 * i) % len(code_ids)])
        w.reader.viewport().repaint()
        dock.view.viewport().repaint()
        times.append(time.perf_counter() - t0)
        app.processEvents()
    print(f"  apply a code while the dock shows all {model.rowCount():,} quotes sorted by codes, "
          f"median of 10: {_ms(statistics.median(times))} (max {_ms(max(times))})")
    _close(app, w)


def bench_sources(out: Path, n: int) -> None:
    path = _study(out, f"ui_{n}_sources", sources=n, words=150, participants=n, codes=60,
                  quotes=n * 2)
    app, w = _window(path)
    from interviewcoder.ui.sources.sources_model import SourcesModel

    t0 = time.perf_counter()
    model = SourcesModel(w.cache)
    t1 = time.perf_counter()
    model.set_grouping("kind")
    t2 = time.perf_counter()
    model.set_filter("interview-0099")
    t3 = time.perf_counter()
    w.sources.view.viewport().repaint()
    print(f"{n:,} sources: fetch and group {_ms(t1 - t0)}, regroup {_ms(t2 - t1)}, "
          f"filter {_ms(t3 - t2)}")
    _close(app, w)


def bench_first_window(out: Path) -> None:
    path = _study(out, "ui_100k_quotes", sources=20, words=40_000, participants=400, codes=60,
                  quotes=100_000)
    runs, inside = [], []
    for _ in range(3):
        t0 = time.perf_counter()
        res = subprocess.run([sys.executable, "-m", "benchmarks.bench_ui", "--child-first-window",
                              str(path)], capture_output=True, text=True, check=True,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        runs.append(time.perf_counter() - t0)
        ms, heavy = res.stdout.strip().splitlines()[-1].split(" ", 1)
        inside.append(float(ms))
    print(f"first window on the 100,000-quote study, best of 3: {_ms(min(runs))} from process start "
          f"({min(inside):.0f} ms after the interpreter is up); heavy modules imported: {heavy}")


def _child_first_window(path: str) -> None:
    t0 = time.perf_counter()
    from PySide6.QtCore import QSettings

    from interviewcoder.ui.app import application, open_window
    from interviewcoder.ui.common.settings import Settings

    app = application()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    settings = Settings()
    settings.coder = "bench"
    w = open_window(path, settings)
    w.repaint()
    app.processEvents()
    heavy = [m for m in ("spacy", "openpyxl", "thinc", "docx", "numpy") if m in sys.modules]
    print(f"{(time.perf_counter() - t0) * 1000:.0f} {', '.join(heavy) or 'none'}")
    _close(app, w)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="benchmarks/out")
    ap.add_argument("--quick", action="store_true", help="skip the 10,000-source study")
    ap.add_argument("--bare", action="store_true", help="leave the window's extensions out")
    ap.add_argument("--only", help="run one benchmark: big_source, apply_code, burst, quotes_dock, "
                    "sources, first_window")
    ap.add_argument("--child-first-window", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child_first_window:
        _child_first_window(args.child_first_window)
        return 0
    global BARE
    BARE = args.bare
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    describe_window()
    benches = {"big_source": bench_big_source, "apply_code": bench_apply_code, "burst": bench_burst,
               "quotes_dock": bench_quotes_dock, "sources": lambda o: bench_sources(o, 10_000),
               "first_window": bench_first_window}
    for name, bench in benches.items():
        if args.only and name != args.only:
            continue
        if args.quick and name == "sources" and not args.only:
            continue
        bench(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
