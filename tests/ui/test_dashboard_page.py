"""The dashboard page: figures counted in the background, drawn from plain data, reloaded on change."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCharts import QBarSeries, QHorizontalBarSeries, QLineSeries, QPieSeries, QValueAxis
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QScrollArea

from desktop.domain.text import format_count
from desktop.services import centre, hamlets, register
from desktop.services import dashboard as figures
from desktop.services.centre import ActivityInput
from desktop.services.commune import commune_info, init_commune
from desktop.services.session import Changes, transaction
from desktop.services.titles import evaluation, recognition
from desktop.store.db import open_database
from desktop.ui.background import Operations
from desktop.ui.context import UiContext
from desktop.ui.pages.dashboard import DashboardPage
from tests.factories import family, person
from tests.ui.conftest import RecordingErrors
from tests.ui.keyboard import click_row

DEMO_YEAR = 2025  # tests/ui/conftest.py builds the demo's activities and title registrations in this year


def shown(qtbot, ctx) -> DashboardPage:
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    return page


def expected(ctx, year=None) -> figures.Dashboard:
    with ctx.read() as session:
        return figures.dashboard(session=session, year=year)


def bar_values(series) -> dict[str, list[float]]:
    return {s.label(): [s.at(i) for i in range(s.count())] for s in series.barSets()}


def test_headline_cards_show_the_counts(qtbot, ctx):
    page = shown(qtbot, ctx)
    assert page.title == "Tổng quan"
    want = expected(ctx).headline
    shown_values = {key: card.value.text() for key, card in page.cards.items()}
    assert shown_values["households"] == "300" and want.households == 300
    assert shown_values["residents"] == f"{want.residents:,}".replace(",", ".")
    assert shown_values["clans"] == str(want.clans) and shown_values["units"] == str(want.units)
    assert str(date.today().year) in page.cards["activities"].caption.text()


def test_the_charts_are_drawn_from_the_figures(qtbot, ctx):
    page = shown(qtbot, ctx)
    data = page.data
    age = page.age_view.chart().series()[0]
    assert isinstance(age, QBarSeries)
    assert bar_values(age) == {"Nam": [b.male for b in data.population.age_bands],
                               "Nữ": [b.female for b in data.population.age_bands]}
    assert page.age_view.chart().title() == "Dân số theo nhóm tuổi và giới tính"
    pie = page.ethnic_view.chart().series()[0]
    assert isinstance(pie, QPieSeries)
    assert sum(s.value() for s in pie.slices()) == data.population.residents
    assert pie.slices()[0].label().startswith("Kinh: ")
    hamlets = page.hamlet_view.chart().series()[0]
    assert isinstance(hamlets, QHorizontalBarSeries)
    assert sum(bar_values(hamlets)["Nhân khẩu"]) == data.population.residents
    assert sum(bar_values(hamlets)["Hộ"]) == 300


def test_choosing_a_year_reloads_its_activities(qtbot, ctx):
    page = shown(qtbot, ctx)
    assert DEMO_YEAR in page.data.years
    index = page.year_box.findData(DEMO_YEAR)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.year_box.activated.emit(index)
    want = expected(ctx, DEMO_YEAR).activity
    assert page.data.activity == want and want.activities > 0
    assert page.year_box.currentData() == DEMO_YEAR
    assert page.cards["activities"].value.text() == str(want.activities)
    month_chart = page.month_view.chart()
    bars = next(s for s in month_chart.series() if isinstance(s, QBarSeries))
    line = next(s for s in month_chart.series() if isinstance(s, QLineSeries))
    assert bar_values(bars)["Hoạt động"] == [m.activities for m in want.months]
    assert [p.y() for p in line.points()] == [m.participations for m in want.months]
    assert str(DEMO_YEAR) in month_chart.title()
    categories = page.category_view.chart().series()[0]
    assert sum(bar_values(categories)["Lượt người"]) == want.participations


def test_refresh_reloads_only_for_tables_it_shows(qtbot, ctx, monkeypatch):
    page = shown(qtbot, ctx)
    loads = []
    monkeypatch.setattr(page, "load", lambda: loads.append(1))
    for table in ("learning_centres", "subject_checks", "certificates"):
        page.refresh(Changes(frozenset({table}), 1))
    assert loads == []
    tables = ("citizens", "households", "hamlets", "activities", "participations", "clans", "clan_households",
              "learning_units", "title_registrations", "evaluations", "recognitions")
    for table in tables:
        page.refresh(Changes(frozenset({table}), 1))
    assert len(loads) == len(tables)


def test_a_hidden_page_waits_until_shown(qtbot, ctx):
    page = DashboardPage(ctx)  # constructing reads nothing
    qtbot.addWidget(page)
    page.refresh(None)
    ctx.ops.wait()
    assert page.data is None
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    assert page.data is not None


def test_an_older_answer_never_overwrites_a_newer_one(qtbot, ctx):
    page = shown(qtbot, ctx)
    page.show_year(DEMO_YEAR - 1)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show_year(DEMO_YEAR)
    ctx.ops.wait()
    qtbot.wait(50)  # let any queued answer arrive
    assert page.data.activity.year == DEMO_YEAR


def test_a_failed_load_is_shown_once_and_said_on_the_page(qtbot, ctx, monkeypatch):
    page = shown(qtbot, ctx)
    assert ctx.errors.shown == []

    def broken(**_):
        raise RuntimeError("hỏng")

    monkeypatch.setattr("desktop.ui.pages.dashboard.dashboard", broken)
    page.refresh(None)
    qtbot.waitUntil(lambda: len(ctx.errors.shown) == 1)
    assert page.status.text() == "Chưa tải được số liệu."
    assert page.cards["households"].value.text() == "300"  # the last good figures stay


# --- the year's learning titles --------------------------------------------------------------


def choose_year(qtbot, page, year: int) -> None:
    """Open the year list and click the year, as an officer does."""
    box = page.year_box
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(box.view().isVisible)
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # the list ignores a click as quick as a double click
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        click_row(qtbot, box.view(), box.findData(year))


def recognise_the_year(ctx) -> None:
    """Evaluate the demo's title year and recognise everyone who passed, through the services."""
    with transaction(ctx.db) as session:
        evaluation.evaluate_year(session=session, year=DEMO_YEAR)
        for number, title in enumerate(("cong-dan", "gia-dinh", "dong-ho", "cong-dong", "don-vi"), start=1):
            recognition.recognize(session=session, year=DEMO_YEAR, title=title, number=f"{number}/QĐ-UBND",
                                  signed_on=date(DEMO_YEAR, 12, 1), signer_name="Lê Văn Hùng")


