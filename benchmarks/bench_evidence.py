"""Evidence and export benchmarks.

    python -m benchmarks.bench_evidence [--quotes 1000000] [--participants 5000]
        [--export-quotes 25000,50000,100000] [--skip-evidence] [--skip-export]

1. The evidence of a study of 5,000 participants and 1,000,000 quotes (built once with
   ``benchmarks.generate`` into ``benchmarks/out/``): the full evidence table by outcome, by
   persona, with a persona filter, both matrices, the paths, and the quotes behind one cell.
2. The XLSX export (every sheet) of studies with 25,000 / 50,000 / 100,000 quotes, each in a
   fresh process: time, and peak RSS before and after the export, so growth with the quote
   count shows.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def _study(quotes: int, participants: int, sources: int, words: int) -> Path:
    from benchmarks.generate import generate

    OUT.mkdir(exist_ok=True)
    path = OUT / f"evidence-{participants}p-{quotes}q.icstudy"
    if not path.exists():
        print(f"building {path.name} ...", file=sys.stderr)
        generate(path, sources=sources, words=words, participants=participants, quotes=quotes)
    return path


def _timed(fn, runs: int = 3) -> tuple[list[float], object]:  # noqa: ANN001
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def _fmt(times: list[float]) -> str:
    return f"{min(times):.2f}–{max(times):.2f} s (median {statistics.median(times):.2f})"


def bench_evidence(quotes: int, participants: int) -> None:
    from interviewcoder.core.evidence import Filters
    from interviewcoder.core.types import Dimension
    from interviewcoder.services import evidence
    from interviewcoder.store import Study

    path = _study(quotes, participants, sources=2000, words=8000)
    with Study.open(path) as study:  # the first open adds the evidence indexes (migration 0004)
        n_quotes, n_links = study.quotes.count(), study.db.execute(
            "SELECT count(*) FROM quote_codes").fetchone()[0]
        print(f"study: {study.participants.count():,} participants, {study.sources.count():,} "
              f"sources, {n_quotes:,} quotes, {n_links:,} quote-code links")
        study.db.execute("SELECT count(*) FROM quotes").fetchone()  # warm the page cache
        times, table = _timed(lambda: evidence.compute(study))
        print(f"evidence by outcome ({len(table.rows)} codes)         {_fmt(times)}")
        times, _ = _timed(lambda: evidence.compute(study, by_persona=True))
        print(f"evidence by outcome and persona              {_fmt(times)}")
        times, _ = _timed(lambda: evidence.compute(study, Filters(persona="Operations")))
        print(f"evidence, one persona                         {_fmt(times)}")
        times, _ = _timed(lambda: evidence.matrix(study, Dimension.ANXIETY), runs=1)
        print(f"step x anxiety (both measures)               {_fmt(times)}")
        times, result = _timed(lambda: evidence.paths(study), runs=1)
        print(f"paths ({len(result.paths):,} participants, {len(result.transitions)} moves)"
              f"      {_fmt(times)}")
        code = table.rows[0].code_id
        times, rows = _timed(lambda: evidence.quotes_behind(study, code, "lost"), runs=1)
        print(f"quotes behind one cell ({len(rows):,} quotes)         {_fmt(times)}")


def _memory(field: str) -> float:
    """VmRSS / VmHWM of this process in MB (``ru_maxrss`` would carry the parent's peak over
    ``exec``; VmHWM starts afresh in the new process)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child_export(path: str, out: str) -> None:
    from interviewcoder.services import exporting
    from interviewcoder.store import Study

    with Study.open(path) as study:
        before = _memory("VmHWM")
        t0 = time.perf_counter()
        exporting.export(study, out)
        seconds = time.perf_counter() - t0
    peak = _memory("VmHWM")
    print(json.dumps({"seconds": seconds, "rss_before": before, "rss_peak": peak,
                      "bytes": Path(out).stat().st_size}))


def bench_export(sizes: list[int]) -> None:
    for n in sizes:
        path = _study(n, min(5000, max(100, n // 20)), sources=max(10, n // 500), words=8000)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "evidence.xlsx"
            proc = subprocess.run([sys.executable, "-m", "benchmarks.bench_evidence", "--child-export",
                                   str(path), str(out)], capture_output=True, text=True, check=True)
            f = json.loads(proc.stdout.strip().splitlines()[-1])
        print(f"xlsx export, {n:>7,} quotes: {f['seconds']:.2f} s ({n / f['seconds']:,.0f} quotes/s), "
              f"{f['bytes'] / 1e6:.1f} MB; peak RSS {f['rss_before']:.0f} MB before, "
              f"{f['rss_peak']:.0f} MB after (+{f['rss_peak'] - f['rss_before']:.0f} MB)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quotes", type=int, default=1_000_000)
    ap.add_argument("--participants", type=int, default=5000)
    ap.add_argument("--export-quotes", default="25000,50000,100000")
    ap.add_argument("--skip-evidence", action="store_true")
    ap.add_argument("--skip-export", action="store_true")
    ap.add_argument("--child-export", nargs=2, metavar=("STUDY", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child_export:
        _child_export(*args.child_export)
        return 0
    if not args.skip_evidence:
        bench_evidence(args.quotes, args.participants)
    if not args.skip_export:
        bench_export([int(x) for x in args.export_quotes.split(",") if x])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
