"""Every item model of the workspace passes pytest-qt's model tester.

The tester stays connected after ``check`` and re-checks the model on every signal, so the
changes made after it are checked too."""

from __future__ import annotations

from PySide6.QtCore import Qt

from interviewcoder.core.types import Dimension
from interviewcoder.services.codebook import AddCode, DeleteCode
from interviewcoder.services.coding import RemoveQuote
from interviewcoder.services.participants import UpdateParticipant
from interviewcoder.ui.coding.code_picker import CodePickerModel
from interviewcoder.ui.quotes.quotes_model import QuotesModel
from interviewcoder.ui.sources.sources_model import SOURCE_ID_ROLE, UNCODED_ROLE, SourcesModel


def test_codebook_model(qtmodeltester, window):
    model = window.codebook.model
    qtmodeltester.check(model, force_py=True)
    window.session.apply(AddCode(Dimension.THEME, "Onboarding pain"))
    model.set_filter("pain")
    assert model.rowCount() >= 1


def test_sources_model_groups_and_filters(qtmodeltester, window):
    model: SourcesModel = window.sources.model
    qtmodeltester.check(model, force_py=True)
    groups = [model.index(r, 0).data().split("  ")[0] for r in range(model.rowCount())]
    assert groups[:3] == ["Won", "Lost", "Churned"]
    assert groups[-1] == "Survey questions"
    model.set_grouping("kind")
    assert [model.index(r, 0).data().split("  ")[0] for r in range(model.rowCount())] == \
        ["Interviews", "Survey questions"]
    surveys = model.index(1, 0)
    questions = {model.index(r, 0, surveys).data() for r in range(model.rowCount(surveys))}
    assert questions == {"What almost stopped you from choosing us?",
                         "What would you tell a peer evaluating tools like this?"}
    model.set_grouping("persona")
    personas = {p[2] for row in model.rows.values() for p in row["participants"] if p[2]}
    assert personas <= {model.index(r, 0).data().split("  ")[0] for r in range(model.rowCount())}
    model.set_grouping("kind")
    model.set_filter("ledgerly")
    shown = [model.index(r, 0, model.index(0, 0)) for r in range(model.rowCount(model.index(0, 0)))]
    assert shown and all("ledgerly" in i.data().lower() for i in shown)
    # an uncoded source shows the badge; moving a participant regroups
    model.set_filter("")
    model.set_grouping("outcome")
    fewest = min(model.rows, key=lambda s: model.rows[s]["quotes"])
    for q in window.session.study.quotes.for_source(fewest):
        window.session.apply(RemoveQuote(q.id))
    idx = model.index_of(fewest)
    assert idx.data(UNCODED_ROLE) and idx.data(Qt.ItemDataRole.DecorationRole) is not None
    assert idx.siblingAtColumn(2).data() == "0"
    won = model.index(0, 0)
    first = model.index(0, 0, won)
    sid = first.data(SOURCE_ID_ROLE)
    person = model.rows[sid]["participants"][0][0]
    pid = window.session.study.participants.by_name(person).id
    window.session.apply(UpdateParticipant(pid, outcome="churned"))
    churned = next(r for r in range(model.rowCount()) if model.index(r, 0).data().startswith("Churned"))
    assert model.index_of(sid).parent().row() == churned


def test_quotes_model_filters_and_sorts(qtmodeltester, window):
    model = QuotesModel(window.cache)
    some_code = max(window.cache.codes, key=lambda c: window.cache.usage(c)[0])
    model.show("code", some_code)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == window.cache.usage(some_code)[0]
    model.sort(2, Qt.SortOrder.DescendingOrder)
    people = [model.index(r, 2).data() for r in range(model.rowCount())]
    assert people == sorted(people, key=str.casefold, reverse=True)
    outcome = model.choices("outcome")[0]
    model.set_filter("outcome", outcome)
    assert all(outcome in model.index(r, 3).data() for r in range(model.rowCount()))
    model.show("source", None)
    assert model.rowCount() == 0


def test_quotes_model_follows_code_deletion(qtmodeltester, window):
    model = window.quotes.model
    code = max(window.cache.codes, key=lambda c: window.cache.usage(c)[0])
    window.quotes.show_code(code)
    assert model.rowCount() > 0
    window.session.apply(DeleteCode(code))
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 0


def test_code_picker_model_ranks_name_prefixes_first(qtmodeltester, window):
    model = CodePickerModel(window.cache)
    qtmodeltester.check(model, force_py=True)
    model.set_query("rev")
    labels = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert labels[0].split(": ")[1].lower().startswith("rev")
    assert all("rev" in label.lower() for label in labels)
    model.set_query("anxiety hidden")
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Anxiety: Hidden costs"]
