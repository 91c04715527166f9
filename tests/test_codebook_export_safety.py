"""``codebook export``: formula-safe CSV cells, no symlink followed, nothing left on failure."""

from __future__ import annotations

import csv
import errno
import json
import os
import subprocess
from pathlib import Path

import pytest

from interviewcoder.core.types import Dimension
from interviewcoder.services import codebook, codebook_io
from interviewcoder.services.studies import create
from tests.builders import run_cli

FORMULAS = ["=HYPERLINK(\"evil.example\",\"x\")", "+cmd|' -C calc'!A0", "-2+3", "@SUM(1)"]


@pytest.fixture
def formula_study(tmp_path: Path) -> Path:
    path = tmp_path / "f.icstudy"
    with create(path, template="blank") as study:
        for n, text in enumerate(FORMULAS):
            codebook.add_code(study, Dimension.THEME, text, "t", description=FORMULAS[-1 - n])
    return path


def test_csv_cells_that_look_like_formulas_are_written_as_text(capsys, formula_study: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "codebook.csv"
    code, _, err = run_cli(capsys, "codebook", str(formula_study), "export", str(out))
    assert code == 0, err
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    cells = [row[k] for row in rows for k in ("name", "description")]
    assert len(cells) == 2 * len(FORMULAS)
    assert all(not c.startswith(("=", "+", "-", "@")) for c in cells)
    assert sorted(r["name"] for r in rows) == sorted("'" + f for f in FORMULAS)

    # and importing it back into another study gives the same names, not quoted copies
    other = tmp_path / "other.icstudy"
    create(other, template="blank").close()
    code, _, err = run_cli(capsys, "codebook", str(other), "import", str(out))
    assert code == 0, err
    code, listing, _ = run_cli(capsys, "codebook", str(other), "--json")
    assert sorted(c["name"] for c in json.loads(listing)) == sorted(FORMULAS)


def test_export_never_follows_a_symlink_at_the_temporary_name(capsys, formula_study: Path,
                                                              tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    out = tmp_path / "codebook.csv"
    (tmp_path / "codebook.csv.part").symlink_to(victim)  # the fixed name an old version used
    code, _, err = run_cli(capsys, "codebook", str(formula_study), "export", str(out))
    assert code == 0, err
    assert victim.read_text(encoding="utf-8") == "precious"
    assert out.is_file() and not out.is_symlink()
    assert "HYPERLINK" in out.read_text(encoding="utf-8")
    leftovers = {p.name for p in tmp_path.iterdir()} - {"f.icstudy", "victim.txt", "codebook.csv",
                                                         "codebook.csv.part"}
    assert leftovers == set()


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_a_full_disk_is_one_line_and_leaves_nothing(capsys, monkeypatch, formula_study: Path,
                                                    tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"codebook{suffix}"
    out.write_text("the old export", encoding="utf-8")
    real_open = Path.open

    class FullDisk:
        def __init__(self, fh) -> None:  # noqa: ANN001
            self.fh = fh

        def write(self, _text: str) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __enter__(self):  # noqa: ANN204
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

    def open_full(self: Path, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        fh = real_open(self, *args, **kwargs)
        return FullDisk(fh) if self.name.endswith(".part") else fh

    monkeypatch.setattr(Path, "open", open_full)
    code, _, err = run_cli(capsys, "codebook", str(formula_study), "export", str(out))
    assert code == 2
    assert err == f"interviewcoder: error: {out}: cannot write it (No space left on device)\n"
    assert out.read_text(encoding="utf-8") == "the old export"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["f.icstudy", out.name])


def test_a_really_full_disk(capsys, tmp_path: Path) -> None:
    disk = tmp_path / "small"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        path = tmp_path / "big.icstudy"
        with create(path, template="blank") as study:
            for n in range(60):
                codebook.add_code(study, Dimension.THEME, f"Code {n}", "t", description="x" * 3000)
        out = disk / "codebook.csv"
        code, _, err = run_cli(capsys, "codebook", str(path), "export", str(out))
        assert code == 2
        assert err.count("\n") == 1 and "No space left on device" in err
        assert list(disk.iterdir()) == []
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_export_onto_the_study_itself_is_refused(capsys, formula_study: Path) -> None:
    before = formula_study.read_bytes()
    for target in (formula_study, formula_study.with_name(formula_study.name + "-wal")):
        code, _, err = run_cli(capsys, "codebook", str(formula_study), "export", str(target))
        assert code == 2 and err.count("\n") == 1
    assert formula_study.read_bytes() == before


def test_reading_a_codebook_that_is_not_text_is_one_line(tmp_path: Path) -> None:
    from interviewcoder.core.errors import InvalidInput

    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"dimension,name\nstep,Caf\xe9\n")
    with pytest.raises(InvalidInput, match="not UTF-8"):
        codebook_io.read_file(bad)
    bad.write_bytes(b"dimension,name\nstep,a\x00b\n")
    try:
        codebook_io.read_file(bad)
    except InvalidInput as exc:
        assert "\n" not in str(exc)
