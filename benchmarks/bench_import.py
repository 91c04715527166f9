"""Import benchmark: many transcripts, one big survey export.

    python -m benchmarks.bench_import [--files 1000] [--words 8000] [--respondents 20000]
        [--questions 5] [--kind txt|vtt] [--keep DIR] [--no-reimport]
    python -m benchmarks.bench_import --survey-sizes 2000,20000,100000

Writes deterministic synthetic files to a temporary folder, imports them into a fresh study
through the real import service (one transaction per file) and prints wall time, throughput
and peak memory (RSS from getrusage, sampled as the batch goes so growth would show).

``--survey-sizes`` imports the survey at each size in a process of its own (a process's peak
RSS never comes down, so sizes cannot share one) and prints each peak beside two floors
measured the same way: Python with the app's modules imported, and ``csv.reader`` run over
the same file; and the longest question's text, which SQLite holds twice while writing it
(a question's answers are one SQLite value: that is the floor of this way of storing them).
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from interviewcoder.importers.base import SurveyOptions
from interviewcoder.services.importing import ImportOptions, import_files
from interviewcoder.services.studies import create

WORDS = ("price", "integration", "security", "review", "trial", "peer", "slack", "vendor",
         "quote", "budget", "rollout", "support", "we", "they", "the", "a", "was", "really",
         "because", "team", "demo", "onboarding", "contract", "risk", "quarter", "data", "it",
         "sales", "rep", "asked", "compared", "looked", "felt", "worried", "about", "and")


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choices(WORDS, k=n)).capitalize() + "."


def _turns(rng: random.Random, words: int) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    left = words
    while left > 0:
        speaker = "Interviewer" if len(out) % 2 == 0 else "Participant"
        n = min(left, rng.randint(10, 40) if speaker == "Interviewer" else rng.randint(60, 200))
        out.append((speaker, _sentence(rng, n)))
        left -= n
    return out


def write_transcripts(folder: Path, files: int, words: int, kind: str, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for n in range(files):
        turns = _turns(rng, words)
        path = folder / f"interview-{n:04d}.{kind}"
        if kind == "vtt":
            lines = ["WEBVTT", ""]
            for i, (speaker, text) in enumerate(turns):
                s = i * 7
                lines += [str(i + 1), f"00:{s // 60 % 60:02d}:{s % 60:02d}.000 --> "
                          f"00:{(s + 6) // 60 % 60:02d}:{(s + 6) % 60:02d}.000",
                          f"{speaker}: {text}", ""]
            path.write_text("\n".join(lines), encoding="utf-8")
        else:
            path.write_text("\n\n".join(f"{s}: {t}" for s, t in turns) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def write_survey(folder: Path, respondents: int, questions: int, seed: int = 11,
                 name: str = "survey.csv") -> Path:
    """The same seed gives the same first rows: a larger count is a newer export."""
    rng = random.Random(seed)
    path = folder / name
    header = ["ResponseId", "Finished", "Outcome", "Segment"] + [f"Q{q}_TEXT" for q in
                                                                  range(1, questions + 1)]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerow(header)
        writer.writerow([f'{{"ImportId":"{h}"}}' for h in header])
        for n in range(respondents):
            answers = [_sentence(rng, rng.randint(5, 60)) if rng.random() > 0.15 else "-99"
                       for _ in range(questions)]
            writer.writerow([f"R_{n:07d}", "1", rng.choice(["Yes", "No"]),
                             rng.choice(["SMB", "Mid", "Ent"]), *answers])
    return path


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_transcripts(folder: Path, files: int, words: int, kind: str) -> None:
    started = time.perf_counter()
    paths = write_transcripts(folder, files, words, kind)
    written = time.perf_counter() - started
    size = sum(p.stat().st_size for p in paths)
    study = create(folder / "transcripts.icstudy", template="blank")
    samples: list[tuple[int, float]] = []

    def progress(done: int, total: int, message: str) -> None:
        if total == files and done and done % max(1, files // 5) == 0:
            samples.append((done, peak_rss_mb()))

    started, cpu = time.perf_counter(), time.process_time()
    results = import_files(study, paths, ImportOptions(), progress)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    study.close()
    failed = [r for r in results if r.status != "imported"]
    turns = sum(s["turns"] for r in results for s in r.sources)
    print(f"transcripts: {files} {kind} files x {words} words ({size / 1e6:.1f} MB, written in "
          f"{written:.1f} s)")
    print(f"  import: {elapsed:.1f} s (CPU {cpu:.1f} s), {files / elapsed:.0f} files/s, "
          f"{files * words / elapsed / 1e6:.2f} M words/s, {turns} turns, {len(failed)} failed")
    _control_check(paths[: min(len(paths), 200)])
    print("  peak RSS after n files: " + ", ".join(f"{n}: {mb:.0f} MB" for n, mb in samples))


def _control_check(paths: list[Path]) -> None:
    """The binary-data check of each file's first 64 KiB: one ``str.translate`` pass (now)
    beside the test per character it replaced, on the same files."""
    from interviewcoder.importers import textio

    samples = [p.read_text(encoding="utf-8")[:65536] for p in paths]
    allowed = frozenset("\t\n\r\f\v")
    t0 = time.process_time()
    now = [len(s) - len(s.translate(textio._DROP_CONTROLS)) for s in samples]
    t1 = time.process_time()
    old = [sum(1 for ch in s if ch < " " and ch not in allowed) for s in samples]
    t2 = time.process_time()
    assert now == old
    print(f"  control-character check per file: {(t1 - t0) / len(samples) * 1000:.2f} ms "
          f"(one str.translate pass) against {(t2 - t1) / len(samples) * 1000:.2f} ms (a test per "
          "character, before)")


def bench_survey(folder: Path, respondents: int, questions: int, reimport: bool = True,
                 page_cache_mb: int | None = None) -> None:
    path = write_survey(folder, respondents, questions)
    study = create(folder / "survey.icstudy", template="blank")
    if page_cache_mb is not None:  # the study's SQLite page cache (the app sets 32 MB)
        study.db.execute(f"PRAGMA cache_size=-{page_cache_mb * 1024}")
    options = ImportOptions(outcome_column="Outcome", outcome_map={"Yes": "won", "No": "lost"},
                            persona_column="Segment", survey=SurveyOptions())
    before = peak_rss_mb()
    started = time.perf_counter()
    (result,) = import_files(study, [path], options)
    elapsed = time.perf_counter() - started
    answers = sum(s["turns"] for s in result.sources)
    print(f"survey: {respondents} respondents x {questions} open questions "
          f"({path.stat().st_size / 1e6:.1f} MB CSV)")
    print(f"  import: {elapsed:.1f} s, status {result.status}, {len(result.sources)} sources, "
          f"{answers} answers, {study.participants.count()} participants")
    print(f"  peak RSS: {peak_rss_mb():.0f} MB (was {before:.0f} MB before the survey)")
    longest = study.db.execute("SELECT max(length(CAST(text AS BLOB))) FROM sources").fetchone()[0]
    print(f"  longest question text: {longest / 2**20:.1f} MB (SQLite holds two copies of a "
          "new text while writing it: one SQLite value per question)")
    if not reimport:
        study.close()
        return
    extra = max(1, respondents // 20)
    newer = write_survey(folder, respondents + extra, questions, name="survey-newer.csv")
    started = time.perf_counter()
    (again,) = import_files(study, [newer], options)
    added = sum(s["turns"] for s in again.sources)
    print(f"  re-import of a newer export (+{extra} respondents): "
          f"{time.perf_counter() - started:.1f} s, {again.message}, {added} answers added")
    study.close()


def csv_floor(folder: Path, respondents: int, questions: int) -> None:
    """The floor: ``csv.reader`` over the same file, every row read and dropped."""
    path = write_survey(folder, respondents, questions)
    before = peak_rss_mb()
    started = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as handle:
        rows = sum(1 for _ in csv.reader(handle))
    print(f"  csv.reader: {time.perf_counter() - started:.2f} s, {rows} rows")
    print(f"  peak RSS: {peak_rss_mb():.0f} MB (was {before:.0f} MB before reading)")


def survey_sizes(sizes: list[int], questions: int, page_cache_mb: int | None = None) -> None:
    """Each size's import, and the floors, in processes of their own."""
    cache = [] if page_cache_mb is None else ["--page-cache-mb", str(page_cache_mb)]

    def run(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "benchmarks.bench_import", "--files", "0",
                               "--questions", str(questions), *args],
                              capture_output=True, text=True, check=True)
        return done.stdout

    peak = re.compile(r"peak RSS: (\d+) MB")
    print(f"{'respondents':>11} | {'CSV MB':>6} | {'import s':>8} | {'peak RSS MB':>11} | "
          f"{'csv.reader floor':>16} | {'modules floor':>13} | {'longest text MB':>15}")
    for n in sizes:
        out = run("--respondents", str(n), "--no-reimport", *cache)
        floor = run("--respondents", str(n), "--csv-floor")
        size = re.search(r"\(([\d.]+) MB CSV\)", out)
        took = re.search(r"import: ([\d.]+) s", out)
        start = re.search(r"start RSS (\d+) MB", out)
        mb, floor_mb = peak.search(out), peak.search(floor)
        longest = re.search(r"longest question text: ([\d.]+) MB", out)
        assert size and took and start and mb and floor_mb and longest, out + floor
        print(f"{n:>11} | {size[1]:>6} | {took[1]:>8} | {mb[1]:>11} | {floor_mb[1] + ' MB':>16} | "
              f"{start[1] + ' MB':>13} | {longest[1]:>15}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--words", type=int, default=8000)
    parser.add_argument("--respondents", type=int, default=20000)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--kind", choices=["txt", "vtt"], default="txt")
    parser.add_argument("--keep", type=Path, help="write files and studies here (kept)")
    parser.add_argument("--no-reimport", action="store_true",
                        help="skip the re-import of a newer export")
    parser.add_argument("--csv-floor", action="store_true",
                        help="only read the survey with csv.reader (the floor)")
    parser.add_argument("--survey-sizes", help="e.g. 2000,20000,100000: each in its own process")
    parser.add_argument("--page-cache-mb", type=int,
                        help="the survey study's SQLite page cache (default: the app's 32 MB)")
    args = parser.parse_args(argv)
    if args.survey_sizes:
        survey_sizes([int(n) for n in args.survey_sizes.split(",")], args.questions,
                     args.page_cache_mb)
        return 0
    print(f"Python {sys.version.split()[0]}, start RSS {peak_rss_mb():.0f} MB")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        folder_ctx = None
        folder = args.keep
    else:
        folder_ctx = tempfile.TemporaryDirectory()
        folder = Path(folder_ctx.name)
    try:
        if args.files:
            bench_transcripts(folder, args.files, args.words, args.kind)
        if args.respondents and args.csv_floor:
            csv_floor(folder, args.respondents, args.questions)
        elif args.respondents:
            bench_survey(folder, args.respondents, args.questions, not args.no_reimport,
                         args.page_cache_mb)
    finally:
        if folder_ctx is not None:
            folder_ctx.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