def test_the_title_cards_show_the_years_figures_against_the_targets(qtbot, ctx):
    recognise_the_year(ctx)
    page = shown(qtbot, ctx)
    page.resize(1024, 700)
    choose_year(qtbot, page, DEMO_YEAR)
    want = expected(ctx, DEMO_YEAR).titles
    assert page.data.titles == want and want.deadline == 2025
    assert page.titles.heading.text() == "<h3>Danh hiệu học tập năm 2025</h3>"
    assert "chỉ tiêu đến năm 2025 (sơ kết" in page.titles.explain.text()
    for title in want.titles:
        card, counts = page.titles.cards[title.title], title.counts
        assert card.name.text() == counts.name
        assert card.counts.text() == (f"Đăng ký <b>{format_count(counts.registered)}</b> · Đạt "
                                      f"<b>{format_count(counts.passed)}</b> · Công nhận "
                                      f"<b>{format_count(counts.recognised)}</b>")
        assert counts.recognised > 0
        for view, share in zip(card.shares, title.shares, strict=True):
            assert view.counted.text().startswith(f"{format_count(share.count)} / {format_count(share.of)} ")
            assert view.percent.text() == f"{share.percent:.1f} %".replace(".", ",")
    households = page.titles.cards["gia-dinh"].shares[0]
    share = want.titles[1].shares[0]
    assert households.targets.text() == "Chỉ tiêu 2025: 70 % · 2030: 80 %*"
    if share.reached(2025):
        assert households.verdict.text() == "Đạt chỉ tiêu năm 2025"
    else:
        assert households.verdict.text() == f"Chưa đạt chỉ tiêu năm 2025: cần thêm {share.missing(2025)} hộ"
    everyone = page.titles.cards["cong-dan"].shares[1]
    assert everyone.verdict.text() == "Chưa có chỉ tiêu" and everyone.targets.isHidden()
    assert "1373" in everyone.toolTip()
    assert "chưa đối chiếu được với văn bản gốc" in page.titles.footnote.text()


