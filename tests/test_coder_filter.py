"""The coder filter everywhere the evidence is shown: matrices, paths, the journey map, the
workbook (every sheet that counts quotes) and the command line."""

from __future__ import annotations

import pytest

from interviewcoder.core.evidence import Filters
from interviewcoder.core.types import Dimension
from interviewcoder.services import evidence, journey_map
from interviewcoder.services.coding import add_quote
from tests.builders import add_source, run_cli


def _code(study, dim: str, name: str) -> int:  # noqa: ANN001
    return next(c.id for c in study.codes.list() if c.dimension.value == dim and c.name == name)


@pytest.fixture
def team(study):  # noqa: ANN001, ANN201
    """Ana and Ben coded the same two interviews differently.

    Pat (won):  Ana: Asked peers + Hidden costs (one quote); Ben: Read reviews + Review sites
    Kim (lost): Ana: Asked peers then Read reviews;          Ben: nothing
    """
    ids = {}
    for who, outcome in (("Pat", "won"), ("Kim", "lost")):
        sid, spans = add_source(study, f"{who} interview", [
            (who, "participant", who, "I asked around among peers and it was pricey."),
            (who, "participant", who, "Then I read the reviews on G2 before deciding.")])
        study.db.execute("UPDATE participants SET outcome = ? WHERE name = ?", [outcome, who])
        ids[who] = (sid, spans)
    peers, reviews = _code(study, "step", "Asked peers"), _code(study, "step", "Read reviews")
    costs, sites = _code(study, "anxiety", "Hidden costs"), _code(study, "influence", "Review sites")
    (pat, pspans), (kim, kspans) = ids["Pat"], ids["Kim"]
    add_quote(study, pat, *pspans[0], [peers, costs], "Ana")
    add_quote(study, pat, *pspans[1], [reviews, sites], "Ben")
    add_quote(study, kim, *kspans[0], [peers], "Ana")
    add_quote(study, kim, *kspans[1], [reviews], "Ana")
    return study, {"peers": peers, "reviews": reviews, "costs": costs, "sites": sites}


def test_matrices_count_only_the_chosen_coders_quotes(team) -> None:  # noqa: ANN001
    study, c = team
    ana = evidence.matrix(study, Dimension.ANXIETY, Filters(coder="Ana"))
    ben = evidence.matrix(study, Dimension.ANXIETY, Filters(coder="Ben"))
    assert ana.count(c["peers"], c["costs"]) == 1 and ben.count(c["peers"], c["costs"]) == 0
    ana_i = evidence.matrix(study, Dimension.INFLUENCE, Filters(coder="Ana"))
    ben_i = evidence.matrix(study, Dimension.INFLUENCE, Filters(coder="Ben"))
    assert ben_i.count(c["reviews"], c["sites"]) == 1 and ana_i.count(c["reviews"], c["sites"]) == 0
    assert ana.outcomes == ben.outcomes  # the groups are everyone who could have said it


def test_paths_follow_the_chosen_coder(team) -> None:  # noqa: ANN001
    study, c = team
    ana = evidence.paths(study, Filters(coder="Ana"))
    ben = evidence.paths(study, Filters(coder="Ben"))
    assert {p.name: ana.names(path) for p, path in ana.paths} == {
        "Pat": ["Asked peers"], "Kim": ["Asked peers", "Read reviews"]}
    assert {p.name: ben.names(path) for p, path in ben.paths} == {"Pat": ["Read reviews"]}
    assert [(t.source, t.target) for t in ana.transitions] == [(c["peers"], c["reviews"])]
    assert ben.transitions == []


def test_the_journey_map_is_each_coders_map(team) -> None:  # noqa: ANN001
    study, c = team
    ana = journey_map.build(study, Filters(coder="Ana"))
    ben = journey_map.build(study, Filters(coder="Ben"))
    assert {s.name: s.participants for s in ana.steps if s.participants} == {"Asked peers": 2,
                                                                             "Read reviews": 1}
    assert {s.name: s.participants for s in ben.steps if s.participants} == {"Read reviews": 1}
    assert ben.filters.coder == "Ben"
    ben_reviews = next(s for s in ben.steps if s.code_id == c["reviews"])
    assert [i.name for i in ben_reviews.influences] == ["Review sites"]
    assert ben_reviews.quote is not None and "reviews on G2" in ben_reviews.quote.text


def test_the_workbook_under_a_coder_filter_counts_only_that_coders_quotes(team, tmp_path) -> None:  # noqa: ANN001
    import openpyxl

    from interviewcoder.services.exporting import export

    study, _c = team
    out = export(study, tmp_path / "ben.xlsx", filters=Filters(coder="Ben"))
    book = openpyxl.load_workbook(out)

    from tests.workbook_reader import sheet_tables

    def table(workbook, sheet: str) -> list[dict]:  # noqa: ANN001
        return sheet_tables(workbook[sheet])[sheet]

    usage = {r["Code"]: (r["Quotes"], r["Participants"]) for r in table(book, "Codebook")}
    assert usage["Read reviews"] == (1, 1) and usage["Asked peers"] == (0, 0)
    assert usage["Review sites"] == (1, 1)
    quotes = table(book, "Quotes")
    assert [(q["Coder"], q["Participant"]) for q in quotes] == [("Ben", "Pat")]
    summary = {r["Step"]: r["Participants"] for r in table(book, "Summary")}
    assert summary["Read reviews"] == 1 and summary["Asked peers"] == 0
    paths = table(book, "Paths")
    assert [(r["Participant"], r["Path"]) for r in paths if r["Participant"] in ("Pat", "Kim")] == [
        ("Pat", "Read reviews")]
    everyone = openpyxl.load_workbook(export(study, tmp_path / "all.xlsx"))
    assert {r["Code"]: r["Quotes"] for r in table(everyone, "Codebook")}["Read reviews"] == 2


def test_cli_coder_filters_and_a_coder_the_study_does_not_have(team, tmp_path, capsys) -> None:  # noqa: ANN001
    study, _c = team
    path = str(study.path)
    import json

    code, out, _ = run_cli(capsys, "evidence", path, "--coder", "Ben", "--json")
    rows = {r["code"]: r["participants"] for r in json.loads(out)}
    assert rows["Read reviews"] == 1 and rows["Asked peers"] == 0
    for command in (["evidence", path], ["export", path, str(tmp_path / "x.xlsx")],
                    ["map", path, str(tmp_path / "x.png")]):
        code, _out, err = run_cli(capsys, *command, "--coder", "Zoe")
        assert code == 2 and "no coder 'Zoe'" in err and "Ana, Ben" in err, command
    assert not (tmp_path / "x.xlsx").exists()
