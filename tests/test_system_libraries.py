"""The one-line message naming the system libraries the desktop app is missing."""

from __future__ import annotations

import sys

import pytest

from interviewcoder import system_libraries as libs
from interviewcoder.cli import main

# ldd of PySide6's libqxcb.so on a Debian 12 desktop without the xcb utility libraries
LDD_OUTPUT = """\
\tlinux-vdso.so.1 (0x00007ffd6d9f6000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x00007f1)
\tlibxkbcommon-x11.so.0 => /lib/x86_64-linux-gnu/libxkbcommon-x11.so.0 (0x00007f2)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f3)
"""
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd and xcb are Linux's")


def test_ldd_output_gives_each_missing_library_once_in_order() -> None:
    assert libs.missing_from_ldd(LDD_OUTPUT) == ["libxcb-cursor.so.0", "libxcb-icccm.so.4",
                                                 "libxcb-keysyms.so.1"]
    assert libs.missing_from_ldd("\tlibxcb.so.1 => /lib/libxcb.so.1 (0x1)\n") == []


@linux_only
def test_missing_libraries_are_named_with_their_packages_in_one_line() -> None:
    problem = libs.desktop_problem({"DISPLAY": ":0"}, runner=lambda _p: LDD_OUTPUT, platform="linux")
    assert problem is not None and "\n" not in problem
    assert "libxcb-cursor.so.0, libxcb-icccm.so.4, libxcb-keysyms.so.1" in problem
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in problem


@linux_only
def test_nothing_to_say_when_every_library_is_there_or_xcb_is_not_used() -> None:
    assert libs.platform_plugin("xcb") is not None  # PySide6's own plugin, found without Qt
    # this machine has them all: the real ldd on the real plugin finds nothing missing
    assert libs.desktop_problem({"DISPLAY": ":0"}) is None
    assert libs.desktop_problem({"QT_QPA_PLATFORM": "offscreen"}, runner=lambda _p: LDD_OUTPUT) is None
    assert libs.desktop_problem({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"},
                                runner=lambda _p: LDD_OUTPUT) is None
    assert libs.desktop_problem({"DISPLAY": ":0"}, runner=lambda _p: LDD_OUTPUT, platform="darwin") is None


@linux_only
def test_no_screen_at_all_is_said_plainly() -> None:
    problem = libs.desktop_problem({}, runner=lambda _p: "", platform="linux")
    assert problem is not None and "no DISPLAY" in problem and "--no-gui" in problem


def test_a_qt_import_failure_names_the_library() -> None:
    exc = ImportError("libEGL.so.1: cannot open shared object file: No such file or directory")
    assert "libEGL.so.1" in libs.import_problem(exc) and "libegl1" in libs.import_problem(exc)


@linux_only
def test_the_app_command_prints_the_line_instead_of_starting_qt(monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(libs, "run_ldd", lambda _p: LDD_OUTPUT)
    for argv in ([], ["demo", "--out", str(tmp_path)]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in err
    assert list(tmp_path.iterdir()) == []  # the demo was not built for a window that cannot open
