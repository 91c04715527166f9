"""Layout inference benchmark: how long ``inspect_file`` (read + infer, nothing stored) takes.

    python -m benchmarks.bench_inference [--words 200000] [--respondents 20000] [--questions 5]

One long transcript in each label layout (every shape is tried on every line, so this is the
worst case of the inference), and one big survey export whose every column is classified.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from benchmarks.bench_import import WORDS, peak_rss_mb, write_survey
from interviewcoder.services.import_plan import inspect_file


def _clock(n: int) -> str:
    return f"{n // 3600}:{n // 60 % 60:02d}:{n % 60:02d}"


LAYOUTS = {
    "colon": lambda n, who, text: f"{who}: {text}",
    "voice": lambda n, who, text: f"{_clock(n)} <v {who}>{text}",
    "timed-colon": lambda n, who, text: f"**[{_clock(n)}] {who}:** {text}",
    "otter": lambda n, who, text: f"{who}  {_clock(n)}\n{text}",
}


def write_transcript(folder: Path, layout: str, words: int, seed: int = 5) -> Path:
    rng = random.Random(seed)
    lines: list[str] = []
    left, n = words, 0
    while left > 0:
        who = ("Interviewer", "Ana Silva", "Bo Chen")[len(lines) % 3]
        size = rng.randint(8, 40)
        text = " ".join(rng.choices(WORDS, k=size)).capitalize() + "."
        lines.append(LAYOUTS[layout](n, who, text))
        left -= size
        n += rng.randint(2, 8)
    path = folder / f"long-{layout}.txt"
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--respondents", type=int, default=20_000)
    parser.add_argument("--questions", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for layout in LAYOUTS:
            path = write_transcript(folder, layout, args.words)
            start = time.perf_counter()
            plan = inspect_file(path)
            took = time.perf_counter() - start
            print(f"{layout:12s} {args.words:,} words ({path.stat().st_size / 1e6:.1f} MB): "
                  f"{took:.2f} s, {len(plan.parsed.turns):,} turns, layout {plan.layout} "
                  f"({plan.confidence:.0%})")
        path = write_survey(folder, args.respondents, args.questions)
        start = time.perf_counter()
        plan = inspect_file(path)
        took = time.perf_counter() - start
        print(f"survey {args.respondents:,} respondents × {len(plan.columns)} columns "
              f"({path.stat().st_size / 1e6:.1f} MB): {took:.2f} s, {plan.summary()}")
    print(f"peak RSS {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
