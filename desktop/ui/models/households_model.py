"""The households table: which columns it has and how a HouseholdRow fills them.

Rows come lazily through the fetch the page gives (see lazy_table.py): the page reads
them on the background reader with services.listing.household_rows.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from desktop.ui.models.lazy_table import ID_ROLE, ROW_ROLE, LazyColumn, LazyTableModel

__all__ = ["HouseholdsTableModel", "ID_ROLE", "ROW_ROLE"]

_C = "HouseholdsTableModel"


class HouseholdsTableModel(LazyTableModel):
    CONTEXT = _C
    COLUMNS = (
        LazyColumn("code", QT_TRANSLATE_NOOP(_C, "Mã hộ"), lambda r: r.code, sort="code", width=80),
        LazyColumn("head_name", QT_TRANSLATE_NOOP(_C, "Chủ hộ"), lambda r: r.head_name, sort="head", width=200),
        LazyColumn("hamlet", QT_TRANSLATE_NOOP(_C, "Thôn/Tổ dân phố"), lambda r: r.hamlet_name, sort="hamlet"),
        LazyColumn("address", QT_TRANSLATE_NOOP(_C, "Địa chỉ"), lambda r: r.address, width=220),
        LazyColumn("phone", QT_TRANSLATE_NOOP(_C, "Điện thoại"), lambda r: r.phone),
        LazyColumn("poverty", QT_TRANSLATE_NOOP(_C, "Hộ nghèo, cận nghèo"),
                   lambda r: "" if r.poverty == "none" else r.poverty_label),
        LazyColumn("residents", QT_TRANSLATE_NOOP(_C, "Số nhân khẩu"), lambda r: str(r.residents),
                   sort="members", numeric=True, width=90),
    )
