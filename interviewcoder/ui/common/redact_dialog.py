"""The "Redact for sharing" dialog of File → Export → Redacted workbook / CSV tables / journey
map / REFI-QDA project: what is replaced, the extra terms (company names...), and whether to
write the redaction report beside the file. Every one of these exports then uses the study's
one redactor (``services.redaction``)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

WHERE = {"workbook": "every cell, header, sheet name and note of the workbook",
         "map": "every word the map draws",
         "tables": "every header and field of every CSV table, and the tables' notes",
         "project": "every name, text, note and value of the project (codings follow the text)"}
EXPLAINED = (
    "Replaced in {where}:<br>"
    "• names of participants, speakers and survey respondents, whole and by each part, in any "
    "case and inside names such as <i>jane_doe</i> or <i>JaneDoe</i>;<br>"
    "• e-mail addresses, phone numbers, URLs and domains, street addresses and postcodes, "
    "IP addresses;<br>"
    "• the terms below (also written without spaces or in another case).<br>"
    "<br>Survey columns marked personal at import (e-mail, IP address, names) are left out.")


@dataclass(frozen=True)
class RedactChoice:
    terms: list[str]
    report: bool


class RedactDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, what: str = "export") -> None:
        super().__init__(parent)
        self.setWindowTitle("Redact for sharing")
        layout = QVBoxLayout(self)
        info = QLabel(EXPLAINED.format(where=WHERE.get(what, "every string exported")))
        info.setWordWrap(True)
        layout.addWidget(info)
        layout.addSpacing(6)
        layout.addWidget(QLabel("Other terms to replace (comma-separated, e.g. company names):"))
        self.terms = QLineEdit()
        self.terms.setPlaceholderText("Acme Corp, Project Falcon")
        layout.addWidget(self.terms)
        self.report = QCheckBox(f"Also write a redaction report beside the {what} (not for sharing)")
        self.report.setToolTip("A text file, NAME.redaction-report.txt, saying how many names, "
                               "e-mails, phones, addresses... were replaced and which pseudonyms "
                               "were written, so you can check before sending. It names no one.")
        layout.addWidget(self.report)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            "Choose folder…" if what == "tables" else "Choose file…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def choice(self) -> RedactChoice:
        terms = [t.strip() for t in self.terms.text().split(",") if t.strip()]
        return RedactChoice(terms, self.report.isChecked())


def ask_redaction(parent: QWidget, what: str = "export") -> RedactChoice | None:
    """The user's terms and report choice, or None when cancelled."""
    dialog = RedactDialog(parent, what=what)
    return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
