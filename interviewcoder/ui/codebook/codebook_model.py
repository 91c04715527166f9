"""CodebookModel: dimensions (in journey order) holding their codes, with usage counts.

A thin tree over ``StudyCache``: rows are code ids; names, colours and counts are read from
the cache. Drag a code to reorder it within its dimension (or move it to another); drop a
reader selection on a code to tag it.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from interviewcoder.core.types import Dimension
from interviewcoder.services.codebook import ReorderCodes, UpdateCode
from interviewcoder.services.operations import Changes
from interviewcoder.ui.common.study_cache import StudyCache
from interviewcoder.ui.common.swatches import swatch
from interviewcoder.ui.reader.reader_view import SPAN_MIME

CODE_MIME = "application/x-interviewcoder-code"
CODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DIMENSION_ROLE = Qt.ItemDataRole.UserRole + 2
DIMENSIONS = list(Dimension)
_DIM_BASE = 1 << 40  # internal ids of dimension rows; code rows use their code id
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
HEADERS = ("Code", "Quotes", "People")


class CodebookModel(QAbstractItemModel):
    span_dropped = Signal(int, int, int, int)  # code id, source id, start, end
    operation = Signal(object)  # an Operation the view wants applied (reorder, move)

    def __init__(self, cache: StudyCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self.filter_text = ""
        self._rows: dict[Dimension, list[int]] = {}
        self._dims: list[Dimension] = []
        self._rebuild()
        cache.updated.connect(self._on_updated)
        cache.usage_updated.connect(self._usage_updated)

    # --- content ---------------------------------------------------------------------------

    def _rebuild(self) -> None:
        needle = self.filter_text.casefold().strip()
        rows: dict[Dimension, list[int]] = {d: [] for d in DIMENSIONS}
        for cid in self.cache.code_order:
            code = self.cache.codes[cid]
            if needle and needle not in code.name.casefold() and needle not in code.description.casefold():
                continue
            rows[code.dimension].append(cid)
        self._rows = rows
        self._dims = [d for d in DIMENSIONS if rows[d] or not needle]

    def set_filter(self, text: str) -> None:
        self.beginResetModel()
        self.filter_text = text
        self._rebuild()
        self.endResetModel()

    def _on_updated(self, changes: Changes) -> None:
        shown = {cid for ids in self._rows.values() for cid in ids}
        if changes.codebook or (changes.codes - shown - set(self.cache.codes)) or \
                any(c not in self.cache.codes for c in shown):
            self.beginResetModel()
            self._rebuild()
            self.endResetModel()
            return
        for cid in changes.codes & shown:
            idx = self.index_of(cid)
            self.dataChanged.emit(idx, idx.siblingAtColumn(len(HEADERS) - 1))
        if changes.codes:
            for dim in {self.cache.codes[c].dimension for c in changes.codes if c in self.cache.codes}:
                if dim in self._dims:
                    d = self.index(self._dims.index(dim), 0)
                    self.dataChanged.emit(d, d.siblingAtColumn(len(HEADERS) - 1))

    def _usage_updated(self, code_ids: frozenset[int]) -> None:
        for cid in code_ids:
            idx = self.index_of(cid, 2)
            if idx.isValid():
                self.dataChanged.emit(idx, idx)

    def index_of(self, code_id: int, column: int = 0) -> QModelIndex:
        code = self.cache.codes.get(code_id)
        if code is None or code.dimension not in self._dims:
            return QModelIndex()
        ids = self._rows[code.dimension]
        if code_id not in ids:
            return QModelIndex()
        return self.createIndex(ids.index(code_id), column, code_id)

    def dimension_index(self, dim: Dimension) -> QModelIndex:
        return self.index(self._dims.index(dim), 0) if dim in self._dims else QModelIndex()

    def code_id(self, index: Index) -> int | None:
        if not index.isValid() or index.internalId() >= _DIM_BASE:
            return None
        return int(index.internalId())

    def dimension(self, index: Index) -> Dimension | None:
        if not index.isValid():
            return None
        iid = index.internalId()
        if iid >= _DIM_BASE:
            return DIMENSIONS[iid - _DIM_BASE]
        code = self.cache.codes.get(int(iid))
        return code.dimension if code else None

    # --- QAbstractItemModel ----------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = ROOT) -> QModelIndex:
        if column < 0 or column >= len(HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row >= len(self._dims):
                return QModelIndex()
            return self.createIndex(row, column, _DIM_BASE + DIMENSIONS.index(self._dims[row]))
        if parent.internalId() < _DIM_BASE or parent.column() != 0:
            return QModelIndex()
        ids = self._rows[DIMENSIONS[parent.internalId() - _DIM_BASE]]
        if row >= len(ids):
            return QModelIndex()
        return self.createIndex(row, column, ids[row])

    def parent(self, index: Index = ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() >= _DIM_BASE:
            return QModelIndex()
        code = self.cache.codes.get(int(index.internalId()))
        if code is None or code.dimension not in self._dims:
            return QModelIndex()
        dim = code.dimension
        return self.createIndex(self._dims.index(dim), 0, _DIM_BASE + DIMENSIONS.index(dim))

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        if not parent.isValid():
            return len(self._dims)
        if parent.column() != 0 or parent.internalId() < _DIM_BASE:
            return 0
        return len(self._rows[DIMENSIONS[parent.internalId() - _DIM_BASE]])

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == 2:
                return "Distinct participants with at least one quote carrying the code"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        col = index.column()
        if index.internalId() >= _DIM_BASE:
            dim = DIMENSIONS[index.internalId() - _DIM_BASE]
            if role == Qt.ItemDataRole.DisplayRole:
                if col == 0:
                    return f"{dim.label}  ({len(self._rows[dim])})"
                return None
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor("#1f3a5f"))
            if role == DIMENSION_ROLE:
                return dim.value
            return None
        code = self.cache.codes.get(int(index.internalId()))
        if code is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return code.name
            n_quotes, n_people = self.cache.usage(code.id)
            if col == 2 and self.cache.counting(code.id):
                return "…"  # never a stale count: it flipped 0 → 1 while recounting
            return n_quotes if col == 1 else n_people
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return swatch(code.colour, memo=bool(code.memo))
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 2 and self.cache.counting(code.id):
                return "Counting participants…"
            memo = f"Memo: {code.memo}" if code.memo else ""
            return "\n\n".join(x for x in (code.description, memo) if x) or code.label
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CODE_ID_ROLE:
            return code.id
        if role == DIMENSION_ROLE:
            return code.dimension.value
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDropEnabled
        if index.internalId() >= _DIM_BASE:
            return base
        return base | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    # --- drag and drop ---------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [CODE_MIME, SPAN_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        ids = list(dict.fromkeys(c for c in (self.code_id(i) for i in indexes) if c is not None))
        mime = QMimeData()
        mime.setData(CODE_MIME, json.dumps(ids).encode())
        mime.setText("\n".join(self.cache.codes[c].path for c in ids))
        return mime

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                        column: int, parent: Index) -> bool:
        if data.hasFormat(SPAN_MIME):
            return self.code_id(parent) is not None and row == -1
        if data.hasFormat(CODE_MIME):
            return self.dimension(parent) is not None
        return False

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                     column: int, parent: Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        if data.hasFormat(SPAN_MIME):
            span = json.loads(bytes(data.data(SPAN_MIME).data()).decode())
            code_id = self.code_id(parent)
            assert code_id is not None
            self.span_dropped.emit(code_id, span["source_id"], span["start"], span["end"])
            return False  # nothing moves: the reader keeps its text
        ids = json.loads(bytes(data.data(CODE_MIME).data()).decode())
        if not ids:
            return False
        moved = int(ids[0])
        dim = self.dimension(parent)
        code = self.cache.codes.get(moved)
        if code is None or dim is None:
            return False
        if self.code_id(parent) is not None:  # dropped onto a code: take its place
            target = self.code_id(parent)
            order = [c for c in self.cache.code_order if self.cache.codes[c].dimension == dim]
            pos = order.index(target) if target in order else len(order)
        else:
            visible = self._rows[dim]
            anchor = visible[row] if 0 <= row < len(visible) else None
            order = [c for c in self.cache.code_order if self.cache.codes[c].dimension == dim]
            pos = order.index(anchor) if anchor in order else len(order)
        if code.dimension != dim:
            self.operation.emit(UpdateCode(moved, dimension=dim))
            return False
        old = order.index(moved)
        order.remove(moved)
        if pos > old:
            pos -= 1
        order.insert(pos, moved)
        self.operation.emit(ReorderCodes(dim, tuple(order)))
        return False
