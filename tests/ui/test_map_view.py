"""The Map and Saturation tabs on the hand-counted study (tests/evidence_study.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from interviewcoder.core.journey_map import MapTarget
from interviewcoder.services import journey_map, saturation
from interviewcoder.services.coding import RemoveQuote
from interviewcoder.ui.common.session import StudySession
from interviewcoder.ui.evidence.evidence_model import QUOTE_ID_ROLE
from interviewcoder.ui.map.map_items import ArrowItem, Hotspot
from interviewcoder.ui.map.map_view import MapView
from interviewcoder.ui.saturation.saturation_view import SaturationView
from tests.evidence_study import COSTS, PEERS, build


@pytest.fixture
def session(qapp, study):
    s = StudySession(study, "tester")
    s.built = build(study)  # type: ignore[attr-defined]
    return s


def _show(qtbot, view):  # noqa: ANN001, ANN202
    qtbot.addWidget(view)
    view.resize(1100, 800)
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.show()
    return view


@pytest.fixture
def map_view(qtbot, session):
    view = _show(qtbot, MapView(session))
    yield view
    view.compute.wait()


def _hotspot(view: MapView, target: MapTarget) -> Hotspot:
    return next(i for i in view.scene.items() if isinstance(i, Hotspot) and i.data(0) == target)


def _click(qtbot, view: MapView, item, double: bool = False) -> None:  # noqa: ANN001
    at = item.mapToScene(item.path().pointAtPercent(0.5)) if isinstance(item, ArrowItem) \
        else item.sceneBoundingRect().center()
    view.canvas.centerOn(at)
    pos = view.canvas.mapFromScene(at)
    click = qtbot.mouseDClick if double else qtbot.mouseClick
    click(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_map_view_draws_the_engines_map(map_view, session) -> None:
    journey = map_view.journey
    assert journey == journey_map.build(session.study)
    texts = " ".join(i.text() for i in map_view.scene.items() if hasattr(i, "text"))
    for step in journey.steps:
        assert step.name.split()[0] in texts
    assert set(map_view.scene.headers) == {s.code_id for s in journey.steps}
    lefts = [map_view.scene.headers[s.code_id].left() for s in journey.steps]
    assert lefts == sorted(lefts)  # columns in journey order
    arrows = [i for i in map_view.scene.items() if isinstance(i, ArrowItem)]
    assert len(arrows) == len(journey.transitions) == 2
    item = _hotspot(map_view, MapTarget("item", session.built.peers, session.built.costs))
    tip = item.toolTip()
    assert COSTS in tip and "3 participants said both in one answer" in tip
    assert "I asked peers a" in tip  # the item's quote


def test_clicking_lists_the_quotes_behind_it_and_jumps(map_view, qtbot, session,
                                                       qtmodeltester) -> None:
    built = session.built
    _click(qtbot, map_view, _hotspot(map_view, MapTarget("step", built.peers, outcome="lost")))
    rows = map_view.quotes_model.rows
    qtmodeltester.check(map_view.quotes_model)
    assert [(r["participants"], r["outcomes"]) for r in rows] == [("Cy", "lost"), ("Di", "lost")]
    assert "2 quotes behind" in map_view.caption.text() and PEERS in map_view.caption.text()
    item = _hotspot(map_view, MapTarget("item", built.peers, built.costs))
    _click(qtbot, map_view, item)
    assert item.pen().style() != Qt.PenStyle.NoPen  # outlined: the quotes below are its
    assert _hotspot(map_view, MapTarget("step", built.peers, outcome="lost")).pen().style() == \
        Qt.PenStyle.NoPen
    assert map_view.quotes_model.rows == journey_map.quotes_behind(
        session.study, MapTarget("item", built.peers, built.costs))
    arrow = next(i for i in map_view.scene.items() if isinstance(i, ArrowItem)
                 and i.data(0).code == built.peers)  # the loop back to asking peers
    _click(qtbot, map_view, arrow)
    assert {r["participants"] for r in map_view.quotes_model.rows} == {"Ed"}
    first = map_view.quotes_model.index(0, 0)
    map_view.quotes.scrollTo(first)
    qtbot.mouseClick(map_view.quotes.viewport(), Qt.MouseButton.LeftButton,
                     pos=map_view.quotes.visualRect(first).center())
    with qtbot.waitSignal(map_view.quote_activated) as blocker:
        qtbot.mouseDClick(map_view.quotes.viewport(), Qt.MouseButton.LeftButton,
                          pos=map_view.quotes.visualRect(first).center())
    assert blocker.args == [first.data(QUOTE_ID_ROLE), built.survey]
    # Double-clicking a step's quote on the map opens that quote.
    quote = map_view.journey.step(built.peers).quote
    with qtbot.waitSignal(map_view.quote_activated) as blocker:
        _click(qtbot, map_view, next(i for i in map_view.scene.items() if isinstance(i, Hotspot)
                                     and i.data(1) == quote.quote_id and i.data(0).kind == "step"),
               double=True)
    assert blocker.args == [quote.quote_id, quote.source_id]


def test_filters_moves_and_live_refresh(map_view, qtbot, session) -> None:
    with qtbot.waitSignal(map_view.refreshed, timeout=10_000):
        map_view.persona.setCurrentIndex(map_view.persona.findText("Buyer"))
    assert map_view.journey.outcome_sizes == {"won": 2, "lost": 2}
    assert "persona Buyer" in map_view.status.text()
    with qtbot.waitSignal(map_view.refreshed, timeout=10_000):
        map_view.persona.setCurrentIndex(0)
    zoom = map_view.canvas.zoom
    map_view.canvas.setFocus()
    qtbot.keyClick(map_view.canvas, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert map_view.canvas.zoom < zoom
    map_view.moves.setCurrentIndex(1)  # moves of 2+ participants only
    arrows = [i for i in map_view.scene.items() if isinstance(i, ArrowItem)]
    assert [a.data(0).step for a in arrows] == [session.built.peers]
    lost = journey_map.quotes_behind(session.study, MapTarget("step", session.built.peers, outcome="lost"))
    with qtbot.waitSignal(map_view.refreshed, timeout=10_000):
        for q in lost:
            session.apply(RemoveQuote(q["quote_id"]))
    reach = map_view.journey.step(session.built.peers).reach_of("lost")
    assert reach is not None and reach.participants == 0


def test_main_window_map_tab_and_export(qtbot, tmp_path, settings) -> None:
    from interviewcoder.services.studies import create
    from interviewcoder.ui import extensions
    from interviewcoder.ui.map.map_tabs import export_map, install
    from interviewcoder.ui.saturation.saturation_tab import install as install_saturation
    from tests.ui.conftest import open_main_window

    path = tmp_path / "w.icstudy"
    study = create(path)
    built = build(study)
    study.close()
    window = open_main_window(qtbot, path, settings)
    loaded = extensions.load()
    assert install in loaded and install_saturation in loaded
    install(window)
    install_saturation(window)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert {"Map", "Saturation"} <= set(titles)
    assert any("Journey map" in a.text() for a in window.export_menu.actions())
    view = window.map_view
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        window.tabs.setCurrentIndex(titles.index("Map"))
    view.pick(MapTarget("step", built.peers, outcome="churned"))
    view.quotes.setCurrentIndex(view.quotes_model.index(0, 0))
    view._quote_activated(view.quotes.currentIndex())  # Enter / double-click
    assert window.reader.source_id == built.survey and window.tabs.currentIndex() == 0
    png = export_map(window, tmp_path / "map.png")
    assert png is not None and not QImage(str(png)).isNull()
    svg = export_map(window, tmp_path / "shared.svg", redact_terms=[], redaction_report=True)
    text = svg.read_text(encoding="utf-8")
    assert "[Participant" in text and ">Ana<" not in text and "— Ana" not in text
    assert (tmp_path / "shared.svg.redaction-report.txt").exists()
    assert "redacted (" in window.statusBar().currentMessage()
    view.compute.wait()
    window.saturation_view.compute.wait()
    window.close()


def test_saturation_view(qtbot, session, qtmodeltester) -> None:
    from interviewcoder.services import participants as people

    view = _show(qtbot, SaturationView(session))
    qtmodeltester.check(view.model)
    expected = saturation.compute(session.study)
    assert [s.name for s in view.model.steps] == [s.name for s in expected.steps] == [
        "Ana", "Bo", "Cy", "Di", "Ed", "Fay"]  # Fay: an interview with nothing coded
    assert [view.model.index(i, 3).data() for i in range(6)] == [3, 0, 1, 0, 0, 0]
    assert "Gus" in view.summary.text() and "participant 3" in view.summary.text()  # no turns
    assert set(view.chart.lines()) == {"all", "won", "lost", "churned"}
    assert view.chart.grab().width() > 0
    people.set_participant(session.study, "Ed", "tester", attributes={"interviewed": "1"})
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        session.changed.emit(None)
    assert view.order.findData("interviewed") > 0
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.order.setCurrentIndex(view.order.findData("interviewed"))
    assert view.model.steps[0].name == "Ed"
    view.measure.setCurrentIndex(2)  # step x anxiety pairs
    assert view.chart.measure == "total_pairs"
    view.compute.wait()
