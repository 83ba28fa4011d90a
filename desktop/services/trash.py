"""Dữ liệu đã xóa: what was tombstoned, and bringing one entry back with what went with it.

A delete writes the row and everything it took along (a household's members, their
participations and clan memberships; a clan's memberships; an activity's participations)
in one flush, and the change-log hook stamps every row of a flush with the same
`updated_at`. So "deleted with it" is exactly: tombstoned, pointing at it, with the same
`updated_at`. A restore brings those back and nothing else, as a new version of each row
(sync sends it like any edit), after checking what could clash with rows entered since.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from desktop.domain import vocab
from desktop.domain.dates import PartialDate
from desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from desktop.services.clashes import check_unique, flush_or_refuse
from desktop.store.base import Synced
from desktop.store.models import (
    Activity,
    Citizen,
    Clan,
    ClanHousehold,
    Hamlet,
    Household,
    LearningUnit,
    Participation,
)
from desktop.store.queries import live

KINDS = {"household": "Hộ gia đình", "citizen": "Công dân", "clan": "Dòng họ", "unit": "Đơn vị học tập",
         "activity": "Hoạt động"}
_MODELS: dict[str, type[Synced]] = {
    "household": Household, "citizen": Citizen, "clan": Clan, "unit": LearningUnit, "activity": Activity}


@dataclass(frozen=True)
class DeletedEntry:
    kind: str  # a key of KINDS
    id: str
    name: str  # what the officer knows it by
    detail: str  # code, birth, hamlet, dates: enough to tell two entries apart
    deleted_at: datetime  # UTC


@dataclass(frozen=True)
class Restored:
    kind: str
    id: str
    name: str
    rows: int  # rows brought back, the entry included
    notes: tuple[str, ...] = ()  # what was left out, and why (Vietnamese)


def list_deleted(*, session: Session, kind: str | None = None) -> list[DeletedEntry]:
    """Tombstoned households, citizens, clans, units and activities, newest first. People
    deleted with their household come back with it, so only the household is listed."""
    if kind is not None and kind not in KINDS:
        raise ValidationError(f"loại “{kind}” không có trong dữ liệu đã xóa.", code="invalid_choice")
    readers = {"household": _households, "citizen": _citizens, "clan": _clans, "unit": _units,
               "activity": _activities}
    entries = [e for k, read in readers.items() if kind in (None, k) for e in read(session)]
    entries.sort(key=lambda e: e.deleted_at, reverse=True)
    return entries


def _households(session: Session) -> list[DeletedEntry]:
    head = aliased(Citizen)
    rows = session.execute(
        select(Household.id, Household.code, Household.updated_at, head.full_name, Hamlet.name)
        .outerjoin(head, head.id == Household.head_id).outerjoin(Hamlet, Hamlet.id == Household.hamlet_id)
        .where(Household.deleted.is_(True))).all()
    went = dict(session.execute(
        select(Citizen.household_id, func.count()).join(Household, Household.id == Citizen.household_id)
        .where(Household.deleted.is_(True), Citizen.deleted.is_(True), Citizen.updated_at == Household.updated_at)
        .group_by(Citizen.household_id)).all())
    return [DeletedEntry("household", r.id, f"Hộ {r.full_name}" if r.full_name else f"Hộ {r.code}",
                         _join(f"mã hộ {r.code}", r.name, f"{went.get(r.id, 0)} người"), r.updated_at)
            for r in rows]


def _citizens(session: Session) -> list[DeletedEntry]:
    with_household = and_(Household.deleted.is_(True), Household.updated_at == Citizen.updated_at)
    rows = session.execute(
        select(Citizen.id, Citizen.full_name, Citizen.birth_date, Citizen.updated_at, Household.code)
        .outerjoin(Household, Household.id == Citizen.household_id)
        .where(Citizen.deleted.is_(True), or_(Household.id.is_(None), ~with_household))).all()
    return [DeletedEntry("citizen", r.id, r.full_name,
                         _join(f"sinh {PartialDate.from_iso(r.birth_date).format_vi()}" if r.birth_date else "",
                               f"hộ {r.code}" if r.code else ""), r.updated_at)
            for r in rows]


def _clans(session: Session) -> list[DeletedEntry]:
    rows = session.execute(select(Clan.id, Clan.name, Clan.updated_at, Hamlet.name.label("hamlet"))
                           .outerjoin(Hamlet, Hamlet.id == Clan.hamlet_id).where(Clan.deleted.is_(True))).all()
    went = dict(session.execute(
        select(ClanHousehold.clan_id, func.count()).join(Clan, Clan.id == ClanHousehold.clan_id)
        .where(Clan.deleted.is_(True), ClanHousehold.deleted.is_(True), ClanHousehold.updated_at == Clan.updated_at)
        .group_by(ClanHousehold.clan_id)).all())
    return [DeletedEntry("clan", r.id, r.name, _join(r.hamlet, f"{went.get(r.id, 0)} hộ"), r.updated_at)
            for r in rows]


def _units(session: Session) -> list[DeletedEntry]:
    rows = session.execute(select(LearningUnit.id, LearningUnit.name, LearningUnit.kind, LearningUnit.updated_at,
                                  Hamlet.name.label("hamlet"))
                           .outerjoin(Hamlet, Hamlet.id == LearningUnit.hamlet_id)
                           .where(LearningUnit.deleted.is_(True))).all()
    return [DeletedEntry("unit", r.id, r.name, _join(vocab.UNIT_KINDS.get(r.kind, r.kind), r.hamlet), r.updated_at)
            for r in rows]


def _activities(session: Session) -> list[DeletedEntry]:
    rows = session.execute(select(Activity.id, Activity.title, Activity.start_date, Activity.end_date,
                                  Activity.updated_at).where(Activity.deleted.is_(True))).all()
    went = dict(session.execute(
        select(Participation.activity_id, func.count()).join(Activity, Activity.id == Participation.activity_id)
        .where(Activity.deleted.is_(True), Participation.deleted.is_(True),
               Participation.updated_at == Activity.updated_at)
        .group_by(Participation.activity_id)).all())
    return [DeletedEntry("activity", r.id, r.title,
                         _join(_period(r.start_date, r.end_date), f"{went.get(r.id, 0)} lượt tham gia"), r.updated_at)
            for r in rows]


def _period(start, end) -> str:
    return f"{start:%d/%m/%Y}" if start == end else f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"


def _join(*parts: str | None) -> str:
    return " · ".join(p for p in parts if p)


# --- restore ---------------------------------------------------------------------------


def restore(*, session: Session, kind: str, id: str) -> Restored:
    """Bring back one deleted entry with what was deleted with it; refuse, writing nothing,
    when that would clash with what is live now."""
    if kind not in KINDS:
        raise ValidationError(f"loại “{kind}” không có trong dữ liệu đã xóa.", code="invalid_choice")
    row = session.get(_MODELS[kind], id)
    if row is None or not row.deleted:
        raise NotFoundError(f"Không tìm thấy {KINDS[kind].lower()} này trong dữ liệu đã xóa "
                            "(có thể đã được khôi phục).", field=kind)
    with session.no_autoflush:
        # Each takes the row of its own kind (`row` is one, by _MODELS[kind]).
        restorers: dict[str, Callable[[Session, Any], tuple[str, list[Synced], list[str]]]] = {
            "household": _restore_household, "citizen": _restore_citizen, "clan": _restore_clan,
            "unit": _restore_unit, "activity": _restore_activity}
        name, rows, notes = restorers[kind](session, row)
        doing = f"Không khôi phục được {KINDS[kind].lower()} “{name}”"
        for obj in rows:
            obj.deleted = False
        check_unique(session=session, objects=rows, doing=doing)
    flush_or_refuse(session=session, doing=doing)
    return Restored(kind, id, name, len(rows), tuple(notes))


def _same_write(session: Session, model, *conditions, at: datetime) -> list:
    return list(session.scalars(select(model).where(model.deleted.is_(True), model.updated_at == at, *conditions)))


def _live_ids(session: Session, model, ids) -> set[str]:
    ids = sorted(set(ids))
    return set(session.scalars(select(model.id).where(model.id.in_(ids), live(model)))) if ids else set()


def _participations_back(session: Session, participations: list, notes: list[str]) -> list:
    """Participations whose activity is live: the rest stay deleted (their person is coming back)."""
    activities = _live_ids(session, Activity, (p.activity_id for p in participations))
    kept = [p for p in participations if p.activity_id in activities]
    if len(kept) < len(participations):
        notes.append(f"{len(participations) - len(kept)} lượt tham gia không được khôi phục vì hoạt động "
                     "đã bị xóa.")
    return kept


def _restore_household(session: Session, household: Household):
    at = household.updated_at
    members = _same_write(session, Citizen, Citizen.household_id == household.id, at=at)
    notes: list[str] = []
    memberships = _same_write(session, ClanHousehold, ClanHousehold.household_id == household.id, at=at)
    clans = _live_ids(session, Clan, (m.clan_id for m in memberships))
    if any(m.clan_id not in clans for m in memberships):
        notes.append("Hộ không trở lại dòng họ đã bị xóa sau đó.")
    participations = [p for i in range(0, len(members), 400) for p in _same_write(
        session, Participation, Participation.citizen_id.in_([m.id for m in members[i:i + 400]]), at=at)]
    rows = [household, *members, *[m for m in memberships if m.clan_id in clans],
            *_participations_back(session, participations, notes)]
    return household.code, rows, notes


def _restore_citizen(session: Session, citizen: Citizen):
    notes: list[str] = []
    household = session.get(Household, citizen.household_id) if citizen.household_id else None
    if household is not None and household.deleted:
        raise ConflictError(f"Không khôi phục được “{citizen.full_name}”: hộ {household.code} của người này cũng đã "
                            "bị xóa; hãy khôi phục hộ trước.", code="parent_deleted", field="household")
    if household is not None and citizen.relation == "head":
        if household.head_id is None:
            household.head_id = citizen.id  # the delete left the household headless
        elif household.head_id != citizen.id:
            citizen.relation = "other"
            notes.append(f"Hộ {household.code} đã có chủ hộ khác nên {citizen.full_name} được ghi quan hệ "
                         "“Khác”; hãy sửa lại nếu cần.")
    participations = _same_write(session, Participation, Participation.citizen_id == citizen.id,
                                 at=citizen.updated_at)
    return citizen.full_name, [citizen, *_participations_back(session, participations, notes)], notes


def _restore_clan(session: Session, clan: Clan):
    memberships = _same_write(session, ClanHousehold, ClanHousehold.clan_id == clan.id, at=clan.updated_at)
    households = _live_ids(session, Household, (m.household_id for m in memberships))
    kept = [m for m in memberships if m.household_id in households]
    notes = [f"{len(memberships) - len(kept)} hộ không trở lại dòng họ vì hộ đã bị xóa."] if len(kept) < len(
        memberships) else []
    return clan.name, [clan, *kept], notes


def _restore_unit(session: Session, unit: LearningUnit):
    return unit.name, [unit], []


def _restore_activity(session: Session, activity: Activity):
    participations = _same_write(session, Participation, Participation.activity_id == activity.id,
                                 at=activity.updated_at)
    people = _live_ids(session, Citizen, (p.citizen_id for p in participations))
    kept = [p for p in participations if p.citizen_id in people]
    notes = [f"{len(participations) - len(kept)} lượt tham gia không được khôi phục vì người tham gia đã bị xóa."
             ] if len(kept) < len(participations) else []
    return activity.title, [activity, *kept], notes
