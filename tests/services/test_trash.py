"""Dữ liệu đã xóa: every delete is a tombstone that can be listed and restored with what
went with it, and nothing else; a restore that would clash says so in Vietnamese."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop.domain.errors import ConflictError, NotFoundError
from desktop.services import centre, clans, register, trash, units
from desktop.services.centre import ActivityInput
from desktop.services.session import transaction
from desktop.services.units import UnitInput
from desktop.store.models import ChangeLog, Citizen, ClanHousehold, Household, Participation
from tests.factories import family, person


@pytest.fixture
def commune(db):
    """Two households in a clan, an activity both heads took part in, a unit."""
    with transaction(db) as s:
        a = register.add_household(session=s, data=family())
        b = register.add_household(session=s, data=family(
            person("Lê Văn Tám", "Nam", "1980", "040080000003", "head"),
            person("Phạm Thị Mai", "Nữ", "1982", None, "wife")))
        clan = clans.add_clan(session=s, name="Họ Nguyễn Văn", household_ids=(a.id, b.id))
        centre.save_centre(session=s, name="Trung tâm học tập cộng đồng xã Yên Xuân")
        activity = centre.add_activity(session=s, data=ActivityInput(
            title="Chuyên đề trồng lúa", start_date="10/03/2026", end_date="12/03/2026"))
        for household in (a, b):
            centre.add_participant(session=s, activity_id=activity.id, citizen_id=household.members[0].id)
        unit = units.add_unit(session=s, data=UnitInput(name="Trường Tiểu học Yên Xuân", kind="school"))
    return {"db": db, "a": a, "b": b, "clan": clan, "activity": activity, "unit": unit}


def live(db, model, *conditions) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(model.deleted.is_(False), *conditions))


def deleted(db, kind=None) -> list[trash.DeletedEntry]:
    with db.session() as s:
        return trash.list_deleted(session=s, kind=kind)


def restore(db, kind, row_id) -> trash.Restored:
    with transaction(db) as s:
        return trash.restore(session=s, kind=kind, id=row_id)


def test_every_kind_is_listed_newest_first_with_what_tells_it_apart(commune):
    db, a, b = commune["db"], commune["a"], commune["b"]
    with transaction(db) as s:
        register.delete_citizen(session=s, citizen_id=b.members[1].id)
    with transaction(db) as s:
        register.delete_household(session=s, household_id=a.id)
    with transaction(db) as s:
        clans.delete_clan(session=s, clan_id=commune["clan"].id)
    with transaction(db) as s:
        units.delete_unit(session=s, unit_id=commune["unit"].id)
    with transaction(db) as s:
        centre.delete_activity(session=s, activity_id=commune["activity"].id)
    entries = deleted(db)
    assert [(e.kind, e.name, e.detail) for e in entries] == [
        ("activity", "Chuyên đề trồng lúa", "10/03/2026 – 12/03/2026 · 1 lượt tham gia"),
        ("unit", "Trường Tiểu học Yên Xuân", "Trường học"),
        ("clan", "Họ Nguyễn Văn", "1 hộ"),
        ("household", "Hộ Nguyễn Văn An", "mã hộ H00001 · 3 người"),
        ("citizen", "Phạm Thị Mai", "sinh 1982 · hộ H00002"),
    ]  # the members of H00001 come back with it, so they are not listed on their own
    assert [e.deleted_at for e in entries] == sorted((e.deleted_at for e in entries), reverse=True)
    assert [e.kind for e in deleted(db, "citizen")] == ["citizen"]


def test_a_household_comes_back_with_its_members_participations_and_clan(commune):
    db, a = commune["db"], commune["a"]
    with transaction(db) as s:
        register.delete_citizen(session=s, citizen_id=a.members[2].id)  # deleted on its own, earlier
    with transaction(db) as s:
        register.delete_household(session=s, household_id=a.id)
    assert live(db, Participation) == 1, "a deleted person's participation goes with them"
    size = live(db, Citizen)

    restored = restore(db, "household", a.id)
    assert (restored.name, restored.rows, restored.notes) == ("H00001", 5, ())  # household, 2 people, clan, class
    assert live(db, Citizen) == size + 2
    assert live(db, Citizen, Citizen.id == a.members[2].id) == 0, "only what was deleted with it"
    assert live(db, ClanHousehold, ClanHousehold.household_id == a.id) == 1
    assert live(db, Participation) == 2
    assert [e.kind for e in deleted(db)] == ["citizen"]


def test_a_deleted_head_comes_back_as_head(commune):
    db, a = commune["db"], commune["a"]
    head = a.members[0]
    with transaction(db) as s:
        register.delete_citizen(session=s, citizen_id=head.id)
        assert register.get_household(session=s, household_id=a.id).head_id is None
    restored = restore(db, "citizen", head.id)
    assert restored.rows == 2 and restored.notes == ()  # the person and their participation
    with db.session() as s:
        assert register.get_household(session=s, household_id=a.id).head_name == "Nguyễn Văn An"


def test_a_head_whose_household_has_a_new_head_comes_back_as_a_member(commune):
    db, a = commune["db"], commune["a"]
    head, wife = a.members[0], a.members[1]
    with transaction(db) as s:
        register.delete_citizen(session=s, citizen_id=head.id)
        register.set_head(session=s, household_id=a.id, citizen_id=wife.id)
    restored = restore(db, "citizen", head.id)
    assert "đã có chủ hộ khác" in restored.notes[0]
    with db.session() as s:
        household = register.get_household(session=s, household_id=a.id)
    assert household.head_name == "Trần Thị Hường" and [m.relation for m in household.members] == ["head", "other", "child"]


def test_a_person_of_a_deleted_household_waits_for_the_household(commune):
    db, a = commune["db"], commune["a"]
    with transaction(db) as s:
        register.delete_household(session=s, household_id=a.id)
    with pytest.raises(ConflictError) as error:
        restore(db, "citizen", a.members[1].id)
    assert error.value.code == "parent_deleted" and "hãy khôi phục hộ trước" in error.value.message


def test_a_restore_that_clashes_on_an_identity_number_writes_nothing(commune):
    db, a, b = commune["db"], commune["a"], commune["b"]
    with transaction(db) as s:
        register.delete_household(session=s, household_id=a.id)
    with transaction(db) as s:  # the wife entered again into another household
        register.add_member(session=s, household_id=b.id, data=person(
            "Trần Thị Hường", "Nữ", "12/03/1978", "040178000002", "other"))
    with db.session() as s:
        size = s.scalar(select(func.count()).select_from(ChangeLog))
    with pytest.raises(ConflictError) as error:
        restore(db, "household", a.id)
    assert error.value.code == "duplicate_identity" and error.value.field == "identity_number"
    assert error.value.message.startswith("Không khôi phục được hộ gia đình “H00001”: số định danh 040178000002")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ChangeLog)) == size
        assert s.get(Household, a.id).deleted


def test_a_restore_that_clashes_on_a_household_code(commune):
    db, a = commune["db"], commune["a"]
    with transaction(db) as s:
        register.delete_household(session=s, household_id=a.id)
        register.add_household(session=s, data=family(person("Lê Văn Tám", "Nam", "1980", relation="head"),
                                                      code="H00001"))
    with pytest.raises(ConflictError) as error:
        restore(db, "household", a.id)
    assert error.value.code == "duplicate_code" and "mã hộ H00001" in error.value.message


def test_a_clan_comes_back_with_its_households_but_not_a_deleted_one(commune):
    db, a, b, clan = commune["db"], commune["a"], commune["b"], commune["clan"]
    with transaction(db) as s:
        clans.remove_household_from_clan(session=s, clan_id=clan.id, household_id=b.id)  # left earlier
    with transaction(db) as s:
        clans.delete_clan(session=s, clan_id=clan.id)
    with transaction(db) as s:
        register.delete_household(session=s, household_id=a.id)
    restored = restore(db, "clan", clan.id)
    assert restored.rows == 1 and "hộ đã bị xóa" in restored.notes[0]
    assert live(db, ClanHousehold) == 0


def test_an_activity_and_a_unit_come_back(commune):
    db, activity, unit = commune["db"], commune["activity"], commune["unit"]
    with transaction(db) as s:
        people = centre.list_participants(session=s, activity_id=activity.id)
        centre.remove_participant(session=s, participation_id=people[0].id)  # taken off the list earlier
    with transaction(db) as s:
        centre.delete_activity(session=s, activity_id=activity.id)
        units.delete_unit(session=s, unit_id=unit.id)
    assert restore(db, "activity", activity.id).rows == 2
    assert restore(db, "unit", unit.id).rows == 1
    with db.session() as s:
        assert len(centre.list_participants(session=s, activity_id=activity.id)) == 1
        assert [u.name for u in units.list_units(session=s)] == ["Trường Tiểu học Yên Xuân"]
    with pytest.raises(NotFoundError):
        restore(db, "unit", unit.id)


def test_a_delete_is_one_write(commune):
    """The trash relies on it: a household and all it takes along share one updated_at."""
    db, a = commune["db"], commune["a"]
    with transaction(db) as s:
        register.delete_household(session=s, household_id=a.id)
    with db.session() as s:
        stamps = {r.changed_at for r in s.scalars(select(ChangeLog).where(ChangeLog.op == "delete"))}
        people = s.scalars(select(Citizen).where(Citizen.household_id == a.id)).all()
    assert len(stamps) == 1 and {p.updated_at for p in people} == stamps
