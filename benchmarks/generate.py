"""Deterministic generator of a large synthetic study, for benchmarks.

    python -m benchmarks.generate OUT.icstudy [--sources 2000] [--words 8000]
        [--participants 5000] [--codes 200] [--quotes 1000000] [--seed 7]

Everything goes through the store's bulk writers in one transaction per source batch. The
same arguments always give the same study (same texts, offsets, codes and quotes).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import resource
import sys
import time
import uuid
from pathlib import Path

from interviewcoder.core.types import Dimension, Quote, Role, SourceKind
from interviewcoder.services.codebook import AddCode
from interviewcoder.services.studies import create
from interviewcoder.store import Study

OUTCOMES = [("won", 0.4), ("lost", 0.35), ("churned", 0.25)]
PERSONAS = ["Finance lead", "Engineering manager", "Operations"]
_SYLLABLES = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "ve", "da", "an", "el", "or", "is", "um"]


def _vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    words = {"".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(size * 2)}
    return sorted(words)[:size]


def _paragraph(rng: random.Random, vocab: list[str], n: int) -> str:
    words = rng.choices(vocab, k=n)
    out: list[str] = []
    for i, w in enumerate(words):
        if i == 0 or out[-1].endswith("."):
            w = w.capitalize()
        if rng.random() < 0.08 or i == n - 1:
            w += "."
        out.append(w)
    return " ".join(out)


def generate(path: str | Path, *, sources: int = 2000, words: int = 8000, participants: int = 5000,
             codes: int = 200, quotes: int = 1_000_000, seed: int = 7,
             progress: bool = False) -> dict[str, float]:
    """Write the study; return figures (rows, seconds, rows/s)."""
    t0 = time.perf_counter()
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    study = create(path, template="journey", coder="generator")
    try:
        code_ids = _codes(study, codes)
        people = _participants(study, rng, participants)
        per_source = [people[i::sources] for i in range(sources)]
        quota = [quotes // sources + (1 if i < quotes % sources else 0) for i in range(sources)]
        qid = 0
        turns_total = 0
        for i in range(sources):
            with study.atomic():
                sid, turns, body = _source(study, rng, vocab, i, words, per_source[i])
                turns_total += len(turns)
                batch = []
                spoken = [t for t in turns if t[2] is not None]
                for _ in range(quota[i]):
                    start, end, _pid = rng.choice(spoken)
                    a = rng.randint(start, max(start, end - 40))
                    b = min(end, a + rng.randint(20, 300))
                    qid += 1
                    picked = tuple(sorted(set(rng.sample(code_ids, rng.choice((1, 1, 2, 3))))))
                    batch.append(Quote(qid, str(uuid.UUID(int=rng.getrandbits(128))), sid, a, b, body[a:b],
                                       "generator", "2026-01-01T00:00:00+00:00",
                                       "2026-01-01T00:00:00+00:00", "", picked))
                study.quotes.insert_many(batch)
            if progress and (i + 1) % max(1, sources // 20) == 0:
                print(f"  {i + 1}/{sources} sources, {qid} quotes", file=sys.stderr)
    finally:
        study.close()
    seconds = time.perf_counter() - t0
    rows = participants + sources + turns_total + qid
    return {"participants": participants, "sources": sources, "turns": turns_total, "quotes": qid,
            "codes": len(code_ids), "seconds": seconds, "rows_per_s": rows / seconds,
            "bytes": Path(path).stat().st_size}


def _codes(study: Study, total: int) -> list[int]:
    ids = [c.id for c in study.codes.list()]
    with study.atomic():
        for n in range(len(ids), total):
            ids.append(AddCode(Dimension.THEME, f"Theme {n:03d}").run(study, "generator").result)
    return ids[:total]


def _participants(study: Study, rng: random.Random, n: int) -> list[tuple[int, str]]:
    out = []
    with study.atomic():
        for i in range(n):
            outcome = rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
            pid = study.participants.add(f"P{i:05d}", outcome=outcome, persona=rng.choice(PERSONAS),
                                         attributes={"size": rng.choice(["1-50", "51-500", "500+"])},
                                         created_at="2026-01-01T00:00:00+00:00")
            out.append((pid, f"P{i:05d}"))
    return out


def _source(study: Study, rng: random.Random, vocab: list[str], index: int, words: int,
            people: list[tuple[int, str]]) -> tuple[int, list[tuple[int, int, int | None]], str]:
    parts: list[str] = []
    spans: list[tuple[int, int, int | None]] = []
    rows = []
    pos = 0
    written = 0
    turn = 0
    while written < words:
        interviewer = turn % 2 == 0
        n = rng.randint(8, 30) if interviewer else rng.randint(40, 160)
        text = _paragraph(rng, vocab, n)
        if parts:
            parts.append("\n\n")
            pos += 2
        who = None if interviewer or not people else rng.choice(people)
        spans.append((pos, pos + len(text), who[0] if who else None))
        rows.append({"ord": turn, "start": pos, "end": pos + len(text),
                     "speaker": "Interviewer" if interviewer else (who[1] if who else "Speaker"),
                     "role": Role.INTERVIEWER if interviewer else Role.PARTICIPANT,
                     "participant_id": who[0] if who else None, "start_ms": turn * 15_000})
        parts.append(text)
        pos += len(text)
        written += n
        turn += 1
    body = "".join(parts)
    sid = study.sources.add(name=f"interview-{index:05d}.txt", kind=SourceKind.INTERVIEW, text=body,
                            sha256=hashlib.sha256(body.encode()).hexdigest(),
                            imported_at=f"2026-{1 + index % 12:02d}-01T00:00:00+00:00",
                            original_name=f"interview-{index:05d}.txt", format="synthetic")
    study.sources.add_turns(sid, rows)
    return sid, spans, body


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--sources", type=int, default=2000)
    ap.add_argument("--words", type=int, default=8000)
    ap.add_argument("--participants", type=int, default=5000)
    ap.add_argument("--codes", type=int, default=200)
    ap.add_argument("--quotes", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    out = Path(args.out)
    if out.exists():
        out.unlink()
    figures = generate(out, sources=args.sources, words=args.words, participants=args.participants,
                       codes=args.codes, quotes=args.quotes, seed=args.seed, progress=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"study       {out} ({figures['bytes'] / 1e6:.0f} MB)")
    print(f"rows        {figures['participants']} participants, {figures['sources']} sources, "
          f"{figures['turns']} turns, {figures['quotes']} quotes, {figures['codes']} codes")
    print(f"time        {figures['seconds']:.1f} s ({figures['rows_per_s']:,.0f} rows/s)")
    print(f"peak memory {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
