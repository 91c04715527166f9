"""Where the shipped resources/ and models/ folders are, from any working directory.

Installed (``pip install .``) they are the packages ``interviewcoder._resources`` and
``interviewcoder._models``; in a source checkout they are the folders beside the package.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from functools import cache
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


@cache
def _root(package: str, folder: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            if Path(location).is_dir():
                return Path(location)
    candidate = _CHECKOUT / folder
    if candidate.is_dir():
        return candidate
    raise FileNotFoundError(f"interviewcoder's {folder}/ folder is missing from this installation")


def resources_dir() -> Path:
    return _root("interviewcoder._resources", "resources")


def models_dir() -> Path:
    return _root("interviewcoder._models", "models")


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def models_path(*parts: str) -> Path:
    return models_dir().joinpath(*parts)


def app_data_dir() -> Path:
    """The app's own data folder (the demo study, untitled studies), as Qt's
    ``QStandardPaths.AppDataLocation`` names it for organisation and application
    "interviewcoder": ``$XDG_DATA_HOME/interviewcoder/interviewcoder`` (else
    ``~/.local/share/...``) on Linux, ``~/Library/Application Support/...`` on macOS,
    ``%APPDATA%\\...`` on Windows. Plain Python, so the command line needs no Qt."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "interviewcoder" / "interviewcoder"
