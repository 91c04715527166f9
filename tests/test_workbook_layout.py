"""The workbook made for people: frozen code columns, wrapped quotes, row heights, colour on
shares (not counts), a legend wherever colour or marks are used, page setup for printing."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from interviewcoder.core.evidence import Filters
from interviewcoder.services import exporting
from tests.evidence_study import build
from tests.workbook_reader import LEGEND, header_row, headers

FROZEN = {"Summary": "B", "Evidence": "C", "Step x Anxiety": "D", "Step x Influence": "D",
          "Paths": "B", "Transitions": "C", "Quotes": "C", "Participants": "C", "Codebook": "C"}


@pytest.fixture
def book(study, tmp_path):
    build(study)
    return load_workbook(exporting.export(study, tmp_path / "w.xlsx",
                                          filters=Filters(persona="Buyer")))


def _coloured_columns(ws) -> set[str]:  # noqa: ANN001
    columns = set()
    for rng in ws.conditional_formatting:
        for cells in rng.sqref.ranges:
            columns.add(headers(ws)[cells.min_col - 1])
    return columns


def test_header_and_code_columns_are_frozen(book) -> None:
    for name, column in FROZEN.items():
        ws = book[name]
        assert ws.freeze_panes == f"{column}{header_row(ws) + 1}", name


def test_colour_scales_are_on_shares_never_on_counts(book) -> None:
    evidence = book["Evidence"]
    coloured = _coloured_columns(evidence)
    assert coloured == {h for h in headers(evidence) if h.endswith(" share") or h.endswith(" − won")}
    assert not any("participants" in h or "mentions" in h for h in coloured)
    summary = _coloured_columns(book["Summary"])
    assert summary == {h for h in headers(book["Summary"]) if h.endswith(" %")}
    # a matrix colours its counts block by block, each as a share of that block's group
    anx = book["Step x Anxiety"]
    rules = [(r.sqref, r.rules[0].colorScale.cfvo[-1].val) for r in anx.conditional_formatting]
    # Buyers: Ana and Fay won, Cy and Di lost; "all" blocks are coloured out of 4
    assert sorted(float(high) for _, high in rules) == [2.0, 2.0, 2.0, 2.0, 4.0, 4.0]
    for name in ("Paths", "Transitions", "Quotes", "Participants", "Codebook"):
        assert not book[name].conditional_formatting, name


def test_a_legend_wherever_colour_or_marks_are_used(book) -> None:
    for name in ("Summary", "Evidence", "Step x Anxiety", "Step x Influence", "Paths", "Quotes",
                 "Codebook"):
        ws = book[name]
        assert ws["A2"].value == LEGEND, name
        assert header_row(ws) > 2
    assert "thin" in " ".join(str(c.value) for row in book["Evidence"].iter_rows(max_row=5)
                              for c in row if c.value)
    assert book["Participants"]["A2"].value != LEGEND  # no colour, no marks: no legend


def test_quote_text_wraps_and_rows_are_tall_enough(book) -> None:
    ws = book["Quotes"]
    top = header_row(ws)
    text = headers(ws).index("Text") + 1
    cell = ws.cell(top + 1, text)
    assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
    assert ws.cell(top + 1, 2).alignment.vertical == "top"  # the whole row reads from the top
    longest = max(range(top + 1, ws.max_row + 1), key=lambda r: len(ws.cell(r, text).value or ""))
    if len(ws.cell(longest, text).value) > 80:
        assert ws.row_dimensions[longest].height > 15


def test_page_setup_for_printing(book) -> None:
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        top = header_row(ws)
        assert ws.print_title_rows == f"${top}:${top}"
        assert "Buyer" in ws.oddHeader.right.text and "&P" in ws.oddFooter.right.text
        assert ws.title in ws.oddHeader.left.text
    quotes = book["Quotes"]
    printed = quotes.print_area[0] if isinstance(quotes.print_area, list) else quotes.print_area
    last = printed.split(":")[-1].rstrip("0123456789").replace("$", "")
    from openpyxl.utils import column_index_from_string

    assert headers(quotes)[column_index_from_string(last) - 1] == "Memo"  # offsets not printed
