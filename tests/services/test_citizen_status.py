"""Dated status changes (đã mất, đã chuyển đi, tạm vắng, tạm trú) and who lives here now:
residents and tạm trú people (vocab.LIVING_HERE), in every count that means the population."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop.domain import vocab
from desktop.domain.errors import ValidationError
from desktop.services import clans, list_readouts, listing, register
from desktop.services.listing import CitizenFilter, HouseholdFilter
from desktop.services.search import search_households
from desktop.services.session import transaction
from desktop.services.stats import register_stats
from desktop.services.titles import registration
from desktop.store.models import ChangeLog, Citizen
from tests.factories import family, person

TODAY = date(2026, 6, 15)


@pytest.fixture
def household(db):
    with transaction(db) as s:
        return register.add_household(session=s, data=family(
            person("Nguyễn Văn An", "Nam", "1975", "040075000001", "head"),
            person("Trần Thị Hường", "Nữ", "12/03/1978", "040178000002", "wife"),
            person("Nguyễn Văn Bình", "Nam", "2005", None, "child"),
            person("Nguyễn Thị Cúc", "Nữ", "2008", None, "child"),
            person("Nguyễn Văn Dũng", "Nam", "1950", None, "father")))


def member(household, given_name: str):
    return next(m for m in household.members if m.given_name == given_name)


def set_status(db, citizen_id, status, since=None, note=""):
    with transaction(db) as s:
        return register.set_citizen_status(session=s, citizen_id=citizen_id, status=status, since=since, note=note,
                                           today=TODAY)


def test_a_status_is_kept_with_its_date_and_note(db, household):
    saved = set_status(db, member(household, "Bình").id, "moved_away", "01/09/2025", "  Chuyển vào TP Hồ Chí Minh ")
    assert (saved.status, saved.status_since, saved.status_note) == (
        "moved_away", date(2025, 9, 1), "Chuyển vào TP Hồ Chí Minh")
    assert saved.to_dict()["status_since"] == "2025-09-01"
    with db.session() as s:
        assert s.scalars(select(ChangeLog.op).order_by(ChangeLog.position.desc())).first() == "update"


@pytest.mark.parametrize("status", ["temporary", "absent", "moved_away", "deceased"])
def test_every_status_but_resident_needs_its_date(db, household, status):
    with pytest.raises(ValidationError) as error:
        set_status(db, member(household, "An").id, status)
    assert (error.value.field, error.value.code) == ("status_since", "required")
    assert vocab.CITIZEN_STATUS[status] in error.value.message


def test_the_date_is_not_in_the_future_nor_before_birth(db, household):
    wife = member(household, "Hường")  # born 12/03/1978
    with pytest.raises(ValidationError) as future:
        set_status(db, wife.id, "deceased", date(2026, 6, 16))
    with pytest.raises(ValidationError) as early:
        set_status(db, wife.id, "absent", "11/03/1978")
    assert (future.value.code, early.value.code) == ("future_date", "before_birth")
    assert "chưa tới" in future.value.message and "12/03/1978" in early.value.message
    assert set_status(db, wife.id, "absent", TODAY).status_since == TODAY
    # A year-only birth: any day of that year will do.
    assert set_status(db, member(household, "Bình").id, "temporary", "02/01/2005").status_since == date(2005, 1, 2)
    with pytest.raises(ValidationError) as unknown:
        set_status(db, wife.id, "gone", TODAY)
    assert unknown.value.code == "invalid_choice"


def test_back_to_resident_clears_the_date_and_note(db, household):
    son = member(household, "Bình")
    set_status(db, son.id, "absent", "01/02/2026", "Đi làm ở Bình Dương")
    back = set_status(db, son.id, "resident", "01/06/2026", "ignored")
    assert (back.status, back.status_since, back.status_note) == ("resident", None, "")


def test_editing_a_person_keeps_the_date_unless_the_status_changes(db, household):
    son = member(household, "Bình")
    set_status(db, son.id, "absent", "01/02/2026", "Đi làm ở Bình Dương")
    form = person("Nguyễn Văn Bình", "Nam", "2005", None, "child", occupation="Công nhân", status="absent")
    with transaction(db) as s:  # a form that does not show the date: kept as stored
        kept = register.update_citizen(session=s, citizen_id=son.id, data=form, today=TODAY)
    assert (kept.occupation, kept.status_since, kept.status_note) == ("Công nhân", date(2026, 2, 1),
                                                                       "Đi làm ở Bình Dương")
    with pytest.raises(ValidationError) as error, transaction(db) as s:
        register.update_citizen(session=s, citizen_id=son.id, data=person(
            "Nguyễn Văn Bình", "Nam", "2005", None, "child", status="moved_away"), today=TODAY)
    assert error.value.field == "status_since"
    with transaction(db) as s:
        other = register.add_household(session=s, data=family(person("Lê Văn Tám", "Nam", "1980", relation="head")))
        moved = register.move_citizen(session=s, citizen_id=son.id, to_household_id=other.id, relation="other")
    assert (moved.status, moved.status_since, moved.status_note) == ("resident", None, "")


def test_an_import_may_carry_a_status_without_its_date(db):
    with transaction(db) as s:
        saved = register.add_household(session=s, data=family(
            person("Cao Thị Hằng", "Nữ", "1948", relation="head"),
            person("Cao Văn Chiến", "Nam", "1985", relation="child", status="moved_away"),
            person("Cao Văn Đạt", "Nam", "1987", relation="child", status="absent", status_since="05/05/2024",
                   status_note="Xuất khẩu lao động")))
    assert [(m.status, m.status_since) for m in saved.members] == [
        ("resident", None), ("moved_away", None), ("absent", date(2024, 5, 5))]


def test_who_lives_here_is_counted_the_same_everywhere(db, household):
    """Resident and tạm trú live here; tạm vắng, moved away and deceased do not."""
    head, wife, son, daughter, father = (member(household, n) for n in ("An", "Hường", "Bình", "Cúc", "Dũng"))
    set_status(db, wife.id, "temporary", "01/01/2026")
    set_status(db, son.id, "absent", "01/02/2026")
    set_status(db, daughter.id, "moved_away", "01/03/2026")
    set_status(db, father.id, "deceased", "01/04/2026")
    with transaction(db) as s:
        clan = clans.add_clan(session=s, name="Họ Nguyễn", household_ids=(household.id,))
    with db.session() as s:
        stats = register_stats(session=s)
        ids = {f: listing.citizen_ids(session=s, filter=CitizenFilter(status=f))
               for f in ("resident", listing.LIVING_HERE_FILTER, "temporary", "absent", None)}
        [row] = listing.household_rows(session=s, ids=listing.household_ids(session=s, filter=HouseholdFilter()))
        [found] = search_households(session=s, text="H00001")
        [in_clan] = list_readouts.clan_households(session=s, clan_id=clan.id)
        [ethnic] = listing.ethnicity_choices(session=s)
        eligible = registration.eligible_ids(session=s, year=2026, title="cong-dan")
    assert (stats.citizens, stats.residents, stats.temporary_residents, stats.temporarily_absent,
            stats.moved_away, stats.deceased) == (5, 2, 1, 1, 1, 1)
    assert [len(ids[f]) for f in ids] == [1, 2, 1, 1, 5]
    assert set(ids[listing.LIVING_HERE_FILTER]) == {head.id, wife.id}
    assert row.residents == found.residents == in_clan.residents == ethnic.count == 2
    assert set(eligible) == {head.id, wife.id}
    with db.session() as s:
        assert s.get(Citizen, son.id).status == "absent"


def test_the_status_filter_offers_everyone_living_here_then_each_status():
    assert listing.STATUS_CHOICES[0] == (listing.LIVING_HERE_FILTER, "Đang sinh sống tại xã")
    assert [code for code, _ in listing.STATUS_CHOICES[1:]] == list(vocab.CITIZEN_STATUS)
    assert all(len(code) <= 12 for code in vocab.CITIZEN_STATUS), "the status column is VARCHAR(12)"
