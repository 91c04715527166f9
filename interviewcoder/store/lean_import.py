"""Import sqlite-utils without the numpy (and pandas) it loads for nothing.

sqlite-utils imports pandas and numpy when they are installed, only to map their scalar types
to column types when it creates a table from Python values. The store never hands it numpy or
pandas values (every value it writes is a str, int, float, bytes or None), and importing
numpy cost about 0.2 s of every start: the first window and each command that opens a study.
So, while sqlite-utils is first imported, the two are made unimportable (``sys.modules[name]
= None``: the import system then raises ImportError, which sqlite-utils catches) and they
import normally afterwards (spaCy's worker loads numpy when suggestions are first needed).

When either is already imported, nothing is blocked; when a sqlite-utils version fails
without them, the plain import runs instead. It happens once, when the store is first
imported, before the app starts any thread: a thread importing numpy at that very moment
would get an ImportError.
"""

from __future__ import annotations

import importlib
import sys

OPTIONAL = ("pandas", "numpy")


def import_sqlite_utils() -> None:
    """Import ``sqlite_utils`` (once) without loading pandas or numpy for it."""
    if "sqlite_utils.db" in sys.modules:
        return
    blocked = [name for name in OPTIONAL if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        importlib.import_module("sqlite_utils.db")
    except ImportError:
        _unblock(blocked)
        for name in [m for m in sys.modules if m == "sqlite_utils" or m.startswith("sqlite_utils.")]:
            del sys.modules[name]
        importlib.import_module("sqlite_utils.db")  # as it comes, with numpy
    finally:
        _unblock(blocked)


def _unblock(names: list[str]) -> None:
    for name in names:
        if name in sys.modules and sys.modules[name] is None:
            del sys.modules[name]
