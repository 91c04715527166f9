"""Agreement on a real study: units, sources every coder coded, the uncoded-text rule
(QualCoder issue #667), each unit kind, disagreements and accepting one coder's version."""

from __future__ import annotations

import pytest

from interviewcoder.core.errors import InvalidInput, NotFound
from interviewcoder.services import agreement
from interviewcoder.services.coding import add_quote
from tests.builders import add_source, run_cli


def _turns(n: int) -> list[tuple[str, str, str, str]]:
    return [("Ana P", "participant", "Pat", f"Answer number {i} about the thing.") for i in range(n)]


@pytest.fixture
def coded(study):  # noqa: ANN001, ANN201
    """One source of 20 participant turns, coded by Ana and Ben:

    turn  0  1  2  3  4  5  6  7..19
    Ana   X  X  X  X  .  Y  .  .
    Ben   .  X  X  X  X  Y  Y  .
    """
    sid, spans = add_source(study, "interview 1", _turns(20))
    x, y = study.codes.list()[0], study.codes.list()[1]
    for coder, plan in (("Ana", {0: x, 1: x, 2: x, 3: x, 5: y}),
                        ("Ben", {1: x, 2: x, 3: x, 4: x, 5: y, 6: y})):
        for turn, code in plan.items():
            start, end = spans[turn]
            add_quote(study, sid, start + 7, end - 3, [code.id], coder)
    return study, sid, spans, x, y


def _row(report: agreement.AgreementReport, code_id: int) -> agreement.Figures:
    return next(c.figures for c in report.codes if c.code_id == code_id)


def test_turn_agreement_by_hand_leaves_uncoded_turns_out(coded) -> None:  # noqa: ANN001
    study, _sid, _spans, x, y = coded
    report = agreement.compute(study)
    assert report.coders == ["Ana", "Ben"] and report.unit == "turn"
    assert report.uncoded_units == 13  # turns 7..19: nobody coded them
    fx = _row(report, x.id)
    # X over the 7 coded turns:   Ben yes  Ben no
    #                    Ana yes     3        1
    #                    Ana no      1        2
    # p_o = 5/7; p_e = (4/7)(4/7) + (3/7)(3/7) = 25/49; κ = (35 − 25)/(49 − 25) = 10/24
    assert fx.pair == (3, 1, 1, 2) and fx.n_units == 7
    assert fx.percent == pytest.approx(5 / 7)
    assert fx.kappa == pytest.approx(10 / 24)
    # α: o₀₁ = 2, n₁ = 8, n₀ = 6, n = 14: 1 − 13·2/48
    assert fx.alpha == pytest.approx(1 - 26 / 48)
    fy = _row(report, y.id)
    # Y:                 Ben yes  Ben no
    #          Ana yes      1        0
    #          Ana no       1        5       κ = (6/7 − 32/49) / (1 − 32/49) = 10/17
    assert fy.pair == (1, 0, 1, 5)
    assert fy.kappa == pytest.approx(10 / 17)
    assert fx.unstable and fy.unstable  # fewer than 10 units carry them
    assert report.overall.percent == pytest.approx(11 / 14)  # pooled: 5 + 6 of 7 + 7


def test_uncoded_text_counted_as_agreement_inflates_kappa_qualcoder_667(coded) -> None:  # noqa: ANN001
    study, _sid, _spans, x, _y = coded
    honest = _row(agreement.compute(study), x.id)
    inflated = _row(agreement.compute(study, include_uncoded=True), x.id)
    # With the 13 uncoded turns as "both said no":  Ben yes  Ben no
    #                                    Ana yes      3        1
    #                                    Ana no       1       15
    # p_o = 18/20 = 0.9; p_e = 0.2·0.2 + 0.8·0.8 = 0.68; κ = 0.22/0.32 = 0.6875
    assert inflated.pair == (3, 1, 1, 15)
    assert inflated.kappa == pytest.approx(0.6875)
    assert inflated.alpha == pytest.approx(1 - 39 * 2 / (32 * 8))
    assert honest.kappa == pytest.approx(10 / 24)
    assert honest.kappa < inflated.kappa
    assert "left out (13 of them)" in agreement.compute(study).how
    assert "are counted (13 of them)" in agreement.compute(study, include_uncoded=True).how


