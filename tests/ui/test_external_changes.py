"""The app refreshes its views within 2 s of a command-line write to the open study."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from interviewcoder.services.studies import create
from tests.ui.conftest import open_main_window

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "interviewcoder", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_views_follow_command_line_writes(qtbot, tmp_path: Path, settings) -> None:
    path = tmp_path / "open.icstudy"
    create(path, template="journey").close()
    transcript = tmp_path / "Interview with Ana.txt"
    transcript.write_text("Interviewer: How did you choose?\nAna: We compared three vendors.\n",
                          encoding="utf-8")
    window = open_main_window(qtbot, path, settings)
    noticed: list[int] = []
    window.external.noticed.connect(lambda: noticed.append(1))

    cli("import", str(path), str(transcript))
    qtbot.waitUntil(lambda: len(window.sources.model.rows) == 1, timeout=2000)
    source_id = next(iter(window.sources.model.rows))
    assert window.sources.model.rows[source_id]["quotes"] == 0

    cli("codebook", str(path), "add", "step/Asked a colleague")
    qtbot.waitUntil(lambda: any(c.name == "Asked a colleague" for c in window.cache.codes.values()),
                    timeout=2000)
    code_id = next(c.id for c in window.cache.codes.values() if c.name == "Asked a colleague")
    assert window.codebook.model.index_of(code_id).isValid()

    window.show_source(source_id)
    qtbot.waitUntil(lambda: window.reader.source_id == source_id, timeout=2000)
    text = json.loads(cli("source", str(path), str(source_id), "--json"))["text"]
    start = text.index("We compared")
    cli("code", str(path), "--source", str(source_id), "--start", str(start),
        "--end", str(start + len("We compared three vendors")), "--code", "step/Asked a colleague")
    qtbot.waitUntil(lambda: len(window.reader.quotes) == 1, timeout=2000)
    qtbot.waitUntil(lambda: window.sources.model.rows[source_id]["quotes"] == 1, timeout=2000)
    assert window.cache.usage(code_id)[0] == 1
    assert len(noticed) == 3

    # the app's own writes are not mistaken for someone else's
    assert not window.external.check()
    window.close()


def test_a_survey_imported_from_the_command_line_reads_whole_in_the_open_app(
        qtbot, tmp_path: Path, settings) -> None:
    """The command line imports a survey into a study the app has open (its answers written
    into the question's text by blob I/O, in the import's transaction); the app lists the
    question and its reader shows every answer, exactly as the command line reads them."""
    path = tmp_path / "open.icstudy"
    create(path, template="journey").close()
    survey = tmp_path / "exit survey.csv"
    answers = [f"Answer {i}: the pricing page was unclear, café au lait ☕ {i}" for i in range(40)]
    survey.write_text("Timestamp,Email Address,What made you choose us?\n" + "".join(
        f"2026-11-0{1 + i % 9} 10:00:00,r{i}@example.com,\"{a}\"\n" for i, a in enumerate(answers)),
        encoding="utf-8")
    window = open_main_window(qtbot, path, settings)

    cli("import", str(path), str(survey))
    qtbot.waitUntil(lambda: len(window.sources.model.rows) == 1, timeout=3000)
    source_id = next(iter(window.sources.model.rows))
    text = json.loads(cli("source", str(path), str(source_id), "--json"))["text"]
    assert text == "\n\n".join(answers)
    window.show_source(source_id)
    qtbot.waitUntil(lambda: window.reader.source_id == source_id, timeout=2000)
    assert window.reader.toPlainText().count("the pricing page was unclear") == 40
    window.close()


def test_a_restore_from_the_command_line_shows_in_the_open_app(qtbot, tmp_path: Path,
                                                               settings) -> None:
    """The app reads a source while the command line replaces its text (deleting a quote)
    and then restores the earlier text: the reader follows, and the quote comes back."""
    path = tmp_path / "open.icstudy"
    create(path, template="journey").close()
    original = tmp_path / "jane.txt"
    original.write_text("Interviewer: How did it go?\n\nJane Roe: We compared tree vendors on "
                        "price.\n", encoding="utf-8")
    cli("import", str(path), str(original))
    source_id = json.loads(cli("sources", str(path), "--json"))[0]["id"]
    text = json.loads(cli("source", str(path), str(source_id), "--json"))["text"]
    start = text.index("We compared")
    cli("code", str(path), "--source", str(source_id), "--start", str(start),
        "--end", str(start + len("We compared tree vendors")), "--code", "step/Compared vendors")
    window = open_main_window(qtbot, path, settings)
    window.show_source(source_id)
    qtbot.waitUntil(lambda: len(window.reader.quotes) == 1, timeout=2000)
    (quote_id,) = window.reader.quotes

    corrected = tmp_path / "jane-fixed.txt"
    corrected.write_text(original.read_text().replace("tree vendors", "three vendors"),
                         encoding="utf-8")
    cli("source", str(path), str(source_id), "replace", str(corrected), "--delete", str(quote_id))
    qtbot.waitUntil(lambda: "three vendors" in window.reader.toPlainText(), timeout=2000)
    qtbot.waitUntil(lambda: not window.reader.quotes, timeout=2000)
    out = cli("source", str(path), str(source_id), "restore", "1")
    assert "1 quote the replacement deleted is back" in out
    qtbot.waitUntil(lambda: "tree vendors" in window.reader.toPlainText(), timeout=2000)
    qtbot.waitUntil(lambda: list(window.reader.quotes) == [quote_id], timeout=2000)
    assert window.sources.model.rows[source_id]["quotes"] == 1
    window.close()
