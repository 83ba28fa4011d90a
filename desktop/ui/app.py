"""Start-up of the desktop program: the composition root for the window.

Order: Qt application (Vietnamese texts, bundled font, logging, crash hook) → which
database (the one given, the last one, or the first-run wizard; a last one that is gone
asks the officer, never starts a new register silently) → open it exclusively (a second
window on the same file is refused) → the main window, whose Tệp menu can then open
another register through the DatabaseSwitcher (app_controller.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.domain.errors import XhhtError
from desktop.paths import data_dir
from desktop.services.commune import commune_info
from desktop.services.files import Database
from desktop.ui.app_controller import (  # noqa: F401  (create_from_wizard: callers know it as app.create_from_wizard)
    LAST_DATABASE,
    DatabaseSwitcher,
    create_from_wizard,
    database_from_wizard,
    open_checked,
)
from desktop.ui.background import Operations
from desktop.ui.context import UiContext
from desktop.ui.errors import ErrorPresenter, setup_logging
from desktop.ui.progress import progress_dialog_factory


def make_application(argv: list[str] | None = None) -> QApplication:
    from desktop.ui.fonts import install_fonts
    from desktop.ui.i18n import install_translations

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("XHHT")
    app.setOrganizationName("XHHT")
    app._xhht_translator = install_translations(app)  # kept alive with the app
    install_fonts(app)
    return app


def _is_there(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # a network drive that does not answer
        return False


def choose_database(explicit: Path | None, settings: QSettings) -> Path | None:
    """The file to open at start-up; None when the officer quits. A path given on the
    command line that does not exist yet is where the wizard makes the new register."""
    if explicit is not None and explicit.exists():
        return explicit
    last = settings.value(LAST_DATABASE)
    if explicit is None and last:
        if _is_there(Path(last)):
            return Path(last)
        from desktop.ui.dialogs.missing_database import MissingDatabaseDialog

        missing = MissingDatabaseDialog(Path(last))
        if not missing.exec():
            return None
        if missing.chosen_path is not None:
            return missing.chosen_path
        # else the officer chose "Tạo sổ mới…" and confirmed the warning
    from desktop.ui.dialogs.wizard import FirstRunWizard

    wizard = FirstRunWizard(default_path=explicit)
    if not wizard.exec():
        return None
    return database_from_wizard(wizard)


def build_context(db: Database, errors: ErrorPresenter, settings: QSettings) -> UiContext:
    ops = Operations(db, show_error=errors.show)
    return UiContext(db=db, commune=commune_info(db=db), ops=ops, errors=errors, settings=settings)


def open_window(db: Database, errors: ErrorPresenter, settings: QSettings,
                switcher: DatabaseSwitcher | None = None):
    """The main window over an open database, with progress dialogs parented to it; with a
    switcher, its Tệp menu also opens other registers."""
    from desktop.ui.file_menu import add_file_actions
    from desktop.ui.main_window import MainWindow

    window = MainWindow(build_context(db, errors, settings))
    window.ctx.ops.setParent(window)
    window.ctx.ops.progress_dialog = progress_dialog_factory(window)
    window.fit_screen()
    window.switcher = switcher
    if switcher is not None:
        add_file_actions(window, window.file_menu, switcher)
    return window


def make_switcher(errors: ErrorPresenter, settings: QSettings) -> DatabaseSwitcher:
    return DatabaseSwitcher(settings, lambda db, switcher: open_window(db, errors, settings, switcher))


def run(db_path: Path | None = None, *, settings: QSettings | None = None) -> int:
    app = make_application()
    errors = ErrorPresenter(setup_logging(data_dir()))
    errors.install_excepthook()
    settings = settings or QSettings()
    switcher = make_switcher(errors, settings)
    try:
        path = choose_database(Path(db_path) if db_path else None, settings)
        if path is None:
            return 1  # the officer closed the wizard or the missing-file dialog
        db = open_checked(path)
    except XhhtError as error:
        QMessageBox.critical(None, "XHHT", str(error))
        return 1
    try:
        switcher.show_first(db)  # with the integrity check's result, if one ran
    except BaseException:
        db.close()
        raise
    try:
        return app.exec()
    finally:
        switcher.close_current()
