"""A code's own suggestion patterns, added from the codebook dock, drive suggestions."""

from __future__ import annotations

from interviewcoder.services import suggestions
from interviewcoder.services.codebook import resolve


def test_user_pattern_from_the_codebook_makes_a_suggestion(qtbot, window) -> None:
    study = window.session.study
    code = resolve(study, "anxiety/Support quality")
    dialog = window.codebook.pattern_dialog(code.id)
    qtbot.addWidget(dialog)
    changed = []
    window.session.changed.connect(changed.append)
    dialog.entry.setText("formal complaint")
    assert dialog.add()
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == ["formal complaint"]
    assert changed and changed[-1].codebook
    dialog.entry.setText("[not json")
    assert not dialog.add() and "not valid JSON" in dialog.message.text()
    # the pattern is kept in the study and finds the phrase in Ben Carter's interview
    ben = next(s for s in study.sources.list() if "ben_carter" in (s.original_name or ""))
    found = suggestions.suggest(study, ben.id, min_score=0.0)
    assert any(s.code_path == "anxiety/Support quality" and "formal complaint" in s.text
               for s in found)
    dialog.list.setCurrentRow(0)
    dialog.remove_selected()
    assert dialog.list.count() == 0 and suggestions.list_patterns(study, code.id) == []
