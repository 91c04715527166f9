"""Who-counts benchmark: the review plan, reported participant changes, bulk edits, People.

    python -m benchmarks.bench_identity [--respondents 20000] [--questions 3] [--no-ui]

On a survey export of ``--respondents`` rows (the import benchmark's Qualtrics layout) it
prints: the review plan of the file (read, columns classed, respondents matched; nothing
stored), the import, a re-import that fills every respondent's outcome (each change reported and
undoable), a bulk outcome set on every participant and its undo (one step each), a merge of two
participants, and (unless ``--no-ui``) the People table's first fill on the offscreen platform.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from benchmarks.bench_import import peak_rss_mb, write_survey
from interviewcoder.services import participants
from interviewcoder.services.import_review import review_import
from interviewcoder.services.importing import ImportOptions, import_files
from interviewcoder.services.operations import execute
from interviewcoder.services.studies import create


def _timed(label: str, fn):  # noqa: ANN001, ANN202
    started = time.perf_counter()
    result = fn()
    print(f"  {label}: {time.perf_counter() - started:.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=20_000)
    parser.add_argument("--questions", type=int, default=3)
    parser.add_argument("--no-ui", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = write_survey(folder, args.respondents, args.questions)
        study = create(folder / "identity.icstudy", template="blank")
        print(f"survey: {args.respondents} respondents x {args.questions} open questions "
              f"({path.stat().st_size / 1e6:.1f} MB)")
        plan = _timed("review plan (read, columns classed, respondents matched)",
                      lambda: review_import(study, [path], ImportOptions()))
        print(f"    {len(plan.files[0].columns)} columns, {plan.files[0].respondents} respondents")
        _timed("import without outcomes", lambda: import_files(study, [path], ImportOptions()))
        options = ImportOptions(force=True, outcome_column="Outcome",
                                outcome_map={"Yes": "won", "No": "lost"})
        (again,) = _timed("re-import filling every outcome (reported, undoable)",
                          lambda: import_files(study, [path], options))
        print(f"    {len(again.participant_changes)} participant fields changed; {again.message}")
        ids = [p.id for p in study.participants.list()]
        op = participants.update_many_op(study, ids, outcome="churned")
        applied = _timed(f"bulk set outcome on {len(ids)} participants (one step)",
                         lambda: execute(study, op, "bench"))
        _timed("undo of the bulk set", lambda: execute(study, applied.inverse, "bench"))
        _timed("merge two participants", lambda: participants.merge(
            study, study.participants.get(ids[1]).name, study.participants.get(ids[0]).name,
            "bench"))
        if not args.no_ui:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
            from PySide6.QtCore import Qt
            from PySide6.QtWidgets import QApplication

            from interviewcoder.ui.common.session import StudySession
            from interviewcoder.ui.participants.participants_dialog import ParticipantsDialog

            app = QApplication.instance() or QApplication([])
            session = StudySession(study, "bench")
            dialog = _timed("People table: the Participants dialog built and filled",
                            lambda: ParticipantsDialog(session))
            m = dialog.model
            _timed("edit one outcome in the table (refreshed in place)",
                   lambda: m.setData(m.index(m.rowCount() // 2, 1), "won"))
            _timed("sort by outcome", lambda: dialog.view.sortByColumn(1, Qt.SortOrder.AscendingOrder))
            dialog.close()
            app.processEvents()
        print(f"  peak RSS: {peak_rss_mb():.0f} MB")
        study.close()


if __name__ == "__main__":
    main()
