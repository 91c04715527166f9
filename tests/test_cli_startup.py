"""Start-up of the command line: --version and --help import no command module (their help
lines come from ``COMMANDS``), a command imports only its own module, and the table says what
the modules register."""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
from pathlib import Path

from interviewcoder import cli

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import sys
from interviewcoder.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in sys.modules if m.startswith("interviewcoder.cli.")
               or m.split(".")[0] in {"sqlite_utils", "numpy", "spacy", "openpyxl", "PySide6"}
               or m.startswith("interviewcoder.services") or m.startswith("interviewcoder.store"))
print("MODULES", " ".join(heavy))
"""


def _probe(*args: str) -> tuple[str, list[str]]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    lines = done.stdout.splitlines()
    modules = next(line for line in lines if line.startswith("MODULES")).split()[1:]
    return done.stdout + done.stderr, modules


def test_version_and_help_import_no_command_module() -> None:
    out, modules = _probe("--version")
    assert "interviewcoder 0.1.0" in out and modules == []
    out, modules = _probe("--help")
    assert modules == []
    assert all(name in out and " ".join(line.split()[:3]) in " ".join(out.split())
               for name, _module, line in cli.COMMANDS)
    assert "create a new study file" in out and "list quotes, of a source or a code" in out


def test_a_command_imports_only_its_own_module(tmp_path: Path) -> None:
    study = tmp_path / "s.icstudy"
    out, modules = _probe("new", str(study))
    assert study.exists(), out
    commands = [m for m in modules if m.startswith("interviewcoder.cli.")]
    assert "interviewcoder.cli.study_cmds" in commands
    assert not {"interviewcoder.cli.nlp_cmds", "interviewcoder.cli.evidence_cmds",
                "interviewcoder.cli.import_cmd", "interviewcoder.cli.app_cmds"} & set(commands)
    out, _ = _probe("sources", "--help")
    assert "--json" in out  # the command's own parser, not the placeholder


def test_the_table_says_what_every_command_module_registers() -> None:
    registered: dict[str, tuple[str, str]] = {}
    for name in cli.COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        sub = argparse.ArgumentParser().add_subparsers()
        module.register(sub)
        for action in sub._choices_actions:
            registered[action.dest] = (name, action.help or "")
    table = {name: (module, line) for name, module, line in cli.COMMANDS}
    missing = sorted(set(registered) - set(table))
    assert not missing, (
        "add these rows to COMMANDS in interviewcoder/cli/__init__.py (else their module is "
        "imported for every command): "
        + "; ".join(f'("{n}", "{registered[n][0]}", "{registered[n][1]}")' for n in missing))
    assert {n: table[n] for n in registered} == registered
    assert len(table) == len(cli.COMMANDS)  # no name twice


def test_an_unlisted_module_still_works(monkeypatch, capsys) -> None:
    monkeypatch.setattr(cli, "COMMANDS", [row for row in cli.COMMANDS
                                          if row[1] != "interviewcoder.cli.study_cmds"])
    parser = cli.build_parser("codebook")
    choices = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"new", "sources", "codebook", "demo"} <= set(choices)
    assert "--json" in choices["sources"].format_help()  # imported, as before the table


def test_a_command_that_moved_to_an_unlisted_module_still_works(monkeypatch) -> None:
    """A stale row (the command moved to a module with no rows yet) does not break --help."""
    stale = [(n, "interviewcoder.cli.study_cmds" if n == "participants" else m, line)
             for n, m, line in cli.COMMANDS if m != "interviewcoder.cli.people_cmds" or n == "participants"]
    monkeypatch.setattr(cli, "COMMANDS", stale)
    for command in (None, "participants", "sources"):
        parser = cli.build_parser(command)
        choices = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
        assert "--json" in choices["participants"].format_help()


def test_the_evidence_command_loads_neither_plugins_nor_what_only_exports_need(study) -> None:  # noqa: ANN001
    """``evidence`` opens the study and reads its tallies; sqlite-utils' plugins (found by
    scanning every installed distribution) are never loaded, nor the redactor's patterns or
    the export tables, which only ``export`` needs."""
    path = study.path
    probe = PROBE + """
import sqlite_utils.plugins
print("PLUGINS", sqlite_utils.plugins._plugins_loaded)
"""
    done = subprocess.run([sys.executable, "-c", probe, "evidence", str(path), "--json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert '"participants"' in done.stdout, done.stderr
    assert "PLUGINS False" in done.stdout
    modules = next(line for line in done.stdout.splitlines() if line.startswith("MODULES")).split()
    assert "interviewcoder.cli.evidence_cmds" in modules
    assert not {"interviewcoder.services.evidence_tables", "interviewcoder.services.exporting",
                "interviewcoder.services.redaction"} & set(modules)
    assert "interviewcoder.core.redaction_patterns" not in done.stdout
