"""Full-text search figures on the 2,000-source benchmark study (target: under 100 ms).

    python -m benchmarks.generate benchmarks/out/large.icstudy      # once
    python -m benchmarks.bench_search benchmarks/out/large.icstudy

Each query runs through the service the CLI and the Search dock call (``services.search``:
FTS5 match, filters joined in SQL, highlight of the first 500 matching turns, keyword-in-context
lines); the figure is the median of 7 runs after one warm-up run. Also: the time to build the
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


def _median_ms(fn, repeat: int = 7) -> float:  # noqa: ANN001
    fn()
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
            ("a rare word", rare, {}),
            ("a phrase", f'"{a} {b}"', {}),
            ("a prefix", f"{rare[:3]}*", {}),
            ("NEAR", f"NEAR({a} {b}, 5)", {}),
            ("common word, outcome=lost", common, {"outcome": "lost"}),
            ("common word, persona + role", common, {"persona": "Operations", "role": "participant"}),
            ("rare word, outcome=churned", rare, {"outcome": "churned"}),
        ]
        print(f"{'query':<30} {'text':<24} {'turns':>8} {'hits shown':>10} {'median ms':>10}")
        for label, q, filters in queries:
            res = search.search(study, q, **filters)
            ms = _median_ms(lambda q=q, f=filters: search.search(study, q, **f))
            print(f"{label:<30} {q[:24]:<24} {res.turns:>8} {len(res.hits):>10} {ms:>10.1f}")
        size = db.execute("SELECT sum(length(block)) FROM turn_search_data").fetchone()[0]
        print(f"index size: {size / 1e6:.0f} MB (the text itself is not stored twice)")
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
