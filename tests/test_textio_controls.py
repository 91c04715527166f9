"""The control-character check of text imports (one str.translate pass) counts what a test
per character counts, and refuses binary data as before."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interviewcoder.core.errors import ImportFailed
from interviewcoder.importers.textio import _ALLOWED_CONTROLS, _DROP_CONTROLS, decode


def _per_character(text: str) -> int:
    return sum(1 for ch in text if ch < " " and ch not in _ALLOWED_CONTROLS)


@given(st.text(alphabet=st.characters(max_codepoint=0x3000), max_size=300))
def test_one_pass_counts_what_a_test_per_character_counts(text: str) -> None:
    assert len(text) - len(text.translate(_DROP_CONTROLS)) == _per_character(text)


def test_a_few_stray_controls_pass_and_many_are_binary() -> None:
    body = "Ana: hello there, this is a transcript line.\n" * 50
    assert decode(("\x07" + body + "\x1b").encode(), "ok.txt").startswith("\x07Ana")
    noisy = "".join(ch + "\x01" for ch in body[:400])
    with pytest.raises(ImportFailed, match="binary data"):
        decode(noisy.encode(), "noisy.txt")
    with pytest.raises(ImportFailed, match="binary data"):
        decode(("ok\x00" + body).encode("utf-16-le"), "nul.txt")
