"""Helpers shared by the command modules: output, the coder's name, opening studies."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from interviewcoder.services.studies import open_study
from interviewcoder.store import Study


def default_coder() -> str:
    name = os.environ.get("INTERVIEWCODER_CODER")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user database (containers)
        return "coder"


def add_coder_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--coder", default=None,
                        help="who makes the change (default: $INTERVIEWCODER_CODER or your login)")


def coder_of(args: argparse.Namespace) -> str:
    return getattr(args, "coder", None) or default_coder()


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def open_from(args: argparse.Namespace) -> Study:
    """The study named on the command line; if opening it upgraded an older study, say so on
    standard error (where its backup is), keeping standard output for the command's own."""
    study = open_study(args.study)
    if study.upgraded is not None:
        sys.stderr.write(f"upgraded: {study.upgraded.message(study.path)}\n")
    return study


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A plain, aligned text table (long cells are cut)."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, v in enumerate(row):
            widths[i] = max(widths[i], len(v))
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    sys.stdout.write(line.rstrip() + "\n")
    for row in cells:
        sys.stdout.write("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
                         + "\n")


def _cell(value: Any, limit: int = 60) -> str:
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_key_values(items: list[str] | None, what: str) -> dict[str, str]:
    from interviewcoder.core.errors import InvalidInput

    out: dict[str, str] = {}
    for item in items or []:
        if "=" not in item:
            raise InvalidInput(f"{what} {item!r} is not of the form key=value")
        key, value = item.split("=", 1)
        if not key.strip():
            raise InvalidInput(f"{what} {item!r} has an empty key")
        out[key.strip()] = value.strip()
    return out


def require_known(what: str, given: str | None, known: Sequence[str]) -> None:
    """A filter naming a ``what`` (coder, outcome, persona) the study does not have is a
    one-line error naming the ones it has (not an empty table that reads as "nobody")."""
    if given is not None and given not in known:
        from interviewcoder.core.errors import InvalidInput

        raise InvalidInput(f"no {what} {given!r} in this study ({what}s: {', '.join(known) or 'none'})")
