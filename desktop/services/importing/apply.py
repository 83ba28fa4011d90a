"""Households read from a list written into the register, each person once.

A second import of the same file, or of a corrected one, adds nothing twice: a household is
found again by its code, else by its head; a person by identity number, else by name and
birth within that household. Lookups are in memory (the register loaded once), rows are
added in batches: a commune's list of 10,000 people is seconds, not minutes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.errors import ValidationError
from desktop.domain.records import clean_phone
from desktop.domain.text import fold, normalize_text
from desktop.services.hamlets import add_hamlet, guess_kind
from desktop.services.importing.records import PossibleDuplicate, RowNote
from desktop.services.importing.sheets import HouseholdRows, PersonRow
from desktop.services.importing.values import KIND_WORD, hamlet_key
from desktop.services.register import apply_clean, next_household_code
from desktop.store.base import new_id
from desktop.store.models import Citizen, Hamlet, Household
from desktop.store.queries import live

BATCH = 300  # households per flush


@dataclass
class Outcome:
    households: int = 0
    citizens: int = 0
    households_matched: int = 0
    citizens_matched: int = 0
    hamlets_created: list[str] = field(default_factory=list)
    rejected: list[RowNote] = field(default_factory=list)
    warnings: list[RowNote] = field(default_factory=list)
    duplicates: list[PossibleDuplicate] = field(default_factory=list)


@dataclass
class _Known:
    """The register as matching needs it, kept up to date as the import adds to it."""
    by_identity: dict[str, tuple[str, str | None, str]] = field(default_factory=dict)  # → id, household, name
    by_name: dict[tuple[str, int | None], list[tuple[str, str | None, str, str | None]]] = field(
        default_factory=lambda: defaultdict(list))  # (name, year) → id, household, name, birth iso
    code_of: dict[str, str] = field(default_factory=dict)  # household id → code
    by_code: dict[str, str] = field(default_factory=dict)  # code → household id
    head_of: dict[str, str] = field(default_factory=dict)  # household id → head citizen id
    hamlet_of: dict[str, str | None] = field(default_factory=dict)  # household id → hamlet id
    number_of: dict[str, str] = field(default_factory=dict)  # citizen id → identity number, where known

    def other_number(self, citizen_id: str, number: str | None) -> bool:
        """Both have an identity number and they differ: two people, whatever their names."""
        return bool(number) and self.number_of.get(citizen_id, number) != number


def known_hamlets(*, session: Session) -> dict[str, str]:
    """Folded name (with and without its kind word) → the hamlet's name as the register writes it."""
    names: dict[str, str] = {}
    for name in session.scalars(select(Hamlet.name).where(live(Hamlet), Hamlet.valid_to.is_(None))):
        names.setdefault(fold(name), name)
        names.setdefault(hamlet_key(name), name)
    return names


def _load(session: Session) -> _Known:
    known = _Known()
    rows = session.execute(select(Citizen.id, Citizen.identity_number, Citizen.full_name, Citizen.birth_year,
                                  Citizen.birth_date, Citizen.household_id).where(live(Citizen)))
    for cid, number, name, year, birth, household in rows:
        if number:
            known.by_identity[number] = (cid, household, name)
            known.number_of[cid] = number
        known.by_name[(fold(name), year)].append((cid, household, name, birth))
    for hid, code, head, hamlet in session.execute(
            select(Household.id, Household.code, Household.head_id, Household.hamlet_id).where(live(Household))):
        known.code_of[hid], known.by_code[code.upper()] = code, hid
        known.hamlet_of[hid] = hamlet
        if head:
            known.head_of[hid] = head
    return known


def _hamlet_ids(session: Session, households: list[HouseholdRows], *, create: bool, outcome: Outcome,
                ) -> dict[str, str | None]:
    """Hamlet name as the list writes it → id; new hamlets added (or their households refused)."""
    ids: dict[str, str | None] = {}
    for row_id, written in session.execute(
            select(Hamlet.id, Hamlet.name).where(live(Hamlet), Hamlet.valid_to.is_(None))):
        ids.setdefault(fold(written), row_id)
        ids.setdefault(hamlet_key(written), row_id)
    found: dict[str, str | None] = {"": None}
    for household in households:
        name = normalize_text(household.hamlet)
        if name in found:
            continue
        hid: str | None = ids.get(fold(name)) or ids.get(hamlet_key(name))
        if hid is None and create:
            spelled = name if KIND_WORD.match(fold(name)) else f"Thôn {name}" if name[:1].isdigit() else name
            record = add_hamlet(session=session, name=spelled, kind=guess_kind(spelled))
            hid = record.id
            ids[fold(record.name)] = ids[hamlet_key(record.name)] = hid
            outcome.hamlets_created.append(record.name)
        found[name] = hid
    return found


