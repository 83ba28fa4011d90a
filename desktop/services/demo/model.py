"""The demo commune as plain frozen dataclasses: what `generate_commune` returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.dates import PartialDate


@dataclass(frozen=True, slots=True)
class DemoPerson:
    family_name: str
    middle_name: str
    given_name: str
    sex: str  # "M" / "F" (vocab.SEX)
    birth: PartialDate
    identity_number: str | None
    ethnicity: str  # two-digit code of desktop.domain.ethnicities
    relation: str  # vocab.RELATIONS; members[0] of a household is "head"
    education: str | None  # vocab.EDUCATION; None under 6
    literacy: str | None  # vocab.LITERACY; None under 6
    occupation: str | None
    studying: bool
    status: str  # vocab.CITIZEN_STATUS

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.family_name, self.middle_name, self.given_name) if p)


@dataclass(frozen=True, slots=True)
class DemoHousehold:
    code: str
    hamlet: int  # index into DemoCommune.hamlets
    address: str
    phone: str | None
    poverty: str  # vocab.POVERTY
    members: tuple[DemoPerson, ...]  # members[0] is the head


@dataclass(frozen=True, slots=True)
class DemoHamlet:
    name: str
    kind: str  # vocab.HAMLET_KINDS


@dataclass(frozen=True, slots=True)
class DemoClan:
    name: str
    households: tuple[int, ...]  # indexes into DemoCommune.households, ascending
    head: tuple[int, int]  # (household index, member index) of the trưởng họ


@dataclass(frozen=True, slots=True)
class DemoUnit:
    name: str
    kind: str  # vocab.UNIT_KINDS
    staff_count: int


@dataclass(frozen=True, slots=True)
class DemoParticipation:
    household: int
    member: int
    hours: float
    completed: bool


@dataclass(frozen=True, slots=True)
class DemoActivity:
    title: str
    category: str  # vocab.ACTIVITY_CATEGORIES
    start_date: date
    end_date: date
    hours: float
    place: str
    instructor: str
    participants: tuple[DemoParticipation, ...]


@dataclass(frozen=True, slots=True)
class DemoCommune:
    hamlets: tuple[DemoHamlet, ...]
    households: tuple[DemoHousehold, ...]
    clans: tuple[DemoClan, ...]
    units: tuple[DemoUnit, ...]
    centre_name: str
    activities: tuple[DemoActivity, ...]
