"""Households and their members: add, edit, move, dated status changes (đã mất, đã chuyển đi,
tạm vắng, tạm trú), tombstone."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.domain import vocab
from desktop.domain.dates import PartialDate
from desktop.domain.errors import ConflictError, ValidationError
from desktop.domain.records import (
    CitizenInput,
    CleanCitizen,
    HouseholdInput,
    clean_citizen,
    clean_household,
    clean_status,
    members_with_head,
)
from desktop.services.records import CitizenRecord, HouseholdRecord, citizen_record, household_record
from desktop.services.session import get_live
from desktop.store.base import Synced
from desktop.store.models import Citizen, ClanHousehold, Hamlet, Household, Participation
from desktop.store.queries import chunks, live


def _household(session: Session, household_id: str) -> Household:
    return get_live(session=session, model=Household, row_id=household_id, what="hộ gia đình", field="household",
                    options=(selectinload(Household.members),))


def _citizen(session: Session, citizen_id: str) -> Citizen:
    return get_live(session=session, model=Citizen, row_id=citizen_id, what="công dân", field="citizen")


def _check_hamlet(session: Session, hamlet_id: str | None) -> None:
    if hamlet_id is not None:
        get_live(session=session, model=Hamlet, row_id=hamlet_id, what="thôn/tổ dân phố này trong danh sách của xã",
                 field="hamlet")


def _check_code_free(session: Session, code: str, own_id: str | None = None) -> None:
    clash = session.scalar(select(Household.id).where(Household.code == code, live(Household)))
    if clash is not None and clash != own_id:
        raise ConflictError(f"mã hộ {code} đã được dùng cho hộ khác.", code="duplicate_code", field="household_code")


def _check_identity_free(session: Session, number: str | None, own_id: str | None = None) -> None:
    if number is None:
        return
    clash = session.scalar(
        select(Citizen).where(Citizen.identity_number == number, live(Citizen))
    )
    if clash is not None and clash.id != own_id:
        raise ConflictError(
            f"số {number} đã thuộc về {clash.full_name}.", code="duplicate_identity", field="identity_number"
        )


def next_household_code(*, session: Session) -> str:
    """The next "H00001"-style code after the largest one of that form."""
    codes = session.scalars(select(Household.code).where(Household.code.like("H%"))).all()
    numbers = [int(c[1:]) for c in codes if c[1:].isdigit()]
    return f"H{(max(numbers, default=0) + 1):05d}"


def apply_clean(citizen: Citizen, clean: CleanCitizen, *, keep_status_dates: bool = False) -> None:
    citizen.family_name = clean.family_name
    citizen.middle_name = clean.middle_name
    citizen.given_name = clean.given_name
    citizen.sex = clean.sex
    citizen.birth_date = clean.birth_date.iso()
    citizen.identity_number = clean.identity_number
    citizen.ethnicity = clean.ethnicity
    citizen.relation = clean.relation
    citizen.education = clean.education
    citizen.literacy = clean.literacy
    citizen.occupation = clean.occupation
    citizen.studying = clean.studying
    # A form that does not show the status's date and note leaves them as stored.
    unchanged = clean.status == citizen.status and clean.status_since is None and not clean.status_note
    if not (keep_status_dates and unchanged):
        citizen.status, citizen.status_since, citizen.status_note = clean.status, clean.status_since, clean.status_note


def add_household(*, session: Session, data: HouseholdInput, today: date | None = None) -> HouseholdRecord:
    """A new household with its members; the member marked 'head' (or the first) heads it."""
    clean = clean_household(data)
    _check_hamlet(session, clean.hamlet_id)
    code = clean.code or next_household_code(session=session)
    _check_code_free(session, code)
    members = members_with_head(data.members)
    cleaned = [clean_citizen(m, today=today) for m in members]
    numbers = [c.identity_number for c in cleaned if c.identity_number]
    if len(numbers) != len(set(numbers)):
        raise ConflictError("hai thành viên trùng số định danh.", code="duplicate_identity", field="identity_number")
    for c in cleaned:
        _check_identity_free(session, c.identity_number)

    household = Household(code=code, hamlet_id=clean.hamlet_id, address=clean.address,
                          phone=clean.phone, poverty=clean.poverty)
    session.add(household)
    citizens = []
    for c in cleaned:
        citizen = Citizen(household=household)
        apply_clean(citizen, c)
        session.add(citizen)
        citizens.append(citizen)
    # Through the relationship, so the unit of work inserts the household, then its
    # members, then sets head_id (post_update) — one flush, one change-log row each.
    household.head = next((c for c in citizens if c.relation == "head"), None)
    session.flush()
    return household_record(household, citizens)


def update_household(*, session: Session, household_id: str, data: HouseholdInput) -> HouseholdRecord:
    """Change the household's own fields (members are edited one by one)."""
    household = _household(session, household_id)
    clean = clean_household(HouseholdInput(code=data.code or household.code, hamlet_id=data.hamlet_id,
                                           address=data.address, phone=data.phone, poverty=data.poverty))
    _check_hamlet(session, clean.hamlet_id)
    _check_code_free(session, clean.code, household.id)
    household.code, household.hamlet_id = clean.code, clean.hamlet_id
    household.address, household.phone, household.poverty = clean.address, clean.phone, clean.poverty
    session.flush()
    return household_record(household)


def delete_household(*, session: Session, household_id: str) -> None:
    """Tombstone a household entered by mistake, with its members, their participations and
    its clan memberships, in one flush: they share one updated_at, which is how the trash
    (services/trash.py) knows what to bring back with it."""
    household = _household(session, household_id)
    members = [m for m in household.members if not m.deleted]
    memberships = session.scalars(select(ClanHousehold).where(
        ClanHousehold.household_id == household.id, live(ClanHousehold))).all()
    doomed: tuple[Synced, ...] = (*members, *_participations(session, [m.id for m in members]), *memberships,
                                  household)
    for row in doomed:
        row.deleted = True
    session.flush()


