"""Dashboard figures: population by hamlet, age band, sex and ethnicity; a year's activities."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlalchemy import select

from desktop.services import centre, clans, dashboard, hamlets, register, units
from desktop.services.centre import ActivityInput
from desktop.services.session import transaction
from desktop.services.stats import register_stats
from desktop.services.units import UnitInput
from desktop.store.models import Household
from tests.factories import family, person

TODAY = date(2025, 9, 1)


@pytest.fixture
def commune(db):
    """Two hamlets, three households (one without a hamlet), two activities in 2025, one in 2024."""
    with transaction(db) as s:
        east = hamlets.add_hamlet(session=s, name="Thôn Đông")
        hamlets.add_hamlet(session=s, name="Bản Áng")  # no households yet
        a = register.add_household(session=s, data=family(hamlet_id=east.id))  # 1975 M, 1978 F, 2005 M
        b = register.add_household(session=s, data=family(
            person("Lò Thị Mai", "Nữ", "2022", relation="head", ethnicity="Thái"),
            person("Lò Văn Pó", "Nam", "2026", relation="other", ethnicity="Thái"),  # unborn on TODAY
            person("Lò Văn Cụ", "Nam", "1940", relation="father", ethnicity="Thái", status="deceased"),
            hamlet_id=east.id))
        c = register.add_household(session=s, data=family(person("Hà Văn Tư", "Nam", "1960", relation="head")))
        clans.add_clan(session=s, name="Họ Nguyễn", household_ids=(a.id,))
        units.add_unit(session=s, data=UnitInput(name="Trường Tiểu học", kind="school"))
        topic = centre.add_activity(session=s, data=ActivityInput(
            title="Chuyên đề trồng lúa", category="topic", start_date="05/03/2025", end_date="05/03/2025"))
        digital = centre.add_activity(session=s, data=ActivityInput(
            title="Lớp kỹ năng số", category="digital_skills", start_date="20/03/2025", end_date="30/04/2025"))
        old = centre.add_activity(session=s, data=ActivityInput(
            title="Chuyên đề cũ", category="topic", start_date="10/10/2024", end_date="10/10/2024"))
        for member in a.members:
            centre.add_participant(session=s, activity_id=topic.id, citizen_id=member.id)
        gone = centre.add_participant(session=s, activity_id=digital.id, citizen_id=a.members[0].id)
        centre.add_participant(session=s, activity_id=digital.id, citizen_id=c.members[0].id)
        centre.remove_participant(session=s, participation_id=gone.id)
        centre.add_participant(session=s, activity_id=old.id, citizen_id=b.members[0].id)
    return db


def test_population_by_hamlet_age_band_sex_and_ethnicity(commune):
    with commune.session() as s:
        people = dashboard.population(session=s, as_of=TODAY)
    assert (people.households, people.residents, people.unknown_age) == (3, 6, 1)
    assert [(h.name, h.households, h.residents) for h in people.hamlets] == [
        ("Bản Áng", 0, 0), ("Thôn Đông", 2, 5), ("", 1, 1)]  # the no-hamlet row comes last
    assert people.hamlets[-1].hamlet_id is None
    bands = {b.label: (b.male, b.female) for b in people.age_bands}
    assert bands == {"0–5": (0, 1), "6–14": (0, 0), "15–17": (0, 0), "18–35": (1, 0),
                     "36–60": (1, 1), "61+": (1, 0)}  # the deceased 1940 man is not counted
    assert [(g.name, g.residents) for g in people.ethnic_groups] == [("Kinh", 4), ("Thái", 2)]


def test_age_bands_have_inclusive_edges():
    edges = [(low, high) for _, low, high in dashboard.AGE_BANDS]
    assert edges[0][0] == 0 and edges[-1][1] is None
    assert all(prev[1] + 1 == nxt[0] for prev, nxt in zip(edges, edges[1:]))


def test_a_year_of_activities_by_month_and_category(commune):
    with commune.session() as s:
        year = dashboard.activity_year(session=s, year=2025)
        before = dashboard.activity_year(session=s, year=2024)
        stats = register_stats(session=s, year=2025)
    assert (year.activities, year.participations) == (2, 4)  # the removed participant is not counted
    assert (year.activities, year.participations) == (stats["activities"], stats["participations"])
    assert [m.month for m in year.months] == list(range(1, 13))
    assert (year.months[2].activities, year.months[2].participations) == (2, 4)
    assert sum(m.activities for m in year.months) == 2
    by_code = {c.code: (c.activities, c.participations) for c in year.categories}
    assert list(by_code) == list(centre.vocab.ACTIVITY_CATEGORIES)
    assert by_code["topic"] == (1, 3) and by_code["digital_skills"] == (1, 1) and by_code["literacy"] == (0, 0)
    assert year.categories[0].label == "Xóa mù chữ"
    assert (before.activities, before.participations, before.months[9].activities) == (1, 1, 1)


def test_the_whole_dashboard_is_plain_frozen_data(commune):
    with commune.session() as s:
        board = dashboard.dashboard(session=s, year=2025, today=TODAY)
    assert board.headline == dashboard.Headline(households=3, residents=6, clans=1, units=1,
                                                activities=2, participations=4)
    assert board.years == (2025, 2024)
    with pytest.raises(dataclasses.FrozenInstanceError):
        board.headline.households = 0  # type: ignore[misc]
    # Nothing from the ORM leaks out: every value is a builtin, a date or another record.
    assert all(isinstance(v, (int, str, type(None))) for h in board.population.hamlets
               for v in dataclasses.astuple(h))


def test_the_current_year_is_offered_even_without_activities(db):
    with db.session() as s:
        board = dashboard.dashboard(session=s, today=TODAY)
    assert board.years == (2025,)
    assert board.headline == dashboard.Headline(0, 0, 0, 0, 0, 0)
    assert board.population.hamlets == () and board.population.ethnic_groups == ()


def test_a_deleted_household_leaves_the_counts(commune):
    with transaction(commune) as s:
        lonely = s.scalar(select(Household.id).where(Household.hamlet_id.is_(None)))
        register.delete_household(session=s, household_id=lonely)
    with commune.session() as s:
        people = dashboard.population(session=s, as_of=TODAY)
    assert (people.households, people.residents) == (2, 5)
    assert [h.name for h in people.hamlets] == ["Bản Áng", "Thôn Đông"]
