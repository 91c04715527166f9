"""The Evidence view: distinct participants per code and outcome, with the quotes behind them.

One row per code, grouped by dimension; a column per outcome painted as a share bar with its
95% interval (hollow when the cell is thin); mentions, the thin-evidence flag and the
differential (tinted when either side is thin). A filter bar chooses
persona, outcome, source kind, coder and an attribute value. Selecting a cell lists the quotes
behind it; activating a quote emits ``quote_activated(quote_id, source_id)``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.core.evidence import Filters
from interviewcoder.services import evidence
from interviewcoder.ui.evidence.evidence_compute import Recompute
from interviewcoder.ui.evidence.evidence_model import (
    CODE_ID_ROLE,
    GROUP_ROLE,
    QUOTE_ID_ROLE,
    SHARE_ROLE,
    SOURCE_ID_ROLE,
    THIN_ROLE,
    EvidenceModel,
    QuotesBehindModel,
)

ALL = "All"
BAR = QColor("#5b9bd5")
WHISKER = QColor("#1f3a5f")


class ShareBarDelegate(QStyledItemDelegate):
    """Paints a cell as its count and share in text, then a bar of the share with its Wilson
    interval as a whisker beside it (text and bar never overlap)."""

    BAR_WIDTH = 84
    SAMPLE = "999 (100%)"

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(SHARE_ROLE)
        if value is None:
            super().paint(painter, option, index)
            return
        share, low, high = value
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(option.rect, option.palette.highlight())
        text_width = option.fontMetrics.horizontalAdvance(self.SAMPLE) + 8
        text_rect = QRectF(option.rect).adjusted(4, 0, 0, 0)
        text_rect.setWidth(text_width)
        painter.setPen(option.palette.highlightedText().color() if selected
                       else option.palette.text().color())
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                         str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        rect = QRectF(option.rect).adjusted(text_width + 10, 5, -4, -5)
        if rect.width() > 8:
            painter.fillRect(rect, QColor("#eef3f9"))
            bar = QRectF(rect.left(), rect.top(), rect.width() * share, rect.height())
            if index.data(THIN_ROLE):  # thin evidence: a hollow bar
                painter.setPen(QPen(BAR, 1.5))
                painter.drawRect(bar.adjusted(0.75, 0.75, -0.75, -0.75))
            else:
                painter.fillRect(bar, BAR)
            pen = QPen(WHISKER)
            pen.setWidthF(1.5)
            painter.setPen(pen)
            y = rect.center().y()
            x0, x1 = rect.left() + rect.width() * low, rect.left() + rect.width() * high
            painter.drawLine(int(x0), int(y), int(x1), int(y))
            painter.drawLine(int(x0), int(y - 3), int(x0), int(y + 3))
            painter.drawLine(int(x1), int(y - 3), int(x1), int(y + 3))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt override
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        if index.data(SHARE_ROLE) is None:
            return hint
        width = option.fontMetrics.horizontalAdvance(self.SAMPLE) + 8 + 14 + self.BAR_WIDTH
        return QSize(max(hint.width(), width), hint.height())


class FilterBar(QWidget):
    """Persona, outcome, source kind, coder and ``key=value`` attribute filters."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QHBoxLayout(self)
        box.setContentsMargins(4, 2, 4, 2)
        self.persona, self.outcome, self.kind, self.coder = (QComboBox(self) for _ in range(4))
        self.attribute = QLineEdit(self)
        self.attribute.setPlaceholderText("attribute=value")
        self.attribute.setClearButtonEnabled(True)
        for label, widget in (("Persona", self.persona), ("Outcome", self.outcome),
                              ("Source", self.kind), ("Coder", self.coder),
                              ("Attribute", self.attribute)):
            box.addWidget(QLabel(label, self))
            box.addWidget(widget)
        box.addStretch(1)
        self.kind.addItems([ALL, "interview", "survey"])
        for combo in (self.persona, self.outcome, self.kind, self.coder):
            combo.currentIndexChanged.connect(self.changed)
        self.attribute.editingFinished.connect(self.changed)

    def set_choices(self, personas: list[str], outcomes: list[str], coders: list[str]) -> None:
        for combo, values in ((self.persona, personas), (self.outcome, outcomes),
                              (self.coder, coders)):
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems([ALL, *values])
            combo.setCurrentIndex(max(0, combo.findText(current)))
            combo.blockSignals(False)

    def filters(self) -> Filters:
        def pick(combo: QComboBox) -> str | None:
            return None if combo.currentText() in (ALL, "") else combo.currentText()

        attributes: dict[str, str] = {}
        text = self.attribute.text().strip()
        if "=" in text:
            key, value = text.split("=", 1)
            if key.strip():
                attributes[key.strip()] = value.strip()
        return Filters(persona=pick(self.persona), outcome=pick(self.outcome),
                       kind=pick(self.kind), coder=pick(self.coder),
                       attributes=tuple(attributes.items()))


