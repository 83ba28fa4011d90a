"""Registering for a title (đăng ký) and the officer's checks of the manual items."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.criteria import MANUAL
from desktop.domain.errors import NotFoundError, ValidationError
from desktop.domain.evaluation import check_manual
from desktop.domain.facts import age_in_year
from desktop.domain.text import normalize_text
from desktop.domain.vocab import LIVING_HERE
from desktop.services.titles.common import (
    check_title,
    check_year,
    refuse_locked,
    set_for_year,
    subject_kind,
    subject_names,
)
from desktop.services.titles.facts import hamlet_in_year
from desktop.store.models import (
    Citizen,
    Clan,
    Hamlet,
    Household,
    LearningUnit,
    SubjectChecks,
    TitleRegistration,
)
from desktop.store.queries import live

CITIZEN_MIN_AGE = 15  # Công dân học tập is for people from 15 (QĐ 324/QĐ-KHVN)


@dataclass(frozen=True)
class RegistrationCount:
    added: int
    already: int


def registered_ids(*, session: Session, year: int, title: str) -> list[str]:
    return list(session.scalars(select(TitleRegistration.subject_id).where(
        TitleRegistration.year == year, TitleRegistration.title == title, live(TitleRegistration))))


def eligible_ids(*, session: Session, year: int, title: str, hamlet_id: str | None = None) -> list[str]:
    """Everyone who may register: residents from 15 for Công dân học tập, every live subject otherwise."""
    kind = subject_kind(title)
    if kind == "citizen":
        query = (select(Citizen.id, Citizen.birth_date).join(Household, Household.id == Citizen.household_id)
                 .where(live(Citizen), Citizen.status.in_(LIVING_HERE), live(Household)))
        if hamlet_id:
            query = query.where(Household.hamlet_id == hamlet_id)
        return [cid for cid, birth in session.execute(query)
                if birth is None or (age_in_year(birth, year) or 0) >= CITIZEN_MIN_AGE]
    if kind == "hamlet":
        hamlets = select(Hamlet.id).where(live(Hamlet), hamlet_in_year(year))
        return list(session.scalars(hamlets.where(Hamlet.id == hamlet_id) if hamlet_id else hamlets))
    models: dict[str, type[Household | Clan | LearningUnit]] = {"household": Household, "clan": Clan,
                                                                "unit": LearningUnit}
    model = models[kind]
    ids = select(model.id).where(live(model))
    return list(session.scalars(ids.where(model.hamlet_id == hamlet_id) if hamlet_id else ids))


def register(*, session: Session, year: int, title: str, subject_ids: Iterable[str],
             registered_on: date | None = None, note: str = "") -> RegistrationCount:
    year, title = check_year(year), check_title(title)
    ids = list(dict.fromkeys(subject_ids))
    known = subject_names(session=session, kind=subject_kind(title), ids=ids)
    missing = [s for s in ids if s not in known]
    if missing:
        raise NotFoundError(f"Không tìm thấy {len(missing)} đối tượng để đăng ký (có thể đã bị xóa).")
    already = set(registered_ids(session=session, year=year, title=title))
    if subject_kind(title) == "citizen":
        _refuse_ineligible(session, year, [s for s in ids if s not in already], known)
    elif subject_kind(title) == "hamlet":
        in_force = set(eligible_ids(session=session, year=year, title=title))
        retired = [s for s in ids if s not in already and s not in in_force]
        if retired:
            names = ", ".join(known[s].name for s in retired)
            raise ValidationError(f"{names} không còn hiệu lực trong năm {year} (đã sáp nhập hoặc giải thể), "
                                  "không đăng ký được.", code="not_eligible")
    added = 0
    for subject_id in ids:
        if subject_id in already:
            continue
        session.add(TitleRegistration(year=year, title=title, subject_kind=subject_kind(title), subject_id=subject_id,
                                      registered_on=registered_on or date.today(), note=normalize_text(note)))
        added += 1
    session.flush()
    return RegistrationCount(added, len(ids) - added)


def _refuse_ineligible(session: Session, year: int, ids: list[str], names: dict) -> None:
    """Công dân học tập is for residents from 15 (by 31 December), as `eligible_ids` lists them."""
    if not ids:
        return
    wanted = set(ids)
    eligible = set(eligible_ids(session=session, year=year, title="cong-dan")) if len(wanted) > 500 else {
        cid for cid, birth in session.execute(
            select(Citizen.id, Citizen.birth_date).join(Household, Household.id == Citizen.household_id)
            .where(Citizen.id.in_(sorted(wanted)), live(Citizen), Citizen.status.in_(LIVING_HERE),
                   live(Household)))
        if birth is None or (age_in_year(birth, year) or 0) >= CITIZEN_MIN_AGE}
    refused = [s for s in ids if s not in eligible]
    if refused:
        shown = ", ".join(names[s].name for s in refused[:3]) + ("…" if len(refused) > 3 else "")
        raise ValidationError(f"{len(refused)} người không đăng ký Công dân học tập năm {year} được ({shown}): "
                              f"chỉ người đang cư trú, từ {CITIZEN_MIN_AGE} tuổi trở lên (tính đến 31/12).",
                              code="not_eligible")


def register_all(*, session: Session, year: int, title: str, hamlet_id: str | None = None,
                 registered_on: date | None = None) -> RegistrationCount:
    eligible = eligible_ids(session=session, year=year, title=title, hamlet_id=hamlet_id)
    return register(session=session, year=year, title=title, subject_ids=eligible,
                    registered_on=registered_on)


def unregister(*, session: Session, year: int, title: str, subject_ids: Iterable[str]) -> int:
    ids = list(dict.fromkeys(subject_ids))
    refuse_locked(session=session, year=year, title=title, subject_ids=ids, action="hủy đăng ký")
    wanted = set(ids)
    rows = [r for r in session.scalars(select(TitleRegistration).where(
        TitleRegistration.year == year, TitleRegistration.title == title, live(TitleRegistration)))
        if r.subject_id in wanted]
    for row in rows:
        row.deleted = True
    session.flush()
    return len(rows)


def report_unit_staff(*, session: Session, year: int, unit_id: str, staff: int, recognised_cdht: int) -> None:
    """A unit's figures for Đơn vị học tập (staff, and how many were recognised Công dân học tập)."""
    if staff < 0 or recognised_cdht < 0 or recognised_cdht > staff:
        raise ValidationError(f"số đạt Công dân học tập ({recognised_cdht}) phải từ 0 đến số cán bộ ({staff}).",
                              code="invalid_staff", field="unit_staff_cdht")
    register(session=session, year=year, title="don-vi", subject_ids=[unit_id])
    row = session.scalar(select(TitleRegistration).where(
        TitleRegistration.year == year, TitleRegistration.title == "don-vi",
        TitleRegistration.subject_id == unit_id, live(TitleRegistration)))
    if row is None:  # register() above made it, or refused
        raise NotFoundError("Không tìm thấy đăng ký danh hiệu Đơn vị học tập của đơn vị này.", field="unit")
    if (row.unit_staff, row.unit_staff_cdht) != (staff, recognised_cdht):  # the figures its result used
        refuse_locked(session=session, year=year, title="don-vi", subject_ids=[unit_id],
                      action="sửa số liệu cán bộ của đơn vị")
    row.unit_staff, row.unit_staff_cdht = staff, recognised_cdht
    session.flush()


