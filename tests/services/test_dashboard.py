"""Dashboard figures: population by hamlet, age band, sex and ethnicity; a year's activities; the
year's learning titles against the 2025/2030 targets."""

from __future__ import annotations

import dataclasses
from datetime import date
from itertools import pairwise

import pytest
from sqlalchemy import select

from desktop.domain.criteria import TITLE_ORDER
from desktop.services import centre, clans, dashboard, hamlets, register, title_figures, units
from desktop.services.centre import ActivityInput
from desktop.services.session import transaction
from desktop.services.stats import register_stats
from desktop.services.titles import evaluation, grid, recognition, registration
from desktop.services.units import UnitInput
from desktop.store.models import Household, Recognition
from tests.factories import family, person
from tests.services import titles_commune as tc

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
    assert all(prev[1] + 1 == nxt[0] for prev, nxt in pairwise(edges))


def test_a_year_of_activities_by_month_and_category(commune):
    with commune.session() as s:
        year = dashboard.activity_year(session=s, year=2025)
        before = dashboard.activity_year(session=s, year=2024)
        stats = register_stats(session=s, year=2025)
    assert (year.activities, year.participations) == (2, 4)  # the removed participant is not counted
    assert (year.activities, year.participations) == (stats.activities, stats.participations)
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


# --- the learning titles of the year, against the targets --------------------------------
# On the hand-worked commune of titles_commune.py (year 2026): passed are households H1, H2,
# H4, H6; clan Nguyễn (H1, H5); hamlet Yên Lạc (H1, H2); the school (reports 12 CDHT of 25
# staff); Lệ (H1). Residents from 15 by 31/12/2026: H1 3, H2 2, H3 2, H4 2, H5 2, H6 1 = 12.

TITLE_YEAR = tc.YEAR


