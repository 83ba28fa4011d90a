"""What an import reads, guesses and reports: frozen records the CLI prints and the wizard shows."""

from __future__ import annotations

from dataclasses import asdict, dataclass

# What a column can hold, in the order the wizard offers them; "" = not imported.
FIELDS: dict[str, str] = {
    "": "(Không nhập)",
    "stt": "Số thứ tự",
    "household_code": "Mã hộ",
    "full_name": "Họ và tên",
    "family_middle": "Họ và tên đệm",
    "middle_name": "Tên đệm",
    "given_name": "Tên",
    "head_name": "Họ tên chủ hộ",
    "head_mark": "Đánh dấu chủ hộ (x)",
    "sex": "Giới tính",
    "sex_male": "Giới tính: cột Nam (đánh dấu)",
    "sex_female": "Giới tính: cột Nữ (đánh dấu)",
    "birth_date": "Ngày sinh / Năm sinh",
    "birth_male": "Năm sinh: cột Nam",
    "birth_female": "Năm sinh: cột Nữ",
    "identity_number": "Số định danh cá nhân (CCCD)",
    "relation": "Quan hệ với chủ hộ",
    "ethnicity": "Dân tộc",
    "hamlet": "Thôn/Tổ dân phố",
    "address": "Địa chỉ",
    "phone": "Số điện thoại",
    "occupation": "Nghề nghiệp",
    "education": "Trình độ học vấn",
    "literacy": "Mức độ biết chữ",
    "status": "Tình trạng cư trú",
}

# How a sheet's rows are put into households (SheetPlan.grouping), as the wizard says it.
GROUPINGS: dict[str, str] = {
    "code": "theo cột Mã hộ",
    "relation": "mỗi dòng “Chủ hộ” mở một hộ mới, các dòng dưới là thành viên",
    "head_mark": "mỗi dòng đánh dấu chủ hộ mở một hộ mới",
    "head_name": "theo cột Họ tên chủ hộ",
    "heads_only": "mỗi dòng là một hộ (danh sách chủ hộ)",
    "numbered_heads": "dòng có số thứ tự là chủ hộ, các dòng không số bên dưới là thành viên",
    "blocks": "các nhóm dòng cách nhau bởi dòng trống, mỗi nhóm một hộ",
    "none": "không xác định được hộ",
}


@dataclass(frozen=True)
class ColumnPlan:
    index: int  # 0-based
    letter: str  # "A", "B"… as the spreadsheet shows it
    header: str  # the header text as read (two header rows joined by " / ")
    key: str  # the header folded: what a saved mapping is keyed by
    field: str  # a FIELDS key; "" when the column is not imported


@dataclass(frozen=True)
class SheetPlan:
    name: str
    header_rows: tuple[int, ...]  # spreadsheet row numbers (1-based); () when no header was found
    columns: tuple[ColumnPlan, ...]
    hamlet: str  # the hamlet the sheet or its title names ("" when none: a column, or no hamlet)
    grouping: str  # a GROUPINGS key
    people_rows: int  # rows that look like people
    sample: tuple[tuple[str, ...], ...]  # the first data rows as text, for the wizard
    problem: str  # why the sheet cannot be imported as it is ("" when it can)
    hamlet_known: bool = False  # `hamlet` is already on the register's list (else the import makes it)


@dataclass(frozen=True)
class WorkbookPlan:
    path: str
    format: str  # "xlsx", "xls", "ods", "csv"
    sheets: tuple[SheetPlan, ...]
    converted_cells: int  # text cells converted from TCVN3 or VNI to Unicode
    encodings: tuple[str, ...]  # legacy encodings met ("tcvn3", "vni"); CSV: its code page


@dataclass(frozen=True)
class RowNote:
    """A row not imported (or imported with a remark): where it is, and why, in Vietnamese."""
    sheet: str
    row: int  # as the spreadsheet shows it (1-based)
    reason: str


@dataclass(frozen=True)
class PossibleDuplicate:
    """A person just imported who may already be on the register under another household."""
    sheet: str
    row: int
    name: str
    birth_year: int | None
    existing_citizen_id: str
    existing_name: str
    existing_household_code: str
    citizen_id: str = ""  # the person just imported (register.delete_citizen takes it back if it is the same)
    household_code: str = ""  # the household it was imported into


@dataclass(frozen=True)
class ImportResult:
    path: str
    dry_run: bool  # True: nothing was written
    households: int  # new households
    citizens: int  # new people
    households_matched: int  # already on the register (found by code or by their head)
    citizens_matched: int  # already on the register (by identity number, else name + birth + household)
    hamlets_created: tuple[str, ...]
    rejected: tuple[RowNote, ...]
    warnings: tuple[RowNote, ...]  # imported, but something was left out or guessed
    duplicates: tuple[PossibleDuplicate, ...]
    skipped_lines: int  # totals, signatures, repeated headers, numbering rows: not people
    plan: WorkbookPlan
    # The rows of each household that has a refused row: the rejects file keeps them together.
    groups: tuple[tuple[str, tuple[int, ...]], ...] = ()

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "dry_run": self.dry_run,
            "households": self.households,
            "citizens": self.citizens,
            "households_matched": self.households_matched,
            "citizens_matched": self.citizens_matched,
            "hamlets_created": len(self.hamlets_created),
            "new_hamlets": list(self.hamlets_created),
            "rejected": [asdict(r) for r in self.rejected],
            "warnings": [asdict(w) for w in self.warnings],
            "possible_duplicates": [asdict(d) for d in self.duplicates],
            "skipped_lines": self.skipped_lines,
            "converted_cells": self.plan.converted_cells,
            "sheets": [{"name": s.name, "header_rows": list(s.header_rows), "hamlet": s.hamlet,
                        "grouping": s.grouping, "people_rows": s.people_rows, "problem": s.problem}
                       for s in self.plan.sheets],
        }
