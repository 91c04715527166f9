"""Redaction benchmark: what a redacted export costs beside the unredacted one.

    python -m benchmarks.bench_redaction [--quotes 100000] [--runs 3] [--skip-names]
                                         [--only xlsx|csv]

The study is the 100,000-quote study of ``bench_evidence``'s export benchmark (5,000
participants, 200 interview sources, built once into ``benchmarks/out/``). Each export runs in a
fresh process and reports its wall time and CPU time (``time.process_time``: the machine is
shared, so the wall clock carries other people's load). Exports, alternated so that both see the
same load: the workbook unredacted and with ``--redact --redact-term "Acme Corp"``, then the
Quotes CSV both ways. The generated participants are named ``P00001``...; a copy of the study
whose 5,000 participants have two-part names (first name and surname, as a real study has)
is exported redacted too, since every name and each of its parts goes into the one pattern.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_evidence import _memory, _study

TERMS = ["Acme Corp"]
FIRST = ("Olivia Liam Emma Noah Ava Elijah Sophia Mateo Mia Lucas Chloé Hugo Léa Jonas Anna Felix "
         "Marie Paul Priya Wei Yuki Omar Fatima Diego Sofia Ivan Olga Kwame Amara Lars Ines Tomás "
         "Aoife Sven Mei Ravi Zara Kofi Elena Jakub").split()
LAST = ("Smith Johnson Garcia Martin Bernard Dubois Müller Schmidt Rossi Novak Kowalski Tanaka Chen "
        "Nguyen Patel Okafor Silva Santos Haddad Larsen Jansen Murphy Kelly Walsh Moreau Fournier "
        "Weber Wagner Ivanova Mendes O'Brien Fernández Lindqvist Kim Park Singh Costa Horvat Yilmaz "
        "Cohen").split()


def _named_copy(path: Path) -> Path:
    """The study with its participants given distinct two-part names."""
    from dataclasses import replace

    from interviewcoder.store import Study

    named = path.with_name(path.stem + "-named.icstudy")
    if named.exists():
        return named
    shutil.copyfile(path, named)
    rng = random.Random(11)
    taken: set[str] = set()
    with Study.open(named) as study, study.atomic():
        for p in study.participants.list():
            while True:
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                if name not in taken:
                    break
                name = f"{name}-{rng.choice(LAST)}"
                if name not in taken:
                    break
            taken.add(name)
            study.participants.update(replace(p, name=name))
    return named


def _child(path: str, out: str, redact: bool, quotes: bool) -> None:
    from interviewcoder.services import exporting
    from interviewcoder.store import Study

    with Study.open(path) as study:
        before = _memory("VmHWM")
        c0, t0 = time.process_time(), time.perf_counter()
        redactor = exporting.study_redactor(study, TERMS) if redact else None
        built = time.process_time() - c0
        exporting.export(study, out, redact=redactor, quotes=quotes)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    counts = redactor.counts if redactor is not None else None
    print(json.dumps({"seconds": seconds, "cpu": cpu, "build_cpu": built, "rss_before": before,
                      "rss_peak": _memory("VmHWM"), "bytes": Path(out).stat().st_size,
                      "strings": counts.strings if counts else 0,
                      "changed": counts.changed if counts else 0}))


def _run(path: Path, out: Path, redact: bool, quotes: bool) -> dict:
    args = [sys.executable, "-m", "benchmarks.bench_redaction", "--child", str(path), str(out),
            "1" if redact else "0", "1" if quotes else "0"]
    proc = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _range(values: list[float]) -> str:
    return f"{min(values):.1f}–{max(values):.1f} s (median {statistics.median(values):.1f})"


EXPORTS = {"xlsx": ("workbook (.xlsx, every sheet)", ".xlsx", False),
           "csv": ("Quotes table (.csv)", ".csv", True)}


def bench(quotes: int, runs: int, names: bool, only: str | None = None) -> None:
    path = _study(quotes, min(5000, max(100, quotes // 20)), sources=max(10, quotes // 500),
                  words=8000)
    studies = [("P-numbered participants", path)]
    if names:
        studies.append(("two-part names", _named_copy(path)))
    with tempfile.TemporaryDirectory() as tmp:
        for what, suffix, as_quotes in (EXPORTS[k] for k in EXPORTS if only in (None, k)):
            figures: dict[str, list[dict]] = {}
            for _ in range(runs):
                for label, study in studies:
                    for redact in (False, True):
                        if redact is False and study is not path:
                            continue
                        key = "plain" if not redact else f"redacted, {label}"
                        out = Path(tmp) / f"out{suffix}"
                        figures.setdefault(key, []).append(_run(study, out, redact, as_quotes))
            plain = figures["plain"]
            print(f"{what}, {quotes:,} quotes:")
            for key, rows in figures.items():
                wall, cpu = [r["seconds"] for r in rows], [r["cpu"] for r in rows]
                ratio = statistics.median(cpu) / statistics.median([r["cpu"] for r in plain])
                extra = (f"; redactor built in {statistics.median([r['build_cpu'] for r in rows]):.2f} s"
                         f" CPU, {rows[0]['strings']:,} strings read, {rows[0]['changed']:,} changed"
                         if key != "plain" else "")
                print(f"  {key:<40} wall {_range(wall)}, CPU {_range(cpu)}; CPU × {ratio:.2f} of "
                      f"plain; peak RSS {max(r['rss_peak'] for r in rows):.0f} MB{extra}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quotes", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-names", action="store_true")
    ap.add_argument("--only", choices=sorted(EXPORTS), help="one export only")
    ap.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        path, out, redact, quotes = args.child
        _child(path, out, redact == "1", quotes == "1")
        return 0
    bench(args.quotes, args.runs, not args.skip_names, args.only)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
