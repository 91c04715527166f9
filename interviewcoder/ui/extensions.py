"""Hooks that add panels to every main window (evidence views, suggestions, participants).

A module that contributes a panel calls ``register(fn)`` at import; ``fn(window)`` is called
for each new ``MainWindow`` once its session exists, and adds its widgets with
``window.add_tab`` / ``window.add_dock``. ``EXTENSION_MODULES`` lists the modules the app
imports (lazily, when the first window opens) so they can register themselves.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interviewcoder.ui.main_window import MainWindow

Extension = Callable[["MainWindow"], None]

# Modules owned by other parts of the app; a missing one is skipped (not written yet).
EXTENSION_MODULES: list[str] = [
    "interviewcoder.ui.suggestions.suggestions_panel",
    "interviewcoder.ui.evidence.evidence_tabs",
    "interviewcoder.ui.importing.study_actions",
    "interviewcoder.ui.reader.sentence_snapping",
    "interviewcoder.ui.map.map_tabs",
    "interviewcoder.ui.saturation.saturation_tab",
    "interviewcoder.ui.evidence.snapshot_actions",
    "interviewcoder.ui.sources.replace_dialog",
    "interviewcoder.ui.sources.history_dialog",
    "interviewcoder.ui.exchange.refi_actions",
    "interviewcoder.ui.search.search_dock",
    "interviewcoder.ui.dialogs.app_menus",
    "interviewcoder.ui.agreement.agreement_tab",
    "interviewcoder.ui.merging.merge_dialog",
]

_extensions: list[Extension] = []
_loaded = False


def register(fn: Extension) -> Extension:
    if fn not in _extensions:
        _extensions.append(fn)
    return fn


def load() -> list[Extension]:
    """Import the extension modules once and return every registered extension."""
    global _loaded
    if not _loaded:
        _loaded = True
        for name in EXTENSION_MODULES:
            try:
                importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
    return list(_extensions)
