"""The Evidence view at a glance: frozen code columns, sorted by the lost − won gap, a legend,
a filter bar and outcome columns that fit the default 1280×800 window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from interviewcoder.ui.common.session import StudySession
from interviewcoder.ui.evidence.evidence_legend import LEGEND
from interviewcoder.ui.evidence.evidence_model import GAP_ROLE
from interviewcoder.ui.evidence.evidence_view import EvidenceView
from tests.evidence_study import PEERS, REVIEWS, build


@pytest.fixture
def view(qtbot, qapp, study):
    build(study)
    v = EvidenceView(StudySession(study, "tester"))
    qtbot.addWidget(v)
    v.resize(900, 700)
    with qtbot.waitSignal(v.refreshed, timeout=10_000):
        v.show()
    yield v
    v.compute.wait()


def _steps(view) -> list[str]:  # noqa: ANN001
    return [r.code for r in view.model.rows if r.dimension == "step"]


def test_default_sort_is_the_lost_won_gap_and_switchable(view, qtbot) -> None:
    model, header = view.model, view.table.horizontalHeader()
    gap = model.gap_column("lost")
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        gap, Qt.SortOrder.DescendingOrder)
    # Read reviews: 1 of 2 lost, 0 of 3 won (+50 pp); Asked peers: 2 of 2 against 2 of 3 (+33).
    assert _steps(view)[:2] == [REVIEWS, PEERS]
    row = next(i for i, r in enumerate(model.rows) if r.code == REVIEWS)
    value, marked = model.index(row, gap).data(GAP_ROLE)
    assert value == pytest.approx(0.5) and marked is False  # one lost participant: no friction
    colour = model.index(row, gap).data(Qt.ItemDataRole.BackgroundRole).color()
    assert colour.red() > colour.green() and colour.alpha() > 0
    # The gaps sit right after the outcome columns.
    assert header.visualIndex(gap) == 3 + len(model.outcomes)
    view.filter_bar.sort.setCurrentIndex(view.filter_bar.sort.findData("codebook"))
    assert _steps(view)[0] == "Noticed a problem" and header.sortIndicatorSection() == -1
    view.filter_bar.sort.setCurrentIndex(view.filter_bar.sort.findData("gap:churned"))
    assert header.sortIndicatorSection() == model.gap_column("churned")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.viewport().rect().center())  # a header click: sorted by it
    assert view.filter_bar.sort.currentData() == "column"


def test_dimension_and_code_columns_stay_while_the_rest_scrolls(view, qtbot) -> None:
    table = view.table
    frozen = table.frozen
    shown = [c for c in range(view.model.columnCount()) if not frozen.isColumnHidden(c)]
    assert shown == [0, 1] and frozen.isVisible()
    assert frozen.selectionModel() is table.selectionModel()
    before = frozen.visualRect(view.model.index(0, 1))
    table.horizontalScrollBar().setValue(table.horizontalScrollBar().maximum())
    assert frozen.visualRect(view.model.index(0, 1)) == before
    assert frozen.geometry().width() == table.columnWidth(0) + table.columnWidth(1)
    index = view.model.index(next(i for i, r in enumerate(view.model.rows) if r.code == PEERS), 1)
    qtbot.mouseClick(frozen.viewport(), Qt.MouseButton.LeftButton, pos=frozen.visualRect(index).center())
    assert table.currentIndex() == index  # one selection: the quotes behind the code are listed
    assert len(view.quotes_model.rows) == 7


def test_legend_names_every_colour_and_mark(view) -> None:
    text = view.legend.text()
    assert view.legend.isVisible() and text.endswith("</small>") and LEGEND in text
    for words in ("95% interval", "thin evidence", "thin code", "more among lost", "more among won",
                  "▲", "friction"):
        assert words in text


def test_filter_bar_and_outcomes_fit_the_default_window(qtbot, settings, demo_path) -> None:
    from interviewcoder.ui.evidence.evidence_tabs import install
    from tests.ui.conftest import open_main_window

    window = open_main_window(qtbot, demo_path, settings)
    install(window)
    assert (window.width(), window.height()) == (1280, 800)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    view = window.evidence_view
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        window.tabs.setCurrentIndex(titles.index("Evidence"))
    holder = window.tabs.currentWidget()
    room = holder.viewport().width()
    assert view.width() <= room  # nothing scrolls sideways out of the tab
    bar = view.filter_bar
    for child in bar.findChildren(type(bar.persona)) + [bar.attribute]:
        right = child.mapTo(bar, child.rect().topRight()).x()
        assert 0 <= right <= bar.width(), child
    table = view.table
    for column in range(table.model().columnCount()):
        if table.model().outcome_of(column) is not None:
            edge = table.columnViewportPosition(column) + table.columnWidth(column)
            assert edge <= table.viewport().width(), table.model().outcome_of(column)
    view.compute.wait()
    window.close()
