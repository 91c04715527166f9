"""The Evidence view: distinct participants per code and outcome, with the quotes behind them.

One row per code, grouped by dimension; a column per outcome painted as a share bar with its
95% interval; mentions, the thin-evidence flag and the differential. A filter bar chooses
persona, outcome, source kind, coder and an attribute value. Selecting a cell lists the quotes
behind it; activating a quote emits ``quote_activated(quote_id, source_id)``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.core.evidence import Filters
from interviewcoder.services import evidence
from interviewcoder.ui.common.compact import CompactSplitter
from interviewcoder.ui.common.flow_layout import FlowLayout
from interviewcoder.ui.evidence.evidence_compute import Recompute
from interviewcoder.ui.evidence.evidence_legend import EvidenceLegend
from interviewcoder.ui.evidence.evidence_model import (
    CODE_ID_ROLE,
    GROUP_ROLE,
    QUOTE_ID_ROLE,
    SOURCE_ID_ROLE,
    EvidenceModel,
    QuotesBehindModel,
)
from interviewcoder.ui.evidence.frozen_table import FrozenTableView
from interviewcoder.ui.evidence.share_bar import WIDTH, ShareBarDelegate

ALL = "All"
SORTS = (("lost − won gap", "gap:lost"), ("churned − won gap", "gap:churned"),
         ("codebook order", "codebook"), ("participants", "participants"),
         ("the column clicked", "column"))
FROZEN = 2  # Dimension and Code stay while the rest scrolls


class FilterBar(QWidget):
    """Persona, outcome, source kind, coder and ``key=value`` attribute filters, and the sort;
    laid out in a flow, so they wrap onto a second line instead of being cut off."""

    changed = Signal()
    sort_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        flow = FlowLayout(self, spacing=12)
        self.persona, self.outcome, self.kind, self.coder, self.sort = (QComboBox(self)
                                                                        for _ in range(5))
        self.attribute = QLineEdit(self)
        self.attribute.setPlaceholderText("attribute=value")
        self.attribute.setClearButtonEnabled(True)
        self.attribute.setMinimumWidth(130)
        for label, widget in (("Persona", self.persona), ("Outcome", self.outcome),
                              ("Source", self.kind), ("Coder", self.coder),
                              ("Attribute", self.attribute), ("Sort by", self.sort)):
            holder = QWidget(self)
            box = QHBoxLayout(holder)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(4)
            box.addWidget(QLabel(label, holder))
            box.addWidget(widget)
            flow.addWidget(holder)
        for combo in (self.persona, self.outcome, self.kind, self.coder):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMaximumWidth(220)
        self.kind.addItems([ALL, "interview", "survey"])
        for label, key in SORTS:
            self.sort.addItem(label, key)
        self.sort.setToolTip("Within each dimension. Click a column header to sort by it instead.")
        for combo in (self.persona, self.outcome, self.kind, self.coder):
            combo.currentIndexChanged.connect(self.changed)
        self.attribute.editingFinished.connect(self.changed)
        self.sort.currentIndexChanged.connect(self.sort_changed)

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
        self.legend = EvidenceLegend(self)
        self.model = EvidenceModel(self)
        self.table = FrozenTableView(FROZEN, self)
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
        self.status.setMinimumWidth(1)  # never wider than the tab
        split = CompactSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.quotes)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.filter_bar)
        box.addWidget(self.legend)
        box.addWidget(split, 1)
        box.addWidget(self.status)

        self.compute = Recompute(session, self._compute, parent=self)
        self.compute.ready.connect(self._show)
        self.compute.failed.connect(self.status.setText)
        self.filter_bar.changed.connect(self._filters_changed)
        self.filter_bar.sort_changed.connect(self.apply_sort)
        self.table.horizontalHeader().sectionClicked.connect(self._header_clicked)
        self.table.frozen.horizontalHeader().sectionClicked.connect(self._header_clicked)
        self.table.selectionModel().currentChanged.connect(self._cell_selected)
        self.quotes.activated.connect(self._quote_activated)
        self._filters = Filters()
        self.thin_below = evidence.THIN_BELOW  # Preferences → thin evidence below
        self._cell: tuple[int, str | None] | None = None
        self.refresh_choices()

    # --- computing -----------------------------------------------------------------------------

    def refresh_choices(self) -> None:
        study = self.session.study
        self.filter_bar.set_choices(study.participants.personas(), study.participants.outcomes(),
                                    study.quotes.coders())

    def _compute(self, study: Any) -> evidence.EvidenceTable:  # runs in a worker thread
        return evidence.compute(study, self._filters, thin_below=self.thin_below)

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
        self._arrange_columns()
        self.apply_sort()
        self.status.setText(f"{table.participants} participants · filters: {table.filters.describe()}"
                            " · counts are distinct participants (mentions beside)")
        if self._cell is not None:
            self._list_quotes(*self._cell)
        self.refreshed.emit()

    # --- columns and sorting --------------------------------------------------------------------

    def _arrange_columns(self) -> None:
        """Gaps right after the outcome columns; widths that fit three outcomes at 1280×800."""
        header = self.table.horizontalHeader()
        model = self.model
        n = len(model.outcomes)
        for i, contrast in enumerate(model.contrasts):
            logical = model.gap_column(contrast)
            if logical is not None:
                header.moveSection(header.visualIndex(logical), 3 + n + i)
        metrics = self.table.fontMetrics()
        code_width = max([metrics.horizontalAdvance(r.code) for r in model.rows] + [60]) + 14
        widths = {0: metrics.horizontalAdvance("Dimension") + 14, 1: min(144, code_width),
                  2: metrics.horizontalAdvance("Participants") + 14}
        for column in range(model.columnCount()):
            header_width = max(metrics.horizontalAdvance(line) for line in str(model.headerData(
                column, Qt.Orientation.Horizontal)).split("\n")) + 16
            if model.outcome_of(column) is not None:
                width = max(WIDTH, header_width)
            elif column in widths:
                width = widths[column]
            else:
                width = header_width + 2
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 12)
        self.table._refit()

    def apply_sort(self) -> None:
        """Sort by the Sort choice (within each dimension): a gap descending, where deals die
        first; codebook order; or participants."""
        key = self.filter_bar.sort.currentData() or "codebook"
        column, order = -1, Qt.SortOrder.DescendingOrder
        if key.startswith("gap:"):
            gap = self.model.gap_column(key[4:])
            if gap is None and self.model.contrasts:  # no lost group: the churned gap
                gap = self.model.gap_column(self.model.contrasts[0])
            column = gap if gap is not None else -1
        elif key == "participants":
            column = 2
        if key == "column":
            return  # the user's header click stands
        if column < 0:
            self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            self.model.sort(-1)
        else:
            self.table.sortByColumn(column, order)

    def _header_clicked(self, _section: int) -> None:
        """A click on a column header sorts by that column; the Sort choice says so."""
        combo = self.filter_bar.sort
        combo.blockSignals(True)
        combo.setCurrentIndex(combo.findData("column"))
        combo.blockSignals(False)

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
