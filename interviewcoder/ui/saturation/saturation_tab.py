"""Adds the Saturation tab to every main window."""

from __future__ import annotations

from typing import Any

from interviewcoder.ui.extensions import register
from interviewcoder.ui.saturation.saturation_view import SaturationView


@register
def install(window: Any) -> None:
    window.saturation_view = SaturationView(window.session)
    window.add_tab(window.saturation_view, "Saturation")
