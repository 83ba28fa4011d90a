"""Hamlets, clans, learning units, the learning centre's activities and participation."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.errors import ConflictError, ValidationError, ValidationErrors
from desktop.services import centre, clans, hamlets, register, units
from desktop.services.centre import ActivityInput
from desktop.services.session import transaction
from desktop.services.stats import register_stats
from desktop.services.units import UnitInput
from tests.factories import family, person


def test_hamlet_kind_is_read_from_its_name_and_names_are_unique(db):
    with transaction(db) as s:
        assert hamlets.add_hamlet(session=s, name="Tổ dân phố số 3").kind == "to_dan_pho"
        assert hamlets.add_hamlet(session=s, name="Bản Nà Làng").kind == "ban"
        with pytest.raises(ConflictError):
            hamlets.add_hamlet(session=s, name="ban na lang")


def test_a_retired_hamlet_is_kept_but_no_longer_current(db):
    with transaction(db) as s:
        old = hamlets.add_hamlet(session=s, name="Thôn Đông", valid_from="01/01/2010")
        hamlets.add_hamlet(session=s, name="Thôn Đông Tây", valid_from="01/07/2025")
        hamlets.retire_hamlet(session=s, hamlet_id=old.id, valid_to="01/07/2025")
        with pytest.raises(ValidationError):
            hamlets.retire_hamlet(session=s, hamlet_id=old.id, valid_to="01/01/2000")
        assert [h.name for h in hamlets.list_hamlets(session=s, on=date(2026, 1, 1))] == ["Thôn Đông Tây"]
        assert [h.name for h in hamlets.list_hamlets(session=s, on=date(2020, 1, 1))] == ["Thôn Đông"]
        assert len(hamlets.list_hamlets(session=s)) == 2


def test_a_clan_spanning_two_hamlets(db):
    with transaction(db) as s:
        east = hamlets.add_hamlet(session=s, name="Thôn Đông")
        west = hamlets.add_hamlet(session=s, name="Thôn Tây")
        a = register.add_household(session=s, data=family(hamlet_id=east.id))
        b = register.add_household(session=s, data=family(person("Nguyễn Văn Cường", "Nam", "1950"), hamlet_id=west.id))
        clan = clans.add_clan(session=s, name="Họ Nguyễn Văn", hamlet_id=east.id, head_id=b.head_id,
                              household_ids=(a.id, b.id))
        assert set(clan.household_ids) == {a.id, b.id} and clan.head_id == b.head_id
        with pytest.raises(ConflictError):
            clans.add_household_to_clan(session=s, clan_id=clan.id, household_id=a.id)
        clans.remove_household_from_clan(session=s, clan_id=clan.id, household_id=a.id)
        clans.add_household_to_clan(session=s, clan_id=clan.id, household_id=a.id)  # rejoining is fine
        assert len(clans.list_clans(session=s)[0].household_ids) == 2


def test_units_validate_their_fields(db):
    with transaction(db) as s:
        school = units.add_unit(session=s, data=UnitInput(name="Trường Tiểu học Yên Xuân", kind="school",
                                                          staff_count="32", head_name="lê thị hoa"))
        assert (school.staff_count, school.head_name) == (32, "Lê Thị Hoa")
        with pytest.raises(ValidationError) as error:
            units.add_unit(session=s, data=UnitInput(name="HTX", kind="school", staff_count="ba mươi"))
        assert error.value.field == "staff_count"
        with pytest.raises(ValidationError):
            units.add_unit(session=s, data=UnitInput(name="HTX", kind="farm"))


def test_activities_and_participants(db):
    with transaction(db) as s:
        household = register.add_household(session=s, data=family())
        activity = centre.add_activity(session=s, data=ActivityInput(
            title="Chuyên đề kỹ thuật trồng lúa", category="topic", start_date="05/03/2025", end_date="06/03/2025",
            hours="4,5", place="Nhà văn hóa thôn", instructor="kỹ sư trần văn nam"))
        assert (activity.hours, activity.instructor) == (4.5, "Kỹ Sư Trần Văn Nam")
        first = centre.add_participant(session=s, activity_id=activity.id, citizen_id=household.members[0].id)
        assert first.hours == 4.5  # defaults to the activity's length
        centre.add_participant(session=s, activity_id=activity.id, citizen_id=household.members[1].id,
                               hours=2, completed=True)
        with pytest.raises(ConflictError):
            centre.add_participant(session=s, activity_id=activity.id, citizen_id=household.members[0].id)
        centre.remove_participant(session=s, participation_id=first.id)
        people = centre.list_participants(session=s, activity_id=activity.id)
        assert [p.citizen_name for p in people] == ["Trần Thị Hường"]
        assert centre.list_activities(session=s, year=2025)[0].participant_count == 1
        assert centre.list_activities(session=s, year=2024) == []
        assert register_stats(session=s, year=2025).participations == 1


def test_an_activity_cannot_end_before_it_starts(db):
    with pytest.raises(ValidationError) as error, transaction(db) as s:
        centre.add_activity(session=s, data=ActivityInput(title="Lớp xóa mù chữ", category="literacy",
                                                          start_date="10/03/2025", end_date="01/03/2025"))
    assert error.value.field == "end_date"


def test_an_activity_needs_a_real_date(db):
    with pytest.raises(ValidationErrors) as error, transaction(db) as s:
        centre.add_activity(session=s, data=ActivityInput(title="Lớp tin học", category="digital_skills",
                                                          start_date="2025", end_date="30/02/2025"))
    assert {e.field for e in error.value.errors} == {"start_date", "end_date"}
