"""Who a recognition decision takes, asked three ways on the hand-worked commune
(tests/services/titles_commune.py): the page's «Công nhận…» (the dialog it opens names
them), `xhht recognize` with no --subjects (a real process on a copy of the file), and the
service. Issue 11: the rule used to be written three times, and the copies differed."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from PySide6.QtCore import QSettings
from sqlalchemy import select

from desktop.services.commune import commune_info
from desktop.services.session import transaction
from desktop.services.titles import evaluation, recognition
from desktop.store.db import open_database
from desktop.store.models import Recognition
from desktop.ui.background import Operations
from desktop.ui.pages.titles.page import TitlesPage
from tests.cli.test_titles_cli import run_json
from tests.services import titles_commune as tc
from tests.services.titles_commune import YEAR
from tests.ui import conftest as ui
from tests.ui.keyboard import click, opened
from tests.ui.test_titles_page import bar_button, choose, idle

TITLE = "gia-dinh"


@pytest.fixture(autouse=True)
def data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))


def commune_file(template_db, tmp_path, *, listed: tuple[str, ...] = (), fallen: tuple[str, ...] = ()):
    """The commune evaluated; `listed` households proposed, then `fallen` ones made incomplete
    (one item back to "chưa chấm") and the year evaluated again. (file, commune ids)"""
    path = tmp_path / "xa.sqlite"
    shutil.copyfile(template_db, path)
    with open_database(path) as db, transaction(db) as session:
        c = tc.setup_year(session)
        evaluation.evaluate_year(session=session, year=YEAR, titles=[TITLE])
        if listed:
            recognition.propose(session=session, year=YEAR, title=TITLE, subject_ids=[c.household[k] for k in listed])
        for key in fallen:
            tc.check(session, TITLE, c.household[key], gdht_3_2=None)
        if fallen:
            evaluation.evaluate_year(session=session, year=YEAR, titles=[TITLE])
    return path, c


def page_choice(qtbot, path, tmp_path) -> list[str]:
    """Open the page on the year, all shown rows in scope, click «Công nhận…»: whom the dialog takes."""
    db = open_database(path)
    errors = ui.RecordingErrors()
    ops = Operations(db, show_error=errors.show)
    ctx = ui.TestContext(db=db, commune=commune_info(db=db), ops=ops, errors=errors,
                         settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    try:
        page = TitlesPage(ctx)
        qtbot.addWidget(page)
        page.resize(1400, 900)
        page.show()
        click(qtbot, page.strip_buttons[TITLE])
        page.year_box.setCurrentIndex(page.year_box.findData(YEAR))  # the commune's year; not what is tested
        qtbot.waitUntil(lambda: page.data is not None and (page.data.year, page.data.title) == (YEAR, TITLE),
                        timeout=10_000)
        idle(qtbot, ctx, page)
        choose(qtbot, page.scope_box, f"Tất cả các dòng đang hiện ({page.model.rowCount()})")
        click(qtbot, bar_button(page, "Công nhận…"))
        dialog = opened(qtbot, page)
        chosen = list(dialog.subject_ids)
        dialog.reject()
        assert errors.shown == []
        return chosen
    finally:
        ops.wait()
        db.close()


def service_choice(path) -> list[str]:
    with open_database(path) as db, db.session() as session:
        return recognition.candidates(session=session, year=YEAR, title=TITLE)


def cli_choice(path, tmp_path) -> list[str]:
    copy = tmp_path / "cli.sqlite"
    shutil.copyfile(path, copy)
    answer = run_json("recognize", "--year", str(YEAR), "--title", TITLE, "--number", "9/QĐ-UBND",
                      "--date", f"{date(YEAR, 11, 20):%d/%m/%Y}", "--signer", "Nguyễn Đình Thắng", db=copy)
    with open_database(copy) as db, db.session() as session:
        return list(session.scalars(select(Recognition.subject_id).where(
            Recognition.decision_id == answer["decision"]["id"])))


@pytest.mark.parametrize("listed, fallen, expected", [
    ((), (), {"h1", "h2", "h4", "h6"}),  # no list: everyone đạt, fully scored (not h3 chưa đạt, h5 incomplete)
    (("h1", "h2"), (), {"h1", "h2"}),  # a list: the list
    (("h1", "h2"), ("h1",), {"h2"}),  # a member fell: not him, and still not h4, h6 (the list holds)
], ids=["no-list", "list", "list-with-a-fallen-member"])
def test_page_command_line_and_service_recognise_the_same(qtbot, template_db, tmp_path, listed, fallen, expected):
    path, c = commune_file(template_db, tmp_path, listed=listed, fallen=fallen)
    wanted = {c.household[k] for k in expected}
    service = service_choice(path)
    assert set(service) == wanted
    assert set(page_choice(qtbot, path, tmp_path)) == wanted
    assert set(cli_choice(path, tmp_path)) == wanted
