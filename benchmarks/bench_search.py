"""Full-text search figures on the 2,000-source benchmark study (target: under 100 ms).

    python -m benchmarks.generate benchmarks/out/large.icstudy      # once
    python -m benchmarks.bench_search benchmarks/out/large.icstudy

Each query runs through the service the CLI and the Search dock call (``services.search``:
FTS5 match, filters joined in SQL, highlight of the first 500 matching turns, keyword-in-context
lines) for the first 200 matching turns, as the dock shows them ("Show more" fetches more);
the figure is the median of 7 runs after one warm-up run; a last row gives the same common
word with 1,000 turns. Also: the time to build the
index for the whole study (what migration 0008_search does to an existing study, run here
inside a transaction that is rolled back) and the index's size.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from interviewcoder.services import search
from interviewcoder.store import Study
from interviewcoder.store import search as index


def _median_ms(fn, repeat: int = 7) -> tuple[float, float]:  # noqa: ANN001
    """Median wall-clock and CPU milliseconds (on a shared machine the CPU time is what the
    query itself costs; the wall clock adds the wait for a core)."""
    fn()
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0] if args else "benchmarks/out/large.icstudy")
    if not path.exists():
        print(f"{path} does not exist: run python -m benchmarks.generate {path} first")
        return 2
    with Study.open(path) as study:
        db = study.db
        n_turns = db.execute("SELECT count(*) FROM turns").fetchone()[0]
        words = db.execute("SELECT sum(words) FROM sources").fetchone()[0]
        print(f"study: {study.sources.count()} sources, {n_turns} turns, {words:,} words")
        sample = study.sources.text(study.sources.list()[0].id).lower().replace(".", " ").split()
        counts = Counter(sample)
        common = counts.most_common(1)[0][0]
        rare = min(counts, key=lambda w: (counts[w], w))
        a, b = sample[100], sample[101]
        queries = [
            ("a common word", common, {}),
            ("another word", rare, {}),
            ("a phrase", f'"{a} {b}"', {}),
            ("a prefix", f"{rare[:3]}*", {}),
            ("NEAR", f"NEAR({a} {b}, 5)", {}),
            ("common word, outcome=lost", common, {"outcome": "lost"}),
            ("common word, survey sources", common, {"kind": "survey"}),
            ("common word, persona + role", common, {"persona": "Operations", "role": "participant"}),
            ("another word, outcome=churned", rare, {"outcome": "churned"}),
        ]
        queries.append(("a common word, 1,000 turns", common, {"limit": 1000}))
        print(f"{'query':<30} {'text':<24} {'turns':>8} {'hits shown':>10} {'wall ms':>8} {'cpu ms':>7}")
        for label, q, filters in queries:
            res = search.search(study, q, **filters)
            wall, cpu = _median_ms(lambda q=q, f=filters: search.search(study, q, **f))
            turns = f"{res.turns:,}" + ("+" if res.capped else "")
            print(f"{label:<30} {q[:24]:<24} {turns:>8} {len(res.hits):>10} {wall:>8.1f} {cpu:>7.1f}")
        size = db.execute("SELECT sum(length(block)) FROM turn_search_data").fetchone()[0]
        text = db.execute("SELECT sum(length(text)) FROM turn_search").fetchone()[0]
        print(f"index size: {size / 1e6:.0f} MB, plus its copy of the turns' text ({text / 1e6:.0f} MB)")
        t = time.perf_counter()
        db.execute("BEGIN")
        try:
            index.rebuild(db)
            built = time.perf_counter() - t
        finally:
            db.execute("ROLLBACK")
        print(f"build the index for every turn (migration 0008): {built:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
