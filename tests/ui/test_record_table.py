"""The small records table model, without a window."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from desktop.domain.text import format_decimal as vi_number
from desktop.ui.widgets.record_table import RecordColumn, RecordTable, RecordTableModel


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    hours: float
    done: bool


ROWS = [Row("a", "Nguyễn Văn An", 4.5, False), Row("b", "Đặng Thị Bích", 2, True)]


def model() -> RecordTableModel:
    m = RecordTableModel([
        RecordColumn("Họ và tên", lambda r: r.name),
        RecordColumn("Số giờ", lambda r: vi_number(r.hours), number=True, editable=True),
        RecordColumn("Hoàn thành", lambda r: r.done, check=True),
    ])
    m.set_records(ROWS)
    return m


def test_cells_headers_and_lookup(qapp):
    m = model()
    assert (m.rowCount(), m.columnCount()) == (2, 3)
    assert m.headerData(1, Qt.Orientation.Horizontal) == "Số giờ"
    assert m.index(0, 1).data() == "4,5" and m.index(1, 1).data() == "2"
    assert m.index(1, 2).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert m.index(0, 2).data() is None  # a check column shows no text
    assert m.row_of("b") == 1 and m.row_of("zz") == -1
    assert not (m.flags(m.index(0, 0)) & Qt.ItemFlag.ItemIsEditable)


def test_the_filter_ignores_marks_and_case(qapp):
    table = RecordTable(model().columns)
    table.set_records(ROWS)
    table.set_filter("DANG bich")
    assert [r.id for r in table.shown_records()] == ["b"]
    assert table.record_at(0).id == "b" and table.record_at(1) is None  # view rows, not the model's
    assert [r.id for r in table.table_model.records()] == ["a", "b"], "the model keeps every record"
    assert table.select_id("b") and not table.select_id("a"), "a record filtered out cannot be selected"
    table.set_filter("")
    assert table.proxy.rowCount() == 2 and [r.id for r in table.shown_records()] == ["a", "b"]


def test_edits_are_reported_not_applied(qapp):
    m = model()
    seen = []
    m.edited.connect(lambda record, column, value: seen.append((record.id, column, value)))
    assert m.setData(m.index(0, 1), "6", Qt.ItemDataRole.EditRole)
    assert m.setData(m.index(0, 2), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert not m.setData(m.index(0, 0), "x", Qt.ItemDataRole.EditRole)
    assert seen == [("a", 1, "6"), ("a", 2, True)]
    assert m.index(0, 1).data() == "4,5"  # the page writes, then reloads
