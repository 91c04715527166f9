"""The participant recount after coding runs in the cache's worker, never on the UI thread."""

from __future__ import annotations

import threading

from interviewcoder.services.coding import AddQuote, RemoveQuote
from interviewcoder.services.participants import UpdateParticipant
from interviewcoder.store import workspace


def _spy(monkeypatch) -> list[str]:
    """Record the thread each participant count runs on (the real query still runs)."""
    threads: list[str] = []
    real = workspace.code_usage

    def counting(db, code_ids=None):  # noqa: ANN001, ANN202
        threads.append(threading.current_thread().name)
        return real(db, code_ids)

    monkeypatch.setattr(workspace, "code_usage", counting)
    return threads


def _turns_of_someone(window) -> tuple[int, list[tuple[int, int]]]:
    """A source and participant turns of it with an uncoded 30-character span each."""
    study = window.session.study
    for source in study.sources.list():
        quotes = study.quotes.for_source(source.id)
        spans = []
        for t in study.sources.turns(source.id):
            if t.participant_id is None or t.end - t.start < 40:
                continue
            if not any(q.start < t.start + 30 and t.start < q.end for q in quotes):
                spans.append((t.start, t.start + 30))
        if len(spans) >= 4:
            return source.id, spans
    raise AssertionError("the demo study has a source with four uncoded participant turns")


def test_people_are_recounted_in_the_worker(qtbot, window, monkeypatch) -> None:
    cache = window.cache
    code = next(iter(cache.codes))
    before = cache.usage(code)  # the first count (first paint) is still made at once
    threads = _spy(monkeypatch)
    sid, spans = _turns_of_someone(window)
    with qtbot.waitSignal(cache.usage_updated, timeout=10000) as updated:
        window.session.apply(AddQuote(sid, *spans[0], (code,)))
        assert cache.usage(code)[0] == before[0] + 1  # the quote count at once
        assert threads == []  # nothing counted on the coding path
    assert code in updated.args[0]
    assert threads and threading.main_thread().name not in threads
    assert cache.usage(code) == workspace.code_usage(window.session.study.db, [code])[code]
    assert not cache.busy


def test_a_burst_of_codings_is_one_recount(qtbot, window, monkeypatch) -> None:
    cache = window.cache
    codes = list(cache.codes)[:4]
    cache.usage(codes[0])
    threads = _spy(monkeypatch)
    sid, spans = _turns_of_someone(window)
    ids = [window.session.apply(AddQuote(sid, *span, (code,))).result
           for span, code in zip(spans, codes, strict=False)]
    qtbot.waitUntil(lambda: not cache.busy, timeout=10000)
    assert len(threads) == 1  # the four codes of the burst, in one count
    truth = workspace.code_usage(window.session.study.db, codes)
    assert {c: cache.usage(c) for c in codes} == truth
    for qid in ids:  # and back: every count follows the undo-like removals
        window.session.apply(RemoveQuote(qid))
    qtbot.waitUntil(lambda: not cache.busy, timeout=10000)
    assert {c: cache.usage(c) for c in codes} == workspace.code_usage(window.session.study.db, codes)


def test_a_participant_change_recounts_every_code_off_the_ui_thread(qtbot, window, monkeypatch) -> None:
    cache = window.cache
    cache.usage(next(iter(cache.codes)))
    threads = _spy(monkeypatch)
    person = next(iter(cache.participants.values()))
    window.session.apply(UpdateParticipant(person.id, outcome="churned"))
    assert threads == []
    qtbot.waitUntil(lambda: not cache.busy, timeout=10000)
    assert threads and threading.main_thread().name not in threads
    truth = workspace.code_usage(window.session.study.db)
    assert all(cache.usage(c) == truth.get(c, (0, 0)) for c in cache.codes)


def test_closing_the_window_stops_the_worker(qtbot, window) -> None:
    cache = window.cache
    code = next(iter(cache.codes))
    cache.usage(code)
    sid, spans = _turns_of_someone(window)
    window.session.apply(AddQuote(sid, *spans[0], (code,)))
    qtbot.waitUntil(lambda: not cache.busy, timeout=10000)
    thread = cache.worker._thread
    assert thread is not None and thread.isRunning()
    window.close()
    assert not thread.isRunning() and cache.worker._thread is None
