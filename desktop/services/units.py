"""Learning units managed by the commune (đơn vị học tập): schools, agencies, enterprises…"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain import vocab
from desktop.domain.errors import ValidationError
from desktop.domain.records import clean_phone, clean_text_required
from desktop.domain.text import clean_name, fold, normalize_text
from desktop.services.records import UnitRecord, unit_record
from desktop.services.session import get_live
from desktop.store.models import LearningUnit
from desktop.store.queries import live


@dataclass
class UnitInput:
    name: str = ""
    kind: str = "school"
    staff_count: object = 0
    hamlet_id: str | None = None
    address: str = ""
    head_name: str = ""
    phone: str = ""


def _staff(value: object) -> int:
    try:
        count = int(str(value).strip() or 0)
    except ValueError:
        raise ValidationError(f"“{value}” không phải số người.", code="invalid_number", field="staff_count") from None
    if count < 0:
        raise ValidationError("không được âm.", code="out_of_range", field="staff_count")
    return count


def _fill(unit: LearningUnit, data: UnitInput) -> None:
    unit.name = clean_text_required(data.name, field="name")
    unit.kind = vocab.check_code(vocab.UNIT_KINDS, data.kind, field="kind")
    unit.staff_count = _staff(data.staff_count)
    unit.hamlet_id = data.hamlet_id or None
    unit.address = normalize_text(data.address)
    unit.head_name = clean_name(data.head_name)
    unit.phone = clean_phone(data.phone)


def add_unit(*, session: Session, data: UnitInput) -> UnitRecord:
    unit = LearningUnit()
    _fill(unit, data)
    session.add(unit)
    session.flush()
    return unit_record(unit)


def _unit(session: Session, unit_id: str) -> LearningUnit:
    return get_live(session=session, model=LearningUnit, row_id=unit_id, what="đơn vị", field="unit")


def update_unit(*, session: Session, unit_id: str, data: UnitInput) -> UnitRecord:
    unit = _unit(session, unit_id)
    _fill(unit, data)
    session.flush()
    return unit_record(unit)


def delete_unit(*, session: Session, unit_id: str) -> None:
    _unit(session, unit_id).deleted = True
    session.flush()


def list_units(*, session: Session) -> list[UnitRecord]:
    units = session.scalars(select(LearningUnit).where(live(LearningUnit))).all()
    return [unit_record(u) for u in sorted(units, key=lambda u: fold(u.name))]
