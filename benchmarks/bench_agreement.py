"""Team-coding benchmarks: inter-coder agreement, and merging a coder's study.

    python -m benchmarks.bench_agreement [--sources 200] [--quotes 5000] [--merge-sources 100]

Agreement: a study of 200 interview sources (about 3,000 words and 60 turns each, one
participant each) coded by two coders with 5,000 quotes each (the second coder repeats 70% of
the first's quotes, recodes 15% and makes 15% of their own), for each unit; target for the
default unit (turn): under 2 s. Merge: two studies that imported the same 100 sources
separately, each coded by its own coder; the dry run, the merge (backup included) and its undo.
Wall clock and CPU seconds (the machine is shared: the wall clock counts others' time too).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import tempfile
import time
import uuid
from pathlib import Path

from interviewcoder.core.types import Quote, Role, SourceKind
from interviewcoder.services import agreement, merging
from interviewcoder.services.operations import execute
from interviewcoder.services.studies import create
from interviewcoder.store import Study, now

WORDS = ["pricing", "vendor", "review", "team", "budget", "trial", "security", "contract", "peer",
         "demo", "renewal", "integration", "support", "month", "quarter", "report", "tool", "data"]


def _text(rng: random.Random, turns: int, words: int) -> tuple[str, list[tuple[int, int, bool]]]:
    parts, spans, pos = [], [], 0
    for i in range(turns):
        interviewer = i % 2 == 0
        n = 12 if interviewer else max(10, words // (turns // 2))
        body = " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."
        label = "Interviewer: " if interviewer else "Pat: "
        start = pos + len(label)
        parts.append(label + body + "\n\n")
        spans.append((start, start + len(body), interviewer))
        pos += len(label) + len(body) + 2
    return "".join(parts), spans


def build_sources(study: Study, n: int, seed: int) -> list[tuple[int, list[tuple[int, int, bool]]]]:
    """``n`` interview sources (the same texts for the same seed), one participant each."""
    rng = random.Random(seed)
    out = []
    with study.atomic():
        for i in range(n):
            text, spans = _text(rng, 60, 3000)
            sid = study.sources.add(name=f"interview {i:03d}", kind=SourceKind.INTERVIEW, text=text,
                                    sha256=hashlib.sha256(text.encode()).hexdigest(),
                                    imported_at=now(), original_name=f"interview {i:03d}.txt")
            pid = study.participants.add(f"Participant {i:03d}", outcome=("won", "lost", "churned")[i % 3],
                                         created_at=now())
            study.sources.add_turns(sid, [
                {"ord": k, "start": a, "end": b, "speaker": "Interviewer" if inter else "Pat",
                 "role": Role.INTERVIEWER if inter else Role.PARTICIPANT,
                 "participant_id": None if inter else pid, "start_ms": None}
                for k, (a, b, inter) in enumerate(spans)])
            out.append((sid, spans))
    return out


def code_quotes(study: Study, sources: list[tuple[int, list[tuple[int, int, bool]]]], coder: str,
                total: int, seed: int, like: list[Quote] | None = None) -> list[Quote]:
    """``total`` quotes by ``coder``; with ``like``, 70% repeat those, 15% recode them."""
    rng = random.Random(seed)
    codes = [c.id for c in study.codes.list()]
    next_id = study.quotes.max_id() + 1
    made: list[Quote] = []
    stamp = now()
    for k in range(total):
        r = rng.random()
        if like is not None and r < 0.85:
            base = like[k % len(like)]
            sid, start, end = base.source_id, base.start, base.end
            ids = base.code_ids if r < 0.7 else (rng.choice(codes),)
        else:
            sid, spans = sources[k % len(sources)]
            a, b, _i = rng.choice([s for s in spans if not s[2]])
            start = rng.randint(a, max(a, b - 40))
            end = min(b, start + rng.randint(20, 200))
            ids = tuple(sorted(set(rng.sample(codes, rng.randint(1, 2)))))
        text = study.sources.text_span(sid, start, end)
        made.append(Quote(next_id + k, str(uuid.uuid4()), sid, start, end, text, coder, stamp,
                          stamp, "", ids))
    with study.atomic():
        study.quotes.insert_many(made)
    return made


def _timed(fn, runs: int = 3):  # noqa: ANN001, ANN202
    walls, cpus, result = [], [], None
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return walls, cpus, result


def _fmt(walls: list[float], cpus: list[float]) -> str:
    return (f"wall {min(walls):.2f}–{max(walls):.2f} s, CPU {min(cpus):.2f}–{max(cpus):.2f} s")


def bench_agreement(folder: Path, sources: int, quotes: int) -> None:
    study = create(folder / "agreement.icstudy")
    t0 = time.perf_counter()
    built = build_sources(study, sources, seed=19)
    first = code_quotes(study, built, "Ana", quotes, seed=1)
    code_quotes(study, built, "Ben", quotes, seed=2, like=first)
    print(f"built {sources} sources, 2 coders x {quotes} quotes in {time.perf_counter() - t0:.1f} s")
    for unit in ("turn", "participant", "sentence", "character"):
        runs = 1 if unit == "sentence" else 3
        walls, cpus, report = _timed(lambda u=unit: agreement.compute(study, ["Ana", "Ben"], unit=u),
                                     runs)
        o = report.overall
        print(f"agreement by {unit:<11} {_fmt(walls, cpus)}  ({report.n_units} units, "
              f"overall κ {o.kappa:.3f}, α {o.alpha:.3f})")
    walls, cpus, report = _timed(lambda: agreement.compute(study, ["Ana", "Ben"],
                                                           with_disagreements=True))
    n = sum(len(v) for v in report.disagreements.values())
    print(f"agreement by turn with the disagreements listed {_fmt(walls, cpus)} ({n} listed)")
    study.close()


def bench_merge(folder: Path, sources: int, quotes: int) -> None:
    paths = []
    for coder, seed in (("Ana", 1), ("Ben", 2)):
        s = create(folder / f"{coder.lower()}-merge.icstudy")
        built = build_sources(s, sources, seed=7)  # the same texts in both: imported separately
        code_quotes(s, built, coder, quotes, seed=seed)
        paths.append(s.path)
        s.close()
    study = Study.open(paths[0])
    walls, cpus, plan = _timed(lambda: merging.read_plan(study, paths[1]))
    print(f"merge dry run of {sources} + {sources} sources: {_fmt(walls, cpus)} "
          f"({plan.summary()['sources_matched']} sources matched, "
          f"{plan.summary()['quotes_added']} quotes to add)")
    t0, c0 = time.perf_counter(), time.process_time()
    result = merging.merge(study, paths[1], "Lead")
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"merge (backup, plan, one transaction): wall {wall:.2f} s, CPU {cpu:.2f} s")
    t0, c0 = time.perf_counter(), time.process_time()
    execute(study, result.applied.inverse, "Lead")
    print(f"undo of the merge: wall {time.perf_counter() - t0:.2f} s, "
          f"CPU {time.process_time() - c0:.2f} s")
    t0 = time.perf_counter()
    merging.merge(study, paths[1], "Lead")
    again = merging.merge(study, paths[1], "Lead")
    print(f"merge again, then the same merge a third time (nothing to add: "
          f"{again.plan.empty}): {time.perf_counter() - t0:.2f} s for both")
    study.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--quotes", type=int, default=5000)
    parser.add_argument("--merge-sources", type=int, default=100)
    parser.add_argument("--merge-quotes", type=int, default=2500)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        bench_agreement(Path(tmp), args.sources, args.quotes)
        bench_merge(Path(tmp), args.merge_sources, args.merge_quotes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
