"""The dashboard page: figures counted in the background, drawn from plain data, reloaded on change."""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import QBarSeries, QHorizontalBarSeries, QLineSeries, QPieSeries

from desktop.services import dashboard as figures
from desktop.services.session import Changes
from desktop.ui.pages.dashboard import DashboardPage

DEMO_YEAR = 2025  # tests/ui/conftest.py builds the demo's activities in this year


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
    page.refresh(Changes(frozenset({"learning_centres"}), 1))
    assert loads == []
    for table in ("citizens", "households", "hamlets", "activities", "participations", "clans", "learning_units"):
        page.refresh(Changes(frozenset({table}), 1))
    assert len(loads) == 7


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
