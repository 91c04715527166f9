"""Packaging and architecture rules: the import contracts, the package list, the wheel."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    """No Qt outside ui, no SQLite outside store, no spaCy outside nlp, layers one way."""
    lint = shutil.which("lint-imports")
    if lint is None:
        pytest.skip("import-linter is not installed (pip install '.[test]')")
    done = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "broken" in done.stdout and "0 broken" in done.stdout


def test_every_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "interviewcoder").rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    src = tmp_path_factory.mktemp("src") / "interviewcoder"
    # Build from a copy so the work tree gets no build/ or egg-info folders.
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", "build", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis", "benchmarks",
        "tests", "docs"))
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out),
                           str(src)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail("building the wheel failed:\n" + done.stdout[-2000:] + done.stderr[-2000:])
    return next(out.glob("interviewcoder-*.whl"))


def test_wheel_ships_resources_and_models(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "interviewcoder/_resources/templates/journey.json" in names
    assert "interviewcoder/_resources/templates/blank.json" in names
    assert "interviewcoder/_resources/sample/manifest.json" in names
    assert any(n.startswith("interviewcoder/_models/patterns/") for n in names)
    assert not any("/tests/" in n or n.startswith("tests/") for n in names)


def test_installed_wheel_works_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    """Unpacked like pip installs it, run from elsewhere: finds its template, makes a study."""
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    work = tmp_path / "elsewhere"
    work.mkdir()
    # -S: no .pth files, so an editable install of the checkout cannot shadow the wheel.
    path = os.pathsep.join([str(target), *site.getsitepackages()])
    env = {**os.environ, "PYTHONPATH": path}
    code = ("import sys, interviewcoder; from interviewcoder.cli import main; "
            "assert interviewcoder.__file__.startswith(sys.argv[1]), interviewcoder.__file__; "
            "sys.exit(main(sys.argv[2:]))")
    for args in (["new", "s.icstudy", "--template", "journey"], ["codebook", "s.icstudy", "--json"]):
        done = subprocess.run([sys.executable, "-S", "-c", code, str(target), *args], cwd=work, env=env,
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
    assert '"dimension": "step"' in done.stdout
