"""The suggestions panel on real widgets: suggestions arrive from the worker without blocking
the window, Accept / Reject / Accept all go through the session's undo stack, Train reports."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QItemSelectionModel, Qt  # noqa: E402
from PySide6.QtGui import QTextCharFormat  # noqa: E402
from PySide6.QtWidgets import QDockWidget  # noqa: E402

from interviewcoder.core.types import Dimension  # noqa: E402
from interviewcoder.nlp.suggestion import Suggestion  # noqa: E402
from interviewcoder.services.coding import add_quote  # noqa: E402
from interviewcoder.services.studies import create  # noqa: E402
from interviewcoder.store.nlp import NlpRepo  # noqa: E402
from tests.builders import add_source  # noqa: E402

TURNS = [
    ("Ann", "interviewer", None, "How did you find them?"),
    ("Bob", "participant", "Bob",
     "I read reviews on G2 and Capterra. Then we booked a demo. "
     "I was worried about hidden fees. We compared three vendors side by side."),
]


@pytest.fixture
def session(qapp, tmp_path: Path):
    from interviewcoder.ui.common.session import StudySession

    study = create(tmp_path / "p.icstudy")
    sid, _ = add_source(study, "interview", TURNS)
    s = StudySession(study, "tester")
    s.source_id = sid  # for the tests
    yield s
    study.close()


@pytest.fixture
def panel(qtbot, session):
    from interviewcoder.ui.suggestions.suggestions_panel import SuggestionsPanel

    p = SuggestionsPanel(session)
    p.min_score.setValue(0.0)
    qtbot.addWidget(p)
    yield p
    assert p.shutdown(), "the worker finished"
    assert p._pool.activeThreadCount() == 0


def _loaded(qtbot, panel) -> None:
    qtbot.waitUntil(lambda: not panel.busy and panel.model.rowCount() > 0, timeout=30000)


def _select(panel, rows: list[int]) -> None:
    sel = panel.view.selectionModel()
    sel.clearSelection()
    for r in rows:
        sel.select(panel.model.index(r, 0),
                   QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)


def test_suggestions_arrive_from_the_worker(qtbot, panel, session, qtmodeltester) -> None:
    with qtbot.waitSignal(panel.busy_changed) as started:
        panel.set_source(session.source_id)
    assert started.args == [True] and panel.busy  # the call returned while the worker runs
    assert "No learned model yet" in panel.metrics.text()
    with qtbot.waitSignal(panel.suggestions_ready, timeout=30000) as ready:
        pass
    found = ready.args[0]
    assert found and all(isinstance(s, Suggestion) for s in found)
    assert panel.model.rowCount() == len(found)
    codes = {panel.model.index(r, 0).data() for r in range(panel.model.rowCount())}
    # codes named as in every other panel: "Dimension: Name"
    assert {"Influence: Review sites", "Step: Requested a demo", "Anxiety: Hidden costs"} <= codes
    assert panel.model.headerData(1, Qt.Orientation.Horizontal) == "Score"
    assert panel.accept_button.isEnabled() and panel.suggest_button.isEnabled()
    qtmodeltester.check(panel.model)


def test_sorting_by_score(qtbot, panel, session, qtmodeltester) -> None:
    panel.set_source(session.source_id)
    _loaded(qtbot, panel)
    panel.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    scores = [float(panel.model.index(r, 1).data()) for r in range(panel.model.rowCount())]
    assert scores == sorted(scores, reverse=True)
    qtmodeltester.check(panel.model)


def test_accept_creates_an_undoable_quote(qtbot, panel, session) -> None:
    panel.set_source(session.source_id)
    _loaded(qtbot, panel)
    before = panel.model.rowCount()
    row = next(r for r in range(before)
               if panel.model.suggestion(r).code_path == "step/Requested a demo")
    chosen = panel.model.suggestion(row)
    _select(panel, [row])
    with qtbot.waitSignal(panel.accepted) as accepted:
        qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    [quote_id] = accepted.args[0]
    quote = session.study.quotes.get(quote_id)
    assert quote.origin == "suggestion" and quote.text == chosen.text == "Then we booked a demo."
    assert panel.model.rowCount() == before - 1
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert session.study.quotes.get(quote_id) is None
    # the undo touched this source: the panel suggests again, and the suggestion is back
    qtbot.waitUntil(lambda: not panel.busy and panel.model.rowCount() == before, timeout=30000)


def test_reject_is_remembered_and_undoable(qtbot, panel, session) -> None:
    panel.set_source(session.source_id)
    _loaded(qtbot, panel)
    before = panel.model.rowCount()
    chosen = panel.model.suggestion(0)
    _select(panel, [0])
    with qtbot.waitSignal(panel.rejected) as rejected:
        qtbot.mouseClick(panel.reject_button, Qt.MouseButton.LeftButton)
    assert rejected.args[0] == [chosen]
    assert panel.model.rowCount() == before - 1
    code = session.study.codes.find_nocase(*_dim_name(chosen.code_path))
    assert (chosen.source_id, chosen.start, chosen.end, code.id) in NlpRepo(
        session.study.db).rejections()
    panel.refresh()
    qtbot.waitUntil(lambda: not panel.busy, timeout=30000)
    assert chosen.key not in {s.key for s in panel.model.suggestions()}
    session.undo_stack.undo()
    assert NlpRepo(session.study.db).rejections() == set()


def _dim_name(path: str):
    dim, name = path.split("/", 1)
    return Dimension(dim), name


def test_accept_all_above_threshold(qtbot, panel, session) -> None:
    panel.set_source(session.source_id)
    _loaded(qtbot, panel)
    panel.threshold.setValue(0.9)
    strong = [s for s in panel.model.suggestions() if s.score >= 0.9]
    weak = [s for s in panel.model.suggestions() if s.score < 0.9]
    assert strong and weak
    with qtbot.waitSignal(panel.accepted) as accepted:
        qtbot.mouseClick(panel.accept_all_button, Qt.MouseButton.LeftButton)
    quotes = session.study.quotes.for_source(session.source_id)
    assert sorted(accepted.args[0]) == sorted(q.id for q in quotes)
    assert {(q.start, q.end) for q in quotes} == {(s.start, s.end) for s in strong}
    assert {s.key for s in panel.model.suggestions()} == {s.key for s in weak}
    session.undo_stack.undo()  # one step undoes them all
    assert session.study.quotes.for_source(session.source_id) == []


def test_selecting_a_suggestion_points_the_reader_at_it(qtbot, panel, session) -> None:
    panel.set_source(session.source_id)
    _loaded(qtbot, panel)
    first = panel.model.suggestion(0)
    with qtbot.waitSignal(panel.span_selected) as selected:
        panel.view.setCurrentIndex(panel.model.index(0, 0))
    assert selected.args == [first.source_id, first.start, first.end]


def test_train_without_enough_quotes_reports_a_one_line_error(qtbot, panel) -> None:
    with qtbot.waitSignal(panel.failed, timeout=30000) as failed:
        panel.train()
    assert "at least 5" in failed.args[0] and "\n" not in failed.args[0]
    assert not panel.busy and "at least 5" in panel.status.text()


def test_train_in_the_worker_then_suggest_with_the_model(qtbot, panel, session) -> None:
    study = session.study
    demo = study.codes.find(Dimension.STEP, "Requested a demo").id
    lines = []
    for i in range(10):
        lines += [f"They walked us through module {i} live.", f"The weather on day {i} was mild."]
    sid, spans = add_source(study, "coded", [("P", "participant", "P", t) for t in lines])
    for (start, end), text in zip(spans, lines, strict=True):
        if "walked" in text:
            add_quote(study, sid, start, end, [demo], "t")
    panel.set_source(session.source_id, suggest=False)
    with qtbot.waitSignal(panel.trained, timeout=60000) as trained:
        panel.train()
    assert [c["code"] for c in trained.args[0]["codes"]] == ["step/Requested a demo"]
    assert "Step: Requested a demo" in panel.metrics.text() and "precision" in panel.metrics.text()
    qtbot.waitUntil(lambda: not panel.busy, timeout=30000)  # it suggests again after training
    new, _ = add_source(study, "new", [("Q", "participant", "Q",
                                        "They walked us through the reporting module live.")])
    panel.set_source(new)
    _loaded(qtbot, panel)
    learned = [s for s in panel.model.suggestions() if "learned" in s.method]
    assert [s.code_path for s in learned] == ["step/Requested a demo"]


def test_a_newer_request_supersedes_an_older_one(qtbot, panel, session) -> None:
    panel.set_source(session.source_id)
    panel.refresh()
    panel.refresh()
    qtbot.waitUntil(lambda: not panel.busy, timeout=30000)
    assert panel.model.rowCount() > 0
    assert panel._jobs == {}


def test_install_docks_the_panel_and_follows_the_reader(qtbot, session, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from interviewcoder.ui.common.settings import Settings
    from interviewcoder.ui.main_window import MainWindow
    from interviewcoder.ui.suggestions.suggestions_panel import install

    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(session, settings)
    qtbot.addWidget(window)
    panel = install(window)
    window.show()
    qtbot.waitExposed(window)
    dock = next(d for d in window.findChildren(QDockWidget) if d.widget() is panel)
    window.codebook_dock.raise_()  # the Suggestions tab is behind the Codebook: no work for it
    qtbot.waitUntil(lambda: dock.visibleRegion().isEmpty())
    jobs = panel._job_number
    window.reader.show_source(session.source_id)
    window.source_changed.emit(session.source_id)
    assert panel._job_number == jobs and not panel.busy
    dock.raise_()  # the user clicks the Suggestions tab: the panel catches up
    _loaded(qtbot, panel)
    assert panel._job_number == jobs + 1
    row = next(r for r in range(panel.model.rowCount())
               if panel.model.suggestion(r).code_path == "step/Requested a demo")
    panel.view.setCurrentIndex(panel.model.index(row, 0))
    assert window.reader.selected_span() == (panel.model.suggestion(row).start,
                                             panel.model.suggestion(row).end)
    # suggested spans are marked in the reader with a dotted underline, apart from quotes
    marks = [(s.cursor.selectionStart(), s.cursor.selectionEnd())
             for s in window.reader.extraSelections()
             if s.format.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine]
    lay = window.reader.layout_map
    expected = sorted((lay.doc_pos(s.start), lay.doc_pos(s.end)) for s in panel.model.suggestions())
    assert sorted(marks) == expected and marks
    assert window.reader.background_at(panel.model.suggestion(0).start) is None  # not a quote
    panel.reject([panel.model.suggestion(0)])
    assert len([s for s in window.reader.extraSelections()
                if s.format.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine]) == len(marks) - 1
    window.source_changed.emit(None)
    assert panel.model.rowCount() == 0 and panel.source_id is None
    window.source_changed.emit(session.source_id)  # visible now: suggests at once
    assert panel.busy
    window.close()  # closing mid-job cancels and waits for the worker
    assert panel._pool.activeThreadCount() == 0


def test_the_app_window_gets_the_panel_without_loading_spacy(tmp_path: Path) -> None:
    """Start-up does not grow: the panel is docked, spaCy waits until suggestions are needed."""
    import subprocess
    import sys

    study = create(tmp_path / "start.icstudy")
    study.close()
    script = f"""
