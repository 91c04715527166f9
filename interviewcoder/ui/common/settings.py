"""Every user setting in one place: typed, with defaults and a version (QSettings underneath).

Study data (codebook, colours, coders) lives in the study file, never here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from interviewcoder.paths import app_data_dir

ORGANISATION = "interviewcoder"
APPLICATION = "interviewcoder"
VERSION = 1
MAX_RECENT = 10


class Settings:
    """Typed access to the app's QSettings. Create one where needed; they share the store."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._q = qsettings or QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                                         ORGANISATION, APPLICATION)
        self._upgrade()

    def _upgrade(self) -> None:
        stored = int(self._q.value("settings_version", 0) or 0)
        # Version hooks go here as settings change shape; version 1 is the first.
        if stored < VERSION:
            self._q.setValue("settings_version", VERSION)

    def sync(self) -> None:
        self._q.sync()

    # --- coder -----------------------------------------------------------------------------

    @property
    def coder(self) -> str:
        return str(self._q.value("coder/name", "") or "")

    @coder.setter
    def coder(self, name: str) -> None:
        self._q.setValue("coder/name", name.strip())

    # --- recent studies --------------------------------------------------------------------

    @property
    def recent_studies(self) -> list[str]:
        value = self._q.value("studies/recent", [])
        if isinstance(value, str):  # QSettings gives back a str for a one-item list
            value = [value]
        return [str(v) for v in (value or [])]

    def add_recent_study(self, path: str | Path) -> None:
        path = str(Path(path).resolve())
        recent = [p for p in self.recent_studies if p != path]
        recent.insert(0, path)
        self._q.setValue("studies/recent", recent[:MAX_RECENT])

    def remove_recent_study(self, path: str | Path) -> None:
        path = str(Path(path).resolve())
        self._q.setValue("studies/recent", [p for p in self.recent_studies if p != path])

    @property
    def last_folder(self) -> str:
        """Where file dialogs for studies start: the folder last used, else Documents."""
        return str(self._q.value("studies/last_folder", "") or documents_folder())

    @last_folder.setter
    def last_folder(self, folder: str | Path) -> None:
        folder = Path(folder)
        if folder.resolve().is_relative_to(app_data_dir().resolve()):
            return  # the demo's hidden home is no place to put the user's own studies
        self._q.setValue("studies/last_folder", str(folder))

    # --- window ----------------------------------------------------------------------------

    @property
    def window_geometry(self) -> QByteArray:
        return self._bytes("window/geometry")

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._q.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._q.setValue("window/state", value)

    @property
    def window_screen(self) -> str:
        """``WIDTHxHEIGHT`` of the screen area (in Qt's logical pixels) the layout was saved on."""
        return str(self._q.value("window/screen", "") or "")

    @window_screen.setter
    def window_screen(self, value: str) -> None:
        self._q.setValue("window/screen", value)

    @property
    def recent_codes(self) -> list[str]:
        """GUIDs of the codes last applied (most recent first), for the number keys."""
        value = self._q.value("coding/recent_codes", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    @recent_codes.setter
    def recent_codes(self, guids: list[str]) -> None:
        self._q.setValue("coding/recent_codes", list(guids)[:9])

    @property
    def sources_grouping(self) -> str:
        return str(self._q.value("sources/grouping", "outcome") or "outcome")

    @sources_grouping.setter
    def sources_grouping(self, value: str) -> None:
        self._q.setValue("sources/grouping", value)

    # --- language assistance ---------------------------------------------------------------

    @property
    def spacy_pipeline(self) -> str:
        """Name of an installed spaCy pipeline to use (e.g. en_core_web_sm); empty: blank."""
        return str(self._q.value("nlp/pipeline", "") or "")

    @spacy_pipeline.setter
    def spacy_pipeline(self, name: str) -> None:
        self._q.setValue("nlp/pipeline", name.strip())

    @property
    def snap_sentences(self) -> bool:
        """Reader selections widen to whole sentences (else to whole words)."""
        return str(self._q.value("reader/snap_sentences", "false")).lower() == "true"

    @snap_sentences.setter
    def snap_sentences(self, on: bool) -> None:
        self._q.setValue("reader/snap_sentences", "true" if on else "false")

    @property
    def coding_stripes(self) -> bool:
        """Coding stripes beside the reader's text (on unless turned off)."""
        return str(self._q.value("reader/stripes", "true")).lower() == "true"

    @coding_stripes.setter
    def coding_stripes(self, on: bool) -> None:
        self._q.setValue("reader/stripes", "true" if on else "false")

    @property
    def text_size(self) -> float:
        """The reader's text size in points (0: the default)."""
        try:
            return float(self._q.value("reader/text_size", 0) or 0)
        except (TypeError, ValueError):
            return 0.0

    @text_size.setter
    def text_size(self, points: float) -> None:
        self._q.setValue("reader/text_size", float(points))

    @property
    def theme(self) -> str:
        """system (follow the platform's light/dark), light or dark."""
        value = str(self._q.value("appearance/theme", "system") or "system")
        return value if value in ("system", "light", "dark") else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self._q.setValue("appearance/theme", value if value in ("system", "light", "dark") else "system")

    @property
    def thin_threshold(self) -> int:
        """Evidence from fewer participants than this is flagged thin (the Evidence view)."""
        try:
            value = int(self._q.value("evidence/thin_below", 3) or 3)
        except (TypeError, ValueError):
            value = 3
        return max(1, value)

    @thin_threshold.setter
    def thin_threshold(self, value: int) -> None:
        self._q.setValue("evidence/thin_below", max(1, int(value)))

    # --- evidence over time ------------------------------------------------------------------

    @property
    def monthly_snapshot(self) -> bool:
        """Take a snapshot of the evidence on the first open of each month."""
        return str(self._q.value("evidence/monthly_snapshot", "false")).lower() == "true"

    @monthly_snapshot.setter
    def monthly_snapshot(self, on: bool) -> None:
        self._q.setValue("evidence/monthly_snapshot", "true" if on else "false")

    def _bytes(self, key: str) -> QByteArray:
        value = self._q.value(key)
        return value if isinstance(value, QByteArray) else QByteArray()


def documents_folder() -> str:
    """The user's Documents folder (where new studies go by default), else home."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return docs if docs and Path(docs).is_dir() else str(Path.home())
