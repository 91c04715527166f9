"""The Evidence, Matrix and Paths views on the hand-counted study (tests/evidence_study.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from interviewcoder.core.types import Dimension
from interviewcoder.services.coding import RemoveQuote
from interviewcoder.ui.common.session import StudySession
from interviewcoder.ui.evidence.evidence_model import QUOTE_ID_ROLE
from interviewcoder.ui.evidence.evidence_view import EvidenceView
from interviewcoder.ui.evidence.matrix_view import MatrixView
from interviewcoder.ui.evidence.paths_view import LOOP, LOOP_COLOUR, PathsView
from tests.evidence_study import COSTS, PEERS, REVIEWS, build


@pytest.fixture
def session(qapp, study):
    built = build(study)
    s = StudySession(study, "tester")
    s.built = built  # type: ignore[attr-defined]
    return s


def _show(qtbot, view):  # noqa: ANN001, ANN202
    qtbot.addWidget(view)
    view.resize(1200, 900)
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.show()
    return view


@pytest.fixture
def evidence_view(qtbot, session):
    view = _show(qtbot, EvidenceView(session))
    yield view
    view.compute.wait()


def _row(model, code: str) -> int:  # noqa: ANN001
    return next(i for i, r in enumerate(model.rows) if r.code == code)


def test_evidence_view_shows_distinct_participants(evidence_view, qtmodeltester) -> None:
    model = evidence_view.model
    qtmodeltester.check(model)
    assert model.headers()[:6] == ["Dimension", "Code", "Participants", "won (n=3)", "lost (n=2)",
                                   "churned (n=1)"]
    row = _row(model, PEERS)
    assert model.index(row, 2).data() == 5
    assert model.index(row, 3).data() == "2 (67%)"
    assert model.index(row, 6).data() == 7  # mentions
    assert model.index(row, 8).data() == "+33 pp"  # lost − won
    reviews = _row(model, REVIEWS)
    assert model.index(reviews, 7).data() == "thin"
    assert [r.dimension for r in model.rows] == sorted(
        (r.dimension for r in model.rows), key=["step", "anxiety", "influence", "trigger", "job",
                                                "value", "theme"].index)


def test_sorting_keeps_dimensions_together(evidence_view, qtbot) -> None:
    model = evidence_view.model
    evidence_view.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    steps = [r for r in model.rows if r.dimension == "step"]
    assert steps[0].code == PEERS and steps[1].code == REVIEWS
    assert model.rows[: len(steps)] == steps
    evidence_view.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert [r for r in model.rows if r.dimension == "step"][-1].code == PEERS


def test_clicking_a_cell_lists_its_quotes_and_jumps(evidence_view, qtbot, session,
                                                   qtmodeltester) -> None:
    model, table = evidence_view.model, evidence_view.table
    index = model.index(_row(model, PEERS), 4)  # the lost column
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(index).center())
    quotes = evidence_view.quotes_model
    qtmodeltester.check(quotes)
    assert [(r["participants"], r["outcomes"]) for r in quotes.rows] == [("Cy", "lost"),
                                                                       ("Di", "lost")]
    view = evidence_view.quotes
    first = quotes.index(1, 0)
    view.scrollTo(first)
    centre = view.visualRect(first).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    with qtbot.waitSignal(evidence_view.quote_activated) as blocker:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton,
                          pos=view.visualRect(first).center())
    assert blocker.args == [first.data(QUOTE_ID_ROLE), session.built.survey]


def test_filter_bar_and_debounced_refresh(evidence_view, qtbot, session) -> None:
    bar = evidence_view.filter_bar
    with qtbot.waitSignal(evidence_view.refreshed, timeout=10_000):
        bar.persona.setCurrentIndex(bar.persona.findText("Buyer"))
    model = evidence_view.model
    assert model.index(_row(model, PEERS), 2).data() == 3
    assert model.headers()[3:5] == ["won (n=2)", "lost (n=2)"]
    with qtbot.waitSignal(evidence_view.refreshed, timeout=10_000):
        bar.persona.setCurrentIndex(0)
    # Two coding actions in a row: one recomputation after the burst.
    from interviewcoder.services import evidence

    lost = evidence.quotes_behind(session.study, session.built.peers, "lost")
    refreshes = []
    evidence_view.refreshed.connect(lambda: refreshes.append(1))
    with qtbot.waitSignal(evidence_view.refreshed, timeout=10_000):
        for q in lost:
            session.apply(RemoveQuote(q["quote_id"]))
    assert refreshes == [1]
    assert model.index(_row(model, PEERS), 4).data() == "0 (0%)"


def test_matrix_view_heat_map(qtbot, session, qtmodeltester) -> None:
    view = _show(qtbot, MatrixView(session))
    model = view.model
    qtmodeltester.check(model)
    rows = [model.headerData(i, Qt.Orientation.Vertical) for i in range(model.rowCount())]
    cols = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    peers, costs = rows.index(PEERS), cols.index(COSTS)
    assert model.index(peers, costs).data() == "1"
    view.measure.setCurrentIndex(1)  # one answer (turn)
    assert model.index(peers, costs).data() == "3"
    assert "won 1, lost 1, churned 1" in model.index(peers, costs).data(Qt.ItemDataRole.ToolTipRole)
    view.outcome.setCurrentIndex(view.outcome.findText("lost"))
    assert model.index(rows.index(REVIEWS), costs).data() == "1"
    hot = model.index(rows.index(REVIEWS), costs).data(Qt.ItemDataRole.BackgroundRole).color()
    cold = model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole).color()
    assert hot != cold and cold.name() == "#ffffff"
    view.dimension.setCurrentIndex(1)  # influences
    assert model.columnCount() == len(session.study.codes.in_dimension(Dimension.INFLUENCE))
    view.compute.wait()


def test_paths_view_marks_loops(qtbot, session, qtmodeltester) -> None:
    view = _show(qtbot, PathsView(session))
    qtmodeltester.check(view.paths_model)
    qtmodeltester.check(view.transitions_model)
    rows = {r[0]: r for r in view.paths_model.rows}
    assert rows["Ed"][4] == f"{PEERS} → {REVIEWS} → {LOOP}{PEERS}"
    assert rows["Ed"][5] == PEERS and rows["Cy"][5] == ""
    ed = next(i for i, r in enumerate(view.paths_model.rows) if r[0] == "Ed")
    brush = view.paths_model.index(ed, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert brush.color() == LOOP_COLOUR
    moves = {(r[0], r[1]): r for r in view.transitions_model.rows}
    assert moves[PEERS, REVIEWS][2] == 2 and moves[REVIEWS, PEERS][2] == 1
    view.outcome.setCurrentIndex(view.outcome.findText("churned"))
    assert [r[0] for r in view.paths_model.rows] == ["Ed"]
    view.compute.wait()


def test_main_window_has_the_evidence_tabs_and_jumps_to_a_quote(qtbot, tmp_path, settings) -> None:
    from interviewcoder.services.studies import create
    from tests.ui.conftest import open_main_window

    path = tmp_path / "w.icstudy"
    study = create(path)
    built = build(study)
    study.close()
    window = open_main_window(qtbot, path, settings)
    from interviewcoder.ui import extensions
    from interviewcoder.ui.evidence.evidence_tabs import install

    assert install in extensions.load()  # what app.open_window applies to each window
    install(window)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert {"Evidence", "Matrix", "Paths"} <= set(titles)
    view = window.evidence_view
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        window.tabs.setCurrentIndex(titles.index("Evidence"))
    view.select_cell(built.costs, "churned")
    rows = view.quotes_model.rows
    assert [r["participants"] for r in rows] == ["Ed"]
    view.quotes.setCurrentIndex(view.quotes_model.index(0, 0))
    view._quote_activated(view.quotes.currentIndex())  # as Enter / double-click does
    assert window.reader.source_id == built.survey
    assert window.tabs.currentIndex() == 0  # back on the Reader, at the quote

    from interviewcoder.ui.evidence.evidence_tabs import start_export

    job = start_export(window, tmp_path / "from-the-app.xlsx")
    with qtbot.waitSignal(job.ready, timeout=20_000) as blocker:
        pass
    assert blocker.args == [tmp_path / "from-the-app.xlsx"] and blocker.args[0].stat().st_size > 0
    job.wait()

    # Cancel before the first table is written: no file, a one-line message in the status bar.
    target = tmp_path / "cancelled.xlsx"
    job = start_export(window, target, show_progress=False, start=False)
    job.cancel()
    with qtbot.waitSignal(job.failed, timeout=20_000) as blocker:
        job.run_now()
    job.wait()
    assert "cancelled" in blocker.args[0] and not target.exists()
    assert not list(tmp_path.glob(".cancelled.xlsx*"))
    view.compute.wait()
    window.close()


def test_app_export_for_sharing_is_redacted(qtbot, tmp_path, settings, demo_path) -> None:
    """File → Export → Redacted workbook: no participant name or extra term is left in it."""
    import openpyxl

    from interviewcoder.ui.app import open_window
    from interviewcoder.ui.evidence.evidence_tabs import start_export

    window = open_window(demo_path, settings)
    qtbot.addWidget(window)
    names = [p.name for p in window.session.study.participants.list() if " " in p.name]
    assert any("Redacted workbook" in a.text() for a in window.export_menu.actions())
    target = tmp_path / "shared.xlsx"
    job = start_export(window, target, show_progress=False, redact_terms=["Ledgerly"],
                       redaction_report=True)
    with qtbot.waitSignal(job.ready, timeout=30_000):
        pass
    job.wait()
    report = tmp_path / "shared.xlsx.redaction-report.txt"
    said = window.statusBar().currentMessage()
    assert "redacted (" in said and report.name in said and "not for sharing" in said
    lines = report.read_text(encoding="utf-8")
    assert "do not share it" in lines and "[Participant 1]" in lines
    assert not [n for n in names if n in lines]  # the report names no one
    book = openpyxl.load_workbook(target, read_only=True)
    text = "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                     for v in row if v is not None)
    book.close()
    assert "[Participant 1]" in text
    for secret in [*names, "Ledgerly"]:
        assert secret not in text, secret


def test_the_redact_dialog_gives_terms_and_the_report_choice(qtbot) -> None:
    from PySide6.QtWidgets import QDialogButtonBox, QLabel

    from interviewcoder.ui.common.redact_dialog import RedactDialog

    dialog = RedactDialog(what="workbook")
    qtbot.addWidget(dialog)
    said = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "jane_doe" in said and "postcodes" in said and "workbook" in dialog.report.text()
    qtbot.keyClicks(dialog.terms, "Acme Corp, , Project Falcon ")
    dialog.report.setChecked(True)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Choose file…"
    ok.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    choice = dialog.choice()
    assert choice.terms == ["Acme Corp", "Project Falcon"] and choice.report
