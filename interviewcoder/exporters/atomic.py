"""Write a file completely or not at all: a temporary file beside the target, then replace."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

from interviewcoder.core.errors import ExportFailed


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target``, on failure it goes.

    A failed or interrupted export never leaves a half-written file at the target path (and
    leaves an existing file there as it was).
    """
    target = Path(target)
    if target.is_dir():
        raise ExportFailed(f"{target}: is a folder")
    if not target.parent.is_dir():
        raise ExportFailed(f"{target}: folder {target.parent} does not exist")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise ExportFailed(f"{target}: cannot write there ({exc.strerror or exc})") from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        tmp.chmod(_default_mode())  # mkstemp makes it private (0600); an export is a normal file
        os.replace(tmp, target)
    except OSError as exc:  # a full disk, a folder that went away: one line, nothing left
        tmp.unlink(missing_ok=True)
        raise ExportFailed(f"{target}: cannot write it ({exc.strerror or exc})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _default_mode() -> int:
    """The mode a newly created file gets under the current umask (0644 under 022)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def replacing_all(targets: Sequence[Path]) -> Iterator[list[Path]]:
    """``replacing`` for several files: all are replaced when the block succeeds, none when it
    fails (each temporary file goes)."""
    with ExitStack() as stack:
        yield [stack.enter_context(replacing(t)) for t in targets]
