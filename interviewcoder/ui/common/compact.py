"""Widgets that ask for no more room than they need, for views inside a tab's scroll area.

A tab's scroll area sizes a view by its layout's height-for-width as soon as one child wraps
(a wrapping label, a flow layout); the layout then adds up the other children's *preferred*
heights, and a splitter of two tables prefers ~950 px, so the view scrolls inside the tab.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QSplitter


class CompactSplitter(QSplitter):
    """A splitter that prefers its minimum size; it still grows to fill the room it gets."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.minimumSizeHint()
