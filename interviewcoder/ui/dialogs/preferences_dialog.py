"""Preferences: your name as a coder, the thin-evidence threshold, the spaCy pipeline, the
reader's text size, and the theme. Kept in the app's settings (not in the study)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from interviewcoder.ui.common.settings import Settings
from interviewcoder.ui.common.theme import THEMES


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, text_size: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(460)
        self.settings = settings
        self.coder = QLineEdit(settings.coder)
        self.coder.setPlaceholderText("Recorded with every quote you make")
        self.thin = QSpinBox()
        self.thin.setRange(1, 50)
        self.thin.setValue(settings.thin_threshold)
        self.thin.setSuffix(" participants")
        self.thin.setToolTip("Evidence from fewer participants than this is flagged thin")
        self.pipeline = QComboBox()
        self.pipeline.setEditable(True)
        self.pipeline.addItem("", "")
        for name in ("en_core_web_sm", "en_core_web_md", "de_core_news_sm", "fr_core_news_sm"):
            self.pipeline.addItem(name, name)
        self.pipeline.setEditText(settings.spacy_pipeline)
        self.pipeline.lineEdit().setPlaceholderText("blank (built in; no download needed)")
        self.pipeline.setToolTip("An installed spaCy pipeline for sentences, suggestions and "
                                 "redaction of names; empty: the built-in blank pipeline")
        self.text_size = QDoubleSpinBox()
        self.text_size.setRange(7, 32)
        self.text_size.setSingleStep(0.5)
        self.text_size.setDecimals(1)
        self.text_size.setSuffix(" pt")
        self.text_size.setValue(text_size)
        self.text_size.setToolTip("The reader's text (Ctrl+= and Ctrl+- change it too)")
        self.theme = QComboBox()
        for key, label in THEMES.items():
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        form = QFormLayout(self)
        form.addRow("Your name (coder)", self.coder)
        form.addRow("Thin evidence below", self.thin)
        form.addRow("spaCy pipeline", self.pipeline)
        form.addRow("Reader text size", self.text_size)
        form.addRow("Theme", self.theme)
        note = QLabel("Your name applies to what you code from now on; quotes already made keep "
                      "their coder.")
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, object]:
        return {"coder": self.coder.text().strip(), "thin": self.thin.value(),
                "pipeline": self.pipeline.currentText().strip(), "text_size": self.text_size.value(),
                "theme": str(self.theme.currentData())}

    def save(self) -> dict[str, object]:
        """Write the chosen values to the settings and return them."""
        v = self.values()
        if v["coder"]:
            self.settings.coder = str(v["coder"])
        self.settings.thin_threshold = int(v["thin"])  # type: ignore[call-overload]
        self.settings.spacy_pipeline = str(v["pipeline"])
        self.settings.text_size = float(v["text_size"])  # type: ignore[arg-type]
        self.settings.theme = str(v["theme"])
        return v