@pytest.fixture
def titles_year(db, tmp_path, monkeypatch):
    """The year evaluated, and recognised in part: households H4 and H6 only (H1 and H2 pass but
    are not in the decision), and every other subject that passed. Yields (db, commune, decisions)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    with transaction(db) as s:
        c = tc.setup_year(s)
        evaluation.evaluate_year(session=s, year=TITLE_YEAR)
        decisions = {}
        for number, (title, ids) in enumerate({
                "gia-dinh": [c.household["h4"], c.household["h6"]],
                "dong-ho": [c.clan["nguyen"]], "cong-dong": [c.hamlet["a"]],
                "don-vi": [c.unit["school"]], "cong-dan": [c.people["Lệ"]]}.items(), start=1):
            decisions[title] = recognition.recognize(
                session=s, year=TITLE_YEAR, title=title, number=f"{number}/QĐ-UBND", signed_on=tc.SIGNED,
                signer_name="Nguyễn Đình Thắng", subject_ids=ids)
    return db, c, decisions


def shares(figures) -> dict[str, tuple[int, int]]:
    return {share.base.key: (share.count, share.of) for title in figures.titles for share in title.shares}


def test_title_counts_and_shares_of_a_recognised_year(titles_year):
    db, c, _ = titles_year
    with db.session() as s:
        figures = title_figures.title_figures(session=s, year=TITLE_YEAR, today=date(2026, 12, 20))
        eligible = len(registration.eligible_ids(session=s, year=TITLE_YEAR, title="cong-dan"))
        overview = grid.year_counts(session=s, year=TITLE_YEAR)
    assert [t.title for t in figures.titles] == list(TITLE_ORDER)
    counts = {t.title: (t.counts.registered, t.counts.evaluated, t.counts.passed, t.counts.recognised)
              for t in figures.titles}
    assert counts == {"cong-dan": (4, 4, 1, 1), "gia-dinh": (6, 6, 4, 2), "dong-ho": (2, 2, 1, 1),
                      "cong-dong": (2, 2, 1, 1), "don-vi": (2, 2, 1, 1)}
    # The area's summary strip counts the same, by the same function.
    assert [(o.registered, o.evaluated, o.passed, o.recognised) for o in overview] == list(counts.values())
    assert shares(figures) == {
        "households": (2, 6), "clans": (1, 2), "hamlets": (1, 2), "units": (1, 2),
        "unit_staff": (12, 25),  # the school's own report
        # Adults of the households in a learning model: H4, H6 (GĐHT), H1, H2 (Yên Lạc), H1, H5
        # (clan Nguyễn) — all but H3's two; Lệ is among them.
        "adults_in_models": (1, 10),
        "citizens": (1, 12)}
    assert eligible == 12, "the denominator is the registration's own eligibility rule"
    assert figures.deadline == 2030 and figures.hamlets_on == date(2026, 12, 20)


def test_how_far_from_the_target(titles_year):
    db, _, _ = titles_year
    with db.session() as s:
        figures = title_figures.title_figures(session=s, year=TITLE_YEAR)
    households = next(t for t in figures.titles if t.title == "gia-dinh").shares[0]
    assert households.percent == pytest.approx(100 / 3)
    assert (households.target(2025).percent, households.target(2030).percent) == (70, 80)
    # 80 % of 6 households is 4.8: five are needed, two are recognised.
    assert (households.reached(2030), households.missing(2030)) == (False, 3)
    assert (households.reached(2025), households.missing(2025)) == (False, 3)  # 4.2 -> 5
    staff = next(t for t in figures.titles if t.title == "don-vi").shares[1]
    assert (staff.base.key, staff.percent, staff.missing(2025), staff.missing(2030)) == ("unit_staff", 48, 3, 8)
    everyone = next(t for t in figures.titles if t.title == "cong-dan").shares[1]
    assert everyone.base.targets == () and everyone.reached(2030) is None and everyone.missing(2030) is None
    assert "chưa đối chiếu" in everyone.base.note


def test_a_revoked_recognition_a_deleted_household_and_a_retired_hamlet_leave_the_shares(titles_year):
    db, c, decisions = titles_year
    with transaction(db) as s:
        h6 = next(r for r in s.scalars(select(Recognition).where(Recognition.subject_id == c.household["h6"])))
        recognition.revoke(session=s, recognition_id=h6.id, reason="Hộ đã chuyển đi nơi khác")
        register.delete_household(session=s, household_id=c.household["h3"])  # not recognised; two adults
        hamlets.retire_hamlet(session=s, hamlet_id=c.hamlet["b"], valid_to="30/06/2026")
    with db.session() as s:
        figures = title_figures.title_figures(session=s, year=TITLE_YEAR, today=date(2026, 12, 20))
        earlier = title_figures.title_figures(session=s, year=TITLE_YEAR, today=date(2026, 3, 1))
    got = shares(figures)
    assert got["households"] == (1, 5)
    assert got["hamlets"] == (1, 1), "Yên Thịnh was not in force at the end of the year"
    assert shares(earlier)["hamlets"] == (1, 2), "…but was on 1 March"
    assert got["citizens"] == (1, 10) and got["adults_in_models"] == (1, 9), "H6 left the models"
    gia_dinh = next(t for t in figures.titles if t.title == "gia-dinh")
    assert gia_dinh.counts.recognised == 1


def test_years_before_and_after_the_interim_review():
    assert [title_figures.measured_against(y) for y in (2023, 2025, 2026, 2030, 2031)] == [
        2025, 2025, 2030, 2030, 2030]


def test_every_title_has_its_shares_and_every_target_its_source():
    assert set(title_figures.TITLE_BASES) == set(TITLE_ORDER)
    assert {k for keys in title_figures.TITLE_BASES.values() for k in keys} == set(title_figures.BASES)
    for base in title_figures.BASES.values():
        assert [t.deadline for t in base.targets] in ([], [2025, 2030])
        assert all(t.source.startswith(("QĐ 387/QĐ-TTg", "QĐ 677/QĐ-TTg")) for t in base.targets)
        assert base.targets or base.note, f"{base.key}: a share without a target says why"
    # Read in the decisions' own text: every 2025 figure and 677's 2030 ones; 387's 2030 ones
    # only as restated by a province's plan.
    unconfirmed = {b.key for b in title_figures.BASES.values() for t in b.targets if not t.confirmed}
    assert unconfirmed == {"households", "clans", "hamlets", "units"}
    assert all(t.confirmed for b in title_figures.BASES.values() for t in b.targets if t.deadline == 2025)


def test_a_share_of_nothing_has_no_percentage():
    share = title_figures.Share(title_figures.BASES["households"], 0, 0)
    assert (share.percent, share.reached(2025), share.missing(2025)) == (None, None, None)
    met = title_figures.Share(title_figures.BASES["households"], 7, 10)
    assert (met.reached(2025), met.missing(2025), met.reached(2030), met.missing(2030)) == (True, 0, False, 1)


def test_a_new_commune_has_zero_titles_and_no_shares(db):
    with db.session() as s:
        board = dashboard.dashboard(session=s, today=TODAY)
    assert board.titles.year == 2025 and board.titles.deadline == 2025
    assert all(dataclasses.astuple(t.counts)[2:] == (0, 0, 0, 0) for t in board.titles.titles)
    assert all(share.of == 0 and share.percent is None for t in board.titles.titles for share in t.shares)


def test_years_with_title_registrations_are_offered(titles_year):
    db, _, _ = titles_year
    with db.session() as s:
        board = dashboard.dashboard(session=s, year=TITLE_YEAR, today=date(2027, 1, 5))
    assert board.years == (2027, 2026, 2025)  # 2025: an activity of the commune; 2026: the titles
    assert board.titles.year == TITLE_YEAR and shares(board.titles)["households"] == (2, 6)
