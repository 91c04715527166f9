"""ParticipantTableModel: participants and interviewers, editable in place.

Rows are the study's people (``services.roster``): participants, then the interviewers, who
belong to no participant and are in no group. Columns are Name, Outcome, Persona, Role, Memo,
then each attribute in the order the survey gave them. A change that keeps the same rows
updates them in place (the view keeps its scroll position and selection); sorting is by
natural order (``#2`` before ``#10``).
"""

from __future__ import annotations

import textwrap
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.core.sorting import natural_key
from interviewcoder.services.identity import INTERVIEWER, PARTICIPANT
from interviewcoder.services.operations import Operation
from interviewcoder.services.participants import (
    MakeParticipant,
    MarkInterviewer,
    UpdateParticipant,
)
from interviewcoder.services.roster import Person, attribute_keys, people
from interviewcoder.ui.common.session import StudySession

_Index = QModelIndex | QPersistentModelIndex
FIXED = ("Name", "Outcome", "Persona", "Role", "Memo")
_FIXED_FOLDED = {f.casefold() for f in FIXED}
HEADER_WIDTH = 22  # characters per header line; longer attribute names wrap
HEADER_LINES = 3
PERSON_ROLE = Qt.ItemDataRole.UserRole + 1


def header_label(text: str) -> str:
    """An attribute name wrapped onto at most three short lines (the tooltip has it whole)."""
    lines = textwrap.wrap(text, HEADER_WIDTH, break_long_words=True) or [text]
    if len(lines) > HEADER_LINES:
        lines = [*lines[: HEADER_LINES - 1], textwrap.shorten(" ".join(lines[HEADER_LINES - 1:]),
                                                              HEADER_WIDTH, placeholder="…")]
    return "\n".join(lines)


def _key(person: Person) -> tuple[str, object]:
    return ("p", person.participant.id) if person.participant else ("i", person.name)