def write(*, session: Session, households: list[HouseholdRows], create_hamlets: bool, today: date,
          progress: Callable[[float], None] | None = None) -> Outcome:
    outcome = Outcome()
    hamlets = _hamlet_ids(session, households, create=create_hamlets, outcome=outcome)
    known = _load(session)
    seen_before = {key: list(found) for key, found in known.by_name.items()}  # for the duplicates list
    next_code = int(next_household_code(session=session)[1:])
    pending = 0
    for i, rows in enumerate(households):
        hamlet_name = normalize_text(rows.hamlet)
        if hamlets.get(hamlet_name, None) is None and hamlet_name:
            outcome.rejected.extend(RowNote(rows.sheet, p.row, (
                f"Thôn/Tổ dân phố: “{hamlet_name}” chưa có trong danh sách thôn, tổ dân phố của xã "
                "(đã chọn không tạo thôn mới); hãy thêm thôn hoặc sửa tên rồi nhập lại.")) for p in rows.people)
            continue
        hamlet_id = hamlets.get(hamlet_name)
        household_id = _match_household(known, rows, hamlet_id)
        if household_id is not None:
            outcome.households_matched += 1
            pending += _add_members(session, known, outcome, rows, household_id, seen_before)
        else:
            next_code, added = _new_household(session, known, outcome, rows, hamlet_id, next_code, seen_before)
            pending += added
        if pending >= BATCH * 3:
            session.flush()
            pending = 0
        if progress and i % 50 == 0:
            progress(i / max(1, len(households)))
    if progress:
        progress(1.0)  # the last chance to stop: nothing is committed yet
    session.flush()
    return outcome


def _head(rows: HouseholdRows) -> PersonRow | None:
    return next((p for p in rows.people if p.head), rows.people[0] if rows.people else None)


def _match_household(known: _Known, rows: HouseholdRows, hamlet_id: str | None) -> str | None:
    if rows.code and (found := known.by_code.get(normalize_text(rows.code).upper())):
        return found
    head = _head(rows)
    if head is None:
        return None
    if head.clean.identity_number and (person := known.by_identity.get(head.clean.identity_number)):
        return person[1]
    for cid, household, _name, birth in known.by_name.get((_name_key(head), head.clean.birth_date.year), ()):
        if household and known.head_of.get(household) == cid and _same_birth(birth, head.clean.birth_date.iso()) and (
                hamlet_id is None or known.hamlet_of.get(household) in (None, hamlet_id)) and not known.other_number(
                cid, head.clean.identity_number):
            return household
    return None


def _same_birth(stored: str | None, listed: str) -> bool:
    """"1968" and "1968-05-03" are one birth written more or less fully; "1968-05-03" and "1968-06-01" are not."""
    stored = stored or ""
    return stored == listed or stored.startswith(listed) or listed.startswith(stored)


def _name_key(person: PersonRow) -> str:
    c = person.clean
    return fold(" ".join(p for p in (c.family_name, c.middle_name, c.given_name) if p))


def _existing(known: _Known, person: PersonRow, household_id: str | None) -> tuple[str, str | None, str] | None:
    """The register's person this row is: by identity number, else by name and birth in the household."""
    number = person.clean.identity_number
    if number and number in known.by_identity:
        return known.by_identity[number]
    if household_id is None:
        return None
    for cid, household, name, birth in known.by_name.get((_name_key(person), person.clean.birth_date.year), ()):
        if household == household_id and _same_birth(birth, person.clean.birth_date.iso()) and not \
                known.other_number(cid, number):
            return cid, household, name
    return None