def set_checks(*, session: Session, year: int, title: str, subject_ids: Iterable[str],
               points: Mapping[str, float | None], evidence: str = "") -> int:
    """Record the officer's points for manual items of several subjects at once.

    `points` maps item ids to points; None clears that item's check (back to "chưa chấm").
    Checks of a recognised subject are refused (its result is locked).
    """
    year, title = check_year(year), check_title(title)
    ids = list(dict.fromkeys(subject_ids))
    criteria = set_for_year(session=session, year=year, title=title)
    for item_id, value in points.items():
        item = criteria.item(item_id)
        if item is None:
            raise ValidationError(f"bộ tiêu chí {criteria.id} không có chỉ số {item_id}.", code="unknown_item")
        if value is not None:
            check_manual(item, value)
    refuse_locked(session=session, year=year, title=title, subject_ids=ids, action="sửa điểm chấm")
    evidence = normalize_text(evidence)
    wanted = set(ids)
    rows = {r.subject_id: r for r in session.scalars(select(SubjectChecks).where(
        SubjectChecks.year == year, SubjectChecks.title == title, live(SubjectChecks)))
        if r.subject_id in wanted}
    for subject_id in ids:
        row = rows.get(subject_id)
        current = json.loads(row.checks_json) if row is not None else {}
        for item_id, value in points.items():
            if value is None:
                current.pop(item_id, None)
            else:
                current[item_id] = [value, evidence]
        text = json.dumps(current, ensure_ascii=False, sort_keys=True)
        if row is None:
            session.add(SubjectChecks(year=year, title=title, subject_id=subject_id, checks_json=text))
        elif row.checks_json != text:
            row.checks_json = text
    session.flush()
    return len(ids)


def check_full_marks(*, session: Session, year: int, title: str, subject_ids: Iterable[str],
                     evidence: str = "") -> int:
    """Batch action: every manual item at full points (the hamlet's list vouches for them)."""
    criteria = set_for_year(session=session, year=year, title=title)
    points = {item.id: item.points for item in criteria.items if item.kind == MANUAL}
    return set_checks(session=session, year=year, title=title, subject_ids=subject_ids, points=points,
                      evidence=evidence)
