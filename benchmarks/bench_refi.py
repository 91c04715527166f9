"""REFI-QDA benchmark: export a generated study to .qdpx, import it into a new study.

    python -m benchmarks.bench_refi [--sources 200] [--words 8000] [--quotes 20000]
        [--participants 400] [--codes 150]

Prints wall time and throughput of each step, the .qdpx size and the peak memory (RSS from
getrusage) after each step.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import generate
from interviewcoder.services import refi_export
from interviewcoder.services.importing import ImportOptions, import_file
from interviewcoder.services.studies import create
from interviewcoder.store import Study


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sources", type=int, default=200)
    p.add_argument("--words", type=int, default=8000)
    p.add_argument("--quotes", type=int, default=20000)
    p.add_argument("--participants", type=int, default=400)
    p.add_argument("--codes", type=int, default=150)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "source.icstudy"
        generate(source, sources=args.sources, words=args.words, participants=args.participants,
                 codes=args.codes, quotes=args.quotes, seed=7)
        print(f"study: {args.sources} sources × {args.words} words, {args.quotes} quotes, "
              f"{args.participants} participants, {args.codes} codes; RSS {_rss_mb():.0f} MB")
        out = folder / "study.qdpx"
        with Study.open(source) as study:
            t = time.perf_counter()
            refi_export.export(study, out)
            spent = time.perf_counter() - t
        print(f"export: {spent:.2f} s ({args.quotes / spent:,.0f} quotes/s), "
              f"{out.stat().st_size / 1e6:.1f} MB .qdpx; peak RSS {_rss_mb():.0f} MB")
        target = create(folder / "copy.icstudy", template="blank")
        try:
            t = time.perf_counter()
            result = import_file(target, out, ImportOptions(coder="bench"))
            spent = time.perf_counter() - t
            assert result.status == "imported", result.error
            print(f"import: {spent:.2f} s ({result.refi['quotes']['added'] / spent:,.0f} "
                  f"quotes/s); peak RSS {_rss_mb():.0f} MB")
            t = time.perf_counter()
            again = import_file(target, out, ImportOptions(coder="bench"))
            spent = time.perf_counter() - t
            print(f"import again (all matched by GUID, {again.status}): {spent:.2f} s; "
                  f"peak RSS {_rss_mb():.0f} MB")
        finally:
            target.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
