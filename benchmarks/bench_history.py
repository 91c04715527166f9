"""The map over time: replacing a long source with a corrected transcript, and diffing snapshots.

    python -m benchmarks.bench_history                      # replace: 200,000 words, 5,000 quotes
    python -m benchmarks.bench_history --diff STUDY.icstudy # snapshot + diff on a generated study

The replacement figure covers what the user waits for: reading the corrected file, re-anchoring
every quote (``source_replace.plan``) and storing it (``apply``: one transaction). The corrected
file carries 60 realistic edits (typo fixes, inserted and deleted sentences, white space).
For ``--diff``, build the study first, e.g. the 100,000-quote study:
``python -m benchmarks.generate benchmarks/out/100k.icstudy --sources 200 --quotes 100000``.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from interviewcoder.core.types import Dimension, Quote
from interviewcoder.services import participants as people
from interviewcoder.services import snapshots, source_replace
from interviewcoder.services.import_options import ImportOptions
from interviewcoder.services.importing import import_file
from interviewcoder.services.studies import create
from interviewcoder.store import Study, now

_SYLLABLES = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "ve", "da", "an", "el", "or", "is", "um"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4)))


def _sentence(rng: random.Random) -> str:
    return " ".join(_word(rng) for _ in range(rng.randint(6, 18))).capitalize() + "."


def transcript(rng: random.Random, words: int) -> str:
    lines, count, turn = [], 0, 0
    while count < words:
        speaker = "Interviewer" if turn % 2 == 0 else "Jane Roe"
        n = rng.randint(1, 3) if turn % 2 == 0 else rng.randint(3, 12)
        body = " ".join(_sentence(rng) for _ in range(n))
        lines.append(f"{speaker}: {body}")
        count += len(body.split())
        turn += 1
    return "\n\n".join(lines) + "\n"


def corrected(rng: random.Random, text: str, edits: int) -> str:
    for _ in range(edits):
        kind = rng.choice(["typo", "typo", "insert", "delete", "space"])
        words = [m.span() for m in re.finditer(r"(?<= )[a-z]{4,}(?= )", text)]
        a, b = rng.choice(words)
        if kind == "typo":
            text = text[:a] + _word(rng) + text[b:]
        elif kind == "insert":
            text = text[:a] + _sentence(rng) + " " + text[a:]
        elif kind == "delete":
            end = text.find(".", a)
            if 0 < end < a + 200:
                text = text[:a] + text[end + 1:]
        else:
            text = text[:a] + " " + text[a:]
    return text


def bench_replace(words: int, quotes: int, edits: int, seed: int) -> None:
    rng = random.Random(seed)
    folder = Path(tempfile.mkdtemp(prefix="bench-history-"))
    try:
        original = folder / "interview.txt"
        original.write_text(transcript(rng, words), encoding="utf-8")
        study = create(folder / "s.icstudy", template="journey")
        [src] = import_file(study, original, ImportOptions()).sources
        sid = src["id"]
        text = study.sources.text(sid)
        turns = [t for t in study.sources.turns(sid) if t.participant_id is not None]
        codes = [c.id for c in study.codes.list()]
        rows = []
        for i in range(quotes):
            t = rng.choice(turns)
            spans = [m.span() for m in re.finditer(r"\S+", text[t.start:t.end])]
            j = rng.randrange(len(spans))
            k = min(len(spans) - 1, j + rng.randint(2, 25))
            a, b = t.start + spans[j][0], t.start + spans[k][1]
            rows.append(Quote(i + 1, f"q{i}", sid, a, b, text[a:b], "bench", now(), now(), "",
                              (rng.choice(codes),)))
        with study.atomic():
            study.quotes.insert_many(rows)
        fixed = folder / "interview-corrected.txt"
        fixed.write_text(corrected(rng, original.read_text(encoding="utf-8"), edits), encoding="utf-8")

        t0, c0 = time.perf_counter(), time.process_time()
        plan = source_replace.plan(study, sid, fixed)
        t1, c1 = time.perf_counter(), time.process_time()
        decisions = {m.quote_id: (source_replace.ACCEPT,) if m.start is not None
                     else (source_replace.DELETE,) for m in plan.review}
        source_replace.apply(study, plan, decisions, "bench")
        t2, c2 = time.perf_counter(), time.process_time()
        counts = plan.to_dict()["quotes"]
        print(f"replace a {len(text.split()):,}-word source ({len(plan.turns):,} turns) with "
              f"{quotes:,} quotes, {edits} edits")
        print("                                     wall ms   CPU ms (this process: less hurt by a "
              "busy machine)")
        print(f"  plan (read, re-anchor, speakers)  {(t1 - t0) * 1000:8.0f} {(c1 - c0) * 1000:8.0f}")
        print(f"  apply (one transaction)           {(t2 - t1) * 1000:8.0f} {(c2 - c1) * 1000:8.0f}")
        print(f"  total                             {(t2 - t0) * 1000:8.0f} {(c2 - c0) * 1000:8.0f}"
              "   (target < 2,000 ms)")
        print(f"  quotes: {counts['same']:,} on their words, {counts['moved']:,} moved, "
              f"{counts['review']:,} reviewed")
        study.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def bench_diff(path: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-diff-")) / path.name
    shutil.copy(path, work)
    try:
        with Study.open(work) as study:
            print(f"{path.name}: {study.quotes.count():,} quotes, "
                  f"{study.participants.count():,} participants, {len(study.codes.list())} codes")
            t0, c0 = time.perf_counter(), time.process_time()
            snapshots.take(study, "bench", name="before")
            t1, c1 = time.perf_counter(), time.process_time()
            for p in study.participants.list()[:50]:
                people.set_participant(study, p.name, "bench", outcome="lost")
            step = study.codes.in_dimension(Dimension.STEP)[0]
            from interviewcoder.services import codebook

            codebook.update_code(study, step.id, "bench", name=step.name + " (renamed)")
            snapshots.take(study, "bench", name="after")
            t2, c2 = time.perf_counter(), time.process_time()
            d = snapshots.diff(study, "before", "after")
            t3, c3 = time.perf_counter(), time.process_time()
            d_now = snapshots.diff(study, "before")
            t4, c4 = time.perf_counter(), time.process_time()
        print("                                     wall ms   CPU ms")
        print(f"  take a snapshot                   {(t1 - t0) * 1000:8.0f} {(c1 - c0) * 1000:8.0f}")
        print(f"  diff two snapshots                {(t3 - t2) * 1000:8.0f} {(c3 - c2) * 1000:8.0f}  "
              f"({len(d.codes)} codes changed, {len(d.participants)} participant changes)")
        print(f"  diff a snapshot with now          {(t4 - t3) * 1000:8.0f} {(c4 - c3) * 1000:8.0f}  "
              f"({len(d_now.codes)} codes changed)")
    finally:
        shutil.rmtree(work.parent, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench_history")
    ap.add_argument("--words", type=int, default=200_000)
    ap.add_argument("--quotes", type=int, default=5_000)
    ap.add_argument("--edits", type=int, default=60)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--diff", type=Path, metavar="STUDY", help="snapshot and diff this study (a copy)")
    args = ap.parse_args(argv)
    if args.diff:
        bench_diff(args.diff)
    else:
        bench_replace(args.words, args.quotes, args.edits, args.seed)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