def _participations(session: Session, citizen_ids: list[str]) -> list[Participation]:
    """Live participations of these people: tombstoned with them, so no list counts a deleted person."""
    found: list[Participation] = []
    for chunk in chunks(citizen_ids):
        found += session.scalars(select(Participation).where(
            Participation.citizen_id.in_(chunk), live(Participation)))
    return found


def get_household(*, session: Session, household_id: str) -> HouseholdRecord:
    return household_record(_household(session, household_id))


def add_member(*, session: Session, household_id: str, data: CitizenInput,
               today: date | None = None) -> CitizenRecord:
    household = _household(session, household_id)
    clean = clean_citizen(data, today=today)
    _check_identity_free(session, clean.identity_number)
    if clean.relation == "head" and household.head_id is not None:
        raise ConflictError("hộ đã có chủ hộ; hãy đổi chủ hộ trước.", code="many_heads", field="relation")
    citizen = Citizen(household=household)
    apply_clean(citizen, clean)
    session.add(citizen)
    session.flush()
    if clean.relation == "head":
        household.head_id = citizen.id
        session.flush()
    return citizen_record(citizen)


def update_citizen(*, session: Session, citizen_id: str, data: CitizenInput,
                   expected_version: int | None = None, today: date | None = None) -> CitizenRecord:
    """Save an edited citizen; `expected_version` refuses to overwrite a newer save."""
    citizen = _citizen(session, citizen_id)
    if expected_version is not None and citizen.version != expected_version:
        raise ConflictError("bản ghi đã được sửa ở nơi khác; hãy mở lại rồi sửa.", code="stale", field="citizen")
    clean = clean_citizen(data, today=today)
    if clean.status != citizen.status and clean.status != "resident" and clean.status_since is None:
        raise ValidationError(f"hãy ghi ngày bắt đầu “{vocab.CITIZEN_STATUS[clean.status]}”.", code="required",
                              field="status_since")
    _check_identity_free(session, clean.identity_number, citizen.id)
    household = citizen.household
    if household is not None:
        if clean.relation == "head" and household.head_id not in (None, citizen.id):
            raise ConflictError("hộ đã có chủ hộ; hãy đổi chủ hộ trước.", code="many_heads", field="relation")
        if household.head_id == citizen.id and clean.relation != "head":
            household.head_id = None
        elif clean.relation == "head":
            household.head_id = citizen.id
    apply_clean(citizen, clean, keep_status_dates=True)
    session.flush()
    return citizen_record(citizen)


def set_head(*, session: Session, household_id: str, citizen_id: str, former_head_relation: str = "other") -> HouseholdRecord:
    household = _household(session, household_id)
    citizen = _citizen(session, citizen_id)
    if citizen.household_id != household.id:
        raise ValidationError("người này không thuộc hộ.", code="not_member", field="head")
    vocab.check_code(vocab.RELATIONS, former_head_relation, field="relation")
    if household.head_id and household.head_id != citizen.id:
        former = session.get(Citizen, household.head_id)
        if former is not None:
            former.relation = former_head_relation
    citizen.relation = "head"
    household.head_id = citizen.id
    session.flush()
    return household_record(household)


def set_citizen_status(*, session: Session, citizen_id: str, status: str, since: object = None, note: str = "",
                       today: date | None = None) -> CitizenRecord:
    """Đã mất, đã chuyển đi, tạm vắng, tạm trú from the date `since` (required, not in the
    future, not before birth), or back to "resident" (date and note cleared). People who
    left stay in the register, and in past years' evaluations."""
    citizen = _citizen(session, citizen_id)
    birth = PartialDate.from_iso(citizen.birth_date) if citizen.birth_date else None
    citizen.status, citizen.status_since, citizen.status_note = clean_status(
        status, since, note, birth=birth, today=today, date_required=True)
    session.flush()
    return citizen_record(citizen)


def move_citizen(*, session: Session, citizen_id: str, to_household_id: str,
                 relation: str = "other") -> CitizenRecord:
    """Move a person to another household (marriage, split); a moving head leaves the old one headless."""
    vocab.check_code(vocab.RELATIONS, relation, field="relation")
    citizen = _citizen(session, citizen_id)
    target = _household(session, to_household_id)
    if citizen.household_id == target.id:
        raise ValidationError("người này đã ở trong hộ đó.", code="same_household", field="household")
    if relation == "head" and target.head_id is not None:
        raise ConflictError("hộ chuyển đến đã có chủ hộ.", code="many_heads", field="relation")
    old = citizen.household
    if old is not None and old.head_id == citizen.id:
        old.head_id = None
    citizen.household = target
    citizen.relation = relation
    citizen.status, citizen.status_since, citizen.status_note = "resident", None, None
    if relation == "head":
        target.head_id = citizen.id
    session.flush()
    return citizen_record(citizen)


def delete_citizen(*, session: Session, citizen_id: str) -> None:
    """Tombstone a person entered by mistake, with their participations, in one flush (use
    set_citizen_status for real departures). A head leaves the household headless."""
    citizen = _citizen(session, citizen_id)
    household = citizen.household
    participations = _participations(session, [citizen.id])
    if household is not None and household.head_id == citizen.id:
        household.head_id = None
    doomed: tuple[Synced, ...] = (*participations, citizen)
    for row in doomed:
        row.deleted = True
    session.flush()


def get_citizen(*, session: Session, citizen_id: str) -> CitizenRecord:
    return citizen_record(_citizen(session, citizen_id))
