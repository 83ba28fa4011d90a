"""Edits the desktop pages will make: renames, updates, tombstones, the commune look-up."""

from __future__ import annotations

import pytest

from desktop.domain.errors import NotFoundError
from desktop.services import centre, clans, hamlets, register, units
from desktop.services.centre import ActivityInput
from desktop.services.commune import commune_info, find_communes
from desktop.services.session import transaction
from desktop.services.units import UnitInput
from tests.factories import family


def test_find_a_commune_without_marks(db):
    with db.session() as s:
        found = find_communes(session=s, text="yen xuan")
    assert ("17380", "Xã Yên Xuân", "Nghệ An") in [(c.code, c.name, c.province_name) for c in found]
    assert commune_info(db=db).full_name == "Xã Yên Xuân, Nghệ An"


def test_rename_and_delete_a_clan(db):
    with transaction(db) as s:
        household = register.add_household(session=s, data=family())
        clan = clans.add_clan(session=s, name="họ nguyễn", household_ids=(household.id,))
        assert clans.rename_clan(session=s, clan_id=clan.id, name="Họ Nguyễn Văn").name == "Họ Nguyễn Văn"
        clans.delete_clan(session=s, clan_id=clan.id)
        assert clans.list_clans(session=s) == []
        with pytest.raises(NotFoundError):
            clans.add_household_to_clan(session=s, clan_id=clan.id, household_id=household.id)


def test_update_and_delete_a_unit(db):
    with transaction(db) as s:
        unit = units.add_unit(session=s, data=UnitInput(name="Trường THCS Yên Xuân", kind="school", staff_count=30))
        changed = units.update_unit(session=s, unit_id=unit.id,
                                    data=UnitInput(name="Trường THCS Yên Xuân", kind="school", staff_count=34,
                                                   phone="0238 3861 234"))
        assert (changed.staff_count, changed.phone) == (34, "02383861234")
        units.delete_unit(session=s, unit_id=unit.id)
        assert units.list_units(session=s) == []


def test_update_an_activity_and_a_participation(db):
    with transaction(db) as s:
        household = register.add_household(session=s, data=family())
        activity = centre.add_activity(session=s, data=ActivityInput(
            title="Lớp tin học cơ bản", category="digital_skills", start_date="01/04/2025", hours=20))
        assert activity.end_date == activity.start_date  # one-day activity when no end is given
        joined = centre.add_participant(session=s, activity_id=activity.id, citizen_id=household.members[1].id)
        done = centre.update_participation(session=s, participation_id=joined.id, hours="18,5", completed=True)
        assert (done.hours, done.completed, done.citizen_name) == (18.5, True, "Trần Thị Hường")
        moved = centre.update_activity(session=s, activity_id=activity.id, data=ActivityInput(
            title="Lớp tin học cơ bản", category="digital_skills", start_date="02/04/2025", end_date="30/04/2025",
            hours=24))
        assert (moved.end_date.day, moved.participant_count) == (30, 1)
        centre.delete_activity(session=s, activity_id=activity.id)
        assert centre.list_activities(session=s) == []


def test_rename_a_hamlet(db):
    with transaction(db) as s:
        hamlet = hamlets.add_hamlet(session=s, name="Thôn 1")
        renamed = hamlets.rename_hamlet(session=s, hamlet_id=hamlet.id, name="tổ dân phố 1", kind="to_dan_pho")
    assert (renamed.name, renamed.kind) == ("Tổ dân phố 1", "to_dan_pho")
