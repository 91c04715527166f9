"""ChangesModel: one row per code that changed between two snapshots (a diff's ``codes``), in
the diff's order (largest real change first); NotesModel: friction and participant changes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from interviewcoder.core.snapshot_diff import CodeChange, Diff

Index = QModelIndex | QPersistentModelIndex
REAL_BRUSH = QBrush(QColor("#fde2c8"))
NEW_BRUSH = QBrush(QColor("#e3f1e3"))
GONE_BRUSH = QBrush(QColor("#eeeeee"))


def describe(c: CodeChange) -> str:
    if c.merged_into:
        return f"merged into {c.merged_into}"
    parts = [{"new": "new code", "deleted": "deleted", "changed": "changed"}.get(c.status, c.status)]
    if c.renamed_from:
        parts.append(f"renamed from “{c.renamed_from}”")
    if c.moved_from:
        parts.append(f"moved from {c.moved_from}")
    if c.real:
        parts.append("real change")
    return ", ".join(parts)


class ChangesModel(QAbstractTableModel):
    """Columns: Code, People, one per outcome, then Change (what happened, in words)."""

    FIXED = ("Code", "People")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CodeChange] = []
        self.groups: list[str] = []

    def set_diff(self, diff: Diff | None) -> None:
        self.beginResetModel()
        self.rows = list(diff.codes) if diff else []
        groups = {s.group for c in self.rows for s in c.shares}
        fixed = [g for g in ("won", "lost", "churned") if g in groups]
        self.groups = fixed + sorted(groups - set(fixed))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.FIXED) + len(self.groups) + 1

    def _is_change(self, col: int) -> bool:
        return col == len(self.FIXED) + len(self.groups)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section < len(self.FIXED):
            return self.FIXED[section]
        if self._is_change(section):
            return "Change"
        return self.groups[section - len(self.FIXED)]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{c.dimension}: {c.name}"
            if col == 1:
                if c.old_participants == c.new_participants:
                    return str(c.new_participants)
                return f"{c.old_participants} → {c.new_participants}"
            if self._is_change(col):
                return describe(c)
            share = self._share(c, col)
            if share is None:
                return ""
            old, new = f"{share.old_participants}/{share.old_of}", f"{share.new_participants}/{share.new_of}"
            if old == new:
                return new
            mark = " ●" if share.real else ""
            return f"{old} → {new} ({share.delta * 100:+.0f} pp){mark}"
        if role == Qt.ItemDataRole.ToolTipRole and self._is_change(col):
            return describe(c)
        if role == Qt.ItemDataRole.ToolTipRole and col >= len(self.FIXED):
            share = self._share(c, col)
            if share is not None:
                return (f"{share.group}: {share.old_share:.0%} (95% interval {share.old_low:.0%}–"
                        f"{share.old_high:.0%}) → {share.new_share:.0%} ({share.new_low:.0%}–"
                        f"{share.new_high:.0%}): "
                        + ("each outside the other's interval: a real change" if share.real
                           else "within the noise"))
        if role == Qt.ItemDataRole.BackgroundRole:
            if len(self.FIXED) <= col and not self._is_change(col):
                share = self._share(c, col)
                return REAL_BRUSH if share is not None and share.real else None
            if c.status == "new":
                return NEW_BRUSH
            if c.status in ("deleted", "merged"):
                return GONE_BRUSH
        if role == Qt.ItemDataRole.FontRole and col == 0 and c.real:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return c
        return None

    def _share(self, c: CodeChange, col: int) -> Any:
        group = self.groups[col - len(self.FIXED)]
        return next((s for s in c.shares if s.group == group), None)


class NotesModel(QAbstractTableModel):
    """Friction that appeared or went, and participants that are new, gone or moved groups."""

    HEADERS = ("What", "Detail")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, str]] = []

    def set_diff(self, diff: Diff | None) -> None:
        self.beginResetModel()
        self.rows = []
        if diff is not None:
            for f in diff.friction:
                word = "appeared" if f.new else "gone"
                self.rows.append((f"Friction {word}: step {f.step}",
                                  f"{f.group} − won {f.old_gap * 100:+.0f} pp → {f.new_gap * 100:+.0f} pp"))
            for p in diff.participants:
                if p.kind in ("outcome", "persona", "renamed"):
                    self.rows.append((f"{p.name}: {p.kind}", f"{p.old} → {p.new}"))
                else:
                    self.rows.append((f"{p.name}: {p.kind} participant", p.new or p.old or ""))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None
