"""Clans (dòng họ): their member households and head (trưởng họ)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.domain.errors import ConflictError
from desktop.domain.records import clean_text_required
from desktop.domain.text import fold
from desktop.services.records import ClanRecord, clan_record
from desktop.services.session import get_live
from desktop.store.models import Citizen, Clan, ClanHousehold, Household
from desktop.store.queries import live


def _clan(session: Session, clan_id: str) -> Clan:
    return get_live(session=session, model=Clan, row_id=clan_id, what="dòng họ", field="clan",
                    options=(selectinload(Clan.memberships),))


def add_clan(*, session: Session, name: str, hamlet_id: str | None = None, head_id: str | None = None,
             household_ids: tuple[str, ...] = ()) -> ClanRecord:
    clan = Clan(name=clean_text_required(name, field="name"), hamlet_id=hamlet_id)
    session.add(clan)
    session.flush()
    for household_id in household_ids:
        add_household_to_clan(session=session, clan_id=clan.id, household_id=household_id)
    if head_id:
        set_clan_head(session=session, clan_id=clan.id, citizen_id=head_id)
    session.refresh(clan)
    return clan_record(clan)


def add_household_to_clan(*, session: Session, clan_id: str, household_id: str) -> None:
    clan = _clan(session, clan_id)
    get_live(session=session, model=Household, row_id=household_id, what="hộ gia đình", field="household")
    if any(m.household_id == household_id and not m.deleted for m in clan.memberships):
        raise ConflictError("hộ này đã thuộc dòng họ.", code="duplicate_member", field="household")
    session.add(ClanHousehold(clan=clan, household_id=household_id))
    session.flush()


def remove_household_from_clan(*, session: Session, clan_id: str, household_id: str) -> None:
    clan = _clan(session, clan_id)
    for membership in clan.memberships:
        if membership.household_id == household_id and not membership.deleted:
            membership.deleted = True
    session.flush()


def set_clan_head(*, session: Session, clan_id: str, citizen_id: str) -> None:
    clan = _clan(session, clan_id)
    clan.head_id = get_live(session=session, model=Citizen, row_id=citizen_id, what="công dân làm trưởng họ",
                            field="head").id
    session.flush()


def rename_clan(*, session: Session, clan_id: str, name: str) -> ClanRecord:
    clan = _clan(session, clan_id)
    clan.name = clean_text_required(name, field="name")
    session.flush()
    return clan_record(clan)


def delete_clan(*, session: Session, clan_id: str) -> None:
    clan = _clan(session, clan_id)
    for membership in clan.memberships:
        membership.deleted = True
    clan.deleted = True
    session.flush()


def list_clans(*, session: Session) -> list[ClanRecord]:
    clans = session.scalars(
        select(Clan).where(live(Clan)).options(selectinload(Clan.memberships))
    ).all()
    return [clan_record(c) for c in sorted(clans, key=lambda c: fold(c.name))]
