"""QuoteTable (plain Python): incremental inserts and removals keep the order and the filters
exactly as sorting and filtering everything again would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from interviewcoder.ui.quotes.quote_table import Labels, QuoteKey, QuoteTable

CODES = {1: "Step: Browsed", 2: "Anxiety: Hidden costs", 3: "influence: Ads", 4: "Step: asked peers"}
PEOPLE = {10: ("Ana", "won", "Finance"), 11: ("bob", "lost", None), 12: ("Cleo", "churned", "Ops"),
          13: ("dan", "won", "Ops")}
SOURCES = {1: "Interview B", 2: "interview a", 3: "Survey"}


def _labels() -> Labels:
    return Labels(codes=lambda ids: "; ".join(CODES[c] for c in ids),
                  person=lambda pid: PEOPLE.get(pid), source=lambda sid: SOURCES[sid])


quotes = st.builds(
    QuoteKey,
    id=st.integers(1, 60),
    source_id=st.sampled_from(sorted(SOURCES)),
    start=st.integers(0, 50),
    coder=st.sampled_from(["ana", "Ben", "cy"]),
    memo=st.sampled_from(["", "check", "Budget"]),
    code_ids=st.lists(st.sampled_from(sorted(CODES)), min_size=1, max_size=3, unique=True).map(
        lambda c: tuple(sorted(c))),
    people=st.lists(st.sampled_from(sorted(PEOPLE)), max_size=2, unique=True).map(
        lambda p: tuple(sorted(p))),
)


def _reading(rows: dict[int, QuoteKey]) -> list[int]:
    """Ids in reading order, as a fetch gives them."""
    return sorted(rows, key=lambda i: (rows[i].source_id, rows[i].start, i))


def _expected(table: QuoteTable, rows: dict[int, QuoteKey]) -> list[int]:
    """What sorting and filtering everything from scratch shows."""
    fresh = QuoteTable(_labels())
    fresh.filters = dict(table.filters)
    fresh.sort(table.column, table.descending)
    fresh.load(_reading(rows))
    fresh.prepare(rows.values())
    return fresh.ids()


@settings(max_examples=100, deadline=None)
@given(first=st.lists(quotes, max_size=25), later=st.lists(quotes, max_size=12),
       gone=st.lists(st.integers(1, 60), max_size=6), column=st.integers(-1, 7),
       descending=st.booleans(), outcome=st.sampled_from(["", "won", "lost"]),
       coder=st.sampled_from(["", "ana"]))
def test_changes_one_by_one_match_a_full_rearrange(first, later, gone, column, descending,
                                                   outcome, coder) -> None:
    rows = {q.id: q for q in first}
    table = QuoteTable(_labels())
    table.load(_reading(rows))
    table.prepare(rows.values())
    table.sort(column, descending)
    table.set_filter("outcome", outcome)
    table.set_filter("coder", coder)
    assert table.ids() == _expected(table, rows)
    for qid in gone:
        if table.contains(qid):
            table.remove(qid)
        rows.pop(qid, None)
    for q in later:  # a coding action: the quote is removed, then put back as it is now
        if table.contains(q.id):
            table.remove(q.id)
        row = table.insertion_row(q)
        table.insert(q)
        rows[q.id] = q
        assert row == table.row_of(q.id)
    assert table.ids() == _expected(table, rows)
    assert all(table.row_of(qid) == r for r, qid in enumerate(table.ids()))
    assert table.total == len(rows)


def test_keys_follow_the_labels_they_are_made_of() -> None:
    names = dict(CODES)
    table = QuoteTable(Labels(codes=lambda ids: "; ".join(names[c] for c in ids),
                              person=PEOPLE.get, source=SOURCES.__getitem__))
    rows = [QuoteKey(1, 1, 0, "ana", "", (1,), ()), QuoteKey(2, 1, 5, "ana", "", (2,), ())]
    table.load([1, 2])
    table.prepare(rows)
    table.sort(1, False)
    assert table.ids() == [2, 1]  # "Anxiety: …" before "Step: …"
    names[2] = "Value moment: Hidden costs"
    table.forget_labels(codes=True)
    assert table.ids() == [1, 2]


def test_choices_and_filters_before_and_after_the_material() -> None:
    table = QuoteTable(_labels())
    table.load([1, 2, 3])
    assert not table.prepared and table.ids() == [1, 2, 3] and table.choices("outcome") == []
    table.set_filter("outcome", "won")  # waits for the material
    table.prepare([QuoteKey(1, 1, 0, "ana", "", (1,), (10, 11)),
                   QuoteKey(2, 1, 5, "Ben", "", (2,), (11,)),
                   QuoteKey(3, 2, 0, "ana", "", (1,), (12,))])
    assert table.ids() == [1]
    assert table.choices("outcome") == ["churned", "lost", "won"]
    assert table.choices("persona") == ["Finance", "Ops"] and table.choices("coder") == ["ana", "Ben"]
    assert table.people_text((11, 10), 2) == "Ana, bob"