def _add_members(session: Session, known: _Known, outcome: Outcome, rows: HouseholdRows, household_id: str,
                 seen_before) -> int:
    household = session.get(Household, household_id)
    assert household is not None
    added = 0
    for person in rows.people:
        existing = _existing(known, person, household_id)
        if existing is not None:
            outcome.citizens_matched += 1
            if existing[1] != household_id:
                outcome.warnings.append(RowNote(rows.sheet, person.row, (
                    f"{existing[2]} đã có trong sổ ở hộ {known.code_of.get(existing[1] or '', '(không có hộ)')}; "
                    "không chuyển hộ khi nhập.")))
            continue
        relation = person.clean.relation
        if relation == "head" and household_id in known.head_of:
            relation = "other"
            outcome.warnings.append(RowNote(rows.sheet, person.row, (
                f"hộ {household.code} đã có chủ hộ trong sổ; người này được thêm với quan hệ “Khác”.")))
        citizen = _citizen(household, person, relation)
        session.add(citizen)
        if relation == "head":
            household.head = citizen
            known.head_of[household_id] = citizen.id
        _remember(known, outcome, rows, person, citizen, household_id, seen_before)
        added += 1
    return added


def _new_household(session: Session, known: _Known, outcome: Outcome, rows: HouseholdRows, hamlet_id: str | None,
                   next_code: int, seen_before) -> tuple[int, int]:
    people = []
    for person in rows.people:
        number = person.clean.identity_number
        if number and number in known.by_identity:
            _cid, holder, name = known.by_identity[number]
            outcome.rejected.append(RowNote(rows.sheet, person.row, (
                f"Số định danh cá nhân: số {number} đã có trong sổ ({name}, hộ "
                f"{known.code_of.get(holder or '', 'không rõ')}); người này không được thêm lần nữa.")))
            continue
        people.append(person)
    if not people:
        return next_code, 0
    code = normalize_text(rows.code).upper()
    if not code:
        code, next_code = f"H{next_code:05d}", next_code + 1
    try:
        phone = clean_phone(rows.phone)
    except ValidationError as error:
        phone = ""
        outcome.warnings.append(RowNote(rows.sheet, rows.row, f"Số điện thoại: {error.message} Đã để trống."))
    household = Household(id=new_id(), code=code, hamlet_id=hamlet_id, address=normalize_text(rows.address)[:300], phone=phone,
                          poverty="none")
    session.add(household)
    head = next((p for p in people if p.head), people[0])
    citizens = []
    for person in people:
        citizen = _citizen(household, person, "head" if person is head else (
            "other" if person.clean.relation == "head" else person.clean.relation))
        session.add(citizen)
        citizens.append((person, citizen))
    household.head = citizens[people.index(head)][1]
    known.by_code[code] = household.id
    known.code_of[household.id] = code
    known.hamlet_of[household.id] = hamlet_id
    known.head_of[household.id] = citizens[people.index(head)][1].id
    for person, citizen in citizens:
        _remember(known, outcome, rows, person, citizen, household.id, seen_before)
    outcome.households += 1
    return next_code, len(citizens)


def _citizen(household: Household, person: PersonRow, relation: str) -> Citizen:
    citizen = Citizen(id=new_id(), household=household)
    apply_clean(citizen, replace(person.clean, relation=relation))
    return citizen


def _pending_code(citizen: Citizen) -> str:
    return citizen.household.code if citizen.household is not None else ""


def _remember(known: _Known, outcome: Outcome, rows: HouseholdRows, person: PersonRow, citizen: Citizen,
              household_id: str, seen_before) -> None:
    outcome.citizens += 1
    name = " ".join(p for p in (person.clean.family_name, person.clean.middle_name, person.clean.given_name) if p)
    key = (_name_key(person), person.clean.birth_date.year)
    for cid, household, other_name, _birth in seen_before.get(key, ()):
        if household != household_id and not known.other_number(cid, person.clean.identity_number):
            outcome.duplicates.append(PossibleDuplicate(
                sheet=rows.sheet, row=person.row, name=name, birth_year=person.clean.birth_date.year,
                existing_citizen_id=cid, existing_name=other_name,
                existing_household_code=known.code_of.get(household or "", ""), citizen_id=citizen.id,
                household_code=known.code_of.get(household_id, "") or _pending_code(citizen)))
    if person.clean.identity_number:
        known.by_identity[person.clean.identity_number] = (citizen.id, household_id, name)
        known.number_of[citizen.id] = person.clean.identity_number
    known.by_name[key].append((citizen.id, household_id, name, person.clean.birth_date.iso()))