class ParticipantTableModel(QAbstractTableModel):
    """Edits go through ``session.apply`` (undoable, written at once); a refused edit (a name
    already taken, an unknown outcome) leaves the cell as it was and sets ``last_error``."""

    def __init__(self, session: StudySession) -> None:
        super().__init__()
        self._session = session
        self._rows: list[Person] = []
        self._keys: list[str] = []
        self._sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)
        self.last_error = ""
        self.reload()
        session.changed.connect(self._on_changed)

    # --- rows ------------------------------------------------------------------------------

    def _fetch(self) -> tuple[list[Person], list[str]]:
        rows = people(self._session.study)
        keys = attribute_keys([r.participant for r in rows if r.participant is not None])
        return self._sorted(rows, keys, fresh=True), keys

    def reload(self) -> None:
        self.beginResetModel()
        self._rows, self._keys = self._fetch()
        self.endResetModel()

    def refresh(self) -> None:
        """Catch up with the study: in place when the rows and columns are the same ones."""
        rows, keys = self._fetch()
        if keys == self._keys and [_key(r) for r in rows] == [_key(r) for r in self._rows]:
            self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(rows) - 1, self.columnCount() - 1))
            return
        self.beginResetModel()
        self._rows, self._keys = rows, keys
        self.endResetModel()

    def _on_changed(self, changes: Any) -> None:
        if changes.sources or changes.outcomes:
            self.refresh()
        elif changes.participants and not self._update_rows(changes.participants):
            self.refresh()

    def _update_rows(self, ids: frozenset[int]) -> bool:
        """Edited participants re-read and shown in place (a big study need not be re-read);
        False when rows come or go, or a new attribute needs a column."""
        if len(ids) > 2000:
            return False
        found = self._session.study.participants.get_many(list(ids))
        where = {r.participant.id: i for i, r in enumerate(self._rows) if r.participant}
        if set(found) != set(ids) or not ids <= where.keys():
            return False
        known = set(self._keys)
        if any(k not in known for p in found.values() for k in p.attributes):
            return False
        for pid, p in found.items():
            row = where[pid]
            self._rows[row] = replace(self._rows[row], name=p.name, participant=p)
        for row in sorted(where[pid] for pid in found):
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        return True

    def person(self, row: int) -> Person:
        return self._rows[row]

    def participant(self, row: int):  # noqa: ANN201 - Participant | None
        return self._rows[row].participant

    def row_of(self, participant_id: int) -> int:
        return next((i for i, r in enumerate(self._rows)
                     if r.participant and r.participant.id == participant_id), -1)

    def column(self, header: str) -> int:
        if header in FIXED:
            return FIXED.index(header)
        return len(FIXED) + self._keys.index(header)

    @property
    def attribute_keys(self) -> list[str]:
        return list(self._keys)

    # --- Qt --------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(FIXED) + len(self._keys)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if 0 <= section < len(FIXED):
            name = FIXED[section]
        elif 0 <= section - len(FIXED) < len(self._keys):
            name = self._keys[section - len(FIXED)]
        else:
            return None
        attribute = section >= len(FIXED)
        if role == Qt.ItemDataRole.DisplayRole:
            if attribute and name.casefold() in _FIXED_FOLDED:  # a survey's own "Outcome" column
                return header_label(f"{name} (attribute)")
            return header_label(name)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Attribute: {name}" if attribute else name
        return None

    def _text(self, person: Person, col: int) -> str:
        p = person.participant
        if col == 0:
            return person.name
        if col == 3:
            return person.role
        if p is None:
            return ""
        if col == 1:
            return p.outcome
        if col == 2:
            return p.persona or ""
        if col == 4:
            return p.memo
        return p.attributes.get(self._keys[col - len(FIXED)], "")

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        person = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._text(person, index.column())
            return text.split("\n", 1)[0] if index.column() == 4 else text
        if role == Qt.ItemDataRole.EditRole:
            return self._text(person, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            if person.participant is None:
                return "An interviewer: in no group, and no quote counts for them"
            text = self._text(person, index.column())
            return text if len(text) > 30 or "\n" in text else None
        if role == Qt.ItemDataRole.ForegroundRole and person.participant is None:
            return QColor("#777777")
        if role == PERSON_ROLE:
            return person
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        person = self._rows[index.row()]
        if person.participant is None and index.column() != 3:
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        person = self._rows[index.row()]
        op = self._edit(person, index.column(), str(value).strip() if index.column() != 4
                        else str(value))
        if op is None:
            return False
        try:
            self._session.apply(op)  # emits changed -> refresh
        except InterviewcoderError as exc:
            self.last_error = str(exc)
            self.dataChanged.emit(index, index)
            return False
        self.last_error = ""
        return True

    def _edit(self, person: Person, col: int, text: str) -> Operation | None:
        p = person.participant
        if col == 3:
            if text == person.role or text not in (PARTICIPANT, INTERVIEWER):
                return None
            return MarkInterviewer(p.id) if p is not None else MakeParticipant(person.name)
        if p is None:
            return None
        if col == 0:
            return UpdateParticipant(p.id, name=text)
        if col == 1:
            return UpdateParticipant(p.id, outcome=text or "unknown")
        if col == 2:
            return UpdateParticipant(p.id, persona=text)
        if col == 4:
            return UpdateParticipant(p.id, memo=text)
        return UpdateParticipant(p.id, attributes=((self._keys[col - len(FIXED)], text or None),))

    # --- sorting ---------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if (column, order) == self._sort:
            return  # the rows are kept in this order already
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old = [_key(r) for r in self._rows]
        persistent = self.persistentIndexList()
        self._rows = self._sorted(self._rows, self._keys)
        where = {k: i for i, k in enumerate(_key(r) for r in self._rows)}
        self.changePersistentIndexList(
            persistent, [self.index(where[old[i.row()]], i.column()) for i in persistent])
        self.layoutChanged.emit()

    def _sorted(self, rows: list[Person], keys: list[str], fresh: bool = False) -> list[Person]:
        column, order = self._sort
        if fresh and (column, order) == (0, Qt.SortOrder.AscendingOrder):
            return rows  # roster order: participants, then interviewers, each by name
        saved, self._keys = self._keys, keys
        try:
            # participants first, then the interviewers, each sorted
            groups = ([r for r in rows if r.participant is not None],
                      [r for r in rows if r.participant is None])
            ordered = [r for group in groups for r in sorted(
                group, key=lambda r: (natural_key(self._text(r, column)), natural_key(r.name)),
                reverse=order == Qt.SortOrder.DescendingOrder)]
        finally:
            self._keys = saved
        return ordered
