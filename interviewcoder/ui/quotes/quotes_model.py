"""QuotesModel: the quotes of one source, of one code, or of the whole study.

The model holds ids, as Anki's browser does: a fetch reads the ids in reading order, and a
row's cells are read when the view first shows it, a page at a time, their display strings
made once and kept. Sorting and filtering work on a ``QuoteTable`` of prepared keys; its key
material is read at once for a few thousand rows and in the study cache's worker above that,
so a fetch of 100,000 quotes shows at once and sorts when the material is in. A coding action
moves only the rows it touched (rows removed and inserted, no reset), and a codebook change
only forgets the labels made from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from interviewcoder.services.operations import Changes
from interviewcoder.store import workspace
from interviewcoder.ui.common.study_cache import StudyCache
from interviewcoder.ui.quotes.quote_table import ALL, FILTERS, Labels, Person, QuoteKey, QuoteTable

QUOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SOURCE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
HEADERS = ("Quote", "Codes", "Participant", "Outcome", "Persona", "Coder", "Memo", "Source")
MODES = ("source", "code", "all")
PAGE = 64  # rows read at once when the view reaches rows it has not shown yet (a screen or two)
KEEP_CELLS = 20_000  # display strings kept before the cache starts again
SYNC_ROWS = 20_000  # fetches up to this size read their key material at once
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()

__all__ = ["ALL", "FILTERS", "HEADERS", "QUOTE_ID_ROLE", "SOURCE_ID_ROLE", "QuotesModel"]


class QuotesModel(QAbstractTableModel):
    prepared = Signal()  # sorting, filters and their choices are ready for this fetch

    def __init__(self, cache: StudyCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self.mode: str = "source"  # source | code | all
        self.key: int | None = None
        self._sources: dict[int, str] = {}
        self._labels: dict[tuple[int, ...], str] = {}
        self._code_parts: dict[int, tuple[int, str]] = {}  # code id -> (rank, label)
        self.table = QuoteTable(Labels(codes=self._code_label, person=self._person,
                                       source=lambda sid: self._sources.get(sid, "")))
        self._cells: dict[int, tuple[Any, ...]] = {}  # quote id -> display strings, tooltip, source
        self._generation = 0
        self._changed_meanwhile: set[int] = set()  # quotes changed while the material was read
        self._choice_values: dict[str, set[str]] = {}
        cache.updated.connect(self._on_updated)

    @property
    def filters(self) -> dict[str, str]:
        return self.table.filters

    @property
    def rows(self) -> _Rows:
        """The shown rows, in display order, as ``workspace.quote_rows`` dicts (read lazily)."""
        return _Rows(self)

    # --- what is shown -----------------------------------------------------------------------

    def show(self, mode: str, key: int | None = None) -> None:
        """Show the quotes of a source or a code (``key``), or all quotes (mode "all")."""
        assert mode in MODES
        self.mode, self.key = mode, key
        self._generation += 1
        self.beginResetModel()
        self._cells.clear()
        self._labels.clear()
        self._code_parts.clear()
        self._changed_meanwhile.clear()
        db = self.cache.study.db
        ids = self._fetch_ids() if not self.cache.closed else []
        self._sources = workspace.source_names(db) if ids else {}
        self.table.load(ids)
        if len(ids) <= SYNC_ROWS:
            self.table.prepare(self._material(db) if ids else [])
        self.endResetModel()
        if self.table.prepared:
            self._prepared_now()
        else:
            self._read_material_later()

    def _fetch_ids(self) -> list[int]:
        db = self.cache.study.db
        if self.mode == "all":
            return workspace.quote_ids(db)
        if self.key is None:
            return []
        if self.mode == "source":
            return workspace.quote_ids(db, source_id=self.key)
        return workspace.quote_ids(db, code_id=self.key)

    def _material(self, db: Any, quote_ids: list[int] | None = None) -> list[QuoteKey]:
        if quote_ids is not None:
            rows = workspace.quote_keys(db, quote_ids=quote_ids)
        elif self.mode == "all":
            rows = workspace.quote_keys(db)
        elif self.mode == "source":
            rows = workspace.quote_keys(db, source_id=self.key)
        else:
            rows = workspace.quote_keys(db, code_id=self.key)
        return list(map(QuoteKey._make, rows))

    def _read_material_later(self) -> None:
        """Read the key material and make every sort key in the worker (its own connection,
        a snapshot of the labels), then swap the prepared table in."""
        generation, mode, key, ids = self._generation, self.mode, self.key, self.table.ids()
        labels, column, filters = self._snapshot_labels(), self.table.column, dict(self.table.filters)

        def prepare(study: Any) -> QuoteTable:
            if mode == "all":
                rows = workspace.quote_keys(study.db)
            elif mode == "source":
                rows = workspace.quote_keys(study.db, source_id=key)
            else:
                rows = workspace.quote_keys(study.db, code_id=key)
            table = QuoteTable(labels)
            table.column, table.filters = column, filters  # as chosen when the fetch began
            table.load(ids)
            table.prepare(map(QuoteKey._make, rows))
            table.precompute()
            return table

        def arrived(table: QuoteTable) -> None:
            if generation != self._generation or self.cache.closed:
                return  # a newer fetch took its place
            changed, self._changed_meanwhile = self._changed_meanwhile, set()
            fresh = {m.id: m for m in self._material(self.cache.study.db, sorted(changed))} if changed else {}
            self.beginResetModel()  # the rows may be filtered and sorted now
            table.adopt_view(self.table)  # the sort and filters chosen meanwhile, live labels
            for qid in changed:  # changes the worker's read may predate
                if table.contains(qid):
                    table.remove(qid)
                m = fresh.get(qid)
                if m is not None and self._belongs(m):
                    table.insert(m)
            self.table = table
            self.endResetModel()
            self._prepared_now()

        self.cache.worker.submit(prepare, arrived)

    def _snapshot_labels(self) -> Labels:
        """The labels as they are now, as plain dicts a worker can read."""
        parts = {cid: (self.cache.rank(cid), self.cache.label(code))
                 for cid, code in self.cache.codes.items()}
        people = {pid: (p.name, p.outcome, p.persona) for pid, p in self.cache.participants.items()}
        sources = dict(self._sources)

        def codes(code_ids: tuple[int, ...]) -> str:
            return "; ".join(label for _, label in sorted(parts[c] for c in code_ids if c in parts))

        return Labels(codes=codes, person=people.get, source=lambda sid: sources.get(sid, ""))

    def _prepared_now(self) -> None:
        self._choice_values = {name: set(self.table.choices(name)) for name in FILTERS}
        self.prepared.emit()

    @property
    def ready(self) -> bool:
        """Sorting and filtering are in effect (the key material is in)."""
        return self.table.prepared

    def _belongs(self, m: QuoteKey) -> bool:
        if self.mode == "source":
            return m.source_id == self.key
        if self.mode == "code":
            return self.key in m.code_ids
        return True

    def set_filter(self, name: str, value: str) -> None:
        self.beginResetModel()
        self.table.set_filter(name, value or ALL)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._relayout(lambda: self.table.sort(column, order == Qt.SortOrder.DescendingOrder))

    def _relayout(self, change: Any) -> None:
        """Reorder rows, keeping the view's selection and current row on their quotes."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self.table.id_at(i.row()) if 0 <= i.row() < len(self.table) else None for i in before]
        change()
        after = []
        for index, qid in zip(before, ids, strict=True):
            row = self.table.row_of(qid) if qid is not None else -1
            after.append(self.index(row, index.column()) if row >= 0 else QModelIndex())
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def choices(self, name: str) -> list[str]:
        """The values present for a filter, for its drop-down (computed once per fetch)."""
        return sorted(self._choice_values.get(name, ()), key=str.casefold)

    # --- keeping up with changes ---------------------------------------------------------------

    def _on_updated(self, changes: Changes) -> None:
        if self.key is None and self.mode != "all":
            return
        if changes.participants:  # names, outcomes, or who a turn belongs to
            self.show(self.mode, self.key)
            return
        if changes.codebook and self.mode == "code" and self.key not in self.cache.codes:
            self.show(self.mode, None)
            return
        if changes.codebook or (changes.codes and not changes.quotes):
            self._labels.clear()
            self._code_parts.clear()
            self._cells.clear()
            self._relayout(lambda: self.table.forget_labels(codes=True))
            self._repaint_all()
        if changes.quotes:
            self._update_quotes(changes.quotes)

    def _update_quotes(self, ids: frozenset[int]) -> None:
        for qid in ids:
            self._cells.pop(qid, None)
        if not self.table.prepared:  # applied when the material arrives
            self._changed_meanwhile |= ids
            self._repaint_all()
            return
        fresh = {m.id: m for m in self._material(self.cache.study.db, sorted(ids))}
        new_values = False
        for qid in sorted(ids):
            row = self.table.row_of(qid)
            if row >= 0:
                self.beginRemoveRows(ROOT, row, row)
                self.table.remove(qid)
                self.endRemoveRows()
            elif self.table.contains(qid):
                self.table.remove(qid)  # hidden by a filter
            m = fresh.get(qid)
            if m is None or not self._belongs(m):
                continue
            new_values = new_values or self._adds_choices(m)
            row = self.table.insertion_row(m)
            if row >= 0:
                self.beginInsertRows(ROOT, row, row)
                self.table.insert(m)
                self.endInsertRows()
            else:
                self.table.insert(m)
        if new_values:
            self._prepared_now()

    def _adds_choices(self, m: QuoteKey) -> bool:
        if m.coder not in self._choice_values.get("coder", set()):
            return True
        for pid in m.people:
            p = self._person(pid)
            if p is not None and (p[1] not in self._choice_values.get("outcome", set())
                                  or (p[2] and p[2] not in self._choice_values.get("persona", set()))):
                return True
        return False

    def _repaint_all(self) -> None:
        if len(self.table):
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.table) - 1, len(HEADERS) - 1))

    def row_of(self, quote_id: int) -> int:
        return self.table.row_of(quote_id)

    def quote_id(self, row: int) -> int:
        return self.table.id_at(row)

    # --- labels and cells --------------------------------------------------------------------

    def _code_label(self, code_ids: tuple[int, ...]) -> str:
        label = self._labels.get(code_ids)
        if label is None:
            parts = self._code_parts
            if not parts:
                parts.update((cid, (self.cache.rank(cid), self.cache.label(code)))
                             for cid, code in self.cache.codes.items())
            label = self._labels[code_ids] = "; ".join(
                text for _, text in sorted(parts[c] for c in code_ids if c in parts))
        return label

    def _person(self, pid: int) -> Person | None:
        p = self.cache.participants.get(pid)
        return (p.name, p.outcome, p.persona) if p is not None else None

    def _cells_at(self, row: int) -> tuple[Any, ...]:
        qid = self.table.id_at(row)
        cells = self._cells.get(qid)
        if cells is None:
            self._read_page(row)
            cells = self._cells.get(qid) or _EMPTY
        return cells

    def _read_page(self, row: int) -> None:
        """Read the cells of the rows around ``row`` that are not kept yet, in one query."""
        if len(self._cells) > KEEP_CELLS:
            self._cells.clear()
        lo = max(0, row - PAGE // 4)
        hi = min(len(self.table), lo + PAGE)
        wanted = [qid for qid in (self.table.id_at(r) for r in range(lo, hi)) if qid not in self._cells]
        if self.cache.closed or not wanted:
            return
        for r in workspace.quote_rows(self.cache.study.db, quote_ids=wanted):
            self._cells[r["id"]] = self._make_cells(r)

    def _make_cells(self, row: dict[str, Any]) -> tuple[Any, ...]:
        people = row["participants"]
        texts = (
            " ".join(row["text"].split()),
            self._code_label(row["code_ids"]),
            ", ".join(p[1] for p in people),
            ", ".join(dict.fromkeys(p[2] for p in people)),
            ", ".join(dict.fromkeys(p[3] for p in people if p[3])),
            row["coder"],
            row["memo"],
            row["source"],
        )
        shown = tuple(t if len(t) <= 300 else t[:299] + "…" for t in texts)
        return (*shown, texts, row["text"][:2000], row["source_id"], row)

    # --- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.table)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.table)):
            return None
        col = index.column()
        if role == QUOTE_ID_ROLE:
            return self.table.id_at(index.row())
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SOURCE_ID_ROLE):
            return None
        cells = self._cells_at(index.row())
        if role == SOURCE_ID_ROLE:
            return cells[_SOURCE]
        if role == Qt.ItemDataRole.DisplayRole:
            return cells[col]
        if col == 0:
            return cells[_TIP]
        return cells[_FULL][col] or None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


# A row's cells: the 8 display strings, then the full texts, the quote's tooltip, its source
# id and the row as ``workspace.quote_rows`` gave it.
_FULL, _TIP, _SOURCE, _ROW = len(HEADERS), len(HEADERS) + 1, len(HEADERS) + 2, len(HEADERS) + 3
_EMPTY: tuple[Any, ...] = ("",) * len(HEADERS) + (("",) * len(HEADERS), "", None, None)


class _Rows(Sequence):
    """``QuotesModel.rows``: the shown rows as ``workspace.quote_rows`` gives them, read when
    asked for (a page at a time, as the view reads them)."""

    def __init__(self, model: QuotesModel) -> None:
        self._model = model

    def __len__(self) -> int:
        return len(self._model.table)

    def __getitem__(self, row: int) -> dict[str, Any]:  # type: ignore[override]
        if row < 0:
            row += len(self)
        if not 0 <= row < len(self):
            raise IndexError(row)
        return self._model._cells_at(row)[_ROW]
