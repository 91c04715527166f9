"""Adds the Agreement tab (with its Disagreements view) to every main window."""

from __future__ import annotations

from typing import Any

from interviewcoder.ui.agreement.agreement_view import AgreementView
from interviewcoder.ui.extensions import register


@register
def install(window: Any) -> None:
    view = AgreementView(window.session)
    view.jump.connect(window.show_span)
    view.disagreements.accepted.connect(window._message)
    window.agreement_view = view
    window.add_tab(view, "Agreement")
