"""Fill an empty commune database with a generated demo commune, through the normal session.

Rows go through the ORM and its change-log hook like any officer's edit (no side door),
in one transaction: a demo is either all there or not there at all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select

from desktop.domain.cccd import PROVINCE_CODES
from desktop.domain.errors import ConflictError
from desktop.domain.progress import Progress
from desktop.services.centre import get_centre
from desktop.services.commune import commune_info
from desktop.services.demo.population import DemoCommune, DemoPerson, generate_commune
from desktop.services.demo.titles import build_titles
from desktop.services.session import transaction
from desktop.store.base import new_id
from desktop.store.db import Database
from desktop.store.models import (
    Activity,
    Citizen,
    Clan,
    ClanHousehold,
    Hamlet,
    Household,
    LearningCentre,
    LearningUnit,
    Participation,
)
from desktop.store.queries import live

CHUNK = 1000  # households per flush: bounds the unit of work and paces the progress bar


@dataclass(frozen=True)
class DemoSummary:
    hamlets: int
    households: int
    citizens: int
    clans: int
    units: int
    activities: int
    participations: int
    title_year: int | None = None  # the year of the titles' registrations and checks (None: none made)
    title_registrations: int = 0
    title_checked: int = 0  # subjects with manual items checked by the officer


def build_demo(*, db: Database, households: int, seed: int = 1, year: int | None = None,
               progress: Progress | None = None, titles: bool = True) -> DemoSummary:
    """`titles`: also the year's title registrations and officer's checks (demo/titles.py)."""
    progress = progress or Progress()
    year = year or date.today().year
    info = commune_info(db=db)
    # CCCD numbers carry the pre-2025 birth province code; the 34 merged provinces kept
    # the code of one of their predecessors, so "0" + new code is a valid old code.
    birth_code = "0" + info.province_code
    codes = (birth_code,) if birth_code in PROVINCE_CODES else ("001",)
    progress.start(households + (2 if titles else 1), "Đang tạo dữ liệu mẫu…")
    # Nothing in the demo happens after today (this year's activities stop at today).
    today = min(date.today(), date(year, 12, 31))
    commune = generate_commune(households=households, seed=seed, year=year, today=today,
                               commune_name=_short_name(info.name), birth_province_codes=codes)
    progress.advance(0, "Đang ghi vào cơ sở dữ liệu…")
    with transaction(db) as session:
        existing = session.scalar(select(func.count()).select_from(Household).where(live(Household)))
        if existing:
            raise ConflictError(f"Cơ sở dữ liệu đã có {existing} hộ; dữ liệu mẫu chỉ điền vào một xã còn trống.",
                                code="not_empty")
        summary = _persist(session, commune, progress)
        if titles:
            progress.advance(0, f"Đang tạo đăng ký và điểm chấm danh hiệu năm {year}…")
            made = build_titles(session=session, year=year, seed=seed)
            summary = replace(summary, title_year=made.year, title_registrations=made.registrations,
                              title_checked=made.checked)
            progress.advance(1, "Đã tạo xong dữ liệu mẫu.")
        return summary


def _short_name(name: str) -> str:
    for prefix in ("Xã ", "Phường ", "Đặc khu "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _persist(session, commune: DemoCommune, progress: Progress) -> DemoSummary:
    hamlets = [Hamlet(id=new_id(), name=h.name, kind=h.kind) for h in commune.hamlets]
    session.add_all(hamlets)

    people: list[list[Citizen]] = []
    households: list[Household] = []
    for start in range(0, len(commune.households), CHUNK):
        chunk = commune.households[start:start + CHUNK]
        for demo in chunk:
            household = Household(id=new_id(), code=demo.code, hamlet_id=hamlets[demo.hamlet].id,
                                  address=demo.address, phone=demo.phone or "", poverty=demo.poverty)
            members = [_citizen(p, household.id) for p in demo.members]
            household.head_id = members[0].id  # plain keys, no relationship cascades: 2× faster
            session.add(household)
            session.add_all(members)
            households.append(household)
            people.append(members)
        session.flush()
        progress.advance(len(chunk))

    session.add_all(LearningUnit(name=u.name, kind=u.kind, staff_count=u.staff_count) for u in commune.units)

    for demo_clan in commune.clans:
        head_household, head_member = demo_clan.head
        clan = Clan(id=new_id(), name=demo_clan.name, head_id=people[head_household][head_member].id,
                    hamlet_id=households[demo_clan.households[0]].hamlet_id if demo_clan.households else None)
        session.add(clan)
        session.add_all(ClanHousehold(clan_id=clan.id, household_id=households[i].id) for i in demo_clan.households)

    # `xhht init` made the centre; one the officer deleted is made again.
    centre = get_centre(session=session) or LearningCentre(id=new_id(), name=commune.centre_name)
    centre.name = commune.centre_name or centre.name
    session.add(centre)
    participations = 0
    for demo_activity in commune.activities:
        activity = Activity(id=new_id(), centre_id=centre.id, title=demo_activity.title,
                            category=demo_activity.category, start_date=demo_activity.start_date,
                            end_date=demo_activity.end_date, hours=demo_activity.hours,
                            place=demo_activity.place, instructor=demo_activity.instructor)
        session.add(activity)
        session.add_all(
            Participation(activity_id=activity.id, citizen_id=people[p.household][p.member].id,
                          hours=p.hours, completed=p.completed)
            for p in demo_activity.participants)
        participations += len(demo_activity.participants)
    session.flush()
    progress.advance(1, "Đã tạo xong dữ liệu mẫu.")
    return DemoSummary(len(hamlets), len(households), sum(len(m) for m in people), len(commune.clans),
                       len(commune.units), len(commune.activities), participations)


def _citizen(p: DemoPerson, household_id: str) -> Citizen:
    # Ids are made here so clans and participations can point at people before a flush.
    return Citizen(
        id=new_id(), household_id=household_id, family_name=p.family_name, middle_name=p.middle_name,
        given_name=p.given_name, sex=p.sex, birth_date=p.birth.iso(), identity_number=p.identity_number,
        ethnicity=p.ethnicity, relation=p.relation, education=p.education, literacy=p.literacy,
        occupation=p.occupation or "", studying=p.studying, status=p.status,
    )
