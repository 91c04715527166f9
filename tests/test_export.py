"""The evidence workbook and CSV exports, read back with openpyxl / csv."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from interviewcoder.cli import main
from interviewcoder.core.errors import ExportFailed
from interviewcoder.core.evidence import Filters
from interviewcoder.exporters.cells import CUT_MARKER, MAX_CELL
from interviewcoder.exporters.tables import Column, Table
from interviewcoder.exporters.xlsx import write_workbook
from interviewcoder.services import exporting
from tests.evidence_study import PEERS, REVIEWS, build
from tests.workbook_reader import header_row, headers, sheet_tables

SHEETS = ["Summary", "Map", "Evidence", "Step x Anxiety", "Step x Influence", "Paths",
          "Transitions", "Quotes", "Participants", "Codebook", "Sources"]


@pytest.fixture
def built(study):
    return build(study)


def _rows(ws) -> list[list]:  # noqa: ANN001
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _table(ws) -> list[dict]:  # noqa: ANN001
    return sheet_tables(ws)[ws.title]


def test_workbook_numbers_match_the_evidence_json(study, built, tmp_path, capsys) -> None:
    out = tmp_path / "evidence.xlsx"
    assert main(["export", str(study.path), str(out)]) == 0
    assert main(["evidence", str(study.path), "--json"]) == 0
    data = {r["code"]: r for r in json.loads(capsys.readouterr().out.split("\n", 1)[1])}
    wb = load_workbook(out)
    assert wb.sheetnames == SHEETS
    ws = wb["Evidence"]
    top = header_row(ws)
    assert top == 5  # note, three legend lines, header
    assert ws.freeze_panes == f"C{top + 1}"  # the header and the Dimension and Code columns
    assert ws.auto_filter.ref.startswith(f"A{top}:")
    assert str(ws["A1"].value).startswith(f"Study: {study.name} · Filters: none · Exported ")
    assert "participant turn in the sources the filters keep" in ws["A1"].value
    assert ws[f"A{top}"].font.bold and ws[f"A{top}"].fill.start_color.rgb.endswith("1F3A5F")
    assert ws.conditional_formatting, "counts carry a colour scale"
    rows = {r["Code"]: r for r in _table(ws)}
    assert len(rows) == len(data)
    for code, expected in data.items():
        row = rows[code]
        assert row["Dimension"] == expected["dimension"]
        assert row["Participants"] == expected["participants"]
        assert row["Mentions"] == expected["mentions"]
        for outcome, cell in expected["by_outcome"].items():
            assert row[f"{outcome} participants (of {cell['of']})"] == cell["participants"]
            assert row[f"{outcome} mentions"] == cell["mentions"]
            for key, header in (("share", "share"), ("low", "low 95%"), ("high", "high 95%")):
                assert row[f"{outcome} {header}"] == pytest.approx(cell[key], abs=1e-6)
        thin = [g for g, cell in expected["by_outcome"].items() if cell["thin"]]
        assert (row["Thin cells"] or "") == ("all" if expected["thin"] else "; ".join(thin))
        for g, delta in expected["differential"].items():
            assert row[f"{g} − won"] == pytest.approx(delta, abs=1e-6)
        assert (row["Thin differentials (vs won)"] or "") == "; ".join(
            g for g, t in expected["thin_differential"].items() if t)
    peers = rows[PEERS]
    assert isinstance(peers["Participants"], int) and peers["Participants"] == 5
    assert ws.cell(top + 1, 6).number_format == "0%"  # the first share column


def test_thin_cells_are_marked_in_the_workbook(study, built, tmp_path) -> None:
    """Issue 13, item 3: Asked peers (5 participants) has thin cells (2, 2 and 1)."""
    ws = load_workbook(exporting.export(study, tmp_path / "w.xlsx"))["Evidence"]
    header = [c.value for c in ws[header_row(ws)]]
    row = next(r for r in ws.iter_rows(min_row=header_row(ws) + 1) if r[1].value == PEERS)
    cell = {h: c for h, c in zip(header, row, strict=False)}
    assert cell["Thin cells"].value == "won; lost; churned"
    assert cell["Thin differentials (vs won)"].value == "lost; churned"
    for name in ("won share", "lost participants (of 2)", "churned high 95%", "lost − won"):
        assert cell[name].font.italic, name
    assert not cell["Participants"].font.italic and not cell["won mentions"].font.italic
    assert isinstance(cell["won share"].value, float)  # marked, still a number


def test_workbook_matrices_paths_quotes_people_codebook(study, built, tmp_path) -> None:
    out = exporting.export(study, tmp_path / "w.xlsx")
    wb = load_workbook(out)
    anx = _table(wb["Step x Anxiety"])
    cell = next(r for r in anx if r["Measure"] == "both on one quote" and r["Outcome"] == "all"
                and r["Step"] == PEERS)
    assert cell["Hidden costs"] == 1
    cell = next(r for r in anx if r["Measure"] == "both in one answer (turn)"
                and r["Outcome"] == "all" and r["Step"] == PEERS)
    assert cell["Hidden costs"] == 3
    lost = next(r for r in anx if r["Measure"] == "both in one answer (turn)"
                and r["Outcome"] == "lost" and r["Step"] == REVIEWS)
    assert lost["Hidden costs"] == 1
    infl = _table(wb["Step x Influence"])
    assert next(r for r in infl if r["Outcome"] == "won" and r["Step"] == PEERS
                and r["Measure"] == "both on one quote")["Online communities"] == 1

    paths = {r["Participant"]: r for r in _table(wb["Paths"])
             if r["Participant"] in {"Ana", "Bo", "Cy", "Di", "Ed"}}
    assert paths["Ed"]["Path"] == f"{PEERS} → {REVIEWS} → {PEERS}"
    assert paths["Ed"]["Loops (steps revisited)"] == PEERS and paths["Ed"]["Steps"] == 3
    assert paths["Cy"]["Outcome"] == "lost" and paths["Cy"]["Loops (steps revisited)"] is None
    moves = _table(wb["Transitions"])
    assert {(m["From step"], m["To step"], m["Participants"]) for m in moves} == {
        (PEERS, REVIEWS, 2), (REVIEWS, PEERS, 1)}

    quotes = _table(wb["Quotes"])
    assert len(quotes) == study.quotes.count() == 11
    focus = next(q for q in quotes if q["Source"] == "Focus group" and q["Steps"] == PEERS)
    assert focus["Participant"] == "Bo; Cy" and set(focus["Outcome"].split("; ")) == {"won", "lost"}
    interviewer = next(q for q in quotes if q["Quote id"] == built.interviewer_quote)
    assert interviewer["Participant"] is None and interviewer["Steps"] == REVIEWS
    assert interviewer["Turn"] == 1 and interviewer["Time"] == "0:00:00"
    assert interviewer["Location"] == "turn 1 (interviewer) · 0:00:00"
    di = next(q for q in quotes if q["Participant"] == "Di")
    assert di["Location"] == "answer 1 · 0:00:00" and di["Turn"] == 1
    header = headers(wb["Quotes"])
    assert header.index("Location") < header.index("Text") < header.index("Start")
    assert header[-2:] == ["Start", "End"]  # raw offsets at the far right, for machines
    assert isinstance(focus["Start"], int) and focus["Coder"] == "tester"

    people = {r["Participant"]: r for r in _table(wb["Participants"])}
    assert set(people) == {"Ana", "Bo", "Cy", "Di", "Ed", "Fay", "Interviewer", "Moderator"}
    assert {n for n, r in people.items() if r["Role"] == "interviewer"} == {"Interviewer",
                                                                           "Moderator"}
    assert people["Moderator"]["Outcome"] is None
    assert people["Fay"]["Outcome"] == "won" and people["Ana"]["region"] == "EU"
    codebook = {(r["Dimension"], r["Code"]): r for r in _table(wb["Codebook"])}
    assert codebook["step", PEERS]["Quotes"] == 7 and codebook["step", PEERS]["Participants"] == 5

    summary = {r["Step"]: r for r in _table(wb["Summary"])}
    assert summary[PEERS]["Participants"] == 5 and summary[PEERS]["won n"] == 2
    assert summary[PEERS]["won %"] == pytest.approx(2 / 3)
    assert summary[PEERS]["Top anxieties (participants)"] == "Hidden costs (3)"
    # lost and churned both show friction (+33 pp): lost first; Di's whole answer beats the
    # focus-group quote, mostly Bo's (won) words with ten of Cy's
    assert summary[PEERS]["Representative quote"] == "Asked peers"
    assert summary[PEERS]["Quoted participant"] == "Di"
    assert summary["Expanded usage"]["Participants"] == 0


def _friction_study(study):  # noqa: ANN001, ANN202
    from interviewcoder.core.types import Dimension
    from interviewcoder.services import coding
    from interviewcoder.services import participants as people
    from tests.builders import add_source

    step = study.codes.find(Dimension.STEP, "Compared vendors").id  # type: ignore[union-attr]
    question = "So tell me, before anything else, what did you compare and how long did it take?"
    wes_says = "We compared three vendors on price."
    a, spans = add_source(study, "Wes", [("Interviewer", "interviewer", None, question),
                                         ("Wes", "participant", "Wes", wes_says)])
    liv_says = "I compared vendors but the pricing page hid the real costs from us."
    b, bspans = add_source(study, "Liv", [("Interviewer", "interviewer", None, "And you?"),
                                          ("Liv", "participant", "Liv", liv_says)])
    add_source(study, "Wyn", [("Wyn", "participant", "Wyn", "Nothing to compare.")])
    # The lowest quote id starts with the interviewer's long question (mostly interviewer).
    coding.add_quote(study, a, spans[0][0], spans[1][1], [step], "tester")
    coding.add_quote(study, a, spans[1][0], spans[1][1], [step], "tester")
    # Liv's quote takes in the short question before her answer.
    coding.add_quote(study, b, bspans[0][0], bspans[1][1], [step], "tester")
    for name, outcome in (("Wes", "won"), ("Wyn", "won"), ("Liv", "lost")):
        people.set_participant(study, name, "tester", outcome=outcome)
    return wes_says, liv_says


def test_representative_quote_is_participant_speech_from_the_friction_group(study, tmp_path) -> None:
    """Issue 13, item 5: the Summary's quote was the lowest quote id, which began with the
    interviewer's question."""
    wes_says, liv_says = _friction_study(study)
    summary = {r["Step"]: r for r in _table(load_workbook(
        exporting.export(study, tmp_path / "w.xlsx"))["Summary"])}
    # won 1 of 2, lost 1 of 1: the friction is among lost; Liv's words, without the question
    row = summary["Compared vendors"]
    assert (row["Representative quote"], row["Quoted participant"]) == (liv_says, "Liv")
    won_only = {r["Step"]: r for r in _table(load_workbook(exporting.export(
        study, tmp_path / "won.xlsx", filters=Filters(outcome="won")))["Summary"])}
    row = won_only["Compared vendors"]
    assert (row["Representative quote"], row["Quoted participant"]) == (wes_says, "Wes")
    assert row["Quote id"] == 2  # the whole answer, not the question with the answer after it


