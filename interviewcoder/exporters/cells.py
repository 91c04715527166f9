"""Cell safety: text from users never becomes a formula, and always fits a cell.

- Text starting with ``=``, ``+``, ``-``, ``@``, tab or CR could be taken for a formula by a
  spreadsheet: XLSX stores it as a string cell (never a formula); CSV prefixes a single quote.
- Characters an XLSX file cannot hold (C0 controls except tab, LF and CR; lone surrogates;
  U+FFFE/U+FFFF) are removed.
- Text longer than Excel's 32,767 characters per cell is cut, ending with a marker.
"""

from __future__ import annotations

import re

MAX_CELL = 32_767
CUT_MARKER = " … [cut: longer than a spreadsheet cell holds]"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def clean_text(text: str, limit: int = MAX_CELL) -> str:
    """``text`` without characters XLSX cannot hold, cut with a marker past ``limit``."""
    text = _ILLEGAL.sub("", text)
    if len(text) > limit:
        text = text[: limit - len(CUT_MARKER)] + CUT_MARKER
    return text


def csv_text(text: str) -> str:
    """A CSV field that no spreadsheet will evaluate: formula-like text gets a leading quote."""
    return "'" + text if looks_like_formula(text) else text


def csv_value(field: str) -> str:
    """The text ``csv_text`` guarded (reading back a CSV this app wrote)."""
    return field[1:] if field.startswith("'") and looks_like_formula(field[1:]) else field
