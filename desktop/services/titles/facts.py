"""The register as the evaluation rules see it (desktop.domain.facts.Facts), read in a
few plain queries: a whole commune of 20,000 households loads in about a second.

`scope` narrows the read to the households one subject needs (opening one subject's
detail must not read the whole commune).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from desktop.domain.dates import PartialDate
from desktop.domain.facts import (
    CitizenFacts,
    ClanFacts,
    Facts,
    HamletFacts,
    HouseholdFacts,
    UnitFacts,
    age_in_year,
)
from desktop.store.models import (
    Activity,
    Citizen,
    Clan,
    ClanHousehold,
    Hamlet,
    Household,
    LearningUnit,
    Participation,
    TitleRegistration,
)
from desktop.store.queries import live


@dataclass(frozen=True)
class Scope:
    """Only these households (and their people), clans, hamlets and units; None: all."""

    households: frozenset[str] | None = None
    citizens: frozenset[str] | None = None  # people outside those households (no household)
    clans: frozenset[str] | None = None
    hamlets: frozenset[str] | None = None
    units: frozenset[str] | None = None


def scope_of(*, session: Session, kind: str, subject_id: str) -> Scope:
    """What one subject's evaluation reads."""
    none: frozenset[str] = frozenset()
    if kind == "citizen":
        household = session.scalar(select(Citizen.household_id).where(Citizen.id == subject_id))
        return Scope(households=frozenset({household}) if household else none, citizens=frozenset({subject_id}),
                     clans=none, hamlets=none, units=none)
    if kind == "household":
        return Scope(households=frozenset({subject_id}), clans=none, hamlets=none, units=none)
    if kind == "clan":
        ids = session.scalars(select(ClanHousehold.household_id).where(
            ClanHousehold.clan_id == subject_id, live(ClanHousehold))).all()
        return Scope(households=frozenset(ids), clans=frozenset({subject_id}), hamlets=none, units=none)
    if kind == "hamlet":
        ids = session.scalars(select(Household.id).where(
            Household.hamlet_id == subject_id, live(Household))).all()
        clans = session.scalars(select(ClanHousehold.clan_id).where(
            ClanHousehold.household_id.in_(ids), live(ClanHousehold))).all() if ids else []
        # A clan's result (which the hamlet counts) reads all its households, in other hamlets too.
        kin = session.scalars(select(ClanHousehold.household_id).where(
            ClanHousehold.clan_id.in_(set(clans)), live(ClanHousehold))).all() if clans else []
        return Scope(households=frozenset(ids) | frozenset(kin), clans=frozenset(clans),
                     hamlets=frozenset({subject_id}), units=none)
    return Scope(households=none, clans=none, hamlets=none, units=frozenset({subject_id}))


def hamlet_in_year(year: int):
    """Where-clause: the hamlet was in force for at least a day of `year` (a hamlet merged
    away or dissolved before the year is neither registered nor evaluated)."""
    return and_(or_(Hamlet.valid_from.is_(None), Hamlet.valid_from <= date(year, 12, 31)),
                or_(Hamlet.valid_to.is_(None), Hamlet.valid_to > date(year, 1, 1)))


def _limit(query, column, ids: frozenset[str] | None):
    if ids is None:
        return query
    return query.where(column.in_(sorted(ids))) if ids else query.where(False)


def load_facts(*, session: Session, year: int, scope: Scope | None = None) -> Facts:
    scope = scope or Scope()
    year_start, year_end = date(year, 1, 1), date(year, 12, 31)

    # Participation in the centre's activities that ran during the year.
    taken = (
        select(Participation.citizen_id,
               func.count().label("n"),
               func.coalesce(func.sum(Participation.hours), 0).label("hours"),
               func.sum(case((Participation.completed, 1), else_=0)).label("done"),
               func.sum(case((Activity.category == "digital_skills", 1), else_=0)).label("digital"))
        .join(Activity, Activity.id == Participation.activity_id)
        .where(live(Participation), live(Activity),
               Activity.start_date <= year_end, Activity.end_date >= year_start)
        .group_by(Participation.citizen_id)
        .subquery()
    )
    people = (
        select(Citizen.id, Citizen.household_id, Citizen.sex, Citizen.birth_date, Citizen.literacy,
               Citizen.education, Citizen.studying, Citizen.status,
               taken.c.n, taken.c.hours, taken.c.done, taken.c.digital)
        .outerjoin(taken, taken.c.citizen_id == Citizen.id)
        .where(live(Citizen)))
    if scope.households is not None:
        people = people.where(or_(Citizen.household_id.in_(sorted(scope.households)),
                                  Citizen.id.in_(sorted(scope.citizens or ()))))
    births: dict[str, PartialDate] = {}
    citizens = []
    members: dict[str, list[str]] = {}
    for (cid, household, sex, birth, literacy, education, studying, status,
         n, hours, done, digital) in session.execute(people):
        age = None
        if birth:
            parsed = births.get(birth)
            if parsed is None:
                parsed = births[birth] = PartialDate.from_iso(birth)
            age = age_in_year(parsed, year)
        citizens.append(CitizenFacts(cid, household, sex, age, literacy, education, bool(studying), status,
                                     n or 0, float(hours or 0), int(done or 0), int(digital or 0)))
        if household:
            members.setdefault(household, []).append(cid)

    households = [HouseholdFacts(hid, hamlet, tuple(members.get(hid, ())))
                  for hid, hamlet in session.execute(_limit(
                      select(Household.id, Household.hamlet_id).where(live(Household)),
                      Household.id, scope.households))]

    clan_households: dict[str, list[str]] = {}
    for clan_id, household_id in session.execute(_limit(
            select(ClanHousehold.clan_id, ClanHousehold.household_id)
            .join(Clan, Clan.id == ClanHousehold.clan_id)
            .where(live(ClanHousehold), live(Clan)),
            ClanHousehold.clan_id, scope.clans)):
        clan_households.setdefault(clan_id, []).append(household_id)
    clans = [ClanFacts(cid, tuple(clan_households.get(cid, ())))
             for cid in session.scalars(_limit(select(Clan.id).where(live(Clan)), Clan.id, scope.clans))]

    hamlets = [HamletFacts(hid) for hid in session.scalars(
        _limit(select(Hamlet.id).where(live(Hamlet), hamlet_in_year(year)), Hamlet.id, scope.hamlets))]

    # A unit's staff figures for the year come with its registration; the register's
    # staff count is the fallback when the unit has not reported.
    reported = {
        sid: (staff, cdht) for sid, staff, cdht in session.execute(
            select(TitleRegistration.subject_id, TitleRegistration.unit_staff, TitleRegistration.unit_staff_cdht)
            .where(and_(TitleRegistration.year == year, TitleRegistration.title == "don-vi",
                        live(TitleRegistration))))
    }
    units = []
    for uid, staff_count in session.execute(_limit(
            select(LearningUnit.id, LearningUnit.staff_count).where(live(LearningUnit)),
            LearningUnit.id, scope.units)):
        staff, cdht = reported.get(uid, (None, None))
        units.append(UnitFacts(uid, staff if staff is not None else staff_count or 0, cdht))

    return Facts(citizens=citizens, households=households, clans=clans, hamlets=hamlets, units=units)
