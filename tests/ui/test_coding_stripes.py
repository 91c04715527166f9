"""Coding stripes beside the reader's text (one per code of each quote, labelled, clickable)
and speakers' headers in one colour per person."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from interviewcoder.core.types import Role
from interviewcoder.ui.reader.coding_margin import assign_lanes


def test_lanes_keep_overlapping_stripes_apart() -> None:
    stripes = assign_lanes([(0, 50, 1, 10), (0, 50, 1, 11), (10, 20, 2, 10), (60, 80, 3, 12),
                            (55, 70, 4, 10)])
    lane = {(s.quote_id, s.code_id): s.lane for s in stripes}
    assert lane[(1, 10)] != lane[(1, 11)]  # one stripe per code of a quote
    assert lane[(2, 10)] not in (lane[(1, 10)], lane[(1, 11)])  # inside quote 1: a lane of its own
    assert lane[(4, 10)] == 0 and lane[(3, 12)] == 1  # after quote 1 ends, lanes are free again


def test_every_code_of_a_quote_has_a_labelled_stripe_and_a_click_selects_the_quote(qtbot, window):
    w = window
    sid = next(s for s, row in w.sources.model.rows.items() if row["kind"] == "interview")
    w.sources.select_source(sid)
    qtbot.waitUntil(lambda: w.quotes.model.key == sid)
    turn = next(t for t in w.reader.layout_map.turns if t.role != Role.INTERVIEWER)
    codes = [c.id for c in list(w.cache.codes.values())[:3]]
    w.reader.select_span(turn.start, turn.start + 30)
    for cid in codes:  # one quote, three codes
        w.coding.tag(cid)
    qid = w.reader.selected_quote
    w.reader.select_span(turn.start + 5, turn.start + 20)
    inner = w.coding.tag(codes[0])  # an overlapping quote
    margin = w.reader.margin
    assert margin.isVisible()
    w.reader.setTextCursor(QTextCursor(w.reader.document()))
    w.reader.centerCursor()
    w.reader.select_quote(qid)  # scrolls it on screen
    shown = {(s.quote_id, s.code_id): (s, top, bottom) for s, top, bottom in margin.visible_stripes()}
    assert {(qid, c) for c in codes} | {(inner, codes[0])} <= set(shown)
    lanes = {shown[(qid, c)][0].lane for c in codes} | {shown[(inner, codes[0])][0].lane}
    assert len(lanes) == 4  # side by side, none hidden behind another
    margin.repaint()
    labels = [margin.stripe_at(rect.center()) for rect, _s in margin._hits]
    assert {(s.quote_id, s.code_id) for s in labels if s} >= {(qid, c) for c in codes}
    # click the inner quote's stripe: it becomes the selected quote, and the dock follows
    stripe, top, bottom = shown[(inner, codes[0])]
    rect = next(r for r, s in margin._hits if s == stripe and r.width() < 12)
    w.reader.select_quote(qid, scroll=False)
    qtbot.mouseClick(margin, Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.reader.selected_quote == inner
    assert w.quotes.selected_quote() == inner
    # the stripes can be hidden
    w.reader.set_stripes_visible(False)
    assert not w.reader.stripes_visible() and w.reader.viewportMargins().right() == 0


def test_a_speaker_keeps_one_header_colour_in_every_source(qtbot, window):
    w = window
    surveys = [s for s, row in w.sources.model.rows.items() if row["kind"] == "survey"]
    colours: dict[str, set[str]] = {}
    for sid in surveys:
        w.sources.select_source(sid)
        lay = w.reader.layout_map
        for h in lay.headers[:12]:
            cur = QTextCursor(w.reader.document())
            cur.setPosition(h.doc_start + 1)
            name = lay.turns[h.turn].speaker
            colours.setdefault(name, set()).add(cur.charFormat().foreground().color().name())
    assert all(len(c) == 1 for c in colours.values())  # one colour per person, in both questions
    assert len({next(iter(c)) for c in colours.values()}) >= 3  # and people told apart