def test_quotes_sheet_turn_names_the_participant_turn(study, tmp_path) -> None:
    """Issue 13, item 6: a quote that begins with the interviewer's question and goes on into
    the answer was located at the interviewer's turn."""
    _friction_study(study)
    quotes = {q["Quote id"]: q for q in _table(load_workbook(
        exporting.export(study, tmp_path / "w.xlsx"))["Quotes"])}
    assert (quotes[1]["Participant"], quotes[1]["Turn"], quotes[1]["Time"]) == ("Wes", 2, "0:00:01")
    assert quotes[1]["Location"] == "turn 2 · 0:00:01"
    assert quotes[3]["Location"] == "turn 2 · 0:00:01" and quotes[3]["Participant"] == "Liv"


def test_persona_filter_reaches_every_sheet(study, built, tmp_path) -> None:
    out = tmp_path / "buyers.xlsx"
    assert main(["export", str(study.path), str(out), "--persona", "Buyer"]) == 0
    wb = load_workbook(out)
    assert "persona Buyer" in wb["Evidence"]["A1"].value
    rows = {r["Code"]: r for r in _table(wb["Evidence"])}
    assert rows[PEERS]["Participants"] == 3 and rows[PEERS]["won participants (of 2)"] == 1
    assert {r["Participant"] for r in _table(wb["Participants"])} == {"Ana", "Cy", "Di", "Fay"}
    assert all("Buyer" in (q["Persona"] or "") for q in _table(wb["Quotes"]))


