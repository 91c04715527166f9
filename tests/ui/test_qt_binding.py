"""Guard against PySide6 releases that crash after many calls returning None (none_dealloc)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def test_tens_of_thousands_of_void_calls(qapp):
    w = QWidget()
    for i in range(50_000):
        w.setMinimumWidth(i % 300)  # returns None: each call drops a reference to Py_None
    assert w.minimumWidth() == 49_999 % 300
