"""Read zip-based formats (.docx, .xlsx, and any importer whose files are zips) in a process of
their own, with bounded memory, so that a native crash cannot take the app down.

python-calamine aborts the whole process when a sheet's range does not fit in memory (a 4.7 KB
workbook with one cell at XFD1048576 asks for 512 GB), and the libraries behind Word files
build whole documents in memory. The reading runs in a helper process
(``python -m interviewcoder.importers.isolated``) whose address space is capped at
``ReadLimits.max_reader_memory``; it answers with the parsed value, or one line saying why
not. One helper serves every import of the process and is started again if it dies.

Frames on the pipes are length-prefixed pickles between this module and its own child.
"""

from __future__ import annotations

import atexit
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, BinaryIO

from interviewcoder.core.errors import ImportFailed
from interviewcoder.core.types import ParsedSurvey, ParsedTranscript

from . import registry
from .base import Importer, Progress, ReadLimits, SurveyOptions, no_progress, short_reason

ZIP_MAGIC = b"PK\x03\x04"
TICK_SECONDS = 0.25
"""While the helper reads, ``progress(0, 0, "")`` is called this often (a cancel point)."""

Parsed = ParsedTranscript | ParsedSurvey


def read(
    path: Path, fmt: str = "auto", progress: Progress = no_progress,
    limits: ReadLimits | None = None, survey: SurveyOptions | None = None,
) -> tuple[Importer, Parsed]:
    """``registry.read``, with zip-based formats read in the helper process."""
    limits = limits or ReadLimits()
    survey = survey or SurveyOptions()
    importer = registry.choose(path, fmt)
    if not is_zip(path):
        return registry.read(path, importer.name, progress, limits, survey)
    return importer, _helper().read(path, importer.name, progress, limits, survey)


def is_zip(path: Path) -> bool:
    """Zip containers (.docx, .xlsx, ...) are read in the helper."""
    try:
        with path.open("rb") as handle:  # an import's file, never the study
            return handle.read(4) == ZIP_MAGIC
    except OSError:
        return False


# --- the parent's side -----------------------------------------------------------------------

class _Helper:
    def __init__(self, memory: int) -> None:
        self.memory = memory
        home = str(Path(__file__).resolve().parents[2])  # where the package is found
        paths = [home, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "interviewcoder.importers.isolated", str(memory)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        self.frames: queue.Queue[Any] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def alive(self) -> bool:
        return self.proc.poll() is None

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        while True:
            frame = _read_frame(self.proc.stdout)
            self.frames.put(frame)
            if frame is None:
                return
            del frame  # (else the last file read stays alive while this waits for the next)

    def read(self, path: Path, fmt: str, progress: Progress, limits: ReadLimits,
             survey: SurveyOptions) -> Parsed:
        assert self.proc.stdin is not None
        try:
            _write_frame(self.proc.stdin, (str(path), fmt, limits, survey))
        except OSError:
            raise ImportFailed(path.name, self._death()) from None
        while True:
            try:
                frame = self.frames.get(timeout=TICK_SECONDS)
            except queue.Empty:
                self._call(progress, 0, 0, "")
                continue
            if frame is None:
                raise ImportFailed(path.name, self._death())
            kind = frame[0]
            if kind == "progress":
                self._call(progress, *frame[1:])
            elif kind == "done":
                return frame[1]
            else:  # ("failed", file, reason)
                raise ImportFailed(frame[1], frame[2])

    def _call(self, progress: Progress, done: int, total: int, message: str) -> None:
        try:
            progress(done, total, message)
        except BaseException:  # a cancel: stop the helper's work (a new one serves the next)
            self.stop()
            raise

    def _death(self) -> str:
        code = self.proc.wait()
        killed = {-getattr(signal, name, 0) for name in ("SIGABRT", "SIGKILL", "SIGSEGV")}
        if code in killed | {134, 137, 3, 0xC0000005, 0xC0000409}:  # (and Windows' crashes)
            return (f"could not be read within {self.memory >> 30} GB of memory (the reader "
                    "gave up; is the file far larger inside than it looks?)")
        return f"could not be read (the reader stopped with status {code})"

    def stop(self) -> None:
        if self.alive():
            self.proc.kill()
        self.proc.wait()


_lock = threading.Lock()
_current: _Helper | None = None


class _Serial:
    """One request at a time to the one helper (the GUI's import worker and the CLI)."""

    def read(self, path: Path, fmt: str, progress: Progress, limits: ReadLimits,
             survey: SurveyOptions) -> Parsed:
        global _current
        with _lock:
            if _current is None or not _current.alive() or \
                    _current.memory != limits.max_reader_memory:
                if _current is not None:
                    _current.stop()
                _current = _Helper(limits.max_reader_memory)
            return _current.read(path, fmt, progress, limits, survey)


def _helper() -> _Serial:
    return _Serial()


@atexit.register
def stop_helper() -> None:
    """End the helper process (at exit; tests call it too)."""
    global _current
    with _lock:
        if _current is not None:
            _current.stop()
            _current = None


# --- frames ----------------------------------------------------------------------------------

def _write_frame(out: BinaryIO, value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(struct.pack("!Q", len(data)) + data)
    out.flush()


def _read_frame(stream: BinaryIO) -> Any:
    head = stream.read(8)
    if len(head) < 8:
        return None
    size = struct.unpack("!Q", head)[0]
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)  # noqa: S301 - frames from our own child process


# --- the helper's side -----------------------------------------------------------------------

def _serve(memory: int) -> None:
    """Read requests from stdin until it closes; answer each on stdout."""
    _cap_memory(memory)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the frames

    def send(value: Any) -> None:
        _write_frame(stdout, value)

    def progress(done: int, total: int, message: str) -> None:
        send(("progress", done, total, message))

    while (request := _read_frame(stdin)) is not None:
        path, fmt, limits, survey = request

        try:
            _, parsed = registry.read(Path(path), fmt, progress, limits, survey)
        except ImportFailed as exc:
            send(("failed", exc.file, exc.reason))
        except MemoryError:
            send(("failed", Path(path).name, f"could not be read within {memory >> 30} GB of "
                                             "memory (is it far larger inside than it looks?)"))
        except Exception as exc:  # noqa: BLE001 - one line for any reader's failure
            send(("failed", Path(path).name, f"could not be read ({short_reason(exc)})"))
        else:
            send(("done", parsed))


def _cap_memory(memory: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no rlimits; a crash still ends only this process
        return
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ValueError, OSError):
        pass


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
