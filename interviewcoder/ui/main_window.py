"""The main window: Reader tab in the centre; Sources, Codebook and Quotes docks around it.

Other parts of the app add their views with ``add_tab`` / ``add_dock`` (see ``extensions``),
wire ``import_action`` and fill ``export_menu``. Every change goes through the session.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from interviewcoder.core.errors import InterviewcoderError
from interviewcoder.services.operations import Changes
from interviewcoder.store import EXTENSION
from interviewcoder.ui.codebook.codebook_dock import CodebookDock
from interviewcoder.ui.coding.code_picker import CodePicker
from interviewcoder.ui.coding.coding import CodingController
from interviewcoder.ui.common import file_dialogs
from interviewcoder.ui.common.external_changes import ExternalChanges
from interviewcoder.ui.common.session import StudySession
from interviewcoder.ui.common.settings import Settings
from interviewcoder.ui.common.study_cache import StudyCache
from interviewcoder.ui.quotes.quotes_dock import QuotesDock
from interviewcoder.ui.reader.find_bar import FindBar
from interviewcoder.ui.reader.reader_view import ReaderView
from interviewcoder.ui.sources.sources_dock import SourcesDock

STUDY_FILTER = f"interviewcoder studies (*{EXTENSION})"
Area = Qt.DockWidgetArea


class MainWindow(QMainWindow):
    # Opens a study in a new window: ``opener(path, settings) -> MainWindow``. Set by ``ui.app``
    # (the top of the app), so this module never imports it back.
    opener: Callable[[str | Path, Settings], QMainWindow] | None = None

    source_changed = Signal(object)  # int source id shown in the reader, or None
    files_dropped = Signal(list)  # paths dropped onto the window (the import dialog takes them)

    def __init__(self, session: StudySession, settings: Settings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings or Settings()
        self._pending_tabs: list[tuple[QDockWidget, QDockWidget]] = []  # tabified once laid out
        self._laid_out = False
        self.cache = StudyCache(session, self)
        self.external = ExternalChanges(self.cache, self)  # other processes' writes
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks
                            | QMainWindow.DockOption.AllowTabbedDocks)

        self.reader = ReaderView(self.cache)
        self.find_bar = FindBar(self.reader)
        reader_page = QWidget()
        box = QVBoxLayout(reader_page)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.find_bar)
        box.addWidget(self.reader, 1)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(reader_page, "Reader")
        self.setCentralWidget(self.tabs)

        self.sources = SourcesDock(self.cache, self.settings.sources_grouping)
        self.codebook = CodebookDock(session, self.cache)
        self.quotes = QuotesDock(self.cache)
        self.sources_dock = self.add_dock(self.sources, "Sources", Area.LeftDockWidgetArea)
        self.codebook_dock = self.add_dock(self.codebook, "Codebook", Area.RightDockWidgetArea)
        self.quotes_dock = self.add_dock(self.quotes, "Quotes", Area.BottomDockWidgetArea)
        self._own_docks = (self.sources_dock, self.codebook_dock, self.quotes_dock)
        self.setCorner(Qt.Corner.BottomLeftCorner, Area.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Area.RightDockWidgetArea)

        self.coding = CodingController(session, self.cache, self.reader, self.settings, self)
        box.insertWidget(1, self.coding.crossing_bar)  # under the find bar, above the reader
        self.quotes.menu_hook = self.coding.fill_menu
        self.picker: CodePicker | None = None
        self._pending_source: int | None = None
        self._quotes_timer = QTimer(self)
        self._quotes_timer.setSingleShot(True)
        self._quotes_timer.setInterval(0)
        self._quotes_timer.timeout.connect(self._show_source_quotes)
        self._status = QLabel()
        self.statusBar().addPermanentWidget(self._status)
        self._status_timer = QTimer(self)  # the counts follow changes, off the coding path
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(200)
        self._status_timer.timeout.connect(self._update_status)

        self._wire()
        self._build_menus()
        self._update_title()
        self._restore_layout()
        self._update_status()

    # --- extension points ------------------------------------------------------------------

    def menu_named(self, title: str, before: str | None = "&View") -> QMenu:
        """The menu with this title, made (before the ``before`` menu) when there is none yet;
        extensions put their actions in menus they share this way."""
        bar = self.menuBar()
        for action in bar.actions():
            menu = action.menu()
            if action.text() == title and menu is not None:
                return menu
        menu = QMenu(title, bar)
        anchor = next((a for a in bar.actions() if a.text() == before), None)
        if anchor is None:
            bar.addMenu(menu)
        else:
            bar.insertMenu(anchor, menu)
        return menu

    def add_tab(self, widget: QWidget, title: str) -> int:
        """Add a view as a tab of the centre (the Reader is the first tab).

        The view sits in a scroll area, so a wide view (a matrix) scrolls instead of forcing
        the window wider than the screen and squeezing the docks.
        """
        holder = QScrollArea()
        holder.setObjectName("tab_" + "".join(ch for ch in title.lower() if ch.isalnum()))
        holder.setWidgetResizable(True)
        holder.setFrameShape(QFrame.Shape.NoFrame)
        holder.setWidget(widget)
        return self.tabs.addTab(holder, title)

    def add_dock(self, widget: QWidget, title: str, area: Area = Area.RightDockWidgetArea,
                 tabify: bool = True) -> QDockWidget:
        """Add a panel as a dock; its object name (for layout persistence) comes from title.

        With ``tabify`` a dock added to an area that already holds one of the workspace's
        docks becomes a tab beside it (the workspace dock stays in front), so the codebook
        keeps its height at 1280×800. Saved layouts override this placement.

        Before the window's first layout the tab is only noted and made when it is shown:
        Qt 6.11 tabifying two groups of docks before then leaves a stale copy of the second
        group's tab bar painted over the dock (the Quotes table's header).
        """
        dock = QDockWidget(title, self)
        dock.setObjectName("dock_" + "".join(ch for ch in title.lower() if ch.isalnum()))
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        home = next((d for d in getattr(self, "_own_docks", ()) if self.dockWidgetArea(d) == area), None)
        if tabify and home is not None:
            if self._laid_out:
                self.tabifyDockWidget(home, dock)
                home.raise_()
            else:
                self._pending_tabs.append((home, dock))
        if hasattr(self, "view_menu"):
            self.view_menu.addAction(dock.toggleViewAction())
        return dock

    @property
    def current_source_id(self) -> int | None:
        return self.reader.source_id

    def show_source(self, source_id: int) -> None:
        if source_id != self.reader.source_id:
            self.sources.select_source(source_id)  # -> _source_selected

    def show_span(self, source_id: int, start: int, end: int) -> None:
        """Open a source and select a span of it (suggestions, evidence views)."""
        self.show_source(source_id)
        self.tabs.setCurrentIndex(0)
        self.reader.select_span(start, end)
        self.reader.centerCursor()

    def show_quote(self, quote_id: int, source_id: int | None = None) -> None:
        if source_id is None:
            q = self.session.study.quotes.get(quote_id)
            if q is None:
                return
            source_id = q.source_id
        self.show_source(source_id)
        self.tabs.setCurrentIndex(0)
        self.reader.select_quote(quote_id)
        self.reader.setFocus()

    # --- wiring ------------------------------------------------------------------------------

    def _wire(self) -> None:
        self.sources.source_selected.connect(self._source_selected)
        self.codebook.code_activated.connect(self.coding.tag)
        self.codebook.code_selected.connect(self._code_selected)
        self.codebook.model.span_dropped.connect(self._span_dropped)
        self.codebook.error.connect(self._message)
        self.quotes.quote_activated.connect(self.show_quote)
        self.reader.quote_clicked.connect(self.quotes.select_quote)
        self.coding.message.connect(self._message)
        self.reader.selectionChanged.connect(self._selection_changed)
        self.session.failed.connect(self._message)
        self.cache.updated.connect(self._study_updated)

    def _source_selected(self, source_id: int) -> None:
        self.reader.show_source(source_id)
        self.tabs.setCurrentIndex(0)
        # The quotes dock fills in right after the reader has painted.
        self._pending_source = source_id
        self._quotes_timer.start()
        self.source_changed.emit(source_id)
        self._update_status()

    def _show_source_quotes(self) -> None:
        if self._pending_source == self.reader.source_id and not self.cache.closed:
            self.quotes.show_source(self._pending_source)

    def _code_selected(self, code_id: int | None) -> None:
        if code_id is not None:
            self.quotes.show_code(code_id)

    def _span_dropped(self, code_id: int, source_id: int, start: int, end: int) -> None:
        self.coding.tag_span(code_id, source_id, start, end)

    def _message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _update_title(self) -> None:
        study = self.session.study
        self.setWindowTitle(f"{study.name} ({study.path.name}) — coder: {self.session.coder}")

    def _study_updated(self, changes: Changes) -> None:
        # After coding actions the study-wide counts follow a moment later (a count over every
        # quote is not for the coding path); other changes (an import) show at once.
        if changes.quotes:
            self._status_timer.start()
        else:
            self._update_status()

    def _update_status(self) -> None:
        study = self.session.study
        n_sources = len(self.sources.model.rows)
        self._status.setText(" · ".join(_counted(n, what) for n, what in (
            (n_sources, "source"), (study.quotes.count(), "quote"),
            (len(self.cache.codes), "code"))))
        text = ("Choose a source on the left to read and code it." if n_sources else
                "This study has no sources yet. Import transcripts or survey exports with "
                "File → Import… (Ctrl+I), or drop the files on this window.")
        if text != self.reader.placeholderText():
            self.reader.setPlaceholderText(text)
            # Qt repaints only when the placeholder appears or goes, not when its text
            # changes: the old "no sources yet" stayed on screen after an import.
            self.reader.viewport().update()

    # --- menus -------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addAction("&New study…", QKeySequence.StandardKey.New, self.new_study)
        file.addAction("&Open…", QKeySequence.StandardKey.Open, self.open_dialog)
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.setToolTipsVisible(True)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        self.import_action = file.addAction("&Import…")
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.setStatusTip("Import transcripts and survey exports into this study")
        self.export_menu = file.addMenu("&Export")
        file.addAction("Save a &copy…", self.save_copy)
        file.addSeparator()
        file.addAction("&Close window", QKeySequence.StandardKey.Close, self.close)

        edit = bar.addMenu("&Edit")
        self.undo_action = self.session.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence.StandardKey.Undo])
        self.redo_action = self.session.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        self.find_action = edit.addAction("&Find in source…", QKeySequence.StandardKey.Find,
                                          self.find_bar.open)

        code = bar.addMenu("&Code")
        self.picker_action = code.addAction("&Tag selection…", self.open_picker)
        self.picker_action.setShortcuts([QKeySequence("Ctrl+K"), QKeySequence("Ctrl+T")])
        self.edit_quote_action = code.addAction("&Edit quote…", self._edit_selected_quote)
        self.edit_quote_action.setShortcut(QKeySequence("Ctrl+E"))
        self.delete_quote_action = code.addAction("&Delete quote", self._delete_selected_quote)
        self.delete_quote_action.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        self.delete_quote_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.reader.addAction(self.delete_quote_action)
        self.quotes.view.addAction(self.delete_quote_action)  # Delete works in the dock too
        code.addSeparator()
        code.addAction("&Add code…", self.codebook.add_dialog)
        self.recent_menu_codes = code.addMenu("Recent codes (keys 1–9)")
        self.recent_actions: list[QAction] = []
        for n in range(1, 10):
            action = QAction(self)
            action.setShortcut(QKeySequence(str(n)))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _=False, k=n: self.coding.tag_recent(k))
            self.reader.addAction(action)
            self.recent_actions.append(action)
            self.recent_menu_codes.addAction(action)
        self.coding.recent_changed.connect(self._update_recent_actions)
        self._update_recent_actions()

        self.view_menu = bar.addMenu("&View")
        self.stripes_action = self.view_menu.addAction("Coding &stripes beside the text")
        self.stripes_action.setCheckable(True)
        self.stripes_action.setChecked(self.settings.coding_stripes)
        self.stripes_action.toggled.connect(self._stripes_toggled)
        self.reader.set_stripes_visible(self.settings.coding_stripes)
        self.view_menu.addSeparator()
        for dock in (self.sources_dock, self.codebook_dock, self.quotes_dock):
            self.view_menu.addAction(dock.toggleViewAction())

    def _stripes_toggled(self, on: bool) -> None:
        self.settings.coding_stripes = on
        self.reader.set_stripes_visible(on)

    def _update_recent_actions(self) -> None:
        for n, action in enumerate(self.recent_actions):
            if n < len(self.coding.recent) and self.coding.recent[n] in self.cache.codes:
                action.setText(f"{n + 1}  {self.cache.label(self.cache.codes[self.coding.recent[n]])}")
                action.setVisible(True)
                action.setEnabled(True)
            else:
                action.setText(f"{n + 1}  (none yet)")
                action.setVisible(n == 0)
                action.setEnabled(n == 0)

    def open_picker(self) -> CodePicker:
        if self.picker is None:
            self.picker = CodePicker(self.cache, self)
            self.picker.picked.connect(self._picked)
            self.picker.finished.connect(self._picker_closed)
        self.picker.place_clear_of(self.reader)
        self.picker.open_for(self.coding.target_text(), self.coding.target_codes())
        return self.picker

    def _picker_closed(self) -> None:
        """Back to the reader, so the keys work again at once (1–9, Delete, Ctrl+K)."""
        self.activateWindow()
        self.reader.setFocus()

    def _selection_changed(self) -> None:
        if self.picker is not None and self.picker.isVisible() and self.reader.textCursor().hasSelection():
            self.picker.retarget(self.coding.target_text(), self.coding.target_codes())

    def _picked(self, code_id: int) -> None:
        if self.coding.tag(code_id) is not None and self.picker is not None:
            self.picker.note_applied(self.cache.label(self.cache.codes[code_id]), code_id)

    def _focused_quote(self) -> int | None:
        """The quote the user means: the Quotes dock's selected row when the dock has focus,
        else the reader's selected quote."""
        if self.quotes.view.hasFocus():
            return self.quotes.selected_quote()
        return self.reader.selected_quote

    def _edit_selected_quote(self) -> None:
        quote_id = self._focused_quote()
        if quote_id is not None:
            self.coding.edit_quote(quote_id, self)

    def _delete_selected_quote(self) -> None:
        in_dock = self.quotes.view.hasFocus()
        row = self.quotes.model.row_of(self.quotes.selected_quote() or -1) if in_dock else -1
        quote_id = self._focused_quote()
        if quote_id is None:
            self._message("Select a quote first (in the reader or the Quotes panel), then Delete.")
            return
        self.coding.delete_quote(quote_id)
        if in_dock and row >= 0:
            self.quotes.select_row(row)

    # --- studies -----------------------------------------------------------------------------

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        current = str(self.session.study.path.resolve())
        for path in self.settings.recent_studies:
            if path == current:
                continue
            if not Path(path).is_file():  # moved or deleted since: it leaves the list
                self.settings.remove_recent_study(path)
                continue
            action = self.recent_menu.addAction(Path(path).name, lambda p=path: self.open_study(p))
            action.setToolTip(path)  # the full path: two studies may share a name
            action.setStatusTip(path)
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(no other recent studies)").setEnabled(False)

    def open_dialog(self) -> None:
        path = file_dialogs.open_file_name(self, "Open study", self.settings.last_folder, STUDY_FILTER)
        if path:
            self.open_study(path)

    def open_study(self, path: str | Path) -> QMainWindow | None:
        """Open another study in a new window and close this one."""
        if MainWindow.opener is None:
            raise RuntimeError("MainWindow.opener is not set (ui.app sets it)")
        try:
            window = MainWindow.opener(path, self.settings)
        except InterviewcoderError as exc:
            QMessageBox.warning(self, "Open study", str(exc))
            if not Path(path).exists():
                self.settings.remove_recent_study(path)
            return None
        self.close()
        return window

    def new_study(self) -> None:
        from interviewcoder.ui.dialogs.new_study_dialog import NewStudyDialog

        dialog = NewStudyDialog(self.settings.last_folder, self)
        if not dialog.exec():
            return
        from interviewcoder.services.studies import create

        try:
            study = create(dialog.path(), template=dialog.template(), coder=self.session.coder)
        except InterviewcoderError as exc:
            QMessageBox.warning(self, "New study", str(exc))
            return
        study.close()
        self.settings.last_folder = str(Path(dialog.path()).parent)
        self.open_study(dialog.path())

    def save_copy(self, target: str | None = None) -> Path | None:
        if target is None:
            name = f"{self.session.study.path.stem} copy{EXTENSION}"
            suggestion = str(Path(self.settings.last_folder) / name)
            target = file_dialogs.save_file_name(self, "Save a copy", suggestion, STUDY_FILTER)
            if not target:
                return None
        if not target.endswith(EXTENSION):
            target += EXTENSION
        try:
            out = self.session.study.save_copy(target)
        except (InterviewcoderError, OSError) as exc:
            QMessageBox.warning(self, "Save a copy", str(exc))
            return None
        self._message(f"Saved a copy to {out}")
        return out

    # --- window state --------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        self.settings.add_recent_study(self.session.study.path)
        self.settings.last_folder = str(self.session.study.path.parent)
        geometry = self.settings.window_geometry
        self._geometry_restored = (not geometry.isEmpty() and self.restoreGeometry(geometry)
                                   and self._fits_a_screen())
        if not self._geometry_restored:
            self._default_geometry()
        self.restore_state()

    def _fits_a_screen(self) -> bool:
        """The restored window lies inside one screen's available area (a layout saved at
        another scale or on a bigger screen does not)."""
        saved_on = self.settings.window_screen
        screens = QGuiApplication.screens()
        if saved_on and saved_on not in {_screen_key(s) for s in screens}:
            return False  # another screen, or the same one at another scale factor
        frame = self.geometry().adjusted(-2, -2, 2, 2)
        return any(s.availableGeometry().adjusted(-8, -8, 8, 8).contains(frame) for s in screens)

    def _default_geometry(self) -> None:
        """1280×800, or less on a small screen, centred on the primary screen."""
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(1280, 800)
            return
        area = screen.availableGeometry()
        minimum = self.minimumSizeHint()
        size = QSize(max(min(1280, int(area.width() * 0.94)), min(minimum.width(), area.width())),
                     max(min(800, int(area.height() * 0.92)), min(minimum.height(), area.height())))
        self.resize(size)
        self.move(area.x() + (area.width() - size.width()) // 2,
                  area.y() + (area.height() - size.height()) // 2)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._laid_out:
            QTimer.singleShot(0, self._make_pending_tabs)

    def _make_pending_tabs(self) -> None:
        """The tabs ``add_dock`` noted before the first layout (none when a saved layout was
        restored: it places the docks itself)."""
        self._laid_out = True
        pending, self._pending_tabs = self._pending_tabs, []
        for home, dock in pending:
            if dock.isFloating() or self.tabifiedDockWidgets(dock) or \
                    self.dockWidgetArea(dock) != self.dockWidgetArea(home):
                continue
            self.tabifyDockWidget(home, dock)
            home.raise_()
        if pending:
            self._default_sizes()  # tabbing re-splits the areas

    def restore_state(self) -> bool:
        """Re-apply the saved dock layout, or the default sizes when there is none (call again
        after extensions have added their docks and tabs)."""
        state = self.settings.window_state
        # Dock sizes saved for another window size would squeeze a dock to nothing.
        if getattr(self, "_geometry_restored", True) and not state.isEmpty() and self.restoreState(state):
            self._pending_tabs = []  # the user's own layout wins
            return True
        self._default_sizes()
        return False

    def _default_sizes(self) -> None:
        self.resizeDocks([self.sources_dock, self.codebook_dock], [290, 310], Qt.Orientation.Horizontal)
        self.resizeDocks([self.quotes_dock], [210], Qt.Orientation.Vertical)

    def save_layout(self) -> None:
        self.settings.window_geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.window_screen = _screen_key(self.screen())
        self.settings.sources_grouping = self.sources.current_grouping
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.save_layout()
        if self.picker is not None:
            self.picker.close()
        super().closeEvent(event)
        if event.isAccepted():
            self._status_timer.stop()
            self.hide()  # views fetch their last data while the study is still open
            self.external.stop()
            self.cache.close()
            self.session.close()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        studies = [p for p in paths if p.endswith(EXTENSION)]
        if studies:
            self.open_study(studies[0])
        elif paths:
            self.files_dropped.emit(paths)  # the import dialog takes them (wired with import_action)
        event.acceptProposedAction()


def _screen_key(screen) -> str:  # noqa: ANN001 - a QScreen
    area = screen.availableGeometry()
    return f"{area.width()}x{area.height()}"


def _counted(n: int, noun: str) -> str:
    """``1 source``, ``2,048 sources``."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")
