"""The app and the command line on one study at the same time, as two real processes.

The app side (``tests/app_side.py``) holds the study as the desktop app does: a main
connection plus worker connections opened while it is open. The command line runs as
``python -m interviewcoder``. Nothing may vanish (the ``-wal`` the app still uses) and no
write may be lost, in either direction; a writer waits for a lock held a few seconds and
fails with one line past its limit.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewcoder.services.studies import create
from interviewcoder.store.connection import BUSY_ENV, BUSY_MESSAGE

ROOT = Path(__file__).resolve().parents[1]


class AppSide:
    def __init__(self, study: Path, env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "app_side.py"), str(study)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})
        assert self.answer() == "ready"

    def send(self, command: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()

    def answer(self) -> object:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, "the app side ended"
        data = json.loads(line)
        assert "error" not in data, data["error"]
        return data["ok"]

    def ask(self, command: str) -> object:
        self.send(command)
        return self.answer()

    def quit(self) -> None:
        if self.proc.poll() is None:
            self.send("quit")
            self.answer()
            self.proc.wait(30)


@pytest.fixture
def app_side(tmp_path: Path) -> Iterator[tuple[AppSide, Path]]:
    path = tmp_path / "shared.icstudy"
    create(path, template="blank").close()
    app = AppSide(path)
    try:
        yield app, path
    finally:
        app.quit()
        if app.proc.poll() is None:
            app.proc.kill()


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "interviewcoder", *args], capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, **(env or {})}, timeout=120)


def cli_codes(path: Path) -> list[str]:
    done = cli("codebook", str(path), "--json")
    assert done.returncode == 0, done.stderr
    return sorted(c["name"] for c in json.loads(done.stdout) if c["dimension"] == "step")


def wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def test_app_and_cli_see_each_others_writes_and_the_wal_survives(app_side) -> None:
    app, path = app_side
    assert app.ask("open") == 1  # a worker's connection, opened while the main one is open
    app.ask("add From the app 1")
    wal_inode = os.stat(wal(path)).st_ino

    for round_ in range(1, 4):
        done = cli("codebook", str(path), "add", f"step/From the CLI {round_}")
        assert done.returncode == 0, done.stderr
        assert wal(path).exists(), f"the -wal vanished under the app (round {round_})"
        assert os.stat(wal(path)).st_ino == wal_inode, "the -wal was deleted and made again"
        app.ask("cycle")  # an evidence refresh opens and closes a connection
        app.ask("open")
        # the app sees the CLI's write ...
        assert f"From the CLI {round_}" in app.ask("codes")
        app.ask(f"add From the app {round_ + 1}")
        # ... and the CLI sees the app's
        assert f"From the app {round_ + 1}" in cli_codes(path)

    app.quit()
    expected = sorted([f"From the app {n}" for n in range(1, 5)]
                      + [f"From the CLI {n}" for n in range(1, 4)])
    with sqlite3.connect(path) as conn:
        names = sorted(r[0] for r in conn.execute("SELECT name FROM codes WHERE dimension='step'"))
        assert names == expected
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        logged = [r[0] for r in conn.execute("SELECT target FROM changelog WHERE action='add_code'")]
    assert len(logged) == len(expected)


def has_study_open(pid: int, path: Path) -> bool:
    """The process has connected to the study (its -shm is open: SQLite maps it to read)."""
    shm = str(path) + "-shm"
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}") == shm for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


def wait_for(condition, timeout: float = 60.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)  # polling a condition, not waiting for time to pass


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs Linux /proc")
def test_a_cli_writer_waits_for_the_apps_lock_then_succeeds(app_side) -> None:
    app, path = app_side
    app.send("hold")
    assert app.answer() == "held"
    cli_proc = subprocess.Popen(
        [sys.executable, "-m", "interviewcoder", "codebook", str(path), "add", "step/Waited"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, BUSY_ENV: "30"})
    wait_for(lambda: has_study_open(cli_proc.pid, path) or cli_proc.poll() is not None)
    started = time.monotonic()
    app.send("release 3")  # the lock goes 3 s from now; the CLI is waiting for it
    out, err = cli_proc.communicate(timeout=120)
    waited = time.monotonic() - started
    assert app.answer() == "released"
    assert cli_proc.returncode == 0, err
    assert out == "added step/Waited (id 1)\n"
    assert waited >= 2.9  # it waited for the lock, then wrote
    assert "Waited" in cli_codes(path)


def test_a_writer_past_the_busy_limit_fails_with_one_line(app_side) -> None:
    app, path = app_side
    before = cli_codes(path)
    app.send("hold")
    assert app.answer() == "held"
    for args in (["codebook", str(path), "add", "step/Too late"],
                 ["participants", str(path), "set", "Nobody", "--outcome", "won"]):
        started = time.monotonic()
        done = cli(*args, env={BUSY_ENV: "0.5"})
        assert done.returncode == 2
        assert done.stderr == f"interviewcoder: error: {BUSY_MESSAGE}\n"
        assert time.monotonic() - started < 60
    app.send("release 0")
    assert app.answer() == "released"
    assert cli_codes(path) == before


def test_two_processes_importing_one_file_store_it_once(tmp_path: Path) -> None:
    path = tmp_path / "twice.icstudy"
    create(path, template="blank").close()
    transcript = tmp_path / "interview.txt"
    transcript.write_text("".join(f"Interviewer: Question {n}?\nAna: Answer number {n}, at length "
                                  f"about vendors and prices.\n" for n in range(2000)),
                          encoding="utf-8")
    args = [sys.executable, "-m", "interviewcoder", "import", str(path), str(transcript)]
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=ROOT) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 1, outs
        assert conn.execute("SELECT count(*) FROM participants").fetchone()[0] == 1
    assert sorted(o[0].split()[0] for o in outs) == ["imported", "skipped"]
