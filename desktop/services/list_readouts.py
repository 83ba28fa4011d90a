"""Read-outs for the short list pages (Thôn/Tổ dân phố, Dòng họ, Trung tâm học tập cộng đồng): each
list read whole, with the counts and names shown beside each row joined in one read; a clan's member
households; the centre; an activity's note. The two big paged lists (citizens, households) are
in listing.py.

Plain records only (no Qt, no live ORM objects), so the UI thread can read them through a
short session and hand them to a table model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from desktop.domain.text import fold
from desktop.domain.vocab import LIVING_HERE
from desktop.services.centre import get_centre
from desktop.services.records import HouseholdSummary
from desktop.store.models import Activity, Citizen, Clan, ClanHousehold, Hamlet, Household
from desktop.store.queries import live


@dataclass(frozen=True)
class HamletOverview:
    id: str
    name: str
    kind: str
    valid_from: date | None
    valid_to: date | None
    households: int  # live households placed in it

    def current_on(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or self.valid_to > on)


@dataclass(frozen=True)
class ClanOverview:
    id: str
    name: str
    hamlet_id: str | None
    head_id: str | None
    head_name: str
    households: int


@dataclass(frozen=True)
class CentreRecord:
    id: str
    name: str
    director: str
    address: str


def list_hamlet_overview(*, session: Session) -> list[HamletOverview]:
    """Every live hamlet (current or retired) with its number of live households, by name."""
    counts = dict(session.execute(
        select(Household.hamlet_id, func.count()).where(live(Household))
        .group_by(Household.hamlet_id)
    ).all())
    hamlets = session.scalars(select(Hamlet).where(live(Hamlet))).all()
    return [
        HamletOverview(h.id, h.name, h.kind, h.valid_from, h.valid_to, counts.get(h.id, 0))
        for h in sorted(hamlets, key=lambda h: fold(h.name))
    ]


def list_clan_overview(*, session: Session) -> list[ClanOverview]:
    """Every live clan with its head's name and how many live households belong to it."""
    counts = dict(session.execute(
        select(ClanHousehold.clan_id, func.count())
        .join(Household, Household.id == ClanHousehold.household_id)
        .where(live(ClanHousehold), live(Household))
        .group_by(ClanHousehold.clan_id)
    ).all())
    head = aliased(Citizen)
    rows = session.execute(
        select(Clan, head.full_name).outerjoin(head, (head.id == Clan.head_id) & live(head))
        .where(live(Clan))
    ).all()
    return [
        ClanOverview(c.id, c.name, c.hamlet_id, c.head_id if name else None, name or "", counts.get(c.id, 0))
        for c, name in sorted(rows, key=lambda row: fold(row[0].name))
    ]


def clan_households(*, session: Session, clan_id: str) -> list[HouseholdSummary]:
    """The clan's live member households, by code, as a household list shows them."""
    head = aliased(Citizen)
    rows = session.execute(
        select(Household, head.full_name)
        .join(ClanHousehold, ClanHousehold.household_id == Household.id)
        .outerjoin(head, head.id == Household.head_id)
        .where(ClanHousehold.clan_id == clan_id, live(ClanHousehold), live(Household))
        .order_by(Household.code)
    ).all()
    residents = dict(session.execute(
        select(Citizen.household_id, func.count())
        .where(Citizen.household_id.in_([h.id for h, _ in rows]), live(Citizen),
               Citizen.status.in_(LIVING_HERE))
        .group_by(Citizen.household_id)
    ).all()) if rows else {}
    return [
        HouseholdSummary(id=h.id, code=h.code, hamlet_name=h.hamlet.name if h.hamlet else "", address=h.address,
                         phone=h.phone, poverty=h.poverty, head_id=h.head_id, head_name=name or "",
                         residents=residents.get(h.id, 0))
        for h, name in rows
    ]


def centre_record(*, session: Session) -> CentreRecord | None:
    """The commune's learning centre as plain data, or None before it is declared."""
    centre = get_centre(session=session)
    if centre is None:
        return None
    return CentreRecord(centre.id, centre.name, centre.director, centre.address)


def activity_note(*, session: Session, activity_id: str) -> str:
    """The activity's note, which ActivityRecord leaves out; an edit dialog keeps it."""
    return session.scalar(select(Activity.note).where(Activity.id == activity_id)) or ""
