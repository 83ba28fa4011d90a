"""Typed errors: a stable code, a Vietnamese message, and where it happened.

Every layer raises these; the CLI prints them, the UI shows them next to the field
or in one dialog, and import reports list them per spreadsheet row.
"""

from __future__ import annotations

from typing import overload

FIELD_LABELS: dict[str, str] = {
    "full_name": "Họ và tên",
    "family_name": "Họ",
    "middle_name": "Tên đệm",
    "given_name": "Tên",
    "sex": "Giới tính",
    "birth_date": "Ngày sinh",
    "identity_number": "Số định danh cá nhân",
    "ethnicity": "Dân tộc",
    "relation": "Quan hệ với chủ hộ",
    "education": "Trình độ học vấn",
    "literacy": "Mức độ biết chữ",
    "occupation": "Nghề nghiệp",
    "status": "Tình trạng cư trú",
    "status_since": "Kể từ ngày",
    "status_note": "Ghi chú tình trạng",
    "household": "Hộ gia đình",
    "household_code": "Mã hộ",
    "hamlet": "Thôn/Tổ dân phố",
    "address": "Địa chỉ",
    "phone": "Số điện thoại",
    "poverty": "Hoàn cảnh kinh tế",
    "head": "Chủ hộ",
    "members": "Thành viên",
    "name": "Tên",
    "kind": "Loại",
    "commune": "Xã/Phường",
    "clan": "Dòng họ",
    "unit": "Đơn vị học tập",
    "staff_count": "Số cán bộ, nhân viên",
    "activity": "Hoạt động",
    "title": "Tên hoạt động",
    "category": "Loại hoạt động",
    "start_date": "Ngày bắt đầu",
    "end_date": "Ngày kết thúc",
    "hours": "Số giờ",
    "citizen": "Công dân",
    "valid_from": "Có hiệu lực từ",
    "valid_to": "Hết hiệu lực từ",
    "date": "Ngày",
    # the titles: registration, checks, recognition, certificates
    "title_id": "Danh hiệu",
    "year": "Năm",
    "number": "Số quyết định",
    "signed_on": "Ngày ký",
    "signer_name": "Người ký",
    "signer_title": "Chức vụ người ký",
    "signer_capacity": "Thẩm quyền ký",
    "reason": "Lý do",
    "register_number": "Số vào sổ",
    "points": "Điểm chấm",
    "evidence": "Minh chứng",
    "unit_staff": "Số cán bộ, nhân viên",
    "unit_staff_cdht": "Số đạt Công dân học tập",
    # the commune's own rating (Cộng đồng học tập cấp xã)
    "indicator": "Chỉ tiêu",
    "state": "Kết quả tự đánh giá",
}


@overload
def field_label(field: str) -> str: ...
@overload
def field_label(field: None) -> None: ...
def field_label(field: str | None) -> str | None:
    if field is None:
        return None
    return FIELD_LABELS.get(field, field)


class XhhtError(Exception):
    """Base of every expected failure. `message` is Vietnamese and complete on its own."""

    default_code = "error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        row: int | None = None,
        sheet: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.field = field
        self.row = row
        self.sheet = sheet

    def where(self) -> str:
        """'Sheet X, dòng 5, Số định danh cá nhân' — the parts that are known."""
        parts = []
        if self.sheet:
            parts.append(f"Trang {self.sheet}")
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.field:
            parts.append(field_label(self.field))
        text = ", ".join(parts)
        return text[:1].upper() + text[1:] if text else ""

    def located(self, *, row: int | None = None, sheet: str | None = None) -> "XhhtError":
        """Attach the spreadsheet position once the caller knows it; returns self."""
        if row is not None:
            self.row = row
        if sheet is not None:
            self.sheet = sheet
        return self

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "message": self.message,
            "field": self.field,
            "row": self.row,
            "sheet": self.sheet,
        }

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


class ValidationError(XhhtError):
    """One value is wrong: the message says which field and why."""

    default_code = "invalid"


class ValidationErrors(XhhtError):
    """Several fields of one record are wrong; all are reported at once."""

    default_code = "invalid_record"

    def __init__(self, errors: list[ValidationError], *, row: int | None = None) -> None:
        self.errors = list(errors)
        message = "; ".join(str(e) for e in self.errors)
        super().__init__(message, row=row)
        for error in self.errors:
            error.located(row=row)

    def __str__(self) -> str:
        prefix = f"Dòng {self.row}: " if self.row is not None else ""
        return prefix + "; ".join(
            (f"{field_label(e.field)}: {e.message}" if e.field else e.message) for e in self.errors
        )

    def to_dict(self) -> dict:
        data = super().to_dict()
        data["errors"] = [e.to_dict() for e in self.errors]
        return data


class NotFoundError(XhhtError):
    default_code = "not_found"


class ConflictError(XhhtError):
    """The change clashes with what is stored (duplicate code, locked record…)."""

    default_code = "conflict"


class StorageError(XhhtError):
    """The database file cannot be opened, migrated or trusted."""

    default_code = "storage"


class Cancelled(Exception):
    """The user cancelled a long operation. Not an error: callers stay silent."""