def test_only_sources_every_coder_coded_are_compared(coded) -> None:  # noqa: ANN001
    study, sid, _spans, x, _y = coded
    other, spans2 = add_source(study, "interview 2", _turns(3))
    add_quote(study, other, spans2[0][0], spans2[0][1], [x.id], "Ana")
    third, _ = add_source(study, "interview 3", _turns(2))
    report = agreement.compute(study)
    assert [s for s, _ in report.sources] == [sid]
    assert report.left_out == [(other, "interview 2", "not coded by Ben"),
                               (third, "interview 3", "no compared coder coded it")]
    only = agreement.compute(study, source_ids=[other])
    assert only.sources == [] and only.overall.n_units == 0


def test_unknown_coders_and_a_single_coder_are_one_line_errors(coded) -> None:  # noqa: ANN001
    study, *_ = coded
    with pytest.raises(NotFound, match="no quotes by coder 'Zoe'.*Ana, Ben"):
        agreement.compute(study, ["Ana", "Zoe"])
    with pytest.raises(InvalidInput, match="two or more coders"):
        agreement.compute(study, ["Ana"])
    with pytest.raises(InvalidInput, match="unit 'word'"):
        agreement.compute(study, unit="word")


def test_character_sentence_and_participant_units(coded) -> None:  # noqa: ANN001
    study, _sid, spans, x, _y = coded
    chars = agreement.compute(study, unit="character")
    fx = _row(chars, x.id)
    # every quote covers its turn's characters 7 .. end−3; X by both on turns 1–3, one each on 0, 4
    width = spans[0][1] - 3 - (spans[0][0] + 7)
    assert fx.pair == (3 * width, width, width, fx.pair[3])
    assert chars.uncoded_units > 0
    sentences = agreement.compute(study, unit="sentence")
    assert _row(sentences, x.id).pair == (3, 1, 1, 2)  # one sentence per turn here
    people = agreement.compute(study, unit="participant")
    # one participant (Pat): both coders count Pat for X and for Y
    assert _row(people, x.id).pair == (1, 0, 0, 0)
    assert _row(people, x.id).kappa is None  # no variation: undefined, not 1


def test_disagreements_list_the_units_with_text_and_each_coders_codes(coded) -> None:  # noqa: ANN001
    study, sid, spans, x, y = coded
    report = agreement.compute(study, with_disagreements=True)
    found = report.disagreements[x.id]
    assert [(d.start, d.end) for d in found] == [spans[0], spans[4]]
    assert found[0].has == {"Ana": True, "Ben": False}
    assert found[0].text == "Answer number 0 about the thing."
    assert found[0].participant == "Pat" and found[0].source_id == sid
    assert found[1].codes == {"Ana": [], "Ben": [x.path]}
    assert [(d.start, d.end) for d in report.disagreements[y.id]] == [spans[6]]


def test_cli_agreement_table_json_and_disagreements(coded, capsys) -> None:  # noqa: ANN001
    study, _sid, _spans, x, _y = coded
    path = str(study.path)
    code, out, err = run_cli(capsys, "agreement", path, "--coders", "Ana,Ben")
    assert code == 0, err
    assert "overall (pooled)" in out and "0.417" in out and "left out (13 of them)" in out
    import json

    code, out, _ = run_cli(capsys, "agreement", path, "--json", "--disagreements")
    data = json.loads(out)
    row = next(c for c in data["codes"] if c["code_id"] == x.id)
    assert row["table"] == {"both": 3, "only_first": 1, "only_second": 1, "neither": 2}
    assert row["kappa"] == pytest.approx(10 / 24, abs=1e-6)
    assert [len(d["units"]) for d in data["disagreements"]] == [2, 1]
    code, _, err = run_cli(capsys, "agreement", path, "--coders", "Ana")
    assert code == 2 and err.count("\n") == 1 and "two or more coders" in err
