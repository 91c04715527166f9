"""What the import inferred about each file, as a tree a researcher can read: the layout or
survey platform and how sure, why, the speakers with their roles, each survey column's class."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from interviewcoder.services.importing import FileResult

CLASS_LABELS = {"id": "respondent id", "open_text": "open text (a source)",
                "attribute": "attribute", "personal": "personal data (not exported)",
                "ignored": "ignored"}
_BECAUSE = {"label": "the label says so", "default name": "by its name",
            "--interviewer": "named as interviewer", "default": "everyone else"}
_WEAK = 0.6  # below this, the guess is shown as uncertain
LAYOUT_LABELS = {
    "voice": "voice tags", "timed-colon": "timed labels", "colon": "Name: labels",
    "bracket": "[id] labels", "otter": "Otter layout", "none": "no speakers",
    "qualtrics": "Qualtrics", "surveymonkey": "SurveyMonkey", "googleforms": "Google Forms",
    "typeform": "Typeform", "msforms": "Microsoft Forms", "generic": "generic table",
    "vtt": "WebVTT cues", "srt": "SubRip cues",
}


def confidence_text(inferred: dict[str, Any]) -> str:
    """``voice tags · 99% sure``: the layout a person can read, and how sure."""
    layout = inferred.get("layout", "")
    label = LAYOUT_LABELS.get(layout, layout)
    confidence = inferred.get("confidence")
    return label if confidence is None else f"{label} · {confidence:.0%} sure"


class InferenceTree(QTreeWidget):
    """One branch per imported file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels(["What was found", "Details"])
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)

    def show_results(self, results: Sequence[FileResult]) -> None:
        self.clear()
        for result in results:
            if result.inferred:
                self.addTopLevelItem(self._file_item(result))
        self.setVisible(self.topLevelItemCount() > 0)
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            top.setExpanded(self.topLevelItemCount() <= 3)
            for j in range(top.childCount()):  # short lists of speakers or columns open
                child = top.child(j)
                child.setExpanded(0 < child.childCount() <= 12)
        self.resizeColumnToContents(0)

    def _file_item(self, result: FileResult) -> QTreeWidgetItem:
        inferred = result.inferred
        item = QTreeWidgetItem([Path(result.file).name, confidence_text(inferred)])
        confidence = inferred.get("confidence")
        if confidence is not None and confidence < _WEAK:
            item.setForeground(1, QBrush(QColor("#b45309")))
            item.setToolTip(1, "A weak guess: check the layout, or name the columns or the "
                               "interviewer yourself and import again.")
        _child(item, "Why", inferred.get("reason", ""))
        if inferred.get("kind") == "project":
            _refi_children(item, inferred)
        elif inferred.get("kind") == "survey":
            _child(item, "Header rows", str(inferred.get("header_rows", "")))
            _child(item, "Respondent id", inferred.get("id_column") or "none (row numbers)")
            _child(item, "Respondents", str(inferred.get("respondents", "")))
            listed = inferred.get("columns", [])
            counts = Counter(c["class"] for c in listed)
            columns = _child(item, "Columns", f"{len(listed)}: " + ", ".join(
                f"{n} {CLASS_LABELS.get(cls, cls).split(' (')[0]}" for cls, n in counts.items()))

            for column in inferred.get("columns", []):
                label = f"{column['letter']}  {column['name']}"
                kind = "" if column["kind"] == column["class"] else f" · {column['kind']}"
                detail = (f"{CLASS_LABELS.get(column['class'], column['class'])}{kind}"
                          f" · {column['reason']}")
                child = _child(columns, label, detail)
                child.setToolTip(0, column.get("question", column["name"]))
                if column["class"] == "personal":
                    child.setForeground(1, QBrush(QColor("#b91c1c")))
        else:
            _child(item, "Turns", str(inferred.get("turns", "")))
            speakers = inferred.get("speakers", [])
            people = _child(item, "Speakers", str(len(speakers)) if speakers else "none")

            for speaker in speakers:
                _child(people, speaker["name"],
                       f"{speaker['role']} ({_BECAUSE.get(speaker['because'], speaker['because'])})"
                       f" · {speaker['turns']} turns")
            if inferred.get("front_matter"):
                _child(item, "Front matter", ", ".join(inferred["front_matter"]))
        return item


def _refi_children(item: QTreeWidgetItem, inferred: dict) -> None:
    """A REFI-QDA file: its codebook, users, cases and each source with its counting."""
    _child(item, "Codes", f"{inferred.get('codes', 0)}, {inferred.get('depth', 0)} levels deep")
    _child(item, "Users", str(inferred.get("users", 0)))
    _child(item, "Cases", str(inferred.get("cases", 0)))
    sources = inferred.get("sources", [])
    holder = _child(item, "Sources", str(len(sources)) if sources else "none")
    for source in sources:
        detail = (f"skipped: {source['skipped']}" if source["skipped"] else
                  f"{source['selections']} selections · offsets in {source['counting']}")
        _child(holder, source["name"], detail)
    for problem in inferred.get("problems", [])[:20]:
        _child(item, "Left out", problem).setForeground(1, QBrush(QColor("#b45309")))


def _child(parent: QTreeWidgetItem, label: str, detail: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem([label, detail])
    item.setToolTip(1, detail)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    parent.addChild(item)
    return item
