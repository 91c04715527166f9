"""The Quotes dock's rows as plain Python: quote ids, their key material, order and filters.

A fetch gives the ids in reading order at once; the key material of every row (position,
coder, memo, code ids, participant ids: ``workspace.quote_keys``) may come a moment later.
Sort keys are computed from it once per column (one label per distinct set of codes or of
participants, not one per row) and kept until the labels they are made of change
(``forget_labels``). Sorting is one stable sort of the reading order by those keys (ties stay
in reading order), reversing it is free, and a filter is one pass over the sorted ids with a
set of the ids it keeps. Rows added, changed or removed by a coding action go in or out one
by one (bisect), never by sorting again. No Qt here.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

ALL = ""
FILTERS = ("outcome", "persona", "coder")
Person = tuple[str, str, str | None]  # name, outcome, persona
Position = tuple[int, int, int]  # source id, start, quote id: reading order


class QuoteKey(NamedTuple):
    """What sorting and filtering need of one quote (no text); a row of ``quote_keys``."""

    id: int
    source_id: int
    start: int
    coder: str
    memo: str
    code_ids: tuple[int, ...]
    people: tuple[int, ...]

    @property
    def position(self) -> Position:
        return (self.source_id, self.start, self.id)


@dataclass
class Labels:
    """How ids read: the study cache and the source names of the fetch provide these."""

    codes: Callable[[tuple[int, ...]], str]  # "Anxiety: Hidden costs; Step: Compared vendors"
    person: Callable[[int], Person | None]
    source: Callable[[int], str]


class QuoteTable:
    def __init__(self, labels: Labels) -> None:
        self.labels = labels
        self.filters = dict.fromkeys(FILTERS, ALL)
        self.column = -1
        self.descending = False
        self._ids: list[int] = []  # the fetch, in reading order, until the material is in
        self._material: dict[int, QuoteKey] | None = None
        self._keys: dict[int, dict[int, Any]] = {}  # column -> quote id -> sort key
        self._groups: dict[tuple[int, ...], tuple[list[Person], frozenset, frozenset]] = {}
        self._reading: list[int] = []  # every id of the material, in reading order
        self._sorted: list[int] = []  # every id, ascending by the current column's key
        self._kept: set[int] | None = None  # ids the filters keep (None: no filter)
        self._rows: list[int] = []  # the shown ids, ascending (``_sorted`` when unfiltered)

    # --- loading -----------------------------------------------------------------------------

    def load(self, ids: list[int]) -> None:
        """A new fetch: ids in reading order; their material follows with ``prepare``."""
        self._ids = list(ids)
        self._material = None
        self._keys.clear()
        self._reading = self._sorted = self._rows = list(ids)
        self._kept = None

    @property
    def prepared(self) -> bool:
        return self._material is not None

    def prepare(self, material: Iterable[QuoteKey]) -> None:
        """The key material of the fetch's rows: sort and filter from now on."""
        self._material = {m[0]: m for m in material}
        self._keys.clear()
        self._groups.clear()
        known = self._material
        reading = [i for i in self._ids if i in known]
        if len(reading) != len(known):  # rows the fetch did not list
            reading = sorted(known, key=lambda i: known[i].position)
        self._reading = reading
        self._resort()
        self._refilter()

    def precompute(self) -> None:
        """Make every column's sort keys now (in a worker, before the table is shown)."""
        if self._material is not None:
            for column in range(8):
                self._column_keys(column)

    def adopt_view(self, other: QuoteTable) -> None:
        """Take the labels, sort and filters of ``other`` (the table this one replaces)."""
        self.labels = other.labels
        self.filters = dict(other.filters)
        self.descending = other.descending
        if other.column != self.column:
            self.column = other.column
            if self._material is not None:
                self._resort()
        if self._material is not None:
            self._refilter()

    def forget_labels(self, *, codes: bool = False, people: bool = False) -> None:
        """Names changed: keys built from them are stale (rebuilt when next needed)."""
        dropped = {col for col in ((1,) if codes else ()) + ((2, 3, 4) if people else ())
                   if self._keys.pop(col, None) is not None}
        if people:
            self._groups.clear()
        if self._material is None:
            return
        if self.column in dropped:
            self._resort()
        if self.column in dropped or people:
            self._refilter()

    # --- reading -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def total(self) -> int:
        return len(self._material) if self._material is not None else len(self._ids)

    def id_at(self, row: int) -> int:
        return self._rows[-1 - row] if self.descending else self._rows[row]

    def ids(self) -> list[int]:
        """The shown ids in display order."""
        return self._rows[::-1] if self.descending else list(self._rows)

    def row_of(self, quote_id: int) -> int:
        """Display row of a quote, -1 when it is not shown."""
        if self._material is None:
            try:
                i = self._rows.index(quote_id)
            except ValueError:
                return -1
        else:
            m = self._material.get(quote_id)
            if m is None:
                return -1
            i = self._find(self._rows, self._probe(m, cached=True))
            if i >= len(self._rows) or self._rows[i] != quote_id:
                return -1
        return len(self._rows) - 1 - i if self.descending else i

    def contains(self, quote_id: int) -> bool:
        return quote_id in self._material if self._material is not None else quote_id in self._ids

    def material(self, quote_id: int) -> QuoteKey | None:
        return self._material.get(quote_id) if self._material is not None else None

    def choices(self, name: str) -> list[str]:
        """The values a filter can take in this fetch, for its drop-down (once per fetch)."""
        if self._material is None:
            return []
        if name == "coder":
            values = {m.coder for m in self._material.values()}
        else:
            values = set()
            for group in {m.people for m in self._material.values()}:
                _, outcomes, personas = self._group(group)
                values |= outcomes if name == "outcome" else personas
        return sorted((v for v in values if v), key=str.casefold)

    def people_text(self, people: tuple[int, ...], column: int) -> str:
        """The Participant (2), Outcome (3) or Persona (4) cell of a row."""
        who = self._group(people)[0]
        if column == 2:
            return ", ".join(p[0] for p in who)
        if column == 3:
            return ", ".join(dict.fromkeys(p[1] for p in who))
        return ", ".join(dict.fromkeys(p[2] for p in who if p[2]))

    # --- order and filters ---------------------------------------------------------------------

    def sort(self, column: int, descending: bool) -> None:
        if column == self.column:
            self.descending = descending  # the same order read backwards
            return
        self.column, self.descending = column, descending
        if self._material is not None:
            self._resort()
            self._refilter()

    def set_filter(self, name: str, value: str) -> None:
        self.filters[name] = value
        if self._material is not None:
            self._refilter()

    def _resort(self) -> None:
        if self.column < 0:
            self._sorted = list(self._reading)
        else:
            self._sorted = sorted(self._reading, key=self._column_keys(self.column).__getitem__)

    def _refilter(self) -> None:
        assert self._material is not None
        want = self.filters
        if not any(want.values()):
            self._kept = None
            self._rows = self._sorted
            return
        groups = {m.people for m in self._material.values()} if want["outcome"] or want["persona"] else set()
        ok = {g for g in groups if self._group_passes(g)}
        self._kept = {i for i, m in self._material.items()
                      if (not want["coder"] or m.coder == want["coder"])
                      and (not groups or m.people in ok)}
        kept = self._kept
        self._rows = [i for i in self._sorted if i in kept]

    def _group_passes(self, people: tuple[int, ...]) -> bool:
        _, outcomes, personas = self._group(people)
        outcome, persona = self.filters["outcome"], self.filters["persona"]
        return (not outcome or outcome in outcomes) and (not persona or persona in personas)

    def _passes(self, m: QuoteKey) -> bool:
        if self.filters["coder"] and m.coder != self.filters["coder"]:
            return False
        return not (self.filters["outcome"] or self.filters["persona"]) or self._group_passes(m.people)

    # --- changes -------------------------------------------------------------------------------

    def insertion_row(self, m: QuoteKey) -> int:
        """Where ``m`` would be shown (call before ``insert``); -1 if the filters hide it."""
        assert self._material is not None, "changes wait until the material is in"
        if not self._passes(m):
            return -1
        i = self._find(self._rows, self._probe(m))
        return len(self._rows) - i if self.descending else i

    def insert(self, m: QuoteKey) -> None:
        """Add a quote to the fetch (a new one, or a changed one after ``remove``)."""
        assert self._material is not None, "changes wait until the material is in"
        self._material[m.id] = m
        for col, keys in self._keys.items():
            keys[m.id] = self._key(m, col)
        self._reading.insert(bisect_left(self._reading, m.position,
                                         key=lambda i: self._material[i].position), m.id)
        probe = self._probe(m, cached=True)
        self._sorted.insert(self._find(self._sorted, probe), m.id)
        if self._kept is not None and self._passes(m):
            self._kept.add(m.id)
            self._rows.insert(self._find(self._rows, probe), m.id)

    def remove(self, quote_id: int) -> None:
        assert self._material is not None, "changes wait until the material is in"
        m = self._material.get(quote_id)
        if m is None:
            return
        probe = self._probe(m, cached=True)
        lists = [self._reading, self._sorted] + ([self._rows] if self._kept is not None else [])
        for rows, key in zip(lists, [m.position, probe, probe], strict=False):
            i = bisect_left(rows, key, key=self._position if rows is self._reading else self._full_key)
            if i < len(rows) and rows[i] == quote_id:
                del rows[i]
        if self._kept is not None:
            self._kept.discard(quote_id)
        del self._material[quote_id]
        for keys in self._keys.values():
            keys.pop(quote_id, None)

    # --- keys --------------------------------------------------------------------------------

    def _position(self, quote_id: int) -> Position:
        assert self._material is not None
        return self._material[quote_id].position

    def _full_key(self, quote_id: int) -> Any:
        """The total order of the sorted lists: the column's key, then reading order."""
        assert self._material is not None
        m = self._material[quote_id]
        if self.column < 0:
            return m.position
        return (self._keys[self.column][quote_id], m.position)

    def _probe(self, m: QuoteKey, *, cached: bool = False) -> Any:
        if self.column < 0:
            return m.position
        keys = self._column_keys(self.column)
        key = keys[m.id] if cached and m.id in keys else self._key(m, self.column)
        return (key, m.position)

    def _find(self, rows: list[int], probe: Any) -> int:
        return bisect_left(rows, probe, key=self._full_key)

    def _column_keys(self, column: int) -> dict[int, Any]:
        """Every row's key for a column, made from one label per distinct value."""
        keys = self._keys.get(column)
        if keys is not None:
            return keys
        assert self._material is not None
        rows = self._material.values()
        by: dict[Any, Any]
        if column == 1:
            by = {c: self.labels.codes(c).casefold() for c in {m.code_ids for m in rows}}
            keys = {m.id: by[m.code_ids] for m in rows}
        elif column in (2, 3, 4):
            by = {g: self.people_text(g, column).casefold() for g in {m.people for m in rows}}
            keys = {m.id: by[m.people] for m in rows}
        elif column == 5:
            by = {c: c.casefold() for c in {m.coder for m in rows}}
            keys = {m.id: by[m.coder] for m in rows}
        elif column == 6:
            keys = {m.id: m.memo.casefold() if m.memo else "" for m in rows}
        else:
            by = {sid: self.labels.source(sid).casefold() for sid in {m.source_id for m in rows}}
            keys = ({m.id: (by[m.source_id], m.start) for m in rows} if column == 0 else
                    {m.id: by[m.source_id] for m in rows})
        self._keys[column] = keys
        return keys

    def _key(self, m: QuoteKey, column: int) -> Any:
        """The sort key of one row for a column (ties then go in reading order)."""
        if column == 0:
            return (self.labels.source(m.source_id).casefold(), m.start)
        if column == 1:
            return self.labels.codes(m.code_ids).casefold()
        if column in (2, 3, 4):
            return self.people_text(m.people, column).casefold()
        if column == 5:
            return m.coder.casefold()
        if column == 6:
            return m.memo.casefold()
        return self.labels.source(m.source_id).casefold()

    def _group(self, people: tuple[int, ...]) -> tuple[list[Person], frozenset, frozenset]:
        """The participants of a row (by name), their outcomes and personas: once per group."""
        found = self._groups.get(people)
        if found is None:
            who = [p for p in (self.labels.person(pid) for pid in people) if p is not None]
            who.sort(key=lambda p: p[0].casefold())
            found = self._groups[people] = (who, frozenset(p[1] for p in who),
                                            frozenset(p[2] for p in who if p[2]))
        return found
