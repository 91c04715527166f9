"""Store figures on a generated study: open, one coding action, listings, code usage.

    python -m benchmarks.generate benchmarks/out/large.icstudy      # once (about 2 minutes)
    python -m benchmarks.bench_store benchmarks/out/large.icstudy
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from interviewcoder.services import coding
from interviewcoder.store import Study


def _ms(fn, repeat: int = 1) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0] if args else "benchmarks/out/large.icstudy")
    if not path.exists():
        print(f"{path} does not exist: run python -m benchmarks.generate {path} first")
        return 2
    print(f"open the study          {_ms(lambda: Study.open(path).close(), 5):8.1f} ms")
    with Study.open(path) as study:
        print(f"quotes in the study     {study.quotes.count():8d}")
        source = study.sources.list()[0].id
        turn = next(t for t in study.sources.turns(source) if t.participant_id is not None)
        codes = [c.id for c in study.codes.list()[:3]]
        adds, removes = [], []
        for i in range(200):
            t = time.perf_counter()
            applied = coding.add_quote(study, source, turn.start + i % 20, turn.start + 40 + i % 20,
                                       codes, "bench")
            adds.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            coding.remove_quote(study, applied.result, "bench")
            removes.append((time.perf_counter() - t) * 1000)
        print(f"add a quote (one commit) {statistics.median(adds):7.2f} ms median, "
              f"p95 {sorted(adds)[189]:.2f} ms")
        print(f"remove a quote           {statistics.median(removes):7.2f} ms median")
        print(f"quotes of one source    {_ms(lambda: study.quotes.for_source(source), 5):8.1f} ms")
        print(f"quotes of one code      {_ms(lambda: study.quotes.for_code(codes[0]), 3):8.1f} ms")
        print(f"source summaries        {_ms(lambda: study.sources.summaries(), 3):8.1f} ms")
        print(f"code usage (all codes)  {_ms(lambda: study.codes.usage(), 1):8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