import sys
from PySide6.QtCore import QSettings
from interviewcoder.ui.app import application, open_window
from interviewcoder.ui.common.settings import Settings
app = application()
settings = Settings(QSettings({str(tmp_path / "s.ini")!r}, QSettings.Format.IniFormat))
settings.coder = "tester"
window = open_window({str(tmp_path / "start.icstudy")!r}, settings)
app.processEvents()
print(type(window.suggestions).__name__, "spacy" in sys.modules)
window.suggestions.shutdown()
window.close()
"""
    root = str(Path(__file__).resolve().parents[1])
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=root, timeout=120,
                         env={"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": root,
                              "HOME": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-2:] == ["SuggestionsPanel", "False"]


def _spy_candidates(monkeypatch) -> list[int]:
    """Count the spaCy runs (the real ``candidates`` still runs)."""
    from interviewcoder.services import suggestions

    calls: list[int] = []
    real = suggestions.candidates

    def counted(study, source_id, **kw):  # noqa: ANN001, ANN003, ANN202
        calls.append(source_id)
        return real(study, source_id, **kw)

    monkeypatch.setattr(suggestions, "candidates", counted)
    return calls


def _demo_sentence(panel) -> Suggestion:
    return next(s for s in panel.model.suggestions() if s.code_path == "step/Requested a demo")


def test_coding_refilters_without_running_spacy_again(qtbot, panel, session, monkeypatch) -> None:
    calls = _spy_candidates(monkeypatch)
    panel.set_source(session.source_id)
    _loaded(qtbot, panel)
    assert calls == [session.source_id]
    demo = _demo_sentence(panel)
    code = session.study.codes.find(Dimension.STEP, "Requested a demo").id
    jobs = panel._job_number
    from interviewcoder.services.coding import AddQuote

    session.apply(AddQuote(demo.source_id, demo.start, demo.end, (code,)))
    assert panel._job_number == jobs and not panel.busy  # nothing started on the coding path
    assert panel._catch_up_timer.isActive()
    qtbot.waitUntil(lambda: demo.key not in {s.key for s in panel.model.suggestions()},
                    timeout=10000)
    session.undo_stack.undo()  # the quote goes: its suggestion is open again
    qtbot.waitUntil(lambda: demo.key in {s.key for s in panel.model.suggestions()}, timeout=10000)
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    assert calls == [session.source_id]  # spaCy ran once, for showing the source


def test_a_burst_of_codings_is_one_catch_up(qtbot, panel, session) -> None:
    panel.set_source(session.source_id)
    _loaded(qtbot, panel)
    jobs = panel._job_number
    text = session.study.sources.text(session.source_id)
    code = session.study.codes.find(Dimension.INFLUENCE, "Review sites").id
    from interviewcoder.services.coding import AddQuote

    for word in ("G2", "Capterra", "hidden", "vendors"):
        at = text.index(word)
        session.apply(AddQuote(session.source_id, at, at + len(word), (code,)))
    assert panel._job_number == jobs
    qtbot.waitUntil(lambda: panel._job_number == jobs + 1 and not panel.busy, timeout=10000)
    assert not panel._catch_up_timer.isActive() and panel._stale == ""


def test_a_hidden_panel_waits_until_it_is_shown(qtbot, panel, session, monkeypatch) -> None:
    panel.set_source(session.source_id)
    _loaded(qtbot, panel)
    calls = _spy_candidates(monkeypatch)
    panel.set_on_screen(False)  # its tab went behind the codebook
    demo = _demo_sentence(panel)
    code = session.study.codes.find(Dimension.STEP, "Requested a demo").id
    jobs = panel._job_number
    from interviewcoder.services.coding import AddQuote

    session.apply(AddQuote(demo.source_id, demo.start, demo.end, (code,)))
    assert not panel._catch_up_timer.isActive() and panel._job_number == jobs
    assert panel._stale == "filter"
    panel.set_on_screen(True)  # shown again: it catches up at once, still without spaCy
    assert panel._job_number == jobs + 1
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    assert demo.key not in {s.key for s in panel.model.suggestions()} and calls == []


def test_a_codebook_change_suggests_again(qtbot, panel, session, monkeypatch) -> None:
    panel.set_source(session.source_id)
    _loaded(qtbot, panel)
    calls = _spy_candidates(monkeypatch)
    from interviewcoder.services.codebook import AddCode

    session.apply(AddCode(Dimension.THEME, "Budget season"))
    assert calls == [] and panel._stale == "suggest"
    qtbot.waitUntil(lambda: calls == [session.source_id] and not panel.busy, timeout=30000)


def test_a_replaced_text_is_suggested_again(qtbot, panel, session, tmp_path, monkeypatch) -> None:
    from interviewcoder.services import source_replace

    panel.set_source(session.source_id)
    _loaded(qtbot, panel)
    calls = _spy_candidates(monkeypatch)
    fixed = tmp_path / "fixed.txt"
    fixed.write_text("Ann: How did you find them?\n\nBob: A colleague recommended them. "
                     "We trialled it for two weeks.\n", encoding="utf-8")
    plan = source_replace.plan(session.study, session.source_id, fixed)
    session.apply(source_replace.operation(plan, {}))
    qtbot.waitUntil(lambda: calls == [session.source_id] and not panel.busy, timeout=30000)
    text = session.study.sources.text(session.source_id)
    assert panel.model.rowCount() > 0
    assert all(text[s.start:s.end] == s.text for s in panel.model.suggestions())
    assert "step/Trialled the product" in {s.code_path for s in panel.model.suggestions()}
