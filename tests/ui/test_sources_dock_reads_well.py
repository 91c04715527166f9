"""The Sources dock and status bar read as a researcher expects: thousands separators, and
outcome groups in the study's own order."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from interviewcoder.core.types import Dimension, Quote
from interviewcoder.services.import_options import ImportOptions
from interviewcoder.services.importing import import_file
from interviewcoder.services.studies import create
from interviewcoder.ui import app


def test_a_source_with_1200_quotes_reads_1_200_in_the_sources_dock(qtbot, tmp_path: Path,
                                                                    settings) -> None:
    study = create(tmp_path / "s.icstudy", template="journey")
    transcript = tmp_path / "ana.txt"
    transcript.write_text("Interviewer: Why?\n\nAna: " + "We asked peers. " * 1200 + "\n",
                          encoding="utf-8")
    [src] = import_file(study, transcript, ImportOptions()).sources
    text = study.sources.text(src["id"])
    step = study.codes.find(Dimension.STEP, "Asked peers").id
    start = text.index("We asked")
    with study.atomic():
        study.quotes.insert_many(
            Quote(i, f"q{i}", src["id"], start + 16 * (i - 1), start + 16 * (i - 1) + 15,
                  "We asked peers.", "Ana", "t", "t", "", (step,)) for i in range(1, 1201))
    study.close()
    w = app.open_window(tmp_path / "s.icstudy", settings)
    qtbot.addWidget(w)
    model = w.sources.model
    row = model.index_of(src["id"])
    assert row.siblingAtColumn(2).data() == "1,200"
    assert row.parent().siblingAtColumn(2).data() == "1,200"  # the group's total
    assert "1,200 quotes" in row.data(Qt.ItemDataRole.ToolTipRole)
    assert w._status.text().startswith("1 source · 1,200 quotes · ")
    w.close()


def test_source_groups_follow_the_studys_outcomes(qtbot, tmp_path: Path, settings) -> None:
    """Groups by outcome come in the study's vocabulary order (an outcome added later after
    the first three, whatever its name), capitalised like the first three."""
    from interviewcoder.services import outcomes
    from interviewcoder.services import participants as people

    study = create(tmp_path / "s.icstudy", template="journey")
    for name, outcome in (("ana", "won"), ("bo", "paused"), ("cy", "expanded"), ("di", "lost")):
        transcript = tmp_path / f"{name}.txt"
        transcript.write_text(f"Interviewer: Why?\n\n{name.title()}: Because.\n", encoding="utf-8")
        import_file(study, transcript, ImportOptions())
        if outcome not in outcomes.known(study):
            outcomes.add(study, outcome, "tester")
        people.set_participant(study, name.title(), "tester", outcome=outcome)
    study.close()
    w = app.open_window(tmp_path / "s.icstudy", settings)
    qtbot.addWidget(w)
    model = w.sources.model
    groups = [model.index(r, 0).data().split("  ")[0] for r in range(model.rowCount())]
    assert groups == ["Won", "Lost", "Paused", "Expanded"]
    w.close()
