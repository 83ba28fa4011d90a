"""A person an import added who was on the register already, folded into the person who was.

The import lists such people as possible duplicates (same name and birth year, another
household). When the officer finds it is the same person, the new record goes to the trash
(with the household the import made for it, if nobody else is in it), and what the list
knew that the register did not — an identity number, a full birth date, schooling — is kept
on the person who was there first. A new record that already has a history of its own
(activities, titles) is not merged here: that is a decision for the officer, by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.errors import ConflictError, ValidationError
from desktop.services.session import get_live
from desktop.store.models import (
    Citizen,
    Clan,
    Evaluation,
    Participation,
    Recognition,
    SubjectChecks,
    TitleRegistration,
)
from desktop.store.queries import live

# What the register may not know and a list may: copied over when the register's is empty.
_FILLED = ("identity_number", "education", "literacy", "occupation")


@dataclass(frozen=True)
class MergedDuplicate:
    kept_id: str
    kept_name: str
    filled: tuple[str, ...]  # fields of the kept person taken from the new record
    household_removed: bool  # the household the import had made for the new record went too
    headless_household: str = ""  # the code of a household the new record headed and others stay in


def _history(session: Session, citizen_id: str) -> int:
    count = session.scalar(select(func.count()).select_from(Participation).where(
        Participation.citizen_id == citizen_id, live(Participation))) or 0
    for model in (TitleRegistration, SubjectChecks, Evaluation, Recognition):
        count += session.scalar(select(func.count()).select_from(model).where(
            model.subject_id == citizen_id, live(model))) or 0
    count += session.scalar(select(func.count()).select_from(Clan).where(Clan.head_id == citizen_id, live(Clan))) or 0
    return count


def merge_into_existing(*, session: Session, new_citizen_id: str, existing_citizen_id: str) -> MergedDuplicate:
    new = get_live(session=session, model=Citizen, row_id=new_citizen_id, what="người mới nhập", field="citizen")
    kept = get_live(session=session, model=Citizen, row_id=existing_citizen_id, what="người đã có trong sổ",
                    field="citizen")
    if new.id == kept.id:
        raise ValidationError("đây là cùng một bản ghi.", code="same_record", field="citizen")
    if new.identity_number and kept.identity_number and new.identity_number != kept.identity_number:
        raise ConflictError(
            f"hai người có số định danh khác nhau ({new.identity_number} và {kept.identity_number}): không phải "
            "cùng một người, không gộp.", code="different_identity", field="identity_number")
    if _history(session, new.id):
        raise ConflictError(f"{new.full_name} (mới nhập) đã có hoạt động hoặc danh hiệu ghi trong sổ; hãy xem lại "
                            "và gộp bằng tay.", code="has_history", field="citizen")
    taken = {name: getattr(new, name) for name in _FILLED if not getattr(kept, name) and getattr(new, name)}
    full_birth = (new.birth_date or "")[:4] == (kept.birth_date or "")[:4] and len(new.birth_date or "") > len(
        kept.birth_date or "")
    household = new.household
    new.deleted = True
    if household is not None and household.head_id == new.id:
        household.head_id = None
    session.flush()  # the new record's identity number is free before the kept one takes it
    for name, value in taken.items():
        setattr(kept, name, value)
    if full_birth:
        kept.birth_date = new.birth_date
        taken["birth_date"] = new.birth_date
    removed, headless = False, ""
    if household is not None and household.id != kept.household_id:
        others = session.scalar(select(func.count()).select_from(Citizen).where(
            Citizen.household_id == household.id, live(Citizen)))
        if not others:
            household.deleted = removed = True
        elif household.head_id is None:
            headless = household.code
    session.flush()
    return MergedDuplicate(kept_id=kept.id, kept_name=kept.full_name, filled=tuple(taken), household_removed=removed,
                           headless_household=headless)
