"""Instant at any size (issue 18): first window, evidence and one coding action at 10k, 100k and
1M quotes, each beside its floor measured in the same run.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.bench_scale [--sizes 10000,100000,1000000]
        [--runs 3]

Studies: ``benchmarks/out/scale-{N}q.icstudy``, built once with ``benchmarks.generate`` (2,000
interview sources of 8,000 words, 270,000 turns, 5,000 participants, 200 codes; only the quote
count changes between sizes). The machine is shared, so every figure has its CPU time beside
the wall clock; ratios to the floor are taken on CPU time.

- first window: ``interviewcoder STUDY``'s path (``open_window``, painted) in a fresh process,
  beside a bare ``QMainWindow`` painted in a fresh process (the floor);
- ``interviewcoder evidence STUDY --json`` in a fresh process, beside ``interviewcoder --version``
  (the process floor), and in-process ``evidence.compute`` beside the plain overlap join that
  used to be the evidence (the issue's "join floor");
- evidence with a filter that chooses quotes (coder), which joins the quote → participant table,
  beside the same join floor (the aim: within 2x);
- one coding action (add a quote with two codes) and the evidence read after it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def study_path(quotes: int) -> Path:
    from benchmarks.generate import generate

    OUT.mkdir(exist_ok=True)
    path = OUT / f"scale-{quotes}q.icstudy"
    if not path.exists():
        print(f"building {path.name} ...", file=sys.stderr)
        generate(path, quotes=quotes)
    return path


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _process(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(wall, CPU, stdout) of a fresh process."""
    c0, t0 = _child_cpu(), time.perf_counter()
    res = subprocess.run(args, capture_output=True, text=True, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})})
    return time.perf_counter() - t0, _child_cpu() - c0, res.stdout


def _best(samples: list[tuple[float, float]]) -> tuple[float, float]:
    """The run with the least CPU time, (wall, CPU)."""
    return min(samples, key=lambda s: s[1])


def _fmt(sample: tuple[float, float]) -> str:
    wall, cpu = sample
    return f"{wall * 1000:7.0f} ms wall, {cpu * 1000:6.0f} ms CPU"


# --- children ----------------------------------------------------------------------------------

def _child_window(path: str) -> None:
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
    w.close()


def _child_floor_window() -> None:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    w = QMainWindow()
    w.setCentralWidget(QLabel("floor"))
    w.resize(1280, 800)
    w.show()
    w.repaint()
    app.processEvents()


# --- in-process figures ------------------------------------------------------------------------

def _timed(fn, runs: int) -> tuple[tuple[float, float], object]:  # noqa: ANN001
    samples, result = [], None
    for _ in range(runs):
        c0, t0 = _cpu(), time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - t0, _cpu() - c0))
    return _best(samples), result


def _join_floor(study) -> None:  # noqa: ANN001
    """The overlap join the evidence used to run for the whole study (store/evidence.py's
    ``tallies``: every quote to the turns it overlaps, distinct participants and quotes per
    code and outcome)."""
    from interviewcoder.core.evidence import Filters
    from interviewcoder.store import evidence as sql

    sql.tallies(study.db, Filters(), "outcome")


def bench_size(quotes: int, runs: int) -> dict[str, tuple[float, float]]:
    from interviewcoder.core.evidence import Filters
    from interviewcoder.core.types import Dimension
    from interviewcoder.services import coding, evidence
    from interviewcoder.store import Study

    path = study_path(quotes)
    out: dict[str, tuple[float, float]] = {}
    fresh = [sys.executable, "-m", "benchmarks.bench_scale"]
    out["first window"] = _best([_process(fresh + ["--child-window", str(path)])[:2]
                                 for _ in range(runs)])
    out["evidence --json (CLI)"] = _best([_process(
        [sys.executable, "-m", "interviewcoder", "evidence", str(path), "--json"])[:2]
        for _ in range(runs)])
    with Study.open(path) as study:
        study.db.execute("SELECT count(*) FROM quote_codes").fetchone()  # warm the cache
        out["evidence.compute"], table = _timed(lambda: evidence.compute(study), runs)
        out["evidence.compute by persona"], _ = _timed(
            lambda: evidence.compute(study, by_persona=True), runs)
        out["evidence, coder filter"], _ = _timed(
            lambda: evidence.compute(study, Filters(coder="generator")), max(1, runs - 1))
        out["floor: the overlap join"], _ = _timed(lambda: _join_floor(study), max(1, runs - 1))
    scratch = Path(tempfile.mkdtemp()) / path.name
    shutil.copyfile(path, scratch)
    try:
        with Study.open(scratch) as study:
            step = study.codes.in_dimension(Dimension.STEP)[0].id
            anxiety = study.codes.in_dimension(Dimension.ANXIETY)[0].id
            turn = study.db.execute("SELECT source_id, start FROM turns WHERE role = 'participant' "
                                    "ORDER BY id LIMIT 1").fetchone()
            acts, reads = [], []
            for i in range(max(5, runs)):
                c0, t0 = _cpu(), time.perf_counter()
                coding.add_quote(study, turn[0], turn[1] + i, turn[1] + i + 20, [step, anxiety],
                                 "bench")
                t1, c1 = time.perf_counter(), _cpu()
                evidence.compute(study)
                acts.append((t1 - t0, c1 - c0))
                reads.append((time.perf_counter() - t1, _cpu() - c1))
            out["one coding action (commit, tallies kept)"] = _best(acts)
            out["evidence read after it"] = _best(reads)
    finally:
        shutil.rmtree(scratch.parent, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--child-window", help=argparse.SUPPRESS)
    ap.add_argument("--child-floor-window", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child_window:
        _child_window(args.child_window)
        return 0
    if args.child_floor_window:
        _child_floor_window()
        return 0
    fresh = [sys.executable, "-m", "benchmarks.bench_scale"]
    floors = {
        "floor: bare Qt window (fresh process)": _best(
            [_process(fresh + ["--child-floor-window"])[:2] for _ in range(args.runs)]),
        "floor: interviewcoder --version (fresh process)": _best(
            [_process([sys.executable, "-m", "interviewcoder", "--version"])[:2]
             for _ in range(args.runs)]),
    }
    for name, sample in floors.items():
        print(f"{name:48s} {_fmt(sample)}")
    results = {}
    for n in (int(x) for x in args.sizes.split(",")):
        results[n] = bench_size(n, args.runs)
        print(f"\n{n:,} quotes")
        for name, sample in results[n].items():
            print(f"  {name:46s} {_fmt(sample)}")
    sizes = sorted(results)
    if len(sizes) > 1:
        small, big = sizes[0], sizes[-1]
        print(f"\nratios (CPU), {big:,} over {small:,} quotes:")
        for name in results[big]:
            a, b = results[small][name][1], results[big][name][1]
            print(f"  {name:46s} {b / a if a else float('nan'):5.2f}x")
        qt = floors["floor: bare Qt window (fresh process)"][1]
        print(f"  first window at {big:,} / bare Qt window: "
              f"{results[big]['first window'][1] / qt:.2f}x")
        for n in sizes:
            j = results[n]["floor: the overlap join"][1]
            print(f"  {n:,}: coder-filtered evidence / overlap join "
                  f"{results[n]['evidence, coder filter'][1] / j:.2f}x; "
                  f"whole-study evidence / overlap join {results[n]['evidence.compute'][1] / j:.3f}x")
    print(json.dumps({str(n): r for n, r in results.items()}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
