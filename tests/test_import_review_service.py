"""The reviewed import: a review stores nothing; a confirmed one is stored in one transaction
(all files or, when one fails or the import is cancelled, none)."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewcoder.core.errors import Cancelled, InvalidInput
from interviewcoder.services.import_review import review_import, settle_choices
from interviewcoder.services.importing import ImportOptions, import_file, store_plan
from interviewcoder.store import Study


def _tables(study: Study) -> dict[str, list[tuple]]:
    return {t: study.db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("participants", "sources", "turns", "changelog")}


def _files(tmp_path: Path) -> list[Path]:
    texts = {"a.txt": "Interviewer: Why?\nAna Ruiz: Price.\n",
             "b.txt": "Interviewer: And you?\nAna Ruiz: Support.\nBo Chen: Same.\n"}
    out = []
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        out.append(tmp_path / name)
    return out


def test_a_review_stores_nothing_and_sees_the_batch_as_a_whole(blank_study, tmp_path) -> None:
    before = _tables(blank_study)
    review = review_import(blank_study, _files(tmp_path), ImportOptions(same_person=True))
    assert _tables(blank_study) == before
    b = review.files[1]
    # file b's Ana is file a's Ana (--same-person), though she is not in the study yet
    assert b.speaker("Ana Ruiz").participant.to_dict() == {"action": "join", "name": "Ana Ruiz"}
    results = store_plan(blank_study, review)
    assert [r.status for r in results] == ["imported", "imported"]
    ana = blank_study.participants.by_name("Ana Ruiz")
    assert {t.source_id for t in blank_study.sources.turns_of_participant(ana.id)} == {1, 2}


def test_one_failing_file_keeps_nothing_of_the_reviewed_import(blank_study, tmp_path) -> None:
    import_file(blank_study, _text(tmp_path, "first.txt", "Interviewer: Hi.\nAna Ruiz: Hi.\n"),
                ImportOptions(outcome="won"))
    before = _tables(blank_study)
    review = review_import(blank_study, _files(tmp_path), ImportOptions(same_person=True))
    review.files[1].outcome = "lost"  # Ana is won: the second file says otherwise
    results = store_plan(blank_study, review)
    assert [r.status for r in results] == ["skipped", "error"]
    assert "Ana Ruiz is already outcome 'won'" in results[1].error
    assert "nothing of this import was kept" in results[0].message
    assert _tables(blank_study) == before


def test_cancel_while_storing_keeps_nothing(blank_study, tmp_path) -> None:
    review = review_import(blank_study, _files(tmp_path))
    before = _tables(blank_study)

    def progress(done: int, total: int, message: str) -> None:
        if done == 1:
            raise Cancelled("import cancelled; nothing was kept")

    results = store_plan(blank_study, review, progress)
    assert [r.status for r in results] == ["skipped", "skipped"]
    assert _tables(blank_study) == before


def test_settle_choices_links_typed_names_and_refuses_an_empty_one(blank_study, tmp_path) -> None:
    review = review_import(blank_study, _files(tmp_path))
    a, b = review.files
    assert b.speaker("Ana Ruiz").participant.name == "Ana Ruiz (b)"  # a possible match …
    b.speaker("Ana Ruiz").participant = type(b.speaker("Ana Ruiz").participant)("new", "ana ruiz")
    settle_choices(blank_study, review)  # … linked by the researcher, whatever the case
    assert b.speaker("Ana Ruiz").participant.to_dict() == {"action": "join", "name": "Ana Ruiz"}
    b.speaker("Bo Chen").participant = type(b.speaker("Bo Chen").participant)("new", " ")
    with pytest.raises(InvalidInput, match="needs a participant name"):
        settle_choices(blank_study, review)


def _text(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
