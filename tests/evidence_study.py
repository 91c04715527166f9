"""A small hand-built study where every evidence number can be counted by eye.

Participants (outcome, persona):
    Ana  won      Buyer    interview: three quotes on "Asked peers", one also "Hidden costs"
    Bo   won      Admin    focus group with Cy: one quote across both their turns
    Fay  won      Buyer    an interview with no quotes at all (still in the won denominator)
    Gus  won      Buyer    no turns at all (in no denominator: he could not have said anything)
    Cy   lost     Buyer    focus group (see Bo); a second quote "Read reviews" + "Hidden costs"
    Di   lost     Buyer    survey answer: "Asked peers"
    Ed   churned  Admin    survey answer: "Hidden costs"; and "Asked peers" then "Read reviews"
                           then "Asked peers" again in the same answer (a loop)
The interviewer's question in Ana's interview is coded "Read reviews": it counts for no one.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewcoder.core.types import Dimension, SourceKind
from interviewcoder.services import coding
from interviewcoder.services import participants as people
from interviewcoder.store import Study
from tests.builders import add_source

PEERS = "Asked peers"
REVIEWS = "Read reviews"
COSTS = "Hidden costs"
SLACK = "Online communities"


@dataclass
class Built:
    peers: int
    reviews: int
    costs: int
    slack: int
    interview: int
    focus: int
    survey: int
    interviewer_quote: int


def build(study: Study) -> Built:
    code = {name: study.codes.find(dim, name).id  # type: ignore[union-attr]
            for dim, name in ((Dimension.STEP, PEERS), (Dimension.STEP, REVIEWS),
                              (Dimension.ANXIETY, COSTS), (Dimension.INFLUENCE, SLACK))}
    interview, spans = add_source(study, "Ana interview", [
        ("Interviewer", "interviewer", None, "Did you read reviews before you talked to anyone?"),
        ("Ana", "participant", "Ana", "First I asked peers in a Slack group about the tools."),
        ("Interviewer", "interviewer", None, "And then?"),
        ("Ana", "participant", "Ana", "I asked peers again, worried about hidden costs of it."),
    ])
    c = "tester"
    a1, a2 = spans[1], spans[3]
    coding.add_quote(study, interview, a1[0], a1[0] + 5, [code[PEERS]], c)
    coding.add_quote(study, interview, a1[0] + 8, a1[0] + 20, [code[PEERS], code[SLACK]], c)
    coding.add_quote(study, interview, a2[0], a2[0] + 15, [code[PEERS], code[COSTS]], c)
    asked = coding.add_quote(study, interview, spans[0][0], spans[0][1], [code[REVIEWS]], c).result

    focus, fspans = add_source(study, "Focus group", [
        ("Moderator", "interviewer", None, "Who did you ask?"),
        ("Bo", "participant", "Bo", "We asked peers at another company."),
        ("Cy", "participant", "Cy", "Same, peers first; later the reviews scared me about costs."),
    ])
    coding.add_quote(study, focus, fspans[1][0] + 3, fspans[2][0] + 10, [code[PEERS]], c)
    coding.add_quote(study, focus, fspans[2][0] + 24, fspans[2][1], [code[REVIEWS], code[COSTS]], c)

    survey, sspans = add_source(study, "Exit survey: why?", [
        ("r-di", "answer", "Di", "Asked peers, they said no."),
        ("r-ed", "answer", "Ed", "Asked peers, read reviews, asked peers again; costs hidden."),
    ], kind=SourceKind.SURVEY)
    coding.add_quote(study, survey, sspans[0][0], sspans[0][0] + 11, [code[PEERS]], c)
    e = sspans[1][0]
    coding.add_quote(study, survey, e, e + 11, [code[PEERS]], c)
    coding.add_quote(study, survey, e + 13, e + 25, [code[REVIEWS]], c)
    coding.add_quote(study, survey, e + 27, e + 44, [code[PEERS]], c)
    coding.add_quote(study, survey, e + 46, sspans[1][1], [code[COSTS]], c, memo="=1+1")

    add_source(study, "Fay interview", [
        ("Interviewer", "interviewer", None, "How did it go?"),
        ("Fay", "participant", "Fay", "Fine, nothing to report."),
    ])

    for name, outcome, persona in (("Ana", "won", "Buyer"), ("Bo", "won", "Admin"),
                                   ("Fay", "won", "Buyer"), ("Cy", "lost", "Buyer"),
                                   ("Di", "lost", "Buyer"), ("Ed", "churned", "Admin"),
                                   ("Gus", "won", "Buyer")):
        people.set_participant(study, name, c, outcome=outcome, persona=persona,
                               attributes={"region": "EU" if name in ("Ana", "Cy") else "US"})
    return Built(code[PEERS], code[REVIEWS], code[COSTS], code[SLACK], interview, focus, survey,
                 asked)
