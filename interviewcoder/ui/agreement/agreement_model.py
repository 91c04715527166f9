"""Qt models over an agreement report: one row per code (and the pooled overall row), and the
units where the coders differ about one code."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from interviewcoder.services.agreement import AgreementReport, CodeAgreement, Disagreement, Figures

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
CODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
UNSTABLE = QColor("#fff4ce")
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def fmt(x: float | None, percent: bool = False) -> str:
    if x is None:
        return "n/a"
    return f"{x * 100:.1f}%" if percent else f"{x:.3f}"


class AgreementModel(QAbstractTableModel):
    """Codes some compared coder used, in codebook order, then the overall row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.report: AgreementReport | None = None
        self.rows: list[CodeAgreement | None] = []  # None: the overall row
        self.headers: list[str] = []

    def set_report(self, report: AgreementReport | None) -> None:
        self.beginResetModel()
        self.report = report
        self.rows = [c for c in report.codes if c.figures.present] + [None] if report else []
        coders = report.coders if report else []
        self.headers = (["Dimension", "Code", "Units", "With code"] + [f"By {c}" for c in coders]
                        + ["Agreement", "κ (Cohen)", "α (Krippendorff)", "Note"])
        self.endResetModel()

    def figures(self, row: int) -> Figures:
        assert self.report is not None
        item = self.rows[row]
        return self.report.overall if item is None else item.figures

    def code_id(self, row: int) -> int | None:
        item = self.rows[row] if 0 <= row < len(self.rows) else None
        return None if item is None else item.code_id

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.headers):
            return self.headers[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            tips = {"Units": "Units compared (each unit once for every code)",
                    "With code": "Units at least one compared coder gave this code",
                    "Agreement": "Share of units on which every coder made the same call",
                    "κ (Cohen)": "Cohen's kappa: agreement beyond chance, two coders",
                    "α (Krippendorff)": "Krippendorff's alpha, nominal: two or more coders"}
            return tips.get(self.headers[section]) if 0 <= section < len(self.headers) else None
        return None

    def _values(self, row: int) -> list[Any]:
        item = self.rows[row]
        f = self.figures(row)
        head = ["", "Overall (pooled)"] if item is None else [item.dimension, item.code]
        note = "unstable: few units" if f.unstable and item is not None else ""
        return (head + [f.n_units, f.present, *f.given]
                + [fmt(f.percent, True), fmt(f.kappa), fmt(f.alpha), note])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        values = self._values(index.row())
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return values[col]
        if role == CODE_ID_ROLE:
            return self.code_id(index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= col < len(values) - 1:
            return RIGHT
        f = self.figures(index.row())
        if role == Qt.ItemDataRole.BackgroundRole and f.unstable and self.rows[index.row()] \
                and col == len(values) - 1:
            return QBrush(UNSTABLE)
        if role == Qt.ItemDataRole.FontRole and self.rows[index.row()] is None:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and f.pair is not None:
            both, first, second, neither = f.pair
            coders = self.report.coders if self.report else ["first", "second"]
            return (f"both {both} · only {coders[0]} {first} · only {coders[1]} {second} · "
                    f"neither {neither}")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class DisagreementsModel(QAbstractTableModel):
    """The units on which the coders differ about one code: where, the text, each coder."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Disagreement] = []
        self.coders: list[str] = []

    def set_rows(self, rows: list[Disagreement], coders: list[str]) -> None:
        self.beginResetModel()
        self.rows, self.coders = list(rows), list(coders)
        self.endResetModel()

    @property
    def headers(self) -> list[str]:
        return ["Where", *[f"{c}'s codes" for c in self.coders], "Text"]

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        d = self.rows[index.row()]
        col = index.column()
        last = len(self.coders) + 1
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return f"{d.source}, characters {d.start}–{d.end}"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == 0:
                if d.unit == "participant" or not d.participant:
                    return d.participant or d.source
                return f"{d.participant} · {d.source}"
            if col == last:
                text = " ".join(d.text.split())
                return text if role == Qt.ItemDataRole.ToolTipRole or len(text) < 240 \
                    else text[:239] + "…"
            coder = self.coders[col - 1]
            names = [p.split("/", 1)[1] for p in d.codes.get(coder, [])]
            mark = "✓ " if d.has.get(coder) else "✗ "
            return mark + ("; ".join(names) if names else "(nothing)")
        if role == Qt.ItemDataRole.ForegroundRole and 0 < col < last:
            return QBrush(QColor("#1d7a3a" if d.has.get(self.coders[col - 1]) else "#a33a2b"))
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