def test_the_current_year_without_decisions_shows_zeros_not_errors(qtbot, ctx):
    page = shown(qtbot, ctx)  # this year: nothing registered yet in the demo
    titles = page.data.titles
    assert titles.year == date.today().year
    assert all(t.counts.recognised == 0 for t in titles.titles)
    households = page.titles.cards["gia-dinh"].shares[0]
    assert households.percent.text() == "0,0 %"
    deadline = titles.deadline
    needed = -(-{2025: 70, 2030: 80}[deadline] * 300 // 100)
    assert households.verdict.text() == f"Chưa đạt chỉ tiêu năm {deadline}: cần thêm {needed} hộ"


@pytest.mark.parametrize(("width", "columns"), [(1366, 3), (1024, 2), (700, 2)])
def test_the_cards_fit_the_window(qtbot, ctx, width, columns):
    page = shown(qtbot, ctx)
    page.resize(1366, 700)  # from wide to the width tested: the cards must let the page shrink
    qtbot.wait(20)
    page.resize(width, 700)
    qtbot.wait(20)
    grid = page.titles.grid
    used = {grid.getItemPosition(grid.indexOf(card))[1] for card in page.titles.cards.values()}
    assert len(used) == columns
    body = page.findChild(QScrollArea).widget()
    assert body.minimumSizeHint().width() <= 700, "nothing forces the page wider than a small window"
    assert page.findChild(QScrollArea).horizontalScrollBar().maximum() == 0


# --- a commune just made by the first-run wizard ----------------------------------------------


@pytest.fixture
def empty_ctx(qtbot, tmp_path):
    """A database made by init_commune and nothing else."""
    path = tmp_path / "moi.sqlite"
    init_commune(path, "17380")
    db = open_database(path)
    errors = RecordingErrors()
    ops = Operations(db, show_error=errors.show)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    yield UiContext(db=db, commune=commune_info(db=db), ops=ops, errors=errors, settings=settings)
    ops.wait()
    db.close()


def test_an_empty_commune_says_there_is_nothing_yet(qtbot, empty_ctx, tmp_path):
    page = shown(qtbot, empty_ctx)
    page.resize(1024, 700)
    assert {key: card.value.text() for key, card in page.cards.items()} == dict.fromkeys(page.cards, "0")
    boxes = {"age": page.age_box, "ethnic": page.ethnic_box, "month": page.month_box,
             "category": page.category_box, "hamlet": page.hamlet_box}
    assert {name: box.is_empty for name, box in boxes.items()} == dict.fromkeys(boxes, True)
    assert all("Chưa có số liệu" in box.empty.text() for box in boxes.values())
    assert all(box.view.chart().series() == [] for box in boxes.values()), "no empty axes or pie behind the note"
    for card in page.titles.cards.values():
        assert card.counts.text() == "Đăng ký <b>0</b> · Đạt <b>0</b> · Công nhận <b>0</b>"
        assert all(v.verdict.text() == "Chưa có số liệu" and v.percent.text() == "—" for v in card.shares)
    assert empty_ctx.errors.shown == []
    assert not page.grab().isNull()


def test_the_charts_come_back_when_the_first_records_arrive(qtbot, empty_ctx):
    page = shown(qtbot, empty_ctx)
    with transaction(empty_ctx.db) as session:
        hamlet = hamlets.add_hamlet(session=session, name="Thôn Đông")
        register.add_household(session=session, data=family(
            person("Lò Văn Pó", "Nam", "1980", relation="head"), person("Lò Thị Mai", "Nữ", "1984", relation="wife"),
            hamlet_id=hamlet.id))
        centre.add_activity(session=session, data=ActivityInput(
            title="Chuyên đề trồng lúa", category="topic", start_date=f"05/03/{date.today().year}",
            end_date=f"05/03/{date.today().year}"))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh(None)
    assert not any(box.is_empty for box in (page.age_box, page.ethnic_box, page.month_box, page.category_box,
                                             page.hamlet_box))
    axis = next(a for a in page.age_view.chart().axes() if isinstance(a, QValueAxis))
    assert (axis.min(), axis.max(), axis.tickInterval()) == (0, 1, 1), "whole people on the axis"
    assert page.titles.cards["gia-dinh"].shares[0].counted.text() == "0 / 1 hộ gia đình hiện có trong sổ"
