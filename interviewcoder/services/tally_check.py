"""The maintained tallies' consistency check: recount from scratch, compare, and repair.

The tallies (``store/tally_schema.py``) are kept by triggers inside every write, so they only
drift if something bypasses SQLite's triggers (a tool writing with triggers turned off, a file
patched by hand). ``check`` recounts them from the quotes, turns and participants and names
every difference; ``repair`` refills them in one transaction, recorded in the change log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from interviewcoder.store import Study
from interviewcoder.store import tallies as sql

TABLES = {
    "quote_participants": "whom each quote counts for",
    "shared_quotes": "quotes that count for several participants",
    "code_participants": "each code's quotes per participant",
    "code_cells": "each code's participants per outcome and persona",
    "code_quotes": "quotes per code",
    "source_quotes": "quotes per source",
    "source_bounds": "turn and quote length bounds per source",
}


@dataclass(frozen=True)
class TallyReport:
    differences: dict[str, dict[str, Any]] = field(default_factory=dict)
    repaired: bool = False

    @property
    def ok(self) -> bool:
        return not self.differences

    @property
    def problems(self) -> int:
        return sum(d["missing"] + d["extra"] for d in self.differences.values())

    def lines(self) -> list[str]:
        """One line per table that differs, for people."""
        return [f"{TABLES.get(t, t)} ({t}): {d['missing']} rows missing, {d['extra']} extra"
                for t, d in self.differences.items()]

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "problems": self.problems, "differences": self.differences,
                "repaired": self.repaired}


def check(study: Study) -> TallyReport:
    """Recount every tally from scratch and compare (reads only; temporary tables)."""
    return TallyReport(sql.recount(study.db))


def repair(study: Study, coder: str) -> TallyReport:
    """Refill every tally from scratch in one transaction; returns what differed before."""
    before = check(study)
    if before.ok:
        return before
    with study.atomic():
        sql.rebuild(study.db)
        study.log(coder, "repair_tallies", "study", {"differences": before.problems})
    return TallyReport(before.differences, repaired=True)
