"""Regression tests for defects seen using the app as a new user would (issue 17)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QApplication

from interviewcoder.core.types import Role
from tests.ui.conftest import open_main_window


def _participant_span(window, words: int = 6) -> tuple[int, int]:
    """A span of the shown source: the first words of its first participant turn."""
    lay = window.reader.layout_map
    turn = next(t for t in lay.turns if t.role != Role.INTERVIEWER and t.end - t.start > 80)
    text = window.reader.source_text
    end = turn.start + len(" ".join(text[turn.start:turn.end].split(" ")[:words]))
    return turn.start, end


def _interviews(window) -> list[int]:
    return [sid for sid, row in window.sources.model.rows.items() if row["kind"] == "interview"]


def test_switching_source_after_coding_paints_no_code_colour_on_uncoded_text(qtbot, window):
    w = window
    first, second = _interviews(w)[:2]
    w.sources.select_source(first)
    start, end = _participant_span(w)
    w.reader.select_span(start, end)  # the cursor ends inside the new highlight
    code = next(iter(w.cache.codes.values()))
    qid = w.coding.tag(code.id)
    assert qid is not None and w.reader.background_at(start) is not None
    w.reader.select_span(start, end)
    w.sources.select_source(second)
    assert w.reader.source_id == second
    covered = {p for q in w.reader.quotes.values() for p in range(q.start, q.end)}
    painted = [p for p in range(0, len(w.reader.source_text), 7)
               if p not in covered and w.reader.background_at(p) is not None]
    assert painted == []
    # and the headers keep their own format, not a highlight's
    w.sources.select_source(first)
    assert w.reader.background_at(start) == w.cache.colour((code.id,))


def test_delete_in_the_quotes_dock_removes_the_selected_quote_and_undo_restores_it(qtbot, window):
    w = window
    sid = next(sid for sid, row in w.sources.model.rows.items() if row["quotes"] >= 2)
    w.sources.select_source(sid)
    qtbot.waitUntil(lambda: w.quotes.model.key == sid and len(w.quotes.model.rows) >= 2)
    view = w.quotes.view
    view.setFocus()
    view.selectRow(0)
    first = w.quotes.model.rows[0]["id"]
    second = w.quotes.model.rows[1]["id"]
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert w.session.study.quotes.get(first) is None
    assert w.quotes.model.row_of(first) == -1
    assert "Deleted quote" in w.statusBar().currentMessage()
    # the next quote is selected, so Delete again removes it too
    assert w.quotes.selected_quote() == second
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.session.study.quotes.get(first) is not None
    assert w.quotes.model.row_of(first) >= 0


def test_codebook_people_count_never_shows_a_stale_number(qtbot, window, demo_path, settings):
    w = window
    unused = next(c for c in w.cache.codes.values() if w.cache.usage(c.id) == (0, 0))
    sid = _interviews(w)[0]
    w.sources.select_source(sid)
    w.reader.select_span(*_participant_span(w))
    w.coding.tag(unused.id)
    people = w.codebook.model.index_of(unused.id, 2)
    quotes = w.codebook.model.index_of(unused.id, 1)
    assert quotes.data() == 1
    assert people.data() != 0  # was 0 until the deferred recount ran: "flips between 0 and 1"
    qtbot.waitUntil(lambda: people.data() == 1)
    w.sources.select_source(_interviews(w)[1])
    assert w.codebook.model.index_of(unused.id, 2).data() == 1
    w.close()
    again = open_main_window(qtbot, demo_path, settings)
    assert again.codebook.model.index_of(unused.id, 2).data() == 1
    again.sources.select_source(sid)
    assert again.codebook.model.index_of(unused.id, 2).data() == 1
    again.close()


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, obj, event) -> bool:  # noqa: N802, ANN001
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_empty_state_text_is_repainted_after_an_import(qtbot, tmp_path, settings):
    from interviewcoder.services.importing import ImportOptions, import_file
    from interviewcoder.services.operations import Changes
    from interviewcoder.services.studies import create

    create(tmp_path / "empty.icstudy", template="journey").close()
    w = open_main_window(qtbot, tmp_path / "empty.icstudy", settings)
    assert "no sources yet" in w.reader.placeholderText()
    qtbot.waitUntil(lambda: not w.reader.viewport().visibleRegion().isEmpty())
    paints = _Paints()
    w.reader.viewport().installEventFilter(paints)
    QApplication.processEvents()  # paints already queued are not the ones this test is about
    paints.count = 0
    transcript = tmp_path / "interview.txt"
    transcript.write_text("Interviewer: How did you choose?\n\nAna: We compared three vendors.\n",
                          encoding="utf-8")
    result = import_file(w.session.study, transcript, ImportOptions(participant="Ana",
                                                                     interviewers=("Interviewer",)))
    w.session.notify(Changes(sources=frozenset(s["id"] for s in result.sources)))
    assert "Choose a source" in w.reader.placeholderText()
    qtbot.waitUntil(lambda: paints.count > 0)  # the new text is on screen, not the old one
    w.close()


def test_a_saved_geometry_too_big_for_this_screen_is_not_restored(qtbot, demo_path, settings):
    w = open_main_window(qtbot, demo_path, settings)
    screen = w.screen().availableGeometry()
    w.resize(screen.width() * 2, screen.height() * 2)  # saved at another scale, another screen
    w.move(screen.x() + screen.width() // 2, screen.y())
    w.close()
    assert not settings.window_geometry.isEmpty()
    again = open_main_window(qtbot, demo_path, settings)
    inside = again.geometry()  # the window itself (a window manager's frame may stick out by a pixel)
    assert screen.contains(inside), (inside, screen)
    # the docks get their default sizes with it: none collapsed
    for dock in (again.sources_dock, again.codebook_dock, again.quotes_dock):
        assert dock.isVisible() and dock.width() > 80 and dock.height() > 80, dock.objectName()
    again.resize(700, 500)
    again.close()
    settings.window_screen = f"{screen.width() * 3 // 2}x{screen.height() * 3 // 2}"  # saved at 1.5x
    third = open_main_window(qtbot, demo_path, settings)
    assert third.size() != QSize(700, 500)  # not restored: the default size for this screen
    assert screen.contains(third.geometry())
    third.close()


def test_a_group_of_sources_shows_its_new_total_of_quotes_after_coding(qtbot, window):
    w = window
    sid = _interviews(w)[0]
    w.sources.select_source(sid)
    row = w.sources.model.index_of(sid)
    group = row.parent()
    before = int(group.siblingAtColumn(2).data().replace(",", ""))
    changed = []
    w.sources.model.dataChanged.connect(lambda a, b, _roles=(): changed.append((a.internalId(), a.row())))
    w.reader.select_span(*_participant_span(w))
    w.coding.tag(next(iter(w.cache.codes)))
    assert group.siblingAtColumn(2).data() == f"{before + 1:,}"
    # the view is told the group's row changed too (it kept showing the old total)
    assert (group.internalId(), group.row()) in changed
