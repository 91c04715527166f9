"""Codebook dock: add, rename, recolour, reorder, merge and delete codes, each undoable."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData, QModelIndex, Qt

from interviewcoder.core.types import Dimension
from interviewcoder.ui.codebook.codebook_model import CODE_MIME
from interviewcoder.ui.reader.reader_view import SPAN_MIME


def _names(window, dim: Dimension) -> list[str]:
    model = window.codebook.model
    parent = model.dimension_index(dim)
    return [model.index(r, 0, parent).data() for r in range(model.rowCount(parent))]


def _find(window, dim: Dimension, name: str) -> int:
    return next(c.id for c in window.cache.codes.values() if c.dimension == dim and c.name == name)


def test_add_rename_recolour_with_undo(qtbot, window):
    w, dock = window, window.codebook
    undo = w.session.undo_stack
    cid = dock.add_code(Dimension.ANXIETY, "Price of add-ons")
    assert cid is not None and _names(w, Dimension.ANXIETY)[-1] == "Price of add-ons"
    assert dock.current_code() == cid
    assert dock.rename(cid, "Add-on pricing")
    assert w.session.study.codes.get(cid).name == "Add-on pricing"
    assert "Add-on pricing" in _names(w, Dimension.ANXIETY)
    assert dock.update_code(cid, colour="#123456", description="Costs beyond the list price")
    idx = dock.model.index_of(cid)
    assert idx.data(Qt.ItemDataRole.ToolTipRole) == "Costs beyond the list price"

    undo.undo()  # colour and description
    assert w.session.study.codes.get(cid).colour != "#123456"
    undo.undo()  # rename
    assert "Price of add-ons" in _names(w, Dimension.ANXIETY)
    undo.undo()  # add
    assert w.session.study.codes.get(cid) is None
    assert "Price of add-ons" not in _names(w, Dimension.ANXIETY)
    undo.redo()
    assert w.session.study.codes.get(cid).name == "Price of add-ons"

    # a duplicate name is refused with one line, nothing pushed
    errors = []
    dock.error.connect(errors.append)
    depth = undo.count()
    assert dock.add_code(Dimension.ANXIETY, "hidden costs") is None
    assert "already has" in errors[0] and undo.count() == depth


def test_merge_confirms_with_quote_count_and_undoes(qtbot, window):
    w, dock = window, window.codebook
    study = w.session.study
    src = _find(w, Dimension.STEP, "Compared vendors again")
    dst = _find(w, Dimension.STEP, "Compared vendors")
    n_src = len(study.quotes.for_code(src))
    before_dst = set(study.quotes.ids_with_code(dst))
    asked = []
    dock.confirm = lambda title, text: asked.append(text) or True
    assert dock.merge(src, dst)
    assert f"{n_src} quote" in asked[0]
    assert study.codes.get(src) is None
    assert set(study.quotes.ids_with_code(dst)) >= before_dst
    assert "Compared vendors again" not in _names(w, Dimension.STEP)
    assert dock.model.index_of(dst).siblingAtColumn(1).data() == len(study.quotes.ids_with_code(dst))
    w.session.undo_stack.undo()
    assert study.codes.get(src) is not None
    assert set(study.quotes.ids_with_code(dst)) == before_dst
    assert len(study.quotes.for_code(src)) == n_src


def test_delete_names_the_quotes_it_affects_and_undo_restores_them(qtbot, window):
    w, dock = window, window.codebook
    study = w.session.study
    cid = max(w.cache.codes, key=lambda c: w.cache.usage(c)[0])
    quotes = study.quotes.for_code(cid)
    assert quotes
    lonely = sum(1 for q in quotes if q.code_ids == (cid,))
    asked = []
    dock.confirm = lambda title, text: asked.append(text) is not None and False
    assert not dock.delete(cid)  # declined: nothing happens
    assert study.codes.get(cid) is not None
    assert f"It is on {len(quotes)} quote" in asked[0]
    if lonely:
        assert f"{lonely} of them have no other code" in asked[0]
    dock.confirm = lambda title, text: True
    assert dock.delete(cid)
    assert study.codes.get(cid) is None and cid not in w.cache.codes
    assert dock.model.index_of(cid) == QModelIndex()
    w.session.undo_stack.undo()
    assert study.codes.get(cid) is not None
    assert sorted(q.id for q in study.quotes.for_code(cid)) == sorted(q.id for q in quotes)
    assert dock.model.index_of(cid).isValid()


def test_drag_reorders_within_a_dimension_and_a_span_drop_tags(qtbot, window):
    w = window
    model = w.codebook.model
    names = _names(w, Dimension.INFLUENCE)
    moved = _find(w, Dimension.INFLUENCE, names[3])
    mime = model.mimeData([model.index_of(moved)])
    assert json.loads(bytes(mime.data(CODE_MIME).data())) == [moved]
    parent = model.dimension_index(Dimension.INFLUENCE)
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, parent)
    assert _names(w, Dimension.INFLUENCE)[0] == names[3]
    assert [c.name for c in w.session.study.codes.in_dimension(Dimension.INFLUENCE)][0] == names[3]
    w.session.undo_stack.undo()
    assert _names(w, Dimension.INFLUENCE) == names

    # a selection dragged from the reader onto a code tags it
    sid = next(iter(w.sources.model.rows))
    w.sources.select_source(sid)
    turn = w.reader.layout_map.turns[0]
    start, end = turn.start, turn.start + len(w.reader.source_text[turn.start:turn.end].split()[0])
    w.reader.select_span(start, end)
    span_mime = w.reader.createMimeDataFromSelection()
    assert span_mime.hasFormat(SPAN_MIME)
    target = _find(w, Dimension.TRIGGER, "Painful incident")
    assert model.canDropMimeData(span_mime, Qt.DropAction.CopyAction, -1, -1, model.index_of(target))
    model.dropMimeData(span_mime, Qt.DropAction.CopyAction, -1, -1, model.index_of(target))
    [q] = [q for q in w.session.study.quotes.for_source(sid) if (q.start, q.end) == (start, end)]
    assert q.code_ids == (target,)
    assert not model.canDropMimeData(QMimeData(), Qt.DropAction.CopyAction, -1, -1, parent)


def test_filter_keeps_matching_codes_only(qtbot, window):
    dock = window.codebook
    qtbot.keyClicks(dock.filter, "review")
    model = dock.model
    shown = [model.index(r, 0, model.index(d, 0)).data()
             for d in range(model.rowCount()) for r in range(model.rowCount(model.index(d, 0)))]
    assert shown and all("review" in name.lower() or "review" in
                         window.cache.codes[_find_any(window, name)].description.lower() for name in shown)
    dock.filter.clear()
    assert model.rowCount() == len(Dimension)


def _find_any(window, name: str) -> int:
    return next(c.id for c in window.cache.codes.values() if c.name == name)
