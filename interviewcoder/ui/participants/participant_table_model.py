"""ParticipantTableModel: participants with outcome, persona and attributes, editable in place."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.core.types import Participant
from interviewcoder.services.participants import UpdateParticipant
from interviewcoder.ui.common.session import StudySession

_Index = QModelIndex | QPersistentModelIndex
FIXED = ("Name", "Outcome", "Persona")


class ParticipantTableModel(QAbstractTableModel):
    """Rows are the study's participants; columns Name, Outcome, Persona, then each attribute.

    Edits go through ``session.apply`` (undoable, written at once); a refused edit (a name
    already taken) leaves the cell as it was and is reported through ``last_error``.
    """

    def __init__(self, session: StudySession) -> None:
        super().__init__()
        self._session = session
        self._rows: list[Participant] = []
        self._keys: list[str] = []
        self.last_error = ""
        self.reload()
        session.changed.connect(self._on_changed)

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self._session.study.participants.list()
        self._keys = sorted({k for p in self._rows for k in p.attributes})
        self.endResetModel()

    def _on_changed(self, changes: Any) -> None:
        if changes.participants or changes.sources:
            self.reload()

    def participant(self, row: int) -> Participant:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(FIXED) + len(self._keys)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if 0 <= section < len(FIXED):
            return FIXED[section]
        if 0 <= section - len(FIXED) < len(self._keys):
            return self._keys[section - len(FIXED)]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        p = self._rows[index.row()]
        col = index.column()
        if col == 0:
            return p.name
        if col == 1:
            return p.outcome
        if col == 2:
            return p.persona or ""
        return p.attributes.get(self._keys[col - len(FIXED)], "")

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        p = self._rows[index.row()]
        text = str(value).strip()
        col = index.column()
        if col == 0:
            op = UpdateParticipant(p.id, name=text)
        elif col == 1:
            op = UpdateParticipant(p.id, outcome=text or "unknown")
        elif col == 2:
            op = UpdateParticipant(p.id, persona=text)
        else:
            op = UpdateParticipant(p.id, attributes=((self._keys[col - len(FIXED)], text or None),))
        try:
            self._session.apply(op)  # emits changed -> reload
        except InterviewcoderError as exc:
            self.last_error = str(exc)
            return False
        self.last_error = ""
        return True
