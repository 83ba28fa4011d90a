"""The search boxes of the in-memory tables, used as an officer uses them: words typed without
marks find the names with them (đ and d alike), a click on a row the filter left opens that
row's record (the view's rows are the proxy's, not the model's), a header click sorts the
filtered rows in Vietnamese order, and clearing the box brings every row back."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from desktop.domain.text import fold
from desktop.services.session import transaction
from desktop.services.titles import certificates, evaluation, recognition, registration
from desktop.services.titles.common import name_order, subject_kind
from desktop.ui.models.fold_filter import SEARCH_ROLE, FoldFilterProxy
from desktop.ui.pages.clans import ClansPage
from desktop.ui.pages.titles.grid_model import GridModel
from desktop.ui.pages.titles.page import TitlesPage
from desktop.ui.widgets.record_table import RecordColumn, RecordTable
from tests.ui.keyboard import click_row, press, type_text

YEAR = date.today().year
TITLE = "gia-dinh"


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    hamlet: str


PEOPLE = [Person("1", "Nguyễn Văn An", "Xóm 1"), Person("2", "Trần Thị Bình", "Xóm 2"),
          Person("3", "Nguyễn Văn Bảo", "Xóm Đông"), Person("4", "Đỗ Thị Đào", "Xóm 1"),
          Person("5", "Lê Thị Dung", "Xóm 2"), Person("6", "Nguyễn Thị Văn", "Xóm 1")]


def clear(qtbot, field) -> None:
    field.setFocus()
    press(qtbot, field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, field, Qt.Key.Key_Backspace)


def names(records) -> list[str]:
    return [r.name for r in records]


def people_table(qtbot) -> tuple[QWidget, QLineEdit, RecordTable]:
    window = QWidget()
    field = QLineEdit()
    table = RecordTable([RecordColumn("Họ và tên", lambda p: p.name, stretch=True),
                         RecordColumn("Thôn", lambda p: p.hamlet)])
    field.textChanged.connect(table.set_filter)
    layout = QVBoxLayout(window)
    layout.addWidget(field)
    layout.addWidget(table)
    qtbot.addWidget(window)
    window.resize(600, 400)
    window.show()
    table.set_records(PEOPLE)
    return window, field, table


def test_typed_words_without_marks_find_the_rows_and_a_click_opens_the_one_clicked(qtbot):
    _window, field, table = people_table(qtbot)
    chosen, opened = [], []
    table.current_changed.connect(chosen.append)
    table.activated_record.connect(opened.append)

    type_text(qtbot, field, "nguyen van")
    # Every word, anywhere in the row: "Nguyễn Thị Văn" has both words too.
    assert names(table.shown_records()) == ["Nguyễn Văn An", "Nguyễn Văn Bảo", "Nguyễn Thị Văn"]
    click_row(qtbot, table, 1)
    assert table.current() == PEOPLE[2] and chosen[-1] == PEOPLE[2]
    press(qtbot, table, Qt.Key.Key_Return)
    assert opened == [PEOPLE[2]]

    clear(qtbot, field)
    assert names(table.shown_records()) == names(PEOPLE), "clearing the box shows every row again"
    assert table.current() is None and chosen[-1] is None, "a new filter leaves nothing chosen, as it always did"

    type_text(qtbot, field, "  DUNG   le ")  # capitals, extra spaces, words in any order
    assert names(table.shown_records()) == ["Lê Thị Dung"]
    click_row(qtbot, table, 0)
    assert table.current() == PEOPLE[4] and chosen[-1] == PEOPLE[4]


def test_d_and_đ_find_the_same_rows_and_the_other_columns_are_searched(qtbot):
    _window, field, table = people_table(qtbot)
    type_text(qtbot, field, "đ")
    with_stroke = names(table.shown_records())
    clear(qtbot, field)
    type_text(qtbot, field, "d")
    assert names(table.shown_records()) == with_stroke == ["Nguyễn Văn Bảo", "Đỗ Thị Đào", "Lê Thị Dung"]
    clear(qtbot, field)
    type_text(qtbot, field, "dao")
    assert names(table.shown_records()) == ["Đỗ Thị Đào"]
    clear(qtbot, field)
    type_text(qtbot, field, "xom dong")  # the hamlet column
    assert names(table.shown_records()) == ["Nguyễn Văn Bảo"]
    click_row(qtbot, table, 0)
    assert table.current() == PEOPLE[2]
    clear(qtbot, field)
    type_text(qtbot, field, "khong co ai")
    assert table.shown_records() == [] and table.current() is None


def test_a_record_filtered_out_is_not_selected_by_id_and_a_reload_keeps_the_filter(qtbot):
    _window, field, table = people_table(qtbot)
    type_text(qtbot, field, "thi")
    assert not table.select_id("1") and table.current() is None
    assert table.select_id("5") and table.current() == PEOPLE[4]
    renamed = [replace(p, name="Lê Thị Dung Mới") if p.id == "5" else p for p in PEOPLE]
    table.set_records(renamed)  # the page reloads after a save
    assert names(table.shown_records()) == ["Trần Thị Bình", "Đỗ Thị Đào", "Lê Thị Dung Mới", "Nguyễn Thị Văn"]
    assert table.current().name == "Lê Thị Dung Mới", "the current record kept through the reload"


def test_the_proxy_asks_each_row_once_and_again_only_for_a_changed_row(qtbot):
    model = GridModel()
    rows = [_grid_row(str(i), name) for i, name in enumerate(["Nguyễn Văn An", "Đặng Văn Ân", "Lò Văn Pánh"])]
    model.set_grid(TITLE, rows, [])
    asked = []
    data = model.table.data

    def counting(index, role=Qt.ItemDataRole.DisplayRole):
        if role == SEARCH_ROLE:
            asked.append(index.row())
        return data(index, role)

    model.table.data = counting
    model.set_filter(text="van")
    assert model.rowCount() == 3  # what a view asks after each keystroke
    model.set_filter(text="van nguyen")
    assert [r.name for r in model.rows()] == ["Nguyễn Văn An"]
    assert sorted(asked) == [0, 1, 2], "asked once per row, not per keystroke"
    model.replace_row(replace(rows[2], name="Nguyễn Văn Lò", search=fold("Nguyễn Văn Lò Xóm 1")))
    assert [r.name for r in model.rows()] == ["Nguyễn Văn An", "Nguyễn Văn Lò"], "the patched row is filtered again"
    assert sorted(asked) == [0, 1, 2, 2]


def test_the_proxy_never_sorts_by_qt_string_order(qtbot):
    model = GridModel()
    model.set_grid(TITLE, [_grid_row("a", "Đặng Văn Ân"), _grid_row("b", "Lò Văn Pánh"),
                           _grid_row("c", "Dương Văn Út"), _grid_row("d", "Nguyễn Thị Ánh")], [])
    assert isinstance(model, FoldFilterProxy) and model.sortColumn() == -1
    model.sort(model.column_index("name"), Qt.SortOrder.AscendingOrder)
    # By given name in the Vietnamese alphabet (a before â, tones second); Qt's order put "Đ" after "Z".
    assert [r.name for r in model.rows()] == ["Nguyễn Thị Ánh", "Đặng Văn Ân", "Lò Văn Pánh", "Dương Văn Út"]
    assert model.sortColumn() == -1, "the source sorted; the proxy keeps its order"


def _grid_row(subject_id, name, hamlet="Xóm 1", stage="registered"):
    from desktop.services.titles.grid import GridRow
    return GridRow(subject_id, name, f"Số 1, {hamlet}", hamlet, hamlet, stage, None, 100.0, False,
                   False, None, {}, 1, search=fold(f"{name} Số 1, {hamlet}"))


# --- on the pages, over the demo commune -----------------------------------------------------


def test_clans_filter_then_a_click_shows_that_clans_households(qtbot, ctx):
    page = ClansPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitUntil(lambda: page.clans.table_model.rowCount() >= 3 and not page.busy, timeout=10_000)
    every = page.clans.table_model.records()
    target = next(c for c in reversed(every) if c.households)
    type_text(qtbot, page.filter, fold(target.name))
    shown = page.clans.shown_records()
    assert target in shown and len(shown) < len(every)
    assert all(fold(target.name) in fold(c.name + " " + c.head_name) for c in shown)
    click_row(qtbot, page.clans, shown.index(target))
    assert page.clans.current() == target
    qtbot.waitUntil(lambda: page.households.table_model.rowCount() == target.households and not page.busy,
                    timeout=10_000)
    clear(qtbot, page.filter)
    assert page.clans.shown_records() == every
    click_row(qtbot, page.clans, every.index(target))  # found again where it always was
    assert page.clans.current() == target


def titles_page(qtbot, ctx) -> TitlesPage:
    page = TitlesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    page.set_title(TITLE)
    qtbot.waitUntil(lambda: page.model.rowCount() == 300, timeout=10_000)
    qtbot.waitUntil(lambda: not ctx.ops.busy and not page.busy)
    return page


def searched(qtbot, page, text: str) -> None:
    type_text(qtbot, page.search, text)
    qtbot.waitUntil(lambda: page.search.search_text() == text.strip())


def test_titles_grid_search_click_sort_and_clear(qtbot, ctx):
    with transaction(ctx.db) as session:
        registration.register_all(session=session, year=YEAR, title=TITLE)
        evaluation.evaluate_year(session=session, year=YEAR, titles=[TITLE])
    page = titles_page(qtbot, ctx)
    everyone = page.model.all_rows()
    expected = [r for r in everyone if "nguyen" in r.search and "van" in r.search]
    assert 1 < len(expected) < 300, "the demo has several heads named Nguyễn Văn"

    searched(qtbot, page, "nguyen van")
    assert {r.subject_id for r in page.model.rows()} == {r.subject_id for r in expected}
    assert page.count_label.text() == f"{len(expected)}/300 đối tượng"
    row = page.model.row(1)
    name_column = page.model.column_index("name")
    assert page.table.model().index(1, name_column).data() == row.name, "the row the officer sees"
    click_row(qtbot, page.table, 1)
    assert page.current_row() == row and [r.subject_id for r in page.selected_rows()] == [row.subject_id]
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.subject_id == row.subject_id,
                    timeout=10_000)

    # A click on the name header sorts what is shown, by given name with Vietnamese collation.
    header = page.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=_section_middle(header, name_column))
    key = lambda r: name_order(subject_kind(TITLE), r.name)  # noqa: E731
    shown = page.model.rows()
    assert {r.subject_id for r in shown} == {r.subject_id for r in expected}
    assert header.sortIndicatorSection() == name_column
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert [key(r) for r in shown] == sorted((key(r) for r in shown), reverse=descending)
    assert page.current_row().subject_id == row.subject_id, "the chosen row stays chosen through the sort"

    press(qtbot, page.search, Qt.Key.Key_Escape)  # clearing: every row, still in the clicked order
    qtbot.waitUntil(lambda: page.model.rowCount() == 300)
    assert [key(r) for r in page.model.rows()] == sorted((key(r) for r in everyone), reverse=descending)
    assert page.count_label.text() == "300 đối tượng"

    searched(qtbot, page, "đ")
    with_stroke = [r.subject_id for r in page.model.rows()]
    press(qtbot, page.search, Qt.Key.Key_Escape)
    searched(qtbot, page, "d")
    assert [r.subject_id for r in page.model.rows()] == with_stroke and with_stroke


def _section_middle(header, section) -> QPoint:
    return QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2, header.height() // 2)


def test_certificate_register_search_then_a_click_chooses_that_entry(qtbot, ctx, tmp_path):
    with transaction(ctx.db) as session:
        registration.register_all(session=session, year=YEAR, title=TITLE)
        ids = registration.registered_ids(session=session, year=YEAR, title=TITLE)
        registration.check_full_marks(session=session, year=YEAR, title=TITLE, subject_ids=ids, evidence="Biên bản")
        evaluation.evaluate_year(session=session, year=YEAR, titles=[TITLE])
        recognition.recognize(session=session, year=YEAR, title=TITLE, number="3/QĐ-UBND", signed_on=date.today(),
                              signer_name="Lê Văn Hùng")
        certificates.print_certificates(session=session, year=YEAR, title=TITLE, path=tmp_path / "g.pdf",
                                        subject_ids=ids[:4])
    page = TitlesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    page.tabs.setCurrentWidget(page.register_tab)
    tab = page.register_tab
    qtbot.waitUntil(lambda: tab.table.table_model.rowCount() == 4, timeout=10_000)
    entries = tab.table.table_model.records()
    target = entries[-1]
    words = " ".join(fold(target.name).split()[-2:])  # the end of the name, no marks
    type_text(qtbot, tab.search, words)
    qtbot.waitUntil(lambda: tab.search.search_text() == words)
    shown = tab.table.shown_records()
    assert target in shown and all(words.split()[0] in fold(e.name + " " + e.detail) for e in shown)
    assert tab.count.text().startswith(f"{len(shown)} giấy năm {YEAR}")
    click_row(qtbot, tab.table, shown.index(target))
    assert tab.table.current() == target and tab.reprint_button.isEnabled()
    press(qtbot, tab.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.table.proxy.rowCount() == 4)
    assert tab.table.current() == target and tab.count.text().startswith(f"4 giấy năm {YEAR}")


def test_the_grid_switches_hamlet_and_stage_in_one_pass_and_keeps_the_words(qtbot):
    model = GridModel()
    model.set_grid(TITLE, [_grid_row("a", "Nguyễn Văn An", "Xóm 1"), _grid_row("b", "Nguyễn Văn Bảo", "Xóm 2"),
                           _grid_row("c", "Lê Thị Dung", "Xóm 2", "failed")], [])
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    model.set_filter(text="nguyen", hamlet="Xóm 1")
    assert [r.subject_id for r in model.rows()] == ["a"] and len(resets) == 1
    model.set_filter(hamlet="Xóm 2")  # the same rule, another hamlet
    assert [r.subject_id for r in model.rows()] == ["b"]
    model.set_filter(text="", stage="failed")
    assert [r.subject_id for r in model.rows()] == ["c"]
    model.set_filter(hamlet=None, stage=None)
    assert model.rowCount() == 3 and model.row(3) is None and model.row_of("zz") == -1
    model.set_filter(text="bao")
    assert model.row_of("a") == -1 and model.row(model.row_of("b")).name == "Nguyễn Văn Bảo"