@pytest.mark.parametrize("filters", [["--outcome", "lost"], ["--persona", "Admin"],
                                     ["--kind", "survey"], ["--coder", "tester"]])
def test_codebook_sheet_honours_the_filters(study, built, tmp_path, filters) -> None:
    """Issue 13, item 1: with --outcome lost the Codebook sheet said Hidden costs had 3
    participants / 3 quotes while the Evidence sheet of the same workbook said 1 / 1."""
    out = tmp_path / "filtered.xlsx"
    assert main(["export", str(study.path), str(out), *filters]) == 0
    wb = load_workbook(out)
    evidence_rows = {r["Code"]: r for r in _table(wb["Evidence"])}
    codebook = {r["Code"]: r for r in _table(wb["Codebook"])}
    assert set(codebook) == set(evidence_rows)
    for code, row in evidence_rows.items():
        assert (codebook[code]["Participants"], codebook[code]["Quotes"]) == \
            (row["Participants"], row["Mentions"]), code
    if filters == ["--outcome", "lost"]:
        assert (codebook["Hidden costs"]["Participants"], codebook["Hidden costs"]["Quotes"]) == (1, 1)


def test_codebook_sheet_shows_quotes_for_no_one_apart(study, built, tmp_path) -> None:
    """Issue 13, item 8: the interviewer's coded question was counted in "Quotes"."""
    wb = load_workbook(exporting.export(study, tmp_path / "w.xlsx"))
    reviews = next(r for r in _table(wb["Codebook"]) if r["Code"] == REVIEWS)
    assert (reviews["Participants"], reviews["Quotes"], reviews["Quotes for no one"]) == (2, 2, 1)
    peers = next(r for r in _table(wb["Codebook"]) if r["Code"] == PEERS)
    assert peers["Quotes for no one"] == 0
    wb = load_workbook(exporting.export(study, tmp_path / "s.xlsx",
                                        filters=Filters(kind="survey")))
    reviews = next(r for r in _table(wb["Codebook"]) if r["Code"] == REVIEWS)
    assert (reviews["Quotes"], reviews["Quotes for no one"]) == (1, 0)  # Ed; no interviewer there


