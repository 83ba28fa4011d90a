"""The lazy table models, without any window: paging, cache, roles, headers, delegated sort."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt

from desktop.services.listing import CitizenRow, HouseholdRow
from desktop.ui.models.citizens_model import ID_ROLE, ROW_ROLE, CitizensTableModel
from desktop.ui.models.households_model import HouseholdsTableModel

DISPLAY, TIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
BASE = CitizenRow(id="", household_id="h1", full_name="Nguyễn Thị Hường", sex="F", sex_label="Nữ",
                  birth_date="1978-03-12", birth_display="12/03/1978", age=47, identity_number="040178000002",
                  ethnicity="Kinh", household_code="H00001", hamlet_name="Thôn Bắc", relation="Vợ",
                  status="Thường trú", occupation="", education="Trung học cơ sở", literacy="")


class FakeRows:
    """A fetch function that records what it was asked for; ids in `gone` have vanished."""

    def __init__(self, gone=()):
        self.calls: list[list[str]] = []
        self.gone = set(gone)

    def __call__(self, ids):
        self.calls.append(list(ids))
        return [dataclasses.replace(BASE, id=i, full_name=f"Người {i}") for i in reversed(ids) if i not in self.gone]


@pytest.fixture
def fetch(qapp):
    return FakeRows()


def make(fetch, n=1000, **kw):
    model = CitizensTableModel(fetch, page_size=200, **kw)
    model.set_ids([f"c{i}" for i in range(n)])
    return model


def cell(model, row, key, role=DISPLAY):
    return model.data(model.index(row, model.column_index(key)), role)


def test_headers_are_vietnamese_and_keys_stable(fetch):
    model = make(fetch)
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert headers[:4] == ["Họ và tên", "Giới tính", "Ngày sinh", "Tuổi"]
    assert "Số định danh" in headers and "Thôn/Tổ dân phố" in headers and "Mã hộ" in headers
    assert model.column_keys()[0] == "full_name" and len(set(model.column_keys())) == model.columnCount()
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DecorationRole) is None


def test_only_the_pages_touched_are_fetched(fetch):
    model = make(fetch)
    assert model.rowCount() == 1000 and fetch.calls == []  # the ids alone cost nothing
    assert cell(model, 450, "full_name") == "Người c450"
    assert fetch.calls == [[f"c{i}" for i in range(400, 600)]]
    assert cell(model, 599, "sex") == "Nữ" and cell(model, 401, "birth_date") == "12/03/1978"
    assert len(fetch.calls) == 1  # same page: from the cache
    assert cell(model, 0, "age") == "47"
    assert len(fetch.calls) == 2 and fetch.calls[1][0] == "c0"
    # Roles that do not show the row's data never fetch.
    align = cell(model, 900, "age", Qt.ItemDataRole.TextAlignmentRole)
    assert align & Qt.AlignmentFlag.AlignRight
    assert cell(model, 900, "full_name", Qt.ItemDataRole.BackgroundRole) is None
    assert cell(model, 900, "full_name", ID_ROLE) == "c900"
    assert len(fetch.calls) == 2


def test_least_recently_used_pages_are_dropped(fetch):
    model = make(fetch, cached_pages=2)
    for row in (0, 200, 0, 400):  # page 0 is fresher than page 1 when page 2 arrives
        cell(model, row, "full_name")
    assert [c[0] for c in fetch.calls] == ["c0", "c200", "c400"]
    cell(model, 1, "full_name")
    cell(model, 201, "full_name")
    assert [c[0] for c in fetch.calls] == ["c0", "c200", "c400", "c200"]


def test_display_tooltip_and_row_roles(fetch):
    model = make(fetch, n=3)
    assert cell(model, 1, "full_name", TIP) == "Người c1 (hộ H00001, Thôn Bắc)"
    assert cell(model, 1, "identity_number", TIP) == "040178000002"
    assert cell(model, 1, "occupation") == "" and cell(model, 1, "occupation", TIP) is None
    assert cell(model, 2, "full_name", ROW_ROLE).id == "c2"
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


def test_a_row_that_vanished_shows_empty(qapp):
    fetch = FakeRows(gone={"c1"})
    model = make(fetch, n=3)
    assert cell(model, 1, "full_name") is None and model.row_data(1) is None
    assert cell(model, 2, "full_name") == "Người c2"  # rows are placed by id, not by position


def test_set_ids_resets_and_forgets_cached_rows(fetch, qtbot):
    model = make(fetch, n=10)
    cell(model, 0, "full_name")
    with qtbot.waitSignal(model.modelReset, timeout=100):
        model.set_ids(["x", "c3"])
    assert model.rowCount() == 2 and model.ids() == ["x", "c3"]
    assert model.row_id(1) == "c3" and model.row_id(2) is None and model.row_of("x") == 0 and model.row_of("c0") is None
    assert cell(model, 1, "full_name") == "Người c3"
    assert fetch.calls[-1] == ["x", "c3"]


def test_sorting_is_delegated_to_the_page(fetch, qtbot):
    model = make(fetch)
    asked = []
    model.sort_requested.connect(lambda name, desc: asked.append((name, desc)))
    model.sort(model.column_index("full_name"), Qt.SortOrder.DescendingOrder)
    model.sort(model.column_index("household_code"), Qt.SortOrder.AscendingOrder)
    model.sort(model.column_index("age"), Qt.SortOrder.AscendingOrder)  # youngest first: latest birth first
    model.sort(model.column_index("sex"), Qt.SortOrder.AscendingOrder)  # not sortable: nothing
    assert asked == [("name", True), ("household", False), ("birth", True)]
    assert model.ids()[:2] == ["c0", "c1"] and fetch.calls == []  # the model itself never reorders
    assert model.sort_column("hamlet", True) == (model.column_index("hamlet"), Qt.SortOrder.DescendingOrder)


def test_households_model(qapp):
    rows = {"a": HouseholdRow("a", "H00001", "c1", "Nguyễn Văn An", "Thôn Bắc", "Số 5", "0912345678",
                              "none", "Không thuộc diện nghèo", 3),
            "b": HouseholdRow("b", "H00002", None, "", "", "", "", "poor", "Hộ nghèo", 0)}
    model = HouseholdsTableModel(lambda ids: [rows[i] for i in ids])
    model.set_ids(["b", "a"])
    col = model.column_index
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Mã hộ"
    assert model.headerData(col("residents"), Qt.Orientation.Horizontal) == "Số nhân khẩu"
    assert model.data(model.index(0, col("poverty"))) == "Hộ nghèo"
    assert model.data(model.index(1, col("poverty"))) == ""  # "not poor" would fill the column with noise
    assert model.data(model.index(1, col("head_name"))) == "Nguyễn Văn An"
    assert model.data(model.index(1, col("residents"))) == "3"
