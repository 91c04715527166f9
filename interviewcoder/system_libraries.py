"""Which system libraries the desktop app needs and which are missing, said in one line.

On a bare Linux desktop Qt's xcb platform plugin fails to load when a library such as
``libxcb-cursor.so.0`` is absent, and Qt's own message names the wrong one. Before the app
starts, ``desktop_problem()`` runs ``ldd`` on PySide6's platform plugin (plain Python: no Qt
is imported, so this works when Qt itself cannot load) and names what is missing, with the
Debian/Ubuntu packages that provide it.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

# soname -> Debian/Ubuntu package (what `apt-get install` needs)
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
_CANNOT_OPEN = re.compile(r"(\S+\.so[.\d]*): cannot open shared object file")

Runner = Callable[[Path], str]


def qt_folder() -> Path | None:
    """PySide6's ``Qt`` folder (plugins and libraries), found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        folder = Path(location) / "Qt"
        if folder.is_dir():
            return folder
    return None


def platform_plugin(name: str = "xcb") -> Path | None:
    folder = qt_folder()
    plugin = folder / "plugins" / "platforms" / f"libq{name}.so" if folder else None
    return plugin if plugin is not None and plugin.is_file() else None


def missing_from_ldd(output: str) -> list[str]:
    """The sonames ``ldd`` reported as ``not found``, in its order, each once."""
    return list(dict.fromkeys(_NOT_FOUND.findall(output)))


def run_ldd(path: Path) -> str:
    ldd = shutil.which("ldd")
    if ldd is None:
        return ""
    try:
        done = subprocess.run([ldd, str(path)], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout


def describe_missing(libraries: list[str], what: str = "Qt's xcb platform plugin") -> str:
    """One line naming the missing libraries and the packages to install."""
    packages = list(dict.fromkeys(DEBIAN_PACKAGES.get(lib, "") for lib in libraries if
                                  DEBIAN_PACKAGES.get(lib)))
    line = f"the desktop app cannot start: {what} needs {', '.join(libraries)}, missing on this machine"
    if packages:
        line += f" (Debian/Ubuntu: sudo apt-get install {' '.join(packages)})"
    return line + "; the command line works without them"


def _uses_xcb(environ: dict[str, str]) -> bool:
    chosen = environ.get("QT_QPA_PLATFORM", "").strip().split(":")[0].split(";")[0]
    if chosen:
        return chosen == "xcb"
    return bool(environ.get("DISPLAY")) and not environ.get("WAYLAND_DISPLAY")


def desktop_problem(environ: dict[str, str] | None = None, runner: Runner | None = None,
                    platform: str = sys.platform) -> str | None:
    """A one-line reason the desktop app cannot start here, or None when nothing is missing
    (or there is nothing to check: not Linux, not the xcb platform, no ldd)."""
    environ = dict(os.environ if environ is None else environ)
    if not platform.startswith("linux"):
        return None
    if not (environ.get("QT_QPA_PLATFORM") or environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY")):
        return ("the desktop app needs a screen and this session has none (no DISPLAY); "
                "the command line works without one (e.g. interviewcoder demo --no-gui)")
    if not _uses_xcb(environ):
        return None
    plugin = platform_plugin("xcb")
    if plugin is None:
        return None
    missing = missing_from_ldd((runner or run_ldd)(plugin))
    return describe_missing(missing) if missing else None


def import_problem(exc: ImportError) -> str:
    """One line for Qt failing to import (a library of Qt's own is missing)."""
    found = _CANNOT_OPEN.findall(str(exc))
    if found:
        return describe_missing(found, "Qt")
    return f"the desktop app cannot start: {exc}"
