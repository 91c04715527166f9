"""The Agreement and Disagreements views on real widgets: the figures the service computes,
the unit and coder choices, the jump to the reader, accepting a version and undoing it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from interviewcoder.services import agreement
from interviewcoder.services.coding import add_quote
from interviewcoder.ui.agreement.agreement_view import AgreementView
from interviewcoder.ui.common.session import StudySession
from tests.builders import add_source


def _build(study):  # noqa: ANN001, ANN202
    turns = [("P", "participant", "Pat", f"Turn {i} says something worth coding.") for i in range(12)]
    sid, spans = add_source(study, "interview", turns)
    x, y = study.codes.list()[0], study.codes.list()[1]
    for coder, plan in (("Ana", {0: x, 1: x, 2: x, 3: x, 5: y}),
                        ("Ben", {1: x, 2: x, 3: x, 4: x, 5: y, 6: y})):
        for turn, code in plan.items():
            add_quote(study, sid, spans[turn][0], spans[turn][1], [code.id], coder)
    add_quote(study, sid, spans[8][0], spans[8][1], [y.id], "Cy")
    return sid, spans, x, y


@pytest.fixture
def view(qtbot, qapp, study):  # noqa: ANN001, ANN201
    session = StudySession(study, "Lead")
    session.built = _build(study)  # type: ignore[attr-defined]
    v = AgreementView(session)
    qtbot.addWidget(v)
    v.resize(1200, 800)
    v.set_coders(["Ana", "Ben"])
    with qtbot.waitSignal(v.refreshed, timeout=10_000):
        v.show()
    qtbot.waitUntil(lambda: v.report is not None and v.report.coders == ["Ana", "Ben"],
                    timeout=10_000)
    yield v
    v.compute.wait()


def _cell(view: AgreementView, code_id: int | None, header: str) -> str:
    row = next(i for i, r in enumerate(view.model.rows)
               if (r is None and code_id is None) or (r is not None and r.code_id == code_id))
    col = view.model.headers.index(header)
    return view.model.data(view.model.index(row, col))


def test_the_table_shows_the_services_figures_per_code_and_overall(view, qtmodeltester) -> None:  # noqa: ANN001
    _sid, _spans, x, y = view.session.built
    expected = agreement.compute(view.session.study, ["Ana", "Ben"])
    fx = next(c.figures for c in expected.codes if c.code_id == x.id)
    assert _cell(view, x.id, "κ (Cohen)") == f"{fx.kappa:.3f}" == "0.417"
    assert _cell(view, x.id, "Units") == 7 and _cell(view, x.id, "By Ana") == 4
    assert _cell(view, None, "Code") == "Overall (pooled)"
    assert _cell(view, y.id, "Note") == "unstable: few units"
    assert [r.code_id for r in view.model.rows if r] == [x.id, y.id]  # only codes in use
    assert "left out (5 of them)" in view.status.text()
    assert "1 source compared · 7 turns." in view.status.text()
    qtmodeltester.check(view.model)


def test_unit_and_uncoded_choices_recompute(view, qtbot) -> None:  # noqa: ANN001
    _sid, _spans, x, _y = view.session.built
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.include_uncoded.setChecked(True)
    assert _cell(view, x.id, "Units") == 12  # every turn: 5 uncoded ones counted
    assert _cell(view, x.id, "κ (Cohen)") != "0.417"
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.unit.setCurrentIndex(view.unit.findData("participant"))
    assert view.report.unit == "participant"
    assert _cell(view, x.id, "κ (Cohen)") == "n/a"  # one participant, no variation


def test_choosing_three_coders_gives_alpha_and_no_kappa(view, qtbot) -> None:  # noqa: ANN001
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.set_coders(["Ana", "Ben", "Cy"])
    qtbot.waitUntil(lambda: view.report.coders == ["Ana", "Ben", "Cy"], timeout=10_000)
    assert "By Cy" in view.model.headers
    # Cy coded only turn 8, which neither of the others did
    assert all(_cell(view, r.code_id, "κ (Cohen)") == "n/a" for r in view.model.rows if r)
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.set_coders(["Ana"])
    assert view.model.rowCount() == 0 and "two or more coders" in view.status.text()


def test_disagreements_jump_and_accepting_a_version_is_one_undo_step(view, qtbot) -> None:  # noqa: ANN001
    sid, spans, x, _y = view.session.built
    row = next(i for i, r in enumerate(view.model.rows) if r and r.code_id == x.id)
    view.table.selectRow(row)
    panel = view.disagreements
    assert panel.model.rowCount() == 2  # turns 0 and 4
    assert "2 units where the coders differ" in panel.title.text()
    assert panel.model.headers == ["Where", "Ana's codes", "Ben's codes", "Text"]
    assert panel.model.data(panel.model.index(0, 0)) == "Pat · interview"
    text = panel.model.data(panel.model.index(0, 3))
    assert text == "Turn 0 says something worth coding."
    assert panel.model.data(panel.model.index(0, 1)).startswith("✓")  # Ana gave it
    assert panel.model.data(panel.model.index(0, 2)) == "✗ (nothing)"  # Ben did not
    with qtbot.waitSignal(view.jump) as jumped:
        panel.table.doubleClicked.emit(panel.model.index(0, 1))
    assert jumped.args == [sid, spans[0][0], spans[0][1]]

    panel.table.selectRow(0)
    assert panel.accept_buttons["Ana"].isEnabled()
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        qtbot.mouseClick(panel.accept_buttons["Ana"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10_000)
    assert _cell(view, x.id, "Agreement") == f"{6 / 7 * 100:.1f}%"
    stack = view.session.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Accept Ana's version"
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        stack.undo()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=10_000)
    assert _cell(view, x.id, "κ (Cohen)") == "0.417"