class EvidenceView(QWidget):
    quote_activated = Signal(int, int)  # quote id, source id
    refreshed = Signal()

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.filter_bar = FilterBar(self)
        self.model = EvidenceModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.delegate = ShareBarDelegate(self.table)
        self.table.setItemDelegate(self.delegate)
        self.quotes_model = QuotesBehindModel(self)
        self.quotes = QTableView(self)
        self.quotes.setModel(self.quotes_model)
        self.quotes.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.quotes.verticalHeader().hide()
        self.quotes.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel(self)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.quotes)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.filter_bar)
        box.addWidget(split, 1)
        box.addWidget(self.status)

        self.compute = Recompute(session, self._compute, parent=self)
        self.compute.ready.connect(self._show)
        self.compute.failed.connect(self.status.setText)
        self.filter_bar.changed.connect(self._filters_changed)
        self.table.selectionModel().currentChanged.connect(self._cell_selected)
        self.quotes.activated.connect(self._quote_activated)
        self._filters = Filters()
        self._cell: tuple[int, str | None] | None = None
        self.refresh_choices()

    # --- computing -----------------------------------------------------------------------------

    def refresh_choices(self) -> None:
        study = self.session.study
        self.filter_bar.set_choices(study.participants.personas(), study.participants.outcomes(),
                                    study.quotes.coders())

    def _compute(self, study: Any) -> evidence.EvidenceTable:  # runs in a worker thread
        return evidence.compute(study, self._filters)

    def refresh(self) -> None:
        """Recompute now (the filter bar and ``session.changed`` do this on their own)."""
        self.compute.run_now()

    def _filters_changed(self) -> None:
        self._filters = self.filter_bar.filters()
        self.status.setText(f"Computing the evidence for filters: {self._filters.describe()} …")
        self.compute.run_now()

    def _show(self, table: evidence.EvidenceTable) -> None:
        self.refresh_choices()
        self.model.set_table(table)
        self.table.resizeColumnsToContents()
        self.status.setText(f"{table.participants} participants · filters: {table.filters.describe()}"
                            " · counts are distinct participants (mentions beside)")
        if self._cell is not None:
            self._list_quotes(*self._cell)
        self.refreshed.emit()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if self.model.table is None or self.compute.stale:
            self.compute.run_now()

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        self.compute.wait()
        super().closeEvent(event)

    # --- the quotes behind a cell ---------------------------------------------------------------

    def _cell_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        code_id = current.data(CODE_ID_ROLE)
        group = current.data(GROUP_ROLE)
        self._cell = (code_id, group)
        self._list_quotes(code_id, group)

    def _list_quotes(self, code_id: int, group: str | None) -> None:
        try:
            rows = evidence.quotes_behind(self.session.study, code_id, group,
                                          filters=self.model.table.filters if self.model.table
                                          else None)
        except InterviewcoderError as exc:
            self.status.setText(str(exc))
            return
        self.quotes_model.set_rows(rows)

    def select_cell(self, code_id: int, outcome: str | None = None) -> None:
        """Select the cell of ``code_id`` (in ``outcome``'s column, or the Participants column)."""
        row = next(i for i, r in enumerate(self.model.rows) if r.code_id == code_id)
        column = 2 if outcome is None else 3 + self.model.outcomes.index(outcome)
        self.table.setCurrentIndex(self.model.index(row, column))

    def _quote_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.quote_activated.emit(int(index.data(QUOTE_ID_ROLE)), int(index.data(SOURCE_ID_ROLE)))
