"""More layouts met in communes, each read without a mapping step: split name columns with a
lone "Nữ" column, the head's name written once, numbered members (1, 1.1, 1.2), an old .xls
with merged two-row headers and old 9-digit ID numbers."""

from __future__ import annotations

from datetime import datetime

import xlwt
from openpyxl import Workbook
from sqlalchemy import select

from desktop.services.importing import run_import
from desktop.services.session import transaction
from desktop.store.models import Citizen, Hamlet, Household
from tests.importing.workbooks import to_tcvn3


def _import(db, path, **options):
    with transaction(db) as session:
        return run_import(session=session, path=path, **options)


def _people(db) -> dict[str, Citizen]:
    with db.session() as session:
        people = {c.full_name: c for c in session.scalars(select(Citizen))}
        session.expunge_all()
    return people


def test_split_names_a_lone_female_column_and_codes_on_the_head_row(db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH NHÂN KHẨU TỔ DÂN PHỐ 3"])
    ws.append(["Mã HGĐ", "Họ", "Tên đệm", "Tên", "Nữ", "Ngày sinh", "Tổ dân phố", "Dân tộc"])
    ws.append(["T3-001", "Nguyễn", "Văn", "Bảo", None, datetime(1961, 7, 1), "Tổ 3", "Kinh"])
    ws.append([None, "Lương", "Thị", "Cúc", "x", datetime(1963, 2, 14), "Tổ 3", "Tày"])
    ws.append([None, "Nguyễn", "Thị Kim", "Dung", "x", "00/00/1990", "Tổ 3", None])
    ws.append(["T3-002", "Đoàn", "", "Ánh", "x", "1950", "Tổ 3", None])
    path = tmp_path / "to3.xlsx"
    wb.save(path)
    result = _import(db, path)
    assert (result.households, result.citizens, result.rejected) == (2, 4, ())
    assert result.plan.sheets[0].grouping == "code" and result.hamlets_created == ("Tổ 3",)
    people = _people(db)
    assert people["Nguyễn Văn Bảo"].sex == "M" and people["Lương Thị Cúc"].sex == "F"
    assert people["Nguyễn Thị Kim Dung"].birth_date == "1990" and people["Đoàn Ánh"].relation == "head"
    assert people["Lương Thị Cúc"].household_id == people["Nguyễn Văn Bảo"].household_id


def test_head_name_once_and_numbered_members(db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Xóm Trại"
    ws.append(["STT", "Họ tên chủ hộ", "Họ tên thành viên", "Năm sinh", "Giới tính", "Quan hệ"])
    ws.append(["1", "Trần Văn Định", "Trần Văn Định", 1955, "Nam", "Chủ hộ"])
    ws.append(["1.1", None, "Phạm Thị Én", 1958, "Nữ", "Vợ"])
    ws.append(["1.2", None, "Trần Văn Phong", 1985, "Nam", "Con"])
    ws.append(["2", "Lã Thị Gái", "Lã Thị Gái", 1940, "Nữ", "Chủ hộ"])
    path = tmp_path / "xom-trai.xlsx"
    wb.save(path)
    result = _import(db, path)
    assert (result.households, result.citizens, result.rejected) == (2, 4, ())
    people = _people(db)
    assert people["Phạm Thị Én"].household_id == people["Trần Văn Định"].household_id
    assert people["Lã Thị Gái"].household_id != people["Trần Văn Định"].household_id
    with db.session() as session:
        assert [h.name for h in session.scalars(select(Hamlet))] == ["Xóm Trại"]


def test_old_xls_with_merged_two_row_header_and_old_id_numbers(db, tmp_path):
    book = xlwt.Workbook()
    vn = xlwt.easyxf("font: name .VnTime; align: wrap on")
    for hamlet, rows in (("Thôn Đông", [(1, "Hoàng Văn Hải", 1970, None, "Chñ hé", 123456789),
                                        (None, "Vi Thị Hoa", None, 1972, "Vî", None)]),
                         ("Thôn Tây", [(1, "Nông Văn Ích", 1949, None, "Chñ hé", None)])):
        ws = book.add_sheet(to_tcvn3(hamlet))
        ws.write_merge(0, 0, 0, 5, to_tcvn3("DANH SÁCH HỘ GIA ĐÌNH"), vn)
        ws.write_merge(2, 3, 0, 0, "STT", vn)
        ws.write_merge(2, 3, 1, 1, to_tcvn3("Họ và tên"), vn)
        ws.write_merge(2, 2, 2, 3, to_tcvn3("Ngày tháng năm sinh"), vn)
        ws.write(3, 2, "Nam", vn)
        ws.write(3, 3, to_tcvn3("Nữ"), vn)
        ws.write_merge(2, 3, 4, 4, to_tcvn3("Quan hệ với chủ hộ"), vn)
        ws.write_merge(2, 3, 5, 5, "CMND/CCCD", vn)
        for r, values in enumerate(rows, start=4):
            for c, value in enumerate(values):
                if isinstance(value, str):
                    ws.write(r, c, to_tcvn3(value) if c == 1 else value, vn)
                elif value is not None:
                    ws.write(r, c, value)
    path = tmp_path / "cu.xls"
    book.save(str(path))
    result = _import(db, path)
    assert (result.households, result.citizens, result.rejected) == (2, 3, ()), (result.rejected, result.plan)
    assert sorted(result.hamlets_created) == ["Thôn Tây", "Thôn Đông"]
    assert any("chứng minh nhân dân cũ" in w.reason for w in result.warnings)
    people = _people(db)
    assert people["Vi Thị Hoa"].sex == "F" and people["Vi Thị Hoa"].relation == "wife"
    assert people["Hoàng Văn Hải"].identity_number is None
    with db.session() as session:
        assert session.query(Household).count() == 2


def test_one_stt_merged_over_each_household(db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Giới tính", "Năm sinh"])
    ws.append([1, "Khổng Văn Toàn", "Nam", 1971])
    ws.append([None, "Khổng Thị Hiền", "Nữ", 1999])
    ws.append([2, "Mạc Văn Sáng", "Nam", 1966])
    ws.append([None, "Mạc Thị Tươi", "Nữ", 1990])
    ws.append([None, "Mạc Văn Đạt", "Nam", 1993])
    ws.merge_cells("A2:A3")
    ws.merge_cells("A4:A6")
    path = tmp_path / "stt.xlsx"
    wb.save(path)
    result = _import(db, path)
    assert (result.households, result.citizens, result.plan.sheets[0].grouping) == (2, 5, "numbered_heads")
    people = _people(db)
    assert people["Mạc Văn Đạt"].household_id == people["Mạc Văn Sáng"].household_id
    assert people["Mạc Văn Sáng"].relation == "head" and people["Mạc Thị Tươi"].relation == "other"


def test_headers_typed_in_capitals_with_vntimeh(db, tmp_path):
    """.VnTimeH draws capitals from TCVN3's lower-case code points: only the font says "GIỚI TÍNH"."""
    book = xlwt.Workbook()
    ws = book.add_sheet("Sheet1")
    capitals = xlwt.easyxf("font: name .VnTimeH, bold on")
    plain = xlwt.easyxf("font: name .VnTime")
    for c, header in enumerate(["STT", "HỌ VÀ TÊN", "NĂM SINH", "GIỚI TÍNH", "QUAN HỆ VỚI CHỦ HỘ"]):
        ws.write(0, c, to_tcvn3(header), capitals)
    for r, row in enumerate([(1, "Vũ Văn Trường", 1960, "Nam", "Chủ hộ"), (None, "Lê Thị Nga", 1962, "Nữ", "Vợ")], 1):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, to_tcvn3(value) if isinstance(value, str) else value, plain)
    path = tmp_path / "hoa.xls"
    book.save(str(path))
    result = _import(db, path)
    assert [c.header for c in result.plan.sheets[0].columns] == ["STT", "HỌ VÀ TÊN", "NĂM SINH", "GIỚI TÍNH",
                                                                 "QUAN HỆ VỚI CHỦ HỘ"]
    assert (result.households, result.citizens, result.rejected) == (1, 2, ())
    people = _people(db)
    assert people["Lê Thị Nga"].sex == "F" and people["Vũ Văn Trường"].relation == "head"
