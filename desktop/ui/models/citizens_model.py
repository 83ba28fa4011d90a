"""The citizens table: which columns it has and how a CitizenRow fills them.

Rows come lazily through the fetch the page gives (see lazy_table.py): the page reads
them on the background reader with services.listing.citizen_rows.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from desktop.ui.models.lazy_table import ID_ROLE, ROW_ROLE, LazyColumn, LazyTableModel

__all__ = ["CitizensTableModel", "ID_ROLE", "ROW_ROLE"]

_C = "CitizensTableModel"


def _name_tip(row) -> str:
    where = ", ".join(part for part in (row.household_code and f"hộ {row.household_code}", row.hamlet_name) if part)
    return f"{row.full_name} ({where})" if where else row.full_name


class CitizensTableModel(LazyTableModel):
    CONTEXT = _C
    COLUMNS = (
        LazyColumn("full_name", QT_TRANSLATE_NOOP(_C, "Họ và tên"), lambda r: r.full_name, sort="name",
                   tip=_name_tip, width=200),
        LazyColumn("sex", QT_TRANSLATE_NOOP(_C, "Giới tính"), lambda r: r.sex_label, width=70),
        LazyColumn("birth_date", QT_TRANSLATE_NOOP(_C, "Ngày sinh"), lambda r: r.birth_display, sort="birth",
                   width=100),
        LazyColumn("age", QT_TRANSLATE_NOOP(_C, "Tuổi"), lambda r: "" if r.age is None else str(r.age),
                   sort="-birth", numeric=True, width=50),
        LazyColumn("identity_number", QT_TRANSLATE_NOOP(_C, "Số định danh"), lambda r: r.identity_number),
        LazyColumn("ethnicity", QT_TRANSLATE_NOOP(_C, "Dân tộc"), lambda r: r.ethnicity, width=90),
        LazyColumn("household_code", QT_TRANSLATE_NOOP(_C, "Mã hộ"), lambda r: r.household_code, sort="household",
                   width=80),
        LazyColumn("relation", QT_TRANSLATE_NOOP(_C, "Quan hệ với chủ hộ"), lambda r: r.relation),
        LazyColumn("hamlet", QT_TRANSLATE_NOOP(_C, "Thôn/Tổ dân phố"), lambda r: r.hamlet_name, sort="hamlet"),
        LazyColumn("status", QT_TRANSLATE_NOOP(_C, "Tình trạng cư trú"), lambda r: r.status, hidden=True),
        LazyColumn("occupation", QT_TRANSLATE_NOOP(_C, "Nghề nghiệp"), lambda r: r.occupation, hidden=True),
        LazyColumn("education", QT_TRANSLATE_NOOP(_C, "Trình độ học vấn"), lambda r: r.education, hidden=True),
        LazyColumn("literacy", QT_TRANSLATE_NOOP(_C, "Mức độ biết chữ"), lambda r: r.literacy, hidden=True),
    )
