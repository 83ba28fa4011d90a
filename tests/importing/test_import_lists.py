"""Importing the lists communes keep, as an officer would: counts a careful person makes by hand,
every refused row named by its sheet and row, converted names found by search, and a second
import that adds nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop.domain.errors import Cancelled, ValidationError
from desktop.domain.progress import Progress
from desktop.services.importing import inspect_workbook, run_import, save_import_mapping, saved_import_mapping
from desktop.services.importing.rejects import save_rejects
from desktop.services.search import search_citizens
from desktop.services.session import transaction
from desktop.store.models import Citizen, Hamlet, Household
from tests.importing import workbooks


def _import(db, path, **options):
    with transaction(db) as session:
        return run_import(session=session, path=path, **options)


def _counts(db) -> tuple[int, int]:
    with db.session() as session:
        return (session.scalar(select(func.count()).select_from(Household)),
                session.scalar(select(func.count()).select_from(Citizen)))


BUILDERS = {
    "per-hamlet sheets": workbooks.per_hamlet_xlsx,
    "flat export": workbooks.flat_export_xlsx,
    "TCVN3 .xls": workbooks.tcvn3_xls,
    "VNI, no font": lambda folder: workbooks.vni_xlsx(folder, with_font=False),
    "VNI font": lambda folder: workbooks.vni_xlsx(folder, with_font=True),
    "CSV code page 1258": workbooks.cp1258_csv,
}


@pytest.mark.parametrize("kind", BUILDERS)
def test_counts_refusals_names_and_a_second_import(db, tmp_path, kind):
    path, expected = BUILDERS[kind](tmp_path)
    result = _import(db, path)
    assert (result.households, result.citizens) == (expected.households, expected.citizens), result.rejected
    assert [(n.sheet, n.row) for n in result.rejected] == expected.rejected
    assert all(n.reason for n in result.rejected)
    assert sorted(result.hamlets_created) == sorted(expected.hamlets)
    assert _counts(db) == (expected.households, expected.citizens)
    with db.session() as session:
        for name in expected.names:
            found = search_citizens(session=session, text=name)
            assert [c.full_name for c in found] == [name], name
    again = _import(db, path)
    assert (again.households, again.citizens, again.hamlets_created) == (0, 0, ())
    assert (again.households_matched, again.citizens_matched) == (expected.households, expected.citizens)
    assert _counts(db) == (expected.households, expected.citizens)


def test_the_per_hamlet_list_as_read(db, tmp_path):
    path, _ = workbooks.per_hamlet_xlsx(tmp_path)
    with db.session() as session:
        assert not inspect_workbook(session=session, path=path).sheets[0].hamlet_known  # to be made
    result = _import(db, path)
    with db.session() as session:
        assert inspect_workbook(session=session, path=path).sheets[0].hamlet_known
    reasons = {n.row: n.reason for n in result.rejected}
    assert "sau năm hiện tại" in reasons[14]
    assert "cả cột Nam và cột Nữ" in reasons[15]
    assert reasons[18] == "Họ và tên: không được để trống."
    assert result.skipped_lines == 4  # the totals line and the signature block
    sheet = result.plan.sheets[0]
    assert sheet.header_rows == (6, 7) and sheet.grouping == "relation" and sheet.hamlet == "Thôn 1"
    fields = {c.letter: c.field for c in sheet.columns}
    assert fields["C"] == "birth_male" and fields["D"] == "birth_female" and fields["H"] == ""
    with db.session() as session:
        people = {c.full_name: c for c in session.scalars(select(Citizen))}
        an, binh, cuong = people["Nguyễn Văn An"], people["Trần Thị Bình"], people["Nguyễn Văn Cường"]
        assert (an.sex, an.birth_date, an.identity_number, an.relation) == ("M", "1968", "040068000101", "head")
        assert (binh.sex, binh.birth_date, binh.relation) == ("F", "1970", "wife")
        assert cuong.birth_date == "2001-06-05" and cuong.household_id == an.household_id
        assert people["Vũ Thị Lan"].birth_date == "1962-03-12"  # "12/3/62"
        assert people["Hồ Thị Dung"].ethnicity != "01"
        hamlets = {h.id: h.name for h in session.scalars(select(Hamlet))}
        assert hamlets[session.get(Household, an.household_id).hamlet_id] == "Thôn 1"


def test_flat_export_codes_dates_and_schooling(db, tmp_path):
    path, _ = workbooks.flat_export_xlsx(tmp_path)
    result = _import(db, path)
    reasons = {n.row: n.reason for n in result.rejected}
    assert "trùng với trang DS nhan khau, dòng 7" in reasons[10]
    assert "dòng chủ hộ (dòng 11)" in reasons[12]
    assert result.skipped_lines == 1  # the repeated header
    with db.session() as session:
        households = {h.code for h in session.scalars(select(Household))}
        assert households == {"HK001", "HK002"}
        phuc = session.scalars(select(Citizen).where(Citizen.full_name == "Lê Văn Phúc")).one()
        assert (phuc.birth_date, phuc.sex, phuc.relation, phuc.education) == ("2009-08-07", "M", "child",
                                                                               "university")
        oanh = session.scalars(select(Citizen).where(Citizen.full_name == "Lê Thị Oanh")).one()
        assert oanh.birth_date == "1978-05-06" and oanh.education == "lower_secondary"


def test_legacy_text_is_converted_headers_and_sheet_names_too(db, tmp_path):
    path, _ = workbooks.tcvn3_xls(tmp_path)
    with db.session() as session:
        plan = inspect_workbook(session=session, path=path)
    assert plan.encodings == ("tcvn3",) and plan.converted_cells > 10
    sheet = plan.sheets[0]
    assert sheet.name == "Thôn Trung" and sheet.hamlet == "Thôn Trung"
    assert [c.header for c in sheet.columns][:3] == ["STT", "Họ và tên", "Giới tính"]


def test_utf8_csv_with_and_without_bom_and_ods(db, tmp_path):
    for path in (workbooks.utf8_csv(tmp_path, bom=True), workbooks.ods_file(tmp_path)):
        result = _import(db, path)
        assert (result.households, result.citizens, result.rejected) == (1, 2, ()), path
    again = _import(db, workbooks.utf8_csv(tmp_path, bom=False))
    assert (again.households, again.citizens, again.citizens_matched) == (0, 0, 2)


def test_a_dry_run_writes_nothing_and_says_the_same(db, tmp_path):
    path, expected = workbooks.per_hamlet_xlsx(tmp_path)
    trial = _import(db, path, dry_run=True)
    assert trial.dry_run and (trial.households, trial.citizens) == (expected.households, expected.citizens)
    assert sorted(trial.hamlets_created) == sorted(expected.hamlets)
    assert _counts(db) == (0, 0)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Hamlet)) == 0
    real = _import(db, path)
    assert (real.households, real.citizens, real.rejected) == (trial.households, trial.citizens, trial.rejected)


def test_no_new_hamlets_refuses_their_households(db, tmp_path):
    path, expected = workbooks.per_hamlet_xlsx(tmp_path)
    result = _import(db, path, new_hamlets=False)
    assert (result.households, result.citizens, result.hamlets_created) == (0, 0, ())
    assert len(result.rejected) == expected.citizens + len(expected.rejected)
    assert "chưa có trong danh sách thôn" in result.rejected[0].reason


def test_a_stopped_import_leaves_nothing(db, tmp_path):
    path, _ = workbooks.per_hamlet_xlsx(tmp_path)
    progress = Progress()
    progress.listener = lambda p: p.cancel() if p.done >= 100 else None
    with pytest.raises(Cancelled):
        _import(db, path, progress=progress)
    assert _counts(db) == (0, 0)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Hamlet)) == 0


def test_the_corrected_rejects_file_adds_only_what_was_missing(db, tmp_path):
    path, expected = workbooks.per_hamlet_xlsx(tmp_path)
    result = _import(db, path)
    saved = save_rejects(result=result, target=tmp_path / "loi.xlsx")
    assert saved.rows == 3
    from openpyxl import load_workbook

    book = load_workbook(saved.path)
    ws = book["Thôn 1"]
    header = [c.value for c in ws[1]]
    assert header[-1] == "Lỗi"
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert [r[1] for r in rows] == ["Hồ Thị Dung", "Lò Văn Em", "Lò Thị Gấm", "Phạm Văn Hùng", None]
    assert "sau năm hiện tại" in rows[1][-1] and rows[0][-1].startswith("(không lỗi")
    # The officer corrects the two rows and fills the missing name, then imports the file again.
    ws.cell(4, 3).value = 2012
    ws.cell(5, 4).value = None
    ws.cell(7, 2).value = "Ngô Thị Yến"
    book.save(tmp_path / "da-sua.xlsx")
    again = _import(db, tmp_path / "da-sua.xlsx")
    assert (again.households, again.citizens, again.rejected) == (0, 3, ())
    assert again.households_matched == 2 and again.citizens_matched == 2
    assert _counts(db) == (expected.households, expected.citizens + 3)
    with db.session() as session:
        yen = session.scalars(select(Citizen).where(Citizen.full_name == "Ngô Thị Yến")).one()
        hung = session.scalars(select(Citizen).where(Citizen.full_name == "Phạm Văn Hùng")).one()
        assert yen.household_id == hung.household_id and yen.relation == "wife"


def test_possible_duplicates_are_listed(db, tmp_path):
    path, _ = workbooks.per_hamlet_xlsx(tmp_path)
    _import(db, path)
    other = tmp_path / "khac.csv"
    other.write_text("Mã hộ;Họ và tên;Năm sinh;Giới tính;Quan hệ với chủ hộ\nK9;Vũ Thị Lan;20/07/1962;Nữ;Chủ hộ\n",
                     encoding="utf-8")
    result = _import(db, other)
    assert result.citizens == 1
    assert [(d.name, d.birth_year, d.existing_name, d.household_code) for d in result.duplicates] == [
        ("Vũ Thị Lan", 1962, "Vũ Thị Lan", "K9")]
    # The officer finds it is the same woman: the new record goes (to the trash), the old one stays.
    from desktop.services.register import delete_citizen

    with transaction(db) as session:
        delete_citizen(session=session, citizen_id=result.duplicates[0].citizen_id)
    with db.session() as session:
        alive = session.scalars(select(Citizen).where(Citizen.full_name == "Vũ Thị Lan",
                                                      Citizen.deleted.is_(False))).all()
        assert [c.id for c in alive] == [result.duplicates[0].existing_citizen_id]


def test_the_mapping_is_corrected_and_remembered(db, tmp_path):
    path = tmp_path / "la.csv"
    path.write_text("Số hộ;Tên người;Sinh năm;Nam/Nữ;Với chủ hộ\nA1;Kiều Văn Mạnh;1971;Nam;Chủ hộ\n"
                    "A1;Kiều Thị Nga;1973;Nữ;Vợ\n", encoding="utf-8")
    with db.session() as session:
        plan = inspect_workbook(session=session, path=path)
    assert plan.sheets[0].problem
    mapping = {"ten nguoi": "full_name", "sinh nam": "birth_date", "voi chu ho": "relation"}
    with transaction(db) as session:
        save_import_mapping(session=session, mapping=mapping)
    with db.session() as session:
        assert saved_import_mapping(session=session)["ten nguoi"] == "full_name"
    result = _import(db, path)
    assert (result.households, result.citizens, result.rejected) == (1, 2, ())
    with pytest.raises(ValidationError):
        with transaction(db) as session:
            save_import_mapping(session=session, mapping={"x": "no_such_field"})


def test_files_that_are_not_lists(db, tmp_path):
    text = tmp_path / "ghi-chu.txt"
    text.write_text("không phải bảng tính")
    with pytest.raises(ValidationError, match="không phải bảng tính"):
        _import(db, text)
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ValidationError, match="không đọc được tệp"):
        _import(db, broken)
    empty = tmp_path / "trong.csv"
    empty.write_text("")
    result = _import(db, empty)
    assert (result.households, result.citizens) == (0, 0)
