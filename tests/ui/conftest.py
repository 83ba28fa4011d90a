"""UI tests: offscreen Qt, a real demo database copied fresh for each test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from contextlib import contextmanager  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from desktop.services.commune import commune_info, init_commune  # noqa: E402
from desktop.services.demo.build import build_demo  # noqa: E402
from desktop.store.db import open_database  # noqa: E402
from desktop.ui.background import Operations  # noqa: E402
from desktop.ui.context import UiContext  # noqa: E402
from desktop.ui.errors import ErrorPresenter  # noqa: E402


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """A commune of 300 households, made once per test session."""
    path = tmp_path_factory.mktemp("ui-template") / "demo.sqlite"
    init_commune(path, "17380")
    with open_database(path) as db:
        build_demo(db=db, households=300, seed=3, year=2025)
    return path


class RecordingErrors(ErrorPresenter):
    """Keeps what would have been shown, so a test can assert on it (and never blocks)."""

    def __init__(self) -> None:
        super().__init__(None)
        self.shown: list[BaseException] = []

    def show(self, exc, parent=None) -> None:
        self.shown.append(exc)


class TestContext(UiContext):
    """The window's context, plus a way for a test (never the program) to look at the database."""

    @contextmanager
    def read(self):
        session = self.db.session()
        try:
            yield session
        finally:
            session.close()


@pytest.fixture
def ctx(qtbot, demo_template, tmp_path):
    path = tmp_path / "xa.sqlite"
    shutil.copyfile(demo_template, path)
    db = open_database(path)
    errors = RecordingErrors()
    ops = Operations(db, show_error=errors.show)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    context = TestContext(db=db, commune=commune_info(db=db), ops=ops, errors=errors, settings=settings)
    yield context
    ops.wait()
    db.close()


# --- what a person meets: the window on a page, the OS file dialog ----------------------------


def window_on(qtbot, ctx, title: str):
    """The main window shown and active on the page `title`, once nothing is loading."""
    from desktop.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    page = window.page_titled(title)
    qtbot.waitUntil(lambda: not page.busy and not ctx.ops.busy, timeout=10_000)
    return window, page


def answer_file_dialog(monkeypatch, *answers):
    """The OS file dialog answers `answers` in turn (the last one again after that); the
    folders it was opened in are recorded."""
    from desktop.ui.dialogs import open_file

    folders = []
    queue = list(answers)

    def ask(parent, caption, folder):
        folders.append(Path(folder))
        return queue.pop(0) if len(queue) > 1 else queue[0]
    monkeypatch.setattr(open_file, "ask_database_path", ask)
    return folders
