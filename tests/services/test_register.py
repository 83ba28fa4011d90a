"""Register services: households with members, moves, statuses, tombstones, validation."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.domain.errors import ConflictError, NotFoundError, ValidationErrors
from desktop.services import hamlets, register
from desktop.services.session import changes_since, last_position, transaction
from desktop.store.models import ChangeLog, Citizen, Household
from tests.factories import family, person


def test_add_household_with_members(db):
    with transaction(db) as s:
        hamlet = hamlets.add_hamlet(session=s, name="thôn  yên phúc")
        start = last_position(session=s)
        saved = register.add_household(session=s, data=family(hamlet_id=hamlet.id, address=" Số 5 ", phone="912345678"))
        changes = changes_since(session=s, position=start)
    assert saved.code == "H00001"
    assert saved.hamlet_name == "Thôn yên phúc"
    assert saved.head_name == "Nguyễn Văn An"
    assert saved.phone == "0912345678"
    assert [m.relation for m in saved.members] == ["head", "wife", "child"]
    assert saved.members[1].birth_date == "1978-03-12"
    assert changes.tables == {"households", "citizens"} and changes.rows == 4


def test_first_member_heads_when_nobody_is_marked(db):
    with transaction(db) as s:
        saved = register.add_household(session=s, data=family(person("Lò Văn Pánh", "Nam", "1950")))
    assert saved.head_name == "Lò Văn Pánh"
    assert saved.members[0].relation == "head"


def test_bad_identity_number_names_the_field_in_vietnamese(db):
    bad = family(person("Nguyễn Văn An", "Nam", "1975", "04007500000X", "head"))
    with pytest.raises(ValidationErrors) as error, transaction(db) as s:
        register.add_household(session=s, data=bad)
    assert "Số định danh cá nhân" in str(error.value)
    assert error.value.errors[0].field == "identity_number"
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Household)) == 0


def test_every_bad_field_is_reported_at_once(db):
    with pytest.raises(ValidationErrors) as error, transaction(db) as s:
        register.add_household(session=s, data=family(person("", "X", "31/02/1990", "123", "head")))
    fields = {e.field for e in error.value.errors}
    assert {"full_name", "sex", "birth_date"} <= fields
    assert "31/02/1990" in str(error.value)


def test_identity_number_inconsistent_with_sex(db):
    with pytest.raises(ValidationErrors) as error, transaction(db) as s:
        register.add_household(session=s, data=family(person("Nguyễn Văn An", "Nam", "1975", "040175000001", "head")))
    assert error.value.errors[0].code == "cccd_sex"


def test_identity_number_lost_its_leading_zero_in_excel(db):
    with transaction(db) as s:
        saved = register.add_household(session=s, data=family(person("Nguyễn Văn An", "Nam", "1975", 40075000001.0, "head")))
    assert saved.members[0].identity_number == "040075000001"


def test_duplicate_identity_number_is_refused(db):
    with transaction(db) as s:
        register.add_household(session=s, data=family())
    with pytest.raises(ConflictError) as error, transaction(db) as s:
        register.add_household(session=s, data=family(person("Lê Văn Tám", "Nam", "1975", "040075000001", "head")))
    assert "Nguyễn Văn An" in error.value.message


def test_duplicate_household_code_is_refused(db):
    with transaction(db) as s:
        register.add_household(session=s, data=family(code="h7"))
    with pytest.raises(ConflictError), transaction(db) as s:
        register.add_household(session=s, data=family(person("Lê Văn Tám", "Nam", "1980"), code="H7"))


def test_move_a_citizen_to_another_household(db):
    with transaction(db) as s:
        first = register.add_household(session=s, data=family())
        second = register.add_household(session=s, data=family(person("Lê Văn Tám", "Nam", "1950", relation="head")))
        son = first.members[2]
        moved = register.move_citizen(session=s, citizen_id=son.id, to_household_id=second.id, relation="grandchild")
        assert moved.household_id == second.id
        assert [m.full_name for m in register.get_household(session=s, household_id=second.id).members] == [
            "Lê Văn Tám", "Nguyễn Văn Bình"]
        assert len(register.get_household(session=s, household_id=first.id).members) == 2


def test_a_moving_head_leaves_the_household_headless_until_a_new_head_is_set(db):
    with transaction(db) as s:
        first = register.add_household(session=s, data=family())
        other = register.add_household(session=s, data=family(person("Lê Văn Tám", "Nam", "1950", relation="head")))
        register.move_citizen(session=s, citizen_id=first.head_id, to_household_id=other.id)
        assert register.get_household(session=s, household_id=first.id).head_id is None
        wife = first.members[1]
        again = register.set_head(session=s, household_id=first.id, citizen_id=wife.id)
        assert again.head_name == "Trần Thị Hường"


def test_moved_away_and_deceased_stay_in_the_register(db):
    with transaction(db) as s:
        saved = register.add_household(session=s, data=family())
        register.set_citizen_status(session=s, citizen_id=saved.members[2].id, status="moved_away",
                                    since="01/09/2024")
        register.set_citizen_status(session=s, citizen_id=saved.members[0].id, status="deceased", since=date(2025, 2, 3))
        statuses = [m.status for m in register.get_household(session=s, household_id=saved.id).members]
    assert statuses == ["deceased", "resident", "moved_away"]


def test_delete_household_tombstones_members_and_logs_each(db):
    with transaction(db) as s:
        saved = register.add_household(session=s, data=family())
        start = last_position(session=s)
        register.delete_household(session=s, household_id=saved.id)
        ops = s.execute(select(ChangeLog.table_name, ChangeLog.op).where(ChangeLog.position > start)).all()
        assert sorted(ops) == [("citizens", "delete")] * 3 + [("households", "delete")]
        assert s.scalar(select(func.count()).select_from(Citizen)) == 3, "nothing is hard-deleted"
        with pytest.raises(NotFoundError):
            register.get_household(session=s, household_id=saved.id)


def test_update_citizen_refuses_a_stale_version(db):
    with transaction(db) as s:
        saved = register.add_household(session=s, data=family())
        wife = saved.members[1]
        register.update_citizen(session=s, citizen_id=wife.id, expected_version=1,
                                data=person("Trần Thị Hường", "Nữ", "12/03/1978", "040178000002", "wife",
                                            occupation="Giáo viên"))
        with pytest.raises(ConflictError):
            register.update_citizen(session=s, citizen_id=wife.id, expected_version=1,
                                    data=person("Trần Thị Hương", "Nữ", "1978", relation="wife"))


def test_a_second_head_is_refused(db):
    with transaction(db) as s:
        saved = register.add_household(session=s, data=family())
        with pytest.raises(ConflictError):
            register.add_member(session=s, household_id=saved.id, data=person("Lê Văn Tám", "Nam", "1990", relation="head"))
        added = register.add_member(session=s, household_id=saved.id, data=person("Nguyễn Thị Mai", "Nữ", "2010", relation="child"))
    assert added.full_name == "Nguyễn Thị Mai"


def test_year_only_birth_date_is_kept_as_a_year(db):
    with transaction(db) as s:
        saved = register.add_household(session=s, data=family(person("Hà Thị Sáu", "Nữ", 1936)))
    assert saved.members[0].birth_date == "1936"
    assert saved.members[0].birth.format_vi() == "1936"
