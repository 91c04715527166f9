"""The Evidence view's legend: every colour and mark of the table, in one wrapped line."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from interviewcoder.core.evidence import THIN_BELOW


def _swatch(css: str) -> str:
    return (f"<span style='{css}'>&nbsp;&nbsp;&nbsp;&nbsp;</span>")


LEGEND = " &nbsp;·&nbsp; ".join([
    f"{_swatch('background:#5b9bd5')} share of the outcome group (whisker: 95% interval)",
    f"{_swatch('background:#e6edf5; color:#5b9bd5')}<span style='color:#8a94a0'> grey, hatched"
    f"</span>: thin evidence (fewer than {THIN_BELOW} participants in the cell)",
    f"{_swatch('background:#fff4ce')} thin code (fewer than {THIN_BELOW} in all)",
    f"{_swatch('background:rgba(198,40,40,0.55)')} gap: more among lost / churned than won",
    f"{_swatch('background:rgba(46,125,50,0.55)')} more among won",
    "<b style='color:#c62828'>▲</b> friction: the gap is larger than its 95% interval",
])


class EvidenceLegend(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(f"<small>{LEGEND}</small>", parent)
        self.setObjectName("evidence_legend")
        self.setWordWrap(True)
        self.setMinimumWidth(1)
        self.setContentsMargins(6, 0, 6, 2)
