"""The citizens and households pages over the 300-household demo: counts, search, filters, columns."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.domain.text import fold, format_count
from desktop.services import listing, register
from desktop.services.session import Changes
from desktop.services.stats import register_stats
from desktop.ui.pages.citizens import CitizensPage
from desktop.ui.pages.households import HouseholdsPage


def shown(qtbot, page):
    qtbot.addWidget(page)
    page.resize(1100, 600)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    return page


def rows(qtbot, page):
    """Every row of the list, as the view shows them once scrolled through (they arrive from
    the reader page by page)."""
    def all_there():
        return all(page.model.row_data(i) is not None for i in range(page.model.rowCount()))
    qtbot.waitUntil(all_there, timeout=10_000)
    return [page.model.row_data(i) for i in range(page.model.rowCount())]


def double_click(qtbot, view, index):
    # An item view opens only what was pressed first, as a real double-click does.
    pos = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def choose(qtbot, page, combo, value):
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        combo.setCurrentIndex(combo.findData(value))


@pytest.fixture
def stats(ctx):
    with ctx.read() as s:
        return register_stats(session=s)


def test_citizens_page_shows_every_resident(qtbot, ctx, stats):
    page = shown(qtbot, CitizensPage(ctx))
    assert page.model.rowCount() == stats.residents > 500
    assert page.count_label.text() == f"{format_count(stats.residents)} công dân"
    assert page.title == "Công dân"
    assert page.search.placeholderText() == "Tìm theo tên, số định danh, mã hộ…"
    assert page.status.currentText() == "Đang sinh sống tại xã" and page.hamlet.itemText(0) == "Tất cả"
    assert page.hamlet.count() > 2 and page.ethnicity.count() >= 2


def test_typing_a_name_filters_after_a_pause(qtbot, ctx, stats):
    page = shown(qtbot, CitizensPage(ctx))
    announced = []
    page.search.search_changed.connect(announced.append)
    qtbot.keyClicks(page.search, "nguyen thi")
    qtbot.waitUntil(lambda: page.search.search_text() == "nguyen thi" and not page.busy
                    and page.model.rowCount() < stats.residents, timeout=10_000)
    assert announced == ["nguyen thi"]  # one search for the whole word, not one per key
    found = rows(qtbot, page)
    assert found and all(r is not None for r in found)
    for row in found:
        words = fold(row.full_name).split()
        assert any(w.startswith("nguyen") for w in words) and any(w.startswith("thi") for w in words)
    assert page.count_label.text() == f"{format_count(len(found))} công dân"
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClick(page.search, Qt.Key.Key_Escape)  # clearing shows everyone again, at once
    assert page.model.rowCount() == stats.residents


def test_hamlet_filter_narrows(qtbot, ctx, stats):
    page = shown(qtbot, CitizensPage(ctx))
    hamlet_id, hamlet_name = page.hamlet.itemData(1), page.hamlet.itemText(1)
    choose(qtbot, page, page.hamlet, hamlet_id)
    found = rows(qtbot, page)
    assert 0 < len(found) < stats.residents
    assert {r.hamlet_name for r in found} == {hamlet_name}
    choose(qtbot, page, page.sex, "F")
    assert {r.sex_label for r in rows(qtbot, page)} == {"Nữ"} and page.model.rowCount() < len(found)


def test_header_click_reloads_in_that_order(qtbot, ctx):
    page = shown(qtbot, CitizensPage(ctx))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.table.sortByColumn(page.model.column_index("birth_date"), Qt.SortOrder.AscendingOrder)
    births = [r.birth_date for r in rows(qtbot, page)]
    assert births == sorted(births)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.table.sortByColumn(page.model.column_index("full_name"), Qt.SortOrder.AscendingOrder)
    with ctx.read() as s:
        assert page.model.ids() == listing.citizen_ids(session=s, filter=listing.CitizenFilter())


def test_hidden_columns_are_remembered(qtbot, ctx):
    page = shown(qtbot, CitizensPage(ctx))
    col = page.model.column_index
    assert page.table.isColumnHidden(col("occupation")) and not page.table.isColumnHidden(col("identity_number"))
    menu = page.column_menu()
    entries = {a.text(): a for a in menu.actions() if a.isCheckable()}
    assert not entries["Họ và tên"].isEnabled()  # one column always stays
    entries["Số định danh"].setChecked(False)
    entries["Nghề nghiệp"].setChecked(True)
    assert page.table.isColumnHidden(col("identity_number"))

    again = CitizensPage(ctx)  # as after a restart: same settings
    qtbot.addWidget(again)
    assert again.table.isColumnHidden(col("identity_number"))
    assert not again.table.isColumnHidden(col("occupation"))
    assert "identity_number" in ctx.settings.value("citizens/hidden_columns")


def test_double_click_opens_the_household(qtbot, ctx):
    page = shown(qtbot, CitizensPage(ctx))
    index = page.model.index(2, 0)
    expected = rows(qtbot, page)[2].household_id
    with qtbot.waitSignal(page.open_household, timeout=2000) as signal:
        double_click(qtbot, page.table, index)
    assert signal.args == [expected]


def test_changes_to_the_register_refresh_the_list(qtbot, ctx, stats):
    page = shown(qtbot, CitizensPage(ctx))
    ctx.ops.changes_applied.connect(page.refresh)  # as the main window wires it
    page.refresh(Changes(frozenset({"activities"}), 1))
    assert not page.busy  # nothing shown here changed
    someone = page.model.row_id(0)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        ctx.ops.run(lambda s, _p: register.set_citizen_status(session=s, citizen_id=someone, status="moved_away",
                                                                  since=date(2026, 1, 5)))
    assert page.model.rowCount() == stats.residents - 1 and someone not in page.model.ids()


def test_households_page_filters_by_poverty(qtbot, ctx, stats):
    page = shown(qtbot, HouseholdsPage(ctx))
    assert page.title == "Hộ gia đình"
    assert page.model.rowCount() == stats.households
    assert page.count_label.text() == f"{format_count(stats.households)} hộ"
    choose(qtbot, page, page.poverty, "poor")
    found = rows(qtbot, page)
    assert 0 < len(found) < stats.households
    assert {r.poverty for r in found} == {"poor"}
    with ctx.read() as s:
        assert page.model.ids() == listing.household_ids(session=s, filter=listing.HouseholdFilter(poverty="poor"))
    with qtbot.waitSignal(page.open_household, timeout=2000) as signal:
        double_click(qtbot, page.table, page.model.index(0, 1))
    assert signal.args == [found[0].id]
