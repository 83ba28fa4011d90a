"""Plain, frozen views of stored rows: what services hand to the CLI and the UI thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain import vocab
from desktop.domain.dates import PartialDate
from desktop.store.models import Activity, Citizen, Clan, Hamlet, Household, LearningUnit, Participation


@dataclass(frozen=True)
class CitizenRecord:
    id: str
    version: int
    household_id: str | None
    full_name: str
    family_name: str
    middle_name: str
    given_name: str
    sex: str
    birth_date: str | None  # ISO of a partial date: "1948" or "1990-02-28"
    identity_number: str | None
    ethnicity: str
    relation: str
    education: str | None
    literacy: str | None
    occupation: str
    studying: bool
    status: str
    status_since: date | None = None  # when the status took effect (None: "resident", or not known)
    status_note: str = ""

    @property
    def birth(self) -> PartialDate | None:
        return PartialDate.from_iso(self.birth_date) if self.birth_date else None

    @property
    def sex_label(self) -> str:
        return vocab.SEX[self.sex]

    def to_dict(self) -> dict:
        data = self.__dict__.copy()
        data["birth_date_vi"] = self.birth.format_vi() if self.birth else ""
        data["status_since"] = self.status_since.isoformat() if self.status_since else None
        return data


@dataclass(frozen=True)
class HouseholdRecord:
    id: str
    version: int
    code: str
    hamlet_id: str | None
    hamlet_name: str
    address: str
    phone: str
    poverty: str
    head_id: str | None
    head_name: str
    members: tuple[CitizenRecord, ...]

    def to_dict(self) -> dict:
        data = self.__dict__.copy()
        data["members"] = [m.to_dict() for m in self.members]
        return data


@dataclass(frozen=True)
class HouseholdSummary:
    """One line of a household list: no members, just who heads it and how many live there."""

    id: str
    code: str
    hamlet_name: str
    address: str
    phone: str
    poverty: str
    head_id: str | None
    head_name: str
    residents: int

    def to_dict(self) -> dict:
        return self.__dict__.copy()


@dataclass(frozen=True)
class HamletRecord:
    id: str
    name: str
    kind: str
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True)
class ClanRecord:
    id: str
    name: str
    hamlet_id: str | None
    head_id: str | None
    household_ids: tuple[str, ...]


@dataclass(frozen=True)
class UnitRecord:
    id: str
    name: str
    kind: str
    staff_count: int
    hamlet_id: str | None
    address: str
    head_name: str
    phone: str


@dataclass(frozen=True)
class ActivityRecord:
    id: str
    centre_id: str
    title: str
    category: str
    start_date: date
    end_date: date
    hours: float
    place: str
    instructor: str
    participant_count: int


@dataclass(frozen=True)
class ParticipationRecord:
    id: str
    activity_id: str
    citizen_id: str
    citizen_name: str
    hours: float
    completed: bool


def citizen_record(c: Citizen) -> CitizenRecord:
    return CitizenRecord(
        id=c.id, version=c.version, household_id=c.household_id, full_name=c.full_name,
        family_name=c.family_name, middle_name=c.middle_name, given_name=c.given_name, sex=c.sex,
        birth_date=c.birth_date, identity_number=c.identity_number, ethnicity=c.ethnicity,
        relation=c.relation, education=c.education, literacy=c.literacy, occupation=c.occupation,
        studying=c.studying, status=c.status, status_since=c.status_since, status_note=c.status_note or "",
    )


def household_record(h: Household, members: list[Citizen] | None = None) -> HouseholdRecord:
    live = [m for m in (members if members is not None else h.members) if not m.deleted]
    live.sort(key=lambda m: (m.relation != "head", m.birth_date or "9999"))
    head = next((m for m in live if m.id == h.head_id), None)
    return HouseholdRecord(
        id=h.id, version=h.version, code=h.code, hamlet_id=h.hamlet_id,
        hamlet_name=h.hamlet.name if h.hamlet else "", address=h.address, phone=h.phone,
        poverty=h.poverty, head_id=h.head_id, head_name=head.full_name if head else "",
        members=tuple(citizen_record(m) for m in live),
    )


def hamlet_record(h: Hamlet) -> HamletRecord:
    return HamletRecord(h.id, h.name, h.kind, h.valid_from, h.valid_to)


def clan_record(c: Clan) -> ClanRecord:
    households = tuple(m.household_id for m in c.memberships if not m.deleted)
    return ClanRecord(c.id, c.name, c.hamlet_id, c.head_id, households)


def unit_record(u: LearningUnit) -> UnitRecord:
    return UnitRecord(u.id, u.name, u.kind, u.staff_count, u.hamlet_id, u.address, u.head_name, u.phone)


def activity_record(a: Activity, participant_count: int) -> ActivityRecord:
    return ActivityRecord(a.id, a.centre_id, a.title, a.category, a.start_date, a.end_date, a.hours,
                          a.place, a.instructor, participant_count)


def participation_record(p: Participation, citizen_name: str) -> ParticipationRecord:
    return ParticipationRecord(p.id, p.activity_id, p.citizen_id, citizen_name, p.hours, p.completed)