def test_csv_evidence_and_quotes(study, built, tmp_path) -> None:
    out = tmp_path / "evidence.csv"
    assert main(["export", str(study.path), str(out)]) == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = {r["Code"]: r for r in csv.DictReader(fh)}
    assert rows[PEERS]["Participants"] == "5" and rows[PEERS]["won mentions"] == "4"
    assert float(rows[PEERS]["lost − won"]) == pytest.approx(1 / 3, abs=1e-6)
    quotes_out = tmp_path / "quotes.csv"
    assert main(["export", str(study.path), str(quotes_out), "--quotes"]) == 0
    with quotes_out.open(encoding="utf-8-sig", newline="") as fh:
        quotes = list(csv.DictReader(fh))
    assert len(quotes) == 11
    assert any(q["Memo"] == "'=1+1" for q in quotes)  # formula-like text gets a quote prefix


def test_unsupported_extension_is_one_line(study, built, tmp_path, capsys) -> None:
    assert main(["export", str(study.path), str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ".pdf" in err and ".xlsx" in err
    assert not (tmp_path / "x.pdf").exists()


def test_redacted_export_has_no_names(study, built, tmp_path) -> None:
    out = exporting.export(study, tmp_path / "r.xlsx", redact=exporting.study_redactor(study))
    wb = load_workbook(out)
    text = " ".join(str(v) for name in ("Quotes", "Participants", "Paths")
                    for row in _rows(wb[name]) for v in row if isinstance(v, str))
    for name in ("Ana", "Cy", "Fay"):
        assert f" {name} " not in f" {text} ".replace(";", " ")
    assert "[Participant 1]" in text


DANGEROUS = ['=HYPERLINK("http://evil.example","click")', "+1", "@SUM(A1:A2)", "-2",
             "\tindented", "\rreturn", "bell\x07and\x01ctl\x1f\x0b", "=1+1"]


def _study_with_text(study, texts: list[str]):  # noqa: ANN001, ANN202
    from interviewcoder.core.types import Dimension
    from interviewcoder.services import coding
    from tests.builders import add_source

    turns = [(f"S{i}", "participant", f"P{i}", t) for i, t in enumerate(texts)]
    sid, spans = add_source(study, "dangerous", turns)
    code = study.codes.find(Dimension.STEP, PEERS).id  # type: ignore[union-attr]
    for (start, end), t in zip(spans, texts, strict=True):
        coding.add_quote(study, sid, start, end, [code], "tester", memo=t)
    return sid


def test_formula_like_text_is_stored_as_plain_strings(study, tmp_path) -> None:
    _study_with_text(study, DANGEROUS)
    out = exporting.export(study, tmp_path / "safe.xlsx")
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)
    wb = load_workbook(out)
    ws = wb["Quotes"]
    header = headers(ws)
    text_col, memo_col = header.index("Text") + 1, header.index("Memo") + 1
    seen = []
    for row in range(header_row(ws) + 1, ws.max_row + 1):
        for col in (text_col, memo_col):
            cell = ws.cell(row, col)
            assert cell.data_type == "s", (cell.value, cell.data_type)
            seen.append(cell.value)
    for text in DANGEROUS:
        expected = "".join(ch for ch in text if ch not in "\x07\x01\x1f\x0b")
        assert seen.count(expected) == 2  # text and memo, verbatim apart from control characters
    assert "bellandctl" in seen
    participants = [c.value for c in wb["Participants"]["B"][header_row(wb["Participants"]):]]
    assert all(isinstance(v, str) for v in participants)


def test_formula_like_text_in_csv_gets_a_quote(study, tmp_path) -> None:
    _study_with_text(study, DANGEROUS)
    out = exporting.export(study, tmp_path / "q.csv", quotes=True)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        texts = [r["Text"] for r in csv.DictReader(fh)]
    for text in texts:
        assert not text.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert "'=HYPERLINK(\"http://evil.example\",\"click\")" in texts
    assert "'+1" in texts and "'-2" in texts and "'@SUM(A1:A2)" in texts


def test_overlong_text_is_cut_with_a_marker(study, tmp_path) -> None:
    _study_with_text(study, ["word " * 8000])
    out = exporting.export(study, tmp_path / "long.xlsx")
    ws = load_workbook(out)["Quotes"]
    header = headers(ws)
    value = ws.cell(header_row(ws) + 1, header.index("Text") + 1).value
    assert len(value) == MAX_CELL and value.endswith(CUT_MARKER)


def _failing_rows():  # noqa: ANN202
    yield ["fine", 1]
    raise RuntimeError("disk on fire")


def test_a_failed_export_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    table = Table("T", [Column("a"), Column("n", "count")], _failing_rows())
    with pytest.raises(RuntimeError):
        write_workbook(target, [table])
    assert list(tmp_path.iterdir()) == []
    target.write_bytes(b"the previous export")
    with pytest.raises(RuntimeError):
        write_workbook(target, [Table("T", [Column("a")], _failing_rows())])
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_a_failing_redactor_leaves_no_csv(study, built, tmp_path) -> None:
    def broken(text: str) -> str:
        if "Di" in text:
            raise ValueError("redactor broke")
        return text

    with pytest.raises(ValueError):
        exporting.export(study, tmp_path / "q.csv", quotes=True, redact=broken)
    assert list(tmp_path.glob("*.csv*")) == [] and not list(tmp_path.glob(".q.csv*"))


def test_export_into_a_missing_folder_is_a_clear_error(study, built, tmp_path) -> None:
    with pytest.raises(ExportFailed, match="does not exist"):
        exporting.export(study, tmp_path / "nope" / "x.xlsx")


def test_redactor_covers_speaker_names(study, tmp_path) -> None:
    from interviewcoder.core.types import Dimension
    from interviewcoder.services import coding
    from tests.builders import add_source

    sid, spans = add_source(study, "chat", [
        ("Maria Lopez", "interviewer", None, "Thanks for joining, Jonas."),
        ("Jonas Berg", "participant", "Jonas Berg", "Happy to, Maria. Jonas Berg, I run finance."),
    ])
    code = study.codes.find(Dimension.STEP, PEERS).id  # type: ignore[union-attr]
    coding.add_quote(study, sid, spans[1][0], spans[1][1], [code], "tester")
    redact = exporting.study_redactor(study)
    assert redact("Happy to, Maria. Jonas Berg, I run finance.") == \
        "Happy to, [Interviewer 1]. [Participant 1], I run finance."
    out = tmp_path / "q.csv"
    assert main(["export", str(study.path), str(out), "--quotes", "--redact"]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "Jonas" not in text and "Maria" not in text and "[Participant 1]" in text


def test_thin_threshold_is_configurable(study, built, capsys) -> None:
    assert main(["evidence", str(study.path), "--thin", "6", "--json"]) == 0
    rows = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows[PEERS]["thin"] is True and rows[PEERS]["participants"] == 5


def test_export_redact_terms_from_the_command_line(study, built, tmp_path, capsys) -> None:
    out = tmp_path / "terms.csv"
    assert main(["export", str(study.path), str(out), "--redact-term", "G2"]) == 2
    assert "--redact-term goes with --redact" in capsys.readouterr().err
    assert not out.exists()
    assert main(["export", str(study.path), str(out), "--quotes", "--redact",
                 "--redact-term", "G2", "--redact-term", "Acme Corp"]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "G2" not in text and "Acme Corp" not in text


def test_exported_file_gets_ordinary_permissions(study, built, tmp_path) -> None:
    import os
    import stat

    mask = os.umask(0o022)
    try:
        out = exporting.export(study, tmp_path / "perm.xlsx")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_memos_of_codes_and_sources_are_in_the_workbook(study, tmp_path) -> None:
    from interviewcoder.services import codebook
    from interviewcoder.services.codebook import UpdateCode
    from interviewcoder.services.operations import execute
    from interviewcoder.services.sources import set_memo
    from tests.builders import add_source

    sid, _ = add_source(study, "ana.txt", [("Ana", "participant", "Ana", "We asked peers first.")])
    code = codebook.resolve(study, "step/Asked peers")
    applied = execute(study, UpdateCode(code.id, memo="=Check: peers or colleagues?"), "ana")
    set_memo(study, sid, "Recorded on a bad line; 10 min missing", "ana")
    out = tmp_path / "memos.xlsx"
    exporting.export(study, out)
    wb = load_workbook(out)
    codebook_rows = {r["Code"]: r for r in _table(wb["Codebook"])}
    assert codebook_rows["Asked peers"]["Memo"] == "=Check: peers or colleagues?"  # text, not a formula
    from tests.workbook_reader import header_row

    assert wb["Codebook"].cell(header_row(wb["Codebook"]), 4).value == "Memo"  # beside the description
    sources = {r["Source"]: r for r in _table(wb["Sources"])}
    assert sources["ana.txt"]["Memo"] == "Recorded on a bad line; 10 min missing"
    assert sources["ana.txt"]["Participants"] == "Ana" and sources["ana.txt"]["Words"] == 4
    # undo takes the code's memo back
    execute(study, applied.inverse, "ana")
    assert study.codes.get(code.id).memo == ""
