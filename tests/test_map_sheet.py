"""The workbook's Map sheet: the journey map in cells, read back with openpyxl."""

from __future__ import annotations

from openpyxl import load_workbook

from interviewcoder.core.evidence import Filters
from interviewcoder.core.types import Dimension
from interviewcoder.services import exporting, journey_map
from interviewcoder.services.map_sheet import reach_text
from tests.evidence_study import COSTS, PEERS, REVIEWS, build


def _grid(ws) -> dict[str, dict[str, object]]:  # noqa: ANN001
    """Row label -> step name -> value (the header is row 2, under the note)."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    steps = rows[1][1:]
    return {r[0]: dict(zip(steps, r[1:], strict=False)) for r in rows[2:] if r[0]}


def test_map_sheet_is_the_map_in_cells(study, tmp_path) -> None:
    built = build(study)
    out = exporting.export(study, tmp_path / "w.xlsx")
    wb = load_workbook(out)
    ws = wb["Map"]
    header = [c.value for c in ws[2]]
    assert header[1:] == [c.name for c in study.codes.in_dimension(Dimension.STEP)]
    grid = _grid(ws)
    m = journey_map.build(study)
    peers = m.step(built.peers)
    assert grid["Participants who reached it"][PEERS] == 5
    assert grid["won (of 3): reached, share (95% interval)"][PEERS] == reach_text(peers.reach_of("won"))
    assert grid["lost (of 2): reached, share (95% interval)"][PEERS].startswith("2/2 · 100%")
    assert grid["won (of 3): reached, share (95% interval)"][REVIEWS].endswith("thin")
    anxieties = next(v for k, v in grid.items() if k.startswith("Top anxieties"))
    assert anxieties[PEERS] == f"{COSTS}: 3 (1/1/1)"
    assert grid["Came back to it (loops)"][PEERS] == 1
    moves = grid["Moves to (participants)"]
    assert moves[PEERS] == f"→ {REVIEWS}: 2" and moves[REVIEWS] == f"↺ {PEERS}: 1"
    assert grid["Representative quote"][PEERS] == peers.quote.text
    # the representative quote (issue 13): lost shows the friction, Di's answer is all hers
    assert grid["Quoted participant"][PEERS] == "Di (lost)"
    # Made to be read and printed: labels and step names frozen, landscape, one page wide.
    assert ws.freeze_panes == "B3"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws["B4"].alignment.wrap_text is True
    assert ws.row_dimensions[2].height and ws.row_dimensions[2].height >= 30


def test_map_sheet_follows_filters_and_redaction(study, tmp_path) -> None:
    build(study)
    out = exporting.export(study, tmp_path / "buyers.xlsx", filters=Filters(persona="Buyer"),
                           redact=exporting.study_redactor(study))
    grid = _grid(load_workbook(out)["Map"])
    labels = list(grid)
    assert "won (of 2): reached, share (95% interval)" in labels
    assert not any(label.startswith("churned") for label in labels)
    assert grid["Participants who reached it"][PEERS] == 3
    who = grid["Quoted participant"][PEERS]
    assert who.startswith("[Participant ") and "Ana" not in who
