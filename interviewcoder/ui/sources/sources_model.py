"""SourcesModel: every source, grouped by its participants' outcome or by kind.

Holds plain rows fetched once through the store (``workspace.source_rows``); grouping,
filtering and sorting work on Python lists and reset the model, which stays instant at
10,000 sources. Quote counts are patched in place as coding changes them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from interviewcoder.core.types import OUTCOMES, UNKNOWN_OUTCOME
from interviewcoder.services.operations import Changes
from interviewcoder.store import workspace
from interviewcoder.ui.common.study_cache import StudyCache
from interviewcoder.ui.common.swatches import dot

SOURCE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
UNCODED_ROLE = Qt.ItemDataRole.UserRole + 2
HEADERS = ("Source", "Participant", "Quotes")
GROUPINGS = {"outcome": "By outcome", "persona": "By persona", "kind": "By kind"}
_GROUP_BASE = 1 << 40
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
BADGE = QColor("#b45309")
SURVEY_GROUP = "Survey questions"
NO_PERSONA = "No persona"


def badge():  # noqa: ANN201 - QIcon
    """The "not coded yet" badge."""
    return dot(BADGE.name())


def _group_key(row: dict[str, Any], grouping: str) -> str:
    if grouping == "kind":
        return "Interviews" if row["kind"] == "interview" else SURVEY_GROUP
    if row["kind"] == "survey":
        return SURVEY_GROUP
    if grouping == "persona":
        personas = {p[2] or NO_PERSONA for p in row["participants"]}
        if not personas:
            return "No participant"
        return next(iter(personas)) if len(personas) == 1 else "Mixed personas"
    outcomes = {p[1] for p in row["participants"]}
    if not outcomes:
        return "No participant"
    if len(outcomes) > 1:
        return "Mixed outcomes"
    return next(iter(outcomes))


def _group_rank(name: str, vocabulary: list[str]) -> tuple[int, str]:
    """Outcome groups in the study's vocabulary order, then the others in a fixed order."""
    if name in vocabulary:
        return (vocabulary.index(name), name)
    fixed = {UNKNOWN_OUTCOME: 90, "Mixed outcomes": 91, "Mixed personas": 91, NO_PERSONA: 92,
             "No participant": 93, "Interviews": 0, SURVEY_GROUP: 95}
    return (fixed.get(name, 50), name.casefold())


