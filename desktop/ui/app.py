"""Start-up of the desktop program: the composition root for the window.

Order: Qt application (Vietnamese texts, bundled font, logging, crash hook) → which
database (the one given, the last one, or the first-run wizard) → open it exclusively
(a second window on the same file is refused) → the main window.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.domain.errors import XhhtError
from desktop.paths import data_dir
from desktop.services import hamlets as hamlet_service
from desktop.services.commune import commune_info, init_commune
from desktop.services.session import transaction
from desktop.store.db import Database, open_database
from desktop.ui.background import Operations
from desktop.ui.context import UiContext
from desktop.ui.errors import ErrorPresenter, setup_logging
from desktop.ui.progress import progress_dialog_factory

LAST_DATABASE = "last_database"


def make_application(argv: list[str] | None = None) -> QApplication:
    from desktop.ui.fonts import install_fonts
    from desktop.ui.i18n import install_translations

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("XHHT")
    app.setOrganizationName("XHHT")
    app._xhht_translator = install_translations(app)  # kept alive with the app
    install_fonts(app)
    return app


def create_from_wizard(settings_value) -> Path:
    """Make the database the first-run wizard described, with its first hamlets."""
    path = Path(settings_value.db_path)
    init_commune(path, settings_value.commune_code, centre_name=settings_value.centre_name or None)
    if settings_value.hamlets:
        with open_database(path) as db, transaction(db) as session:
            for name in settings_value.hamlets:
                hamlet_service.add_hamlet(session=session, name=name)
    return path


def choose_database(explicit: Path | None, settings: QSettings) -> Path | None:
    if explicit is not None and explicit.exists():
        return explicit
    last = settings.value(LAST_DATABASE)
    if explicit is None and last and Path(last).exists():
        return Path(last)
    from desktop.ui.dialogs.wizard import FirstRunWizard

    wizard = FirstRunWizard(default_path=explicit)
    if not wizard.exec():
        return None
    return create_from_wizard(wizard.result_settings())


def build_context(db: Database, errors: ErrorPresenter, settings: QSettings) -> UiContext:
    ops = Operations(db, show_error=errors.show)
    return UiContext(db=db, commune=commune_info(db), ops=ops, errors=errors, settings=settings)


def open_window(db: Database, errors: ErrorPresenter, settings: QSettings):
    """The main window over an open database, with progress dialogs parented to it."""
    from desktop.ui.main_window import MainWindow

    window = MainWindow(build_context(db, errors, settings))
    window.ctx.ops.setParent(window)
    window.ctx.ops.progress_dialog = progress_dialog_factory(window)
    window.fit_screen()
    return window


def run(db_path: Path | None = None, *, settings: QSettings | None = None) -> int:
    app = make_application()
    errors = ErrorPresenter(setup_logging(data_dir()))
    errors.install_excepthook()
    settings = settings or QSettings()
    try:
        path = choose_database(Path(db_path) if db_path else None, settings)
        if path is None:
            return 1  # the officer closed the wizard
        db = open_database(path, exclusive=True)
    except XhhtError as error:
        QMessageBox.critical(None, "XHHT", str(error))
        return 1
    settings.setValue(LAST_DATABASE, str(db.path))
    if db.problems:
        QMessageBox.warning(None, "XHHT", "Lần trước chương trình không tắt bình thường. Kiểm tra dữ liệu thấy:\n"
                            + "\n".join(db.problems[:10]))
    window = open_window(db, errors, settings)
    window.show()
    try:
        return app.exec()
    finally:
        window.ctx.ops.wait()
        db.close()
