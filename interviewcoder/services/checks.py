"""The study check (``interviewcoder check``): what could make the evidence mislead.

- quotes across a speaker change: they count for every participant whose turn they overlap,
  which is right for a quote the coder meant that way and wrong for one that took in a
  neighbour's words (split them at the turn boundaries);
- quotes in interviewer speech only, and other quotes that count for no one;
- participants with no turns: in no denominator, they cannot have said anything;
- outcomes outside the study's vocabulary: a group of their own, and in no differential.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from interviewcoder.core.types import UNKNOWN_OUTCOME
from interviewcoder.store import Study
from interviewcoder.store import checks as sql

REASONS = {"interviewer": "interviewer speech only",
           "unlinked": "a speaker not linked to a participant",
           "outside": "outside every turn"}


def outcome_vocabulary(study: Study) -> list[str]:
    """The outcomes the study knows (its vocabulary, ``services.outcomes``) and ``unknown``."""
    from interviewcoder.services import outcomes

    return list(dict.fromkeys([*outcomes.known(study), UNKNOWN_OUTCOME]))


@dataclass
class CheckReport:
    crossing: list[dict[str, Any]] = field(default_factory=list)
    no_one: list[dict[str, Any]] = field(default_factory=list)
    no_turns: list[dict[str, Any]] = field(default_factory=list)
    stray_outcomes: list[dict[str, Any]] = field(default_factory=list)
    vocabulary: list[str] = field(default_factory=list)

    @property
    def interviewer_only(self) -> list[dict[str, Any]]:
        return [q for q in self.no_one if q["reason"] == "interviewer"]

    @property
    def problems(self) -> int:
        return len(self.crossing) + len(self.no_one) + len(self.no_turns) + sum(
            o["participants"] for o in self.stray_outcomes)

    def to_json(self) -> dict[str, Any]:
        return {"problems": self.problems, "crossing": self.crossing,
                "interviewer_only": self.interviewer_only, "no_one": self.no_one,
                "no_turns": self.no_turns, "stray_outcomes": self.stray_outcomes,
                "vocabulary": self.vocabulary}


def check(study: Study) -> CheckReport:
    vocabulary = outcome_vocabulary(study)
    stray = [{"outcome": o, "participants": n, "names": names.split("; ")}
             for o, n, names in sql.outcome_counts(study.db) if o not in vocabulary]
    return CheckReport(sql.crossing_quotes(study.db), sql.quotes_for_no_one(study.db),
                       sql.participants_without_turns(study.db), stray, vocabulary)