class SourcesModel(QAbstractItemModel):
    def __init__(self, cache: StudyCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self.grouping = "outcome"
        self.filter_text = ""
        self.rows: dict[int, dict[str, Any]] = {}
        self.groups: list[str] = []
        self.vocabulary: list[str] = list(OUTCOMES)
        self.members: list[list[int]] = []
        self._where: dict[int, tuple[int, int]] = {}  # source id -> (group row, row)
        self._fetch()
        self._arrange()
        cache.updated.connect(self._on_updated)

    # --- content ---------------------------------------------------------------------------

    def _fetch(self) -> None:
        self.rows = {r["id"]: r for r in workspace.source_rows(self.cache.study.db)}

    def _arrange(self) -> None:
        needle = self.filter_text.casefold().strip()
        groups: dict[str, list[int]] = {}
        for sid, row in self.rows.items():
            if needle and needle not in _haystack(row):
                continue
            groups.setdefault(_group_key(row, self.grouping), []).append(sid)
        # the study's outcomes, in its order (a tiny table: read at each arrangement)
        self.vocabulary = self.cache.study.outcomes.names()
        self.groups = sorted(groups, key=lambda g: _group_rank(g, self.vocabulary))
        self.members = [sorted(groups[g], key=lambda s: self.rows[s]["name"].casefold())
                        for g in self.groups]
        self._where = {sid: (g, r) for g, ids in enumerate(self.members) for r, sid in enumerate(ids)}

    def _reset(self, fetch: bool = False) -> None:
        self.beginResetModel()
        if fetch:
            self._fetch()
        self._arrange()
        self.endResetModel()

    def set_grouping(self, grouping: str) -> None:
        if grouping in GROUPINGS and grouping != self.grouping:
            self.grouping = grouping
            self._reset()

    def set_filter(self, text: str) -> None:
        self.filter_text = text
        self._reset()

    def _on_updated(self, changes: Changes) -> None:
        for sid in changes.source_details & self.rows.keys():
            source = self.cache.study.sources.get(sid)
            if source is not None:
                self.rows[sid]["memo"] = source.memo
                idx = self.index_of(sid)
                if idx.isValid():
                    self.dataChanged.emit(idx, idx.siblingAtColumn(len(HEADERS) - 1))
        if changes.participants or (changes.sources - self.rows.keys()):
            self._reset(fetch=True)
            return
        if changes.sources and (changes.quotes or changes.codebook):
            for sid, n in workspace.quote_counts(self.cache.study.db, changes.sources).items():
                if sid in self.rows:
                    self.rows[sid]["quotes"] = n
                    idx = self.index_of(sid)
                    if idx.isValid():
                        self.dataChanged.emit(idx, idx.siblingAtColumn(len(HEADERS) - 1))
                        group = idx.parent()  # its group's total of quotes too
                        self.dataChanged.emit(group, group.siblingAtColumn(len(HEADERS) - 1))
        elif changes.codebook and changes.quotes:
            self._reset(fetch=True)

    def index_of(self, source_id: int) -> QModelIndex:
        where = self._where.get(source_id)
        if where is None:
            return QModelIndex()
        return self.createIndex(where[1], 0, source_id)

    def source_id(self, index: Index) -> int | None:
        if not index.isValid() or index.internalId() >= _GROUP_BASE:
            return None
        return int(index.internalId())

    def source_count(self) -> int:
        return sum(len(m) for m in self.members)

    # --- QAbstractItemModel ----------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = ROOT) -> QModelIndex:
        if row < 0 or column < 0 or column >= len(HEADERS):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _GROUP_BASE + row) if row < len(self.groups) \
                else QModelIndex()
        if parent.internalId() < _GROUP_BASE or parent.column() != 0:
            return QModelIndex()
        ids = self.members[parent.internalId() - _GROUP_BASE]
        return self.createIndex(row, column, ids[row]) if row < len(ids) else QModelIndex()

    def parent(self, index: Index = ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() >= _GROUP_BASE:
            return QModelIndex()
        where = self._where.get(int(index.internalId()))
        if where is None:
            return QModelIndex()
        return self.createIndex(where[0], 0, _GROUP_BASE + where[0])

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        if not parent.isValid():
            return len(self.groups)
        if parent.column() != 0 or parent.internalId() < _GROUP_BASE:
            return 0
        return len(self.members[parent.internalId() - _GROUP_BASE])

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        col = index.column()
        if index.internalId() >= _GROUP_BASE:
            g = index.internalId() - _GROUP_BASE
            if role == Qt.ItemDataRole.DisplayRole:
                if col == 0:
                    name = self.groups[g]
                    label = (name.capitalize() if name in self.vocabulary
                             or name == UNKNOWN_OUTCOME else name)
                    return f"{label}  ({len(self.members[g]):,})"
                if col == 2:
                    return f"{sum(self.rows[s]['quotes'] for s in self.members[g]):,}"
                return None
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        row = self.rows.get(int(index.internalId()))
        if row is None:
            return None
        uncoded = row["quotes"] == 0
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                # A survey question's source is "export — question": the question tells them apart.
                file_part, dash, question = str(row["name"]).partition(" — ")
                return question if row["kind"] == "survey" and dash else row["name"]
            if col == 1:
                people = row["participants"]
                if len(people) > 2:
                    return f"{len(people):,} people"
                return ", ".join(p[0] for p in people)
            return f"{row['quotes']:,}"
        if role == Qt.ItemDataRole.DecorationRole and col == 0 and uncoded:
            return badge()
        if role == Qt.ItemDataRole.ToolTipRole:
            people = "; ".join(f"{p[0]} ({p[1]}{', ' + p[2] if p[2] else ''})"
                               for p in row["participants"][:20])
            state = "not coded yet" if uncoded else f"{row['quotes']:,} quotes"
            memo = f"\n\nMemo: {row['memo']}" if row.get("memo") else ""
            return f"{row['name']}\n{row['kind']}, {row['words']:,} words, {state}\n{people}".strip() + memo
        if role == Qt.ItemDataRole.ForegroundRole and col == 2 and uncoded:
            return QBrush(BADGE)
        if role == Qt.ItemDataRole.FontRole and col == 2 and uncoded:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SOURCE_ID_ROLE:
            return row["id"]
        if role == UNCODED_ROLE:
            return uncoded
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() >= _GROUP_BASE:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _haystack(row: dict[str, Any]) -> str:
    people = " ".join(f"{p[0]} {p[1]} {p[2] or ''}" for p in row["participants"])
    return f"{row['name']} {people} {row.get('memo') or ''}".casefold()
