"""A possible duplicate folded into the person already on the register: the new record and the
household made for it go to the trash, what the list knew that the register did not stays."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.domain.errors import ConflictError
from desktop.services.importing import run_import
from desktop.services.importing.merging import merge_into_existing
from desktop.services.session import transaction
from desktop.store.models import Citizen, Household
from tests.importing import workbooks


def _import(db, path):
    with transaction(db) as session:
        return run_import(session=session, path=path)


def test_the_new_record_folds_into_the_old_one(db, tmp_path):
    path, _ = workbooks.per_hamlet_xlsx(tmp_path)
    _import(db, path)  # Vũ Thị Lan, "12/3/62", no identity number
    other = tmp_path / "khac.csv"
    other.write_text("Mã hộ;Họ và tên;Ngày sinh;Giới tính;Quan hệ với chủ hộ;CCCD;Trình độ học vấn\n"
                     "K9;Vũ Thị Lan;20/07/1962;Nữ;Chủ hộ;040162000909;12/12\n", encoding="utf-8")
    duplicate = _import(db, other).duplicates[0]
    with transaction(db) as session:
        merged = merge_into_existing(session=session, new_citizen_id=duplicate.citizen_id,
                                     existing_citizen_id=duplicate.existing_citizen_id)
    assert merged.kept_id == duplicate.existing_citizen_id and merged.household_removed
    assert set(merged.filled) == {"identity_number", "education"}  # her birth date differs: not taken
    with db.session() as session:
        lan = session.get(Citizen, duplicate.existing_citizen_id)
        assert (lan.identity_number, lan.education, lan.birth_date) == ("040162000909", "upper_secondary",
                                                                        "1962-03-12")
        assert session.get(Citizen, duplicate.citizen_id).deleted
        k9 = session.scalars(select(Household).where(Household.code == "K9")).one()
        assert k9.deleted


def test_a_fuller_birth_date_is_kept_and_different_numbers_are_two_people(db, tmp_path):
    path, _ = workbooks.per_hamlet_xlsx(tmp_path)
    _import(db, path)  # Trần Thị Bình, 1970, in Nguyễn Văn An's household; An has 040068000101
    first = tmp_path / "a.csv"
    first.write_text("Mã hộ;Họ và tên;Ngày sinh;Giới tính;Quan hệ với chủ hộ\nK1;Đinh Văn Mới;1980;Nam;Chủ hộ\n"
                     "K1;Trần Thị Bình;12/03/1970;Nữ;Khác\n", encoding="utf-8")
    binh = _import(db, first).duplicates[0]
    with transaction(db) as session:
        merged = merge_into_existing(session=session, new_citizen_id=binh.citizen_id,
                                     existing_citizen_id=binh.existing_citizen_id)
    assert merged.filled == ("birth_date",) and not merged.household_removed  # Mới is still in K1
    assert merged.headless_household == ""  # and still heads it
    with db.session() as session:
        assert session.get(Citizen, binh.existing_citizen_id).birth_date == "1970-03-12"
    # Same name and year as An, another identity number: another man, neither matched nor listed.
    second = tmp_path / "b.csv"
    second.write_text("Mã hộ;Họ và tên;Năm sinh;Giới tính;Quan hệ với chủ hộ;CCCD\n"
                      "K2;Nguyễn Văn An;1968;Nam;Chủ hộ;040068000999\n", encoding="utf-8")
    result = _import(db, second)
    assert (result.households, result.citizens, result.duplicates) == (1, 1, ())
    with db.session() as session:
        ans = session.scalars(select(Citizen).where(Citizen.full_name == "Nguyễn Văn An")).all()
        an = next(c for c in ans if c.identity_number == "040068000101")
        new = next(c for c in ans if c.identity_number == "040068000999")
    with pytest.raises(ConflictError, match="số định danh khác nhau"):
        with transaction(db) as session:
            merge_into_existing(session=session, new_citizen_id=new.id, existing_citizen_id=an.id)


def test_a_head_folded_away_leaves_the_household_to_be_given_a_head(db, tmp_path):
    path, _ = workbooks.per_hamlet_xlsx(tmp_path)
    _import(db, path)  # Bùi Thị Mai, 1948, heads her household in Xóm Đông
    other = tmp_path / "c.csv"
    other.write_text("Mã hộ;Họ và tên;Ngày sinh;Giới tính;Quan hệ với chủ hộ;Thôn\n"
                     "K3;Bùi Thị Mai;08/08/1948;Nữ;Chủ hộ;Thôn 1\nK3;Lý Văn Nở;1970;Nam;Con;Thôn 1\n",
                     encoding="utf-8")  # in another hamlet: not found again as her household
    mai = _import(db, other).duplicates[0]
    with transaction(db) as session:
        merged = merge_into_existing(session=session, new_citizen_id=mai.citizen_id,
                                     existing_citizen_id=mai.existing_citizen_id)
    assert (merged.household_removed, merged.headless_household) == (False, "K3")
