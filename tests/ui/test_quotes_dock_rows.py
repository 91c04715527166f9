"""The Quotes dock over every quote: ids first, cells and sort keys when needed; a coding
action moves one row, never the whole table; big fetches prepare their keys in the worker."""

from __future__ import annotations

from PySide6.QtCore import Qt

from interviewcoder.services.coding import AddQuote, RemoveQuote, Retag
from interviewcoder.ui.quotes import quotes_model
from interviewcoder.ui.quotes.quotes_model import QUOTE_ID_ROLE, QuotesModel


def _column(model, col: int) -> list[str]:
    return [model.index(r, col).data() for r in range(model.rowCount())]


def _uncoded(window) -> tuple[int, int, int]:
    """A source and a 25-character span of one of its participant turns no quote touches."""
    study = window.session.study
    for source in study.sources.list():
        quotes = study.quotes.for_source(source.id)
        for t in study.sources.turns(source.id):
            if t.participant_id is None or t.end - t.start < 40:
                continue
            if not any(q.start < t.start + 25 and t.start < q.end for q in quotes):
                return source.id, t.start, t.start + 25
    raise AssertionError("no uncoded participant turn in the demo study")


def test_every_quote_of_the_study(qtbot, qtmodeltester, window) -> None:
    dock = window.quotes
    dock.show_all()
    model = dock.model
    qtmodeltester.check(model, force_py=True)
    study = window.session.study
    assert model.mode == "all" and model.rowCount() == study.quotes.count()
    ids = [model.index(r, 0).data(QUOTE_ID_ROLE) for r in range(model.rowCount())]
    quotes = {q.id: q for s in study.sources.list() for q in study.quotes.for_source(s.id)}
    assert sorted(ids) == sorted(quotes)
    assert [(quotes[i].source_id, quotes[i].start) for i in ids] == sorted(
        (quotes[i].source_id, quotes[i].start) for i in ids)  # reading order until sorted
    assert model.index(0, 0).data() == " ".join(quotes[ids[0]].text.split())[:300]
    assert f"{model.rowCount():,} quotes" in dock.caption.text()
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert _column(model, 1) == sorted(_column(model, 1), key=str.casefold)
    model.sort(5, Qt.SortOrder.DescendingOrder)
    assert _column(model, 5) == sorted(_column(model, 5), key=str.casefold, reverse=True)


def test_a_coding_action_moves_one_row(qtbot, qtmodeltester, window) -> None:
    dock = window.quotes
    dock.show_all()
    model = dock.model
    qtmodeltester.check(model, force_py=True)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    before = model.rowCount()
    code = next(iter(window.cache.codes))
    sid, start, end = _uncoded(window)
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.rowsInserted):
        qid = window.session.apply(AddQuote(sid, start, end, (code,))).result
    assert model.rowCount() == before + 1
    row = model.row_of(qid)
    assert model.index(row, 0).data(QUOTE_ID_ROLE) == qid
    assert model.index(row, 1).data() == window.cache.label(window.cache.codes[code])
    assert _column(model, 1) == sorted(_column(model, 1), key=str.casefold, reverse=True)
    other = next(c for c in window.cache.codes if c != code)
    with qtbot.assertNotEmitted(model.modelReset):
        window.session.apply(Retag(qid, add=(other,)))
    assert model.rowCount() == before + 1
    assert _column(model, 1) == sorted(_column(model, 1), key=str.casefold, reverse=True)
    with qtbot.assertNotEmitted(model.modelReset):
        window.session.apply(RemoveQuote(qid))
    assert model.rowCount() == before and model.row_of(qid) == -1


def test_filters_keep_their_choices_and_hide_new_rows(qtbot, window) -> None:
    dock = window.quotes
    dock.show_all()
    model = dock.model
    box = dock.filters["outcome"]
    values = [box.itemData(i) for i in range(box.count())]
    assert values[0] == "" and len(values) > 2
    box.setCurrentIndex(box.findData("won"))
    assert all("won" in o for o in _column(model, 3))
    assert [box.itemData(i) for i in range(box.count())] == values  # not refilled per filter
    shown = model.rowCount()
    assert f"{shown:,} quotes of {model.table.total:,}" in dock.caption.text()
    code = next(iter(window.cache.codes))
    sid, start, end = _uncoded(window)
    qid = window.session.apply(AddQuote(sid, start, end, (code,))).result
    won = any(p[1] == "won" for p in (model._person(pid) for pid in model.table.material(qid).people))
    assert model.rowCount() == shown + (1 if won else 0)
    assert model.table.total == window.session.study.quotes.count()


def test_a_big_fetch_prepares_its_keys_in_the_worker(qtbot, qtmodeltester, window,
                                                     monkeypatch) -> None:
    monkeypatch.setattr(quotes_model, "SYNC_ROWS", 10)
    model = QuotesModel(window.cache)
    qtmodeltester.check(model, force_py=True)
    with qtbot.waitSignal(model.prepared, timeout=10000):
        model.show("all")
        assert not model.ready and model.rowCount() == window.session.study.quotes.count()
        model.sort(2, Qt.SortOrder.AscendingOrder)  # applied when the keys are in
        code = next(iter(window.cache.codes))
        sid, start, end = _uncoded(window)
        qid = window.session.apply(AddQuote(sid, start, end, (code,))).result  # meanwhile
    assert model.ready and model.row_of(qid) >= 0
    assert model.rowCount() == window.session.study.quotes.count()
    assert _column(model, 2) == sorted(_column(model, 2), key=str.casefold)
    assert model.choices("coder")
