"""The list pages' read services: hamlets with household counts, clans with heads, the centre."""

from __future__ import annotations

from datetime import date

from desktop.services import centre, clans, hamlets, list_readouts, register
from desktop.services.session import transaction
from tests.factories import family, person


def test_hamlets_count_their_live_households_and_keep_retired_ones(db):
    with transaction(db) as s:
        east = hamlets.add_hamlet(session=s, name="Thôn Đông", valid_from="01/01/2010")
        west = hamlets.add_hamlet(session=s, name="Thôn Tây")
        register.add_household(session=s, data=family(hamlet_id=east.id))
        register.add_household(session=s, data=family(person("Lê Văn Cường", "Nam", "1960"), hamlet_id=east.id))
        gone = register.add_household(session=s, data=family(person("Lê Văn Dũng", "Nam", "1961"), hamlet_id=east.id))
        register.delete_household(session=s, household_id=gone.id)
        hamlets.retire_hamlet(session=s, hamlet_id=west.id, valid_to="01/07/2025")
    with db.session() as s:
        rows = list_readouts.list_hamlet_overview(session=s)
    assert [(h.name, h.households) for h in rows] == [("Thôn Đông", 2), ("Thôn Tây", 0)]
    assert rows[0].valid_from == date(2010, 1, 1)
    assert rows[1].valid_to == date(2025, 7, 1) and not rows[1].current_on(date(2026, 1, 1))
    assert rows[1].current_on(date(2020, 1, 1))


def test_clans_show_their_head_and_live_member_households(db):
    with transaction(db) as s:
        a = register.add_household(session=s, data=family())
        b = register.add_household(session=s, data=family(person("Nguyễn Văn Cường", "Nam", "1950")))
        c = register.add_household(session=s, data=family(person("Nguyễn Văn Dũng", "Nam", "1952")))
        clan = clans.add_clan(session=s, name="Họ Nguyễn", head_id=b.head_id, household_ids=(a.id, b.id, c.id))
        clans.add_clan(session=s, name="Họ Đặng")
        clans.remove_household_from_clan(session=s, clan_id=clan.id, household_id=a.id)
        register.delete_household(session=s, household_id=c.id)
    with db.session() as s:
        rows = list_readouts.list_clan_overview(session=s)
        members = list_readouts.clan_households(session=s, clan_id=clan.id)
    assert [(r.name, r.head_name, r.households) for r in rows] == [
        ("Họ Đặng", "", 0), ("Họ Nguyễn", "Nguyễn Văn Cường", 1)]
    assert [(m.code, m.head_name, m.residents) for m in members] == [(b.code, "Nguyễn Văn Cường", 1)]


def test_the_centre_and_an_activity_note_as_plain_data(db):
    with transaction(db) as s:
        centre.save_centre(session=s, name="Trung tâm học tập cộng đồng xã Yên Xuân", director="lê văn an")
        activity = centre.add_activity(session=s, data=centre.ActivityInput(
            title="Lớp tin học", start_date="02/03/2025", hours=10, note="Phòng máy của trường"))
    with db.session() as s:
        record = list_readouts.centre_record(session=s)
        note = list_readouts.activity_note(session=s, activity_id=activity.id)
    assert (record.name, record.director) == ("Trung tâm học tập cộng đồng xã Yên Xuân", "Lê Văn An")
    assert note == "Phòng máy của trường"
