"""The Coder drop-down of the Matrix, Paths and Map tabs on real widgets: each coder's counts."""

from __future__ import annotations

import pytest

from interviewcoder.core.types import Dimension
from interviewcoder.services.coding import add_quote
from interviewcoder.ui.common.session import StudySession
from interviewcoder.ui.evidence.matrix_view import MatrixView
from interviewcoder.ui.evidence.paths_view import PathsView
from interviewcoder.ui.map.map_view import MapView
from tests.builders import add_source


def _code(study, dim: str, name: str):  # noqa: ANN001, ANN202
    return next(c for c in study.codes.list() if c.dimension.value == dim and c.name == name)


@pytest.fixture
def session(qapp, study):  # noqa: ANN001, ANN201
    sid, spans = add_source(study, "Pat interview", [
        ("Pat", "participant", "Pat", "I asked peers and the price had hidden costs."),
        ("Pat", "participant", "Pat", "Then I read reviews on G2.")])
    peers, reviews = _code(study, "step", "Asked peers"), _code(study, "step", "Read reviews")
    costs = _code(study, "anxiety", "Hidden costs")
    add_quote(study, sid, *spans[0], [peers.id, costs.id], "Ana")
    add_quote(study, sid, *spans[1], [reviews.id], "Ben")
    s = StudySession(study, "Lead")
    s.codes = {"peers": peers, "reviews": reviews, "costs": costs}  # type: ignore[attr-defined]
    return s


def _shown(qtbot, view):  # noqa: ANN001, ANN202
    qtbot.addWidget(view)
    view.resize(1000, 700)
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.show()
    return view


def test_matrix_tab_counts_one_coders_quotes(qtbot, session) -> None:  # noqa: ANN001
    view = _shown(qtbot, MatrixView(session))
    codes = session.codes
    assert [view.coder.itemText(i) for i in range(view.coder.count())] == ["All", "Ana", "Ben"]
    m = view.matrices[Dimension.ANXIETY.value]
    assert m.count(codes["peers"].id, codes["costs"].id) == 1
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.coder.set_coder("Ben")
    m = view.matrices[Dimension.ANXIETY.value]
    assert m.count(codes["peers"].id, codes["costs"].id) == 0
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.coder.set_coder("Ana")
    assert view.matrices[Dimension.ANXIETY.value].count(codes["peers"].id, codes["costs"].id) == 1
    view.compute.wait()


def test_paths_tab_shows_one_coders_paths(qtbot, session) -> None:  # noqa: ANN001
    view = _shown(qtbot, PathsView(session))
    assert view.paths_model.rows[0][4] == "Asked peers → Read reviews"
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.coder.set_coder("Ben")
    assert [r[4] for r in view.paths_model.rows] == ["Read reviews"]
    assert view.transitions_model.rowCount() == 0
    view.compute.wait()


def test_map_tab_coder_choice_draws_that_coders_map(qtbot, session) -> None:  # noqa: ANN001
    view = _shown(qtbot, MapView(session))
    reached = {s.name for s in view.journey.steps if s.participants}
    assert reached == {"Asked peers", "Read reviews"}
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.coder.setCurrentIndex(view.coder.findText("Ben"))
    assert view.journey.filters.coder == "Ben"
    assert {s.name for s in view.journey.steps if s.participants} == {"Read reviews"}
    view.compute.wait()
