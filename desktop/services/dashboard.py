"""Figures for the dashboard ("Tổng quan"): plain frozen data, counted in SQL.

Every figure is a GROUP BY over indexed columns, never a loop over ORM objects, so a
commune of 20,000 households loads in a fraction of a second on the worker thread.
Population is counted as it stands now (live residents); activities and the learning
titles (services.title_figures) for one year.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, extract, func, select
from sqlalchemy.orm import Session

from desktop.domain import vocab
from desktop.domain.ethnicities import ETHNICITIES
from desktop.domain.text import vietnamese_key
from desktop.services.title_figures import TitleYearFigures, title_figures, title_years
from desktop.store.models import Activity, Citizen, Clan, Hamlet, Household, LearningUnit, Participation
from desktop.store.queries import live

# (label, lowest age, highest age or None): the bands of the commune's education reports.
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0–5", 0, 5),
    ("6–14", 6, 14),
    ("15–17", 15, 17),
    ("18–35", 18, 35),
    ("36–60", 36, 60),
    ("61+", 61, None),
)
_UNKNOWN_BAND = -1


@dataclass(frozen=True)
class HamletPopulation:
    hamlet_id: str | None  # None: households without a hamlet, residents without a household
    name: str
    households: int
    residents: int


@dataclass(frozen=True)
class AgeBand:
    label: str
    low: int
    high: int | None
    male: int
    female: int

    @property
    def total(self) -> int:
        return self.male + self.female


@dataclass(frozen=True)
class EthnicGroup:
    code: str
    name: str
    residents: int


@dataclass(frozen=True)
class Population:
    as_of: date
    households: int
    residents: int
    hamlets: tuple[HamletPopulation, ...]  # in dictionary order of the name; the no-hamlet row last
    age_bands: tuple[AgeBand, ...]  # in the order of AGE_BANDS
    unknown_age: int  # residents without a birth year
    ethnic_groups: tuple[EthnicGroup, ...]  # largest first


@dataclass(frozen=True)
class MonthActivity:
    month: int  # 1..12
    activities: int
    participations: int  # lượt người: one citizen in one activity


@dataclass(frozen=True)
class CategoryActivity:
    code: str
    label: str
    activities: int
    participations: int


@dataclass(frozen=True)
class ActivityYear:
    year: int
    activities: int
    participations: int
    months: tuple[MonthActivity, ...]  # all twelve, empty months as zeros
    categories: tuple[CategoryActivity, ...]  # every category of vocab, in its order


@dataclass(frozen=True)
class Headline:
    households: int
    residents: int
    clans: int
    units: int
    activities: int  # of the year shown
    participations: int  # of the year shown


@dataclass(frozen=True)
class Dashboard:
    headline: Headline
    population: Population
    activity: ActivityYear
    titles: TitleYearFigures  # the learning titles of the same year, against the targets
    years: tuple[int, ...]  # years to offer in the selector, newest first


def _live_count(session: Session, model) -> int:
    return session.scalar(select(func.count()).select_from(model).where(live(model))) or 0


def _resident_groups(session: Session, as_of: date) -> list[tuple[str | None, int, str, str, int]]:
    """(hamlet id, age band, sex, ethnicity, residents): one pass over the citizens.

    A few thousand rows at most; every population figure is summed from them, so the
    hamlet, age and ethnic totals always agree. Age is the age reached in the year of
    `as_of`, since birth dates are often only a year.
    """
    age = as_of.year - Citizen.birth_year
    whens = [(Citizen.birth_year.is_(None), _UNKNOWN_BAND), (age < 0, _UNKNOWN_BAND)]
    whens += [(age <= high, i) for i, (_, _, high) in enumerate(AGE_BANDS) if high is not None]
    band = case(*whens, else_=len(AGE_BANDS) - 1)
    # Outer join: a resident without a household still counts, under the no-hamlet row.
    stmt = (select(Household.hamlet_id, band, Citizen.sex, Citizen.ethnicity, func.count())
            .select_from(Citizen).outerjoin(Household, Household.id == Citizen.household_id)
            .where(live(Citizen), Citizen.status.in_(vocab.LIVING_HERE))
            .group_by(Household.hamlet_id, band, Citizen.sex, Citizen.ethnicity))
    return [tuple(row) for row in session.execute(stmt)]


def _hamlets(session: Session, as_of: date, residents: dict[str | None, int]) -> tuple[HamletPopulation, ...]:
    households = dict(session.execute(
        select(Household.hamlet_id, func.count()).where(live(Household))
        .group_by(Household.hamlet_id)).all())
    rows = []
    for hamlet_id, name, valid_to in session.execute(
            select(Hamlet.id, Hamlet.name, Hamlet.valid_to).where(live(Hamlet))):
        h, r = households.get(hamlet_id, 0), residents.get(hamlet_id, 0)
        if h or r or valid_to is None or valid_to >= as_of:  # a retired, empty hamlet is history
            rows.append(HamletPopulation(hamlet_id, name, h, r))
    rows.sort(key=lambda row: vietnamese_key(row.name))
    known = {row.hamlet_id for row in rows}
    stray_h = sum(n for k, n in households.items() if k not in known)
    stray_r = sum(n for k, n in residents.items() if k not in known)
    if stray_h or stray_r:
        rows.append(HamletPopulation(None, "", stray_h, stray_r))
    return tuple(rows)


def population(*, session: Session, as_of: date | None = None) -> Population:
    as_of = as_of or date.today()
    by_hamlet: dict[str | None, int] = defaultdict(int)
    by_band: dict[tuple[int, str], int] = defaultdict(int)
    by_ethnicity: dict[str, int] = defaultdict(int)
    for hamlet_id, band, sex, ethnicity, n in _resident_groups(session, as_of):
        by_hamlet[hamlet_id] += n
        by_band[(band, sex)] += n
        by_ethnicity[ethnicity] += n
    hamlets = _hamlets(session, as_of, by_hamlet)
    bands = tuple(AgeBand(label, low, high, by_band[(i, "M")], by_band[(i, "F")])
                  for i, (label, low, high) in enumerate(AGE_BANDS))
    groups = sorted((EthnicGroup(code, ETHNICITIES.get(code, code), n) for code, n in by_ethnicity.items()),
                    key=lambda g: (-g.residents, g.code))
    return Population(
        as_of=as_of,
        households=sum(h.households for h in hamlets),
        residents=sum(by_hamlet.values()),
        hamlets=hamlets,
        age_bands=bands,
        unknown_age=sum(n for (band, _), n in by_band.items() if band == _UNKNOWN_BAND),
        ethnic_groups=tuple(groups),
    )


def _in_year(year: int):
    return (live(Activity), Activity.start_date >= date(year, 1, 1),
            Activity.start_date <= date(year, 12, 31))


def _by(session: Session, key, year: int) -> tuple[dict, dict]:
    """Activities and participations of the year grouped by `key` (a column of Activity)."""
    activities: dict[object, int] = dict(session.execute(
        select(key, func.count()).where(*_in_year(year)).group_by(key)).all())
    participations: dict[object, int] = dict(session.execute(
        select(key, func.count()).select_from(Participation)
        .join(Activity, Activity.id == Participation.activity_id)
        .where(live(Participation), *_in_year(year)).group_by(key)).all())
    return activities, participations


def activity_year(*, session: Session, year: int) -> ActivityYear:
    month = extract("month", Activity.start_date)
    acts, parts = _by(session, month, year)
    months = tuple(MonthActivity(m, acts.get(m, 0), parts.get(m, 0)) for m in range(1, 13))
    acts, parts = _by(session, Activity.category, year)
    categories = tuple(CategoryActivity(code, label, acts.get(code, 0), parts.get(code, 0))
                       for code, label in vocab.ACTIVITY_CATEGORIES.items())
    return ActivityYear(year=year, activities=sum(m.activities for m in months),
                        participations=sum(m.participations for m in months),
                        months=months, categories=categories)


def activity_years(*, session: Session, current: int | None = None) -> tuple[int, ...]:
    """Years that have activities, plus the current one, newest first."""
    current = current or date.today().year
    year = extract("year", Activity.start_date)
    found = session.scalars(select(year).where(live(Activity)).distinct())
    return tuple(sorted({int(y) for y in found if y is not None} | {current}, reverse=True))


def dashboard(*, session: Session, year: int | None = None, today: date | None = None) -> Dashboard:
    """Everything the dashboard shows, for the activities and titles of `year` (default: this year)."""
    today = today or date.today()
    year = year or today.year
    people = population(session=session, as_of=today)
    activity = activity_year(session=session, year=year)
    headline = Headline(
        households=people.households,
        residents=people.residents,
        clans=_live_count(session, Clan),
        units=_live_count(session, LearningUnit),
        activities=activity.activities,
        participations=activity.participations,
    )
    years = set(activity_years(session=session, current=today.year)) | title_years(session=session)
    return Dashboard(headline=headline, population=people, activity=activity,
                     titles=title_figures(session=session, year=year, today=today),
                     years=tuple(sorted(years, reverse=True)))
